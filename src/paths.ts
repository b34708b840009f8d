import { homedir } from 'node:os';
import { join } from 'node:path';
import type { AppPaths } from './types.js';

const APP = 'go-setup-wizard';

/** The wizard's own locations, from HOME and the XDG base-directory variables (absolute values only, per the XDG spec). */
export function appPaths(env: NodeJS.ProcessEnv): AppPaths {
  const home = env.HOME && env.HOME.startsWith('/') ? env.HOME : homedir();
  const xdg = (name: string, fallback: string) => {
    const value = env[name];
    return value && value.startsWith('/') ? value : join(home, fallback);
  };
  const configDir = join(xdg('XDG_CONFIG_HOME', '.config'), APP);
  return {
    home,
    stateDir: join(xdg('XDG_STATE_HOME', '.local/state'), APP),
    configDir,
    cacheDir: join(xdg('XDG_CACHE_HOME', '.cache'), APP),
    envSh: join(configDir, 'env.sh'),
    envFish: join(configDir, 'env.fish'),
    preferences: join(configDir, 'config.json'),
  };
}

/** Where a verified archive is cached, by its sha256; a download in progress sits beside it with `.partial` added. */
export function cachedArchivePath(paths: Pick<AppPaths, 'cacheDir'>, sha256: string): string {
  return join(paths.cacheDir, `${sha256}.tar.gz`);
}
