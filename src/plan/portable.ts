// What the exports need beyond the plan shown to the user:
//  - the options with their real values (Plan.options is redacted for display; an export must run with the real
//    proxy, so it must never be rebuilt from the masked copy);
//  - a "portable" plan: the same plan made for a blank machine whose HOME, XDG dirs, user, run id, install
//    directory and archive are placeholders. The exports replace each placeholder by a variable their host fills
//    in at run time (render-sh.ts), so one script serves every user and architecture.
// Both ride on the plan under symbols: never serialised (JSON output, journal), never shown.
import type { Plan, ResolvedRelease, RunOptions } from '../types.js';

const REAL_OPTIONS = Symbol('go-setup-wizard.realOptions');
const PORTABLE = Symbol('go-setup-wizard.portablePlan');

type Carrier = Plan & { [REAL_OPTIONS]?: RunOptions; [PORTABLE]?: Plan };

export function attachRunValues(plan: Plan, realOptions: RunOptions, portable: Plan | null): void {
  Object.defineProperty(plan, REAL_OPTIONS, { value: realOptions, enumerable: false });
  if (portable) Object.defineProperty(plan, PORTABLE, { value: portable, enumerable: false });
}

/** The run options (credentials included, proxies.ts: runOptions): for exports that run, never for display. */
export function realOptions(plan: Plan): RunOptions {
  const options = (plan as Carrier)[REAL_OPTIONS];
  if (!options) throw new Error('this plan carries no run values (was it copied?): make it again with buildPlan');
  return options;
}

/** False for plans that only make sense on this machine (side by side, `use`): they have no blank-machine export. */
export function hasPortablePlan(plan: Plan): boolean {
  return (plan as Carrier)[PORTABLE] !== undefined;
}

export function portablePlan(plan: Plan): Plan {
  const portable = (plan as Carrier)[PORTABLE];
  if (!portable) throw new Error('this plan carries no portable plan (was it copied?): make it again with buildPlan');
  return portable;
}

/**
 * Placeholders of the portable plan and the shell variable each becomes. The paths are absolute and exist
 * nowhere, so the portable plan sees a machine with nothing installed and plans every step. The '~' makes every
 * quoting function quote them, so the value filled in at run time (a HOME with spaces) stays one word.
 */
export const PLACEHOLDERS = {
  home: '/~gsw-home~',
  configHome: '/~gsw-config-home~',
  stateHome: '/~gsw-state-home~',
  cacheHome: '/~gsw-cache-home~',
  dataHome: '/~gsw-data-home~',
  zdotdir: '/~gsw-zdotdir~',
  installParent: '/~gsw-install-parent~',
  installBase: '~gsw-install-base~',
  user: '~gsw-user~',
  runId: '~gsw-run-id~',
  filename: '~gsw-filename~',
  sha256: '~gsw-sha256~',
  url: '~gsw-url~',
  archiveDir: '/~gsw-archive-dir~',
} as const;

export const RUNTIME_VARIABLES: Record<keyof typeof PLACEHOLDERS, string> = {
  home: 'GSW_HOME',
  configHome: 'GSW_CONFIG_HOME',
  stateHome: 'GSW_STATE_HOME',
  cacheHome: 'GSW_CACHE_HOME',
  dataHome: 'GSW_DATA_HOME',
  zdotdir: 'GSW_ZDOTDIR',
  installParent: 'GSW_INSTALL_PARENT',
  installBase: 'GSW_INSTALL_BASE',
  user: 'GSW_USER',
  runId: 'GSW_RUN_ID',
  archiveDir: 'GSW_ARCHIVE_DIR',
  filename: 'GSW_FILENAME',
  sha256: 'GSW_SHA256',
  url: 'GSW_URL',
};

/** The environment of the blank machine. */
export function portableEnv(): NodeJS.ProcessEnv {
  return {
    HOME: PLACEHOLDERS.home,
    USER: PLACEHOLDERS.user,
    LOGNAME: PLACEHOLDERS.user,
    XDG_CONFIG_HOME: PLACEHOLDERS.configHome,
    XDG_STATE_HOME: PLACEHOLDERS.stateHome,
    XDG_CACHE_HOME: PLACEHOLDERS.cacheHome,
    XDG_DATA_HOME: PLACEHOLDERS.dataHome,
    ZDOTDIR: PLACEHOLDERS.zdotdir,
  };
}

/** The install directory of the portable plan (tarball): its parent and name are filled in at run time. */
export const PORTABLE_INSTALL_DIR = `${PLACEHOLDERS.installParent}/${PLACEHOLDERS.installBase}`;

/** The release of the portable plan: the archive (per arch) is chosen at run time; a local --archive stays as it is. */
export function portableRelease(release: ResolvedRelease | null): ResolvedRelease | null {
  if (release?.archivePath && release.archiveBesideScript) {
    const beside = `${PLACEHOLDERS.archiveDir}/${release.filename}`;
    return { ...release, archivePath: beside, url: beside };
  }
  if (!release || release.archivePath) return release;
  return { ...release, filename: PLACEHOLDERS.filename, sha256: PLACEHOLDERS.sha256, url: PLACEHOLDERS.url };
}
