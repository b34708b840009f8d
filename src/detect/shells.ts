// Login shell, installed shells and the startup files that already exist (the ones a plan may edit).
import { xdgDir } from '../paths.js';
import { basename, posix } from 'node:path';
import type { Host } from '../host/host.js';
import type { Detection, ShellName } from '../types.js';
import { SHELL_NAMES } from '../types.js';


/** The per-user startup files of bash, zsh and fish (each shell's in the order it reads them). */
export function startupCandidates(home: string, zdotdir: string, fishConfDir: string): string[] {
  return [
    posix.join(home, '.profile'),
    posix.join(home, '.bash_profile'),
    posix.join(home, '.bash_login'),
    posix.join(home, '.bashrc'),
    posix.join(zdotdir, '.zshenv'),
    posix.join(zdotdir, '.zprofile'),
    posix.join(zdotdir, '.zshrc'),
    posix.join(fishConfDir, 'config.fish'),
  ];
}

async function loginShell(host: Host): Promise<string> {
  if (host.env.SHELL) return basename(host.env.SHELL);
  if (host.user.shell) return basename(host.user.shell);
  const passwd = await host.run('getent', ['passwd', host.user.name], { timeoutMs: 2000 });
  const shell = passwd.code === 0 ? passwd.stdout.trim().split(':')[6] : undefined;
  return shell ? basename(shell) : '';
}

async function installedShells(host: Host): Promise<ShellName[]> {
  const listed = ((await host.readFile('/etc/shells')) ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('/'));
  const present = await Promise.all(
    SHELL_NAMES.map(async (name) => {
      if ((await host.which(name)).length > 0) return true;
      const fromEtcShells = listed.filter((path) => basename(path) === name);
      const executable = await Promise.all(fromEtcShells.map(async (path) => (await host.stat(path))?.executable === true));
      return executable.some(Boolean);
    }),
  );
  return SHELL_NAMES.filter((_, index) => present[index]);
}

export async function detectShells(host: Host, home: string): Promise<Detection['shell']> {
  const zdotdir = host.env.ZDOTDIR || home;
  const configHome = xdgDir(host.env, 'XDG_CONFIG_HOME', home);
  const fishConfDir = posix.join(configHome, 'fish');
  const confD = posix.join(fishConfDir, 'conf.d');
  const candidates = [
    ...startupCandidates(home, zdotdir, fishConfDir),
    ...(await host.listDir(confD)).filter((name) => name.endsWith('.fish')).map((name) => posix.join(confD, name)),
  ];
  const [login, available, exists] = await Promise.all([
    loginShell(host),
    installedShells(host),
    Promise.all(candidates.map(async (path) => (await host.stat(path))?.kind === 'file')),
  ]);
  return { login, available, startupFiles: candidates.filter((_, index) => exists[index]), zdotdir };
}
