// Where things live: the XDG base directories (one rule for every user of them) and the wizard's own files.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { AppPaths } from './types.js';

const APP = 'go-setup-wizard';

/** The XDG base-directory variables and their defaults under HOME. */
const XDG_DEFAULTS = {
  XDG_CONFIG_HOME: '.config',
  XDG_STATE_HOME: '.local/state',
  XDG_CACHE_HOME: '.cache',
  XDG_DATA_HOME: '.local/share',
} as const;

export type XdgVariable = keyof typeof XDG_DEFAULTS;
export const XDG_VARIABLES = Object.keys(XDG_DEFAULTS) as XdgVariable[];

/** `${NAME:-HOME/default}`: only an absolute value counts (the XDG spec says to ignore relative ones). */
export function xdgDir(env: NodeJS.ProcessEnv, name: XdgVariable, home: string): string {
  const value = env[name];
  return value && value.startsWith('/') ? value : join(home, XDG_DEFAULTS[name]);
}

/** The wizard's own locations, from HOME and the XDG base-directory variables. */
export function appPaths(env: NodeJS.ProcessEnv): AppPaths {
  const home = env.HOME && env.HOME.startsWith('/') ? env.HOME : homedir();
  const configDir = join(xdgDir(env, 'XDG_CONFIG_HOME', home), APP);
  return {
    home,
    stateDir: join(xdgDir(env, 'XDG_STATE_HOME', home), APP),
    configDir,
    cacheDir: join(xdgDir(env, 'XDG_CACHE_HOME', home), APP),
    envSh: join(configDir, 'env.sh'),
    envFish: join(configDir, 'env.fish'),
    preferences: join(configDir, 'config.json'),
  };
}

// The state and cache layout: one folder per run with its journal and backups; verified archives by digest.

export function runsDir(paths: Pick<AppPaths, 'stateDir'>): string {
  return join(paths.stateDir, 'runs');
}

export function runDir(paths: Pick<AppPaths, 'stateDir'>, runId: string): string {
  return join(runsDir(paths), runId);
}

/** `<stateDir>/runs/<runId>/journal.ndjson` */
export function journalFile(paths: Pick<AppPaths, 'stateDir'>, runId: string): string {
  return join(runDir(paths, runId), JOURNAL_FILE);
}

/** `<stateDir>/runs/<runId>/backups` */
export function backupsDir(paths: Pick<AppPaths, 'stateDir'>, runId: string): string {
  return join(runDir(paths, runId), 'backups');
}

export const JOURNAL_FILE = 'journal.ndjson';

/** Where a verified archive is cached, by its sha256; a download in progress sits beside it with `.partial` added. */
export function cachedArchivePath(paths: Pick<AppPaths, 'cacheDir'>, sha256: string): string {
  return join(paths.cacheDir, `${sha256}.tar.gz`);
}

/**
 * A cache entry `cachedArchivePath` names: a verified archive, its download in progress (`.partial`) or the segments
 * fetched ahead of it (`.partial.ahead`, left only by a crash).
 */
export function isCachedArchiveName(name: string): boolean {
  return /^[0-9a-f]{64}\.tar\.gz(\.partial(\.ahead)?)?$/.test(name);
}
