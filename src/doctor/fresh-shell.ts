// Fresh shells of this user, started the way a new terminal or a new login starts them, for doctor to ask.
import type { Host } from '../host/host.js';
import { freshSessionEnv } from '../shell/fresh-session.js';
import type { Detection } from '../types.js';

/** Runs `script` in `shell` as a fresh login or interactive shell of this user (a new session's environment). */
export async function runInFreshShell(ctx: { host: Host; detection: Detection; timeoutMs: number }, shell: string, mode: 'login' | 'interactive', script: string) {
  const { host, detection } = ctx;
  const env = freshSessionEnv({ ...host.env, HOME: detection.user.home, USER: detection.user.name, LOGNAME: detection.user.name });
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
