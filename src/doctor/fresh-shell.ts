// Fresh shells of this user, started the way a new terminal or a new login starts them, for doctor to ask.
import type { Host } from '../host/host.js';
import type { Detection } from '../types.js';

/** The PATH a fresh login gets before any profile runs (Ubuntu's /etc/environment). */
const FRESH_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Runs `script` in `shell` as a fresh login or interactive shell of this user (a new session's environment). */
export async function runInFreshShell(ctx: { host: Host; detection: Detection; timeoutMs: number }, shell: string, mode: 'login' | 'interactive', script: string) {
  const { host, detection } = ctx;
  const env: NodeJS.ProcessEnv = { HOME: detection.user.home, USER: detection.user.name, LOGNAME: detection.user.name, PATH: FRESH_PATH, TERM: 'dumb' };
  for (const key of ['LANG', 'ZDOTDIR', 'XDG_CONFIG_HOME', 'XDG_STATE_HOME', 'XDG_CACHE_HOME', 'XDG_DATA_HOME']) {
    if (host.env[key]) env[key] = host.env[key];
  }
  const flag = mode === 'login' ? '-l' : '-i';
  return host.run(shell, [flag, '-c', script], { env, cwd: detection.user.home, timeoutMs: ctx.timeoutMs });
}

/** The fresh shells doctor asks: bash, and the login shell when it is zsh or fish; each as login and interactive. */
export function freshShellAttempts(detection: Detection): { shell: string; mode: 'login' | 'interactive' }[] {
  const shells = ['bash', ...(['zsh', 'fish'].includes(detection.shell.login) ? [detection.shell.login] : [])].filter((shell) =>
    detection.shell.available.includes(shell as 'bash'),
  );
  return shells.flatMap((shell) => (['login', 'interactive'] as const).map((mode) => ({ shell, mode })));
}
