// A throw-away user environment for tests: a temp HOME plus XDG dirs, so no test ever touches the real HOME.
// The XDG dirs sit beside HOME (not inside it) so a test can hash HOME alone, without the wizard's journal or cache.
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';

export interface TempHome {
  /** The temp dir holding everything below; removed by cleanup(). */
  root: string;
  home: string;
  configHome: string;
  stateHome: string;
  cacheHome: string;
  dataHome: string;
  /** A complete, minimal environment for child processes (nothing inherited from the test runner). */
  env: NodeJS.ProcessEnv;
  cleanup(): void;
}

export interface TempHomeOptions {
  /** Copy /etc/skel (Ubuntu's default .profile, .bashrc, .bash_logout) into HOME. Default false. */
  skel?: boolean;
  /** Login shell recorded in SHELL. Default /bin/bash. */
  shell?: string;
  /** Extra variables merged over the defaults. */
  env?: NodeJS.ProcessEnv;
}

/** PATH with node, bash, zsh, fish, tar, curl and the coreutils, and nothing from the caller's PATH. */
export function minimalPath(): string {
  const dirs = [dirname(process.execPath), '/usr/bin', '/bin', '/usr/sbin', '/sbin'];
  return [...new Set(dirs)].join(':');
}

export function createTempHome(options: TempHomeOptions = {}): TempHome {
  const root = mkdtempSync(join(tmpdir(), 'gsw-home-'));
  const home = join(root, 'home');
  const configHome = join(root, 'xdg-config');
  const stateHome = join(root, 'xdg-state');
  const cacheHome = join(root, 'xdg-cache');
  const dataHome = join(root, 'xdg-data');
  for (const dir of [home, configHome, stateHome, cacheHome, dataHome]) mkdirSync(dir, { recursive: true, mode: 0o755 });
  if (options.skel) cpSync('/etc/skel', home, { recursive: true });

  const env: NodeJS.ProcessEnv = {
    HOME: home,
    USER: userInfo().username,
    LOGNAME: userInfo().username,
    SHELL: options.shell ?? '/bin/bash',
    PATH: minimalPath(),
    LANG: 'C.UTF-8',
    TERM: 'dumb',
    TMPDIR: tmpdir(),
    XDG_CONFIG_HOME: configHome,
    XDG_STATE_HOME: stateHome,
    XDG_CACHE_HOME: cacheHome,
    XDG_DATA_HOME: dataHome,
    // The proof's online module check goes through GOPROXY: tests never reach a public proxy (a test that checks
    // modules serves them on loopback and sets GOPROXY itself).
    GOPROXY: 'off',
    ...options.env,
  };
  return {
    root,
    home,
    configHome,
    stateHome,
    cacheHome,
    dataHome,
    env,
    cleanup: () => rmSync(root, { recursive: true, force: true, maxRetries: 3 }),
  };
}
