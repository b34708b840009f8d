// The install-target guard: the one place that decides whether a directory may become GOROOT — be moved aside,
// replaced, and later (by `prune`) deleted. Plan, engine, wizard and the exported script all ask it.
//
// The rule, applied to the target after resolving symlinks (realpath of its nearest existing ancestor, then the
// rest of the path; HOME normalised the same way):
//  1. never `/`, never HOME or an ancestor of it, never the tool's own state/config/cache dirs (nor anything that
//     contains them, nor anything inside them), never a system directory (nor anything that contains one), and
//     never a place inside the kernel's virtual filesystems;
//  2. only a directory that is absent, empty, or a Go tree (Go's `VERSION` + `bin/go` + `src/`); a file (or
//     anything else that is not a directory) is never a target.
// `targetRule()` gives the same rule as data, for the shell export to apply when its script runs.
// Every read goes through a DiskView: the plan asks with its Host's (`host.disk`), the engine with this machine's.
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from './errors.js';
import type { DiskView } from './host/disk.js';
import type { AppPaths, Translate } from './types.js';

/** The paths the rule depends on. */
export type GuardPaths = Pick<AppPaths, 'home' | 'stateDir' | 'configDir' | 'cacheDir'>;

/**
 * Directories of the operating system (FHS and Ubuntu's own): a target may be none of these nor contain one.
 * Several are usually empty (/srv, /mnt, /usr/local/bin …), so the Go-tree test alone would let them through.
 */
export const SYSTEM_DIRECTORIES: readonly string[] = [
  '/bin', '/boot', '/cdrom', '/dev', '/etc', '/home', '/lib', '/lib32', '/lib64', '/libx32', '/lost+found', '/media',
  '/mnt', '/opt', '/proc', '/root', '/run', '/sbin', '/snap', '/srv', '/sys', '/tmp', '/usr', '/var',
  '/usr/bin', '/usr/games', '/usr/include', '/usr/lib', '/usr/lib32', '/usr/lib64', '/usr/libexec', '/usr/libx32',
  '/usr/local', '/usr/sbin', '/usr/share', '/usr/src',
  '/usr/local/bin', '/usr/local/etc', '/usr/local/games', '/usr/local/include', '/usr/local/lib', '/usr/local/libexec',
  '/usr/local/man', '/usr/local/sbin', '/usr/local/share', '/usr/local/src',
  '/var/backups', '/var/cache', '/var/crash', '/var/lib', '/var/local', '/var/lock', '/var/log', '/var/mail', '/var/opt',
  '/var/run', '/var/snap', '/var/spool', '/var/tmp', '/var/www',
];

/** Kernel and runtime filesystems: nothing inside them is ever a target. */
export const VIRTUAL_ROOTS: readonly string[] = ['/proc', '/sys', '/dev', '/run'];

/** What makes a directory a Go tree (as the official archive unpacks it). */
export const GO_TREE_MARKERS = { file: 'VERSION', executable: 'bin/go', dir: 'src' } as const;

export interface TargetRule {
  /** Refused when the target equals one of these or contains it (is an ancestor of it). Resolved paths. */
  protectedPaths: string[];
  /** Refused when the target lies inside one of these. Resolved paths. */
  insideRefused: string[];
  /** An existing directory must be empty or hold all of these. */
  goTree: typeof GO_TREE_MARKERS;
}

export type TargetProblem =
  /** `/`, HOME or an ancestor of HOME. */
  | 'home'
  /** The tool's own state, config or cache dir, something holding it, or something inside it. */
  | 'own-dir'
  | 'system'
  | 'not-directory'
  | 'not-go';

export type TargetState = 'absent' | 'empty' | 'go';

export type TargetVerdict =
  | { ok: true; resolved: string; state: TargetState }
  | { ok: false; resolved: string; problem: TargetProblem; /** The protected path involved, when there is one. */ conflict?: string };

/**
 * The physical path `path` names: `..` and trailing slashes removed, and every symlink on the way resolved — the
 * realpath of the nearest existing ancestor, with the components that do not exist yet appended.
 */
export function resolvePhysical(path: string, disk: DiskView): string {
  const absolute = resolve(path);
  const missing: string[] = [];
  for (let dir = absolute; ; dir = dirname(dir)) {
    const real = disk.realpath(dir);
    if (real !== null) return join(real, ...missing);
    if (dir === '/') return absolute;
    missing.unshift(basename(dir));
  }
}

/** True when `dir` is `path` or one of its ancestors. Both resolved. */
export function containsPath(dir: string, path: string): boolean {
  return dir === '/' || path === dir || path.startsWith(`${dir}/`);
}

/** The rule for one user's paths, as data (resolved paths). */
export function targetRule(paths: GuardPaths, disk: DiskView): TargetRule {
  const own = ownDirs(paths, disk);
  const protectedPaths = [...new Set(['/', resolvePhysical(paths.home, disk), ...own, ...systemDirs(disk)])];
  return { protectedPaths, insideRefused: [...new Set([...own, ...VIRTUAL_ROOTS])], goTree: GO_TREE_MARKERS };
}

function ownDirs(paths: Pick<AppPaths, 'stateDir' | 'configDir' | 'cacheDir'>, disk: DiskView): string[] {
  return [paths.stateDir, paths.configDir, paths.cacheDir].map((dir) => resolvePhysical(dir, disk));
}

/** The system directories as this machine resolves them (merged /usr: /lib is /usr/lib). */
function systemDirs(disk: DiskView): string[] {
  return [...new Set(SYSTEM_DIRECTORIES.flatMap((dir) => [dir, resolvePhysical(dir, disk)]))];
}

/** A directory holding Go's `VERSION` file, `bin/go` and `src/` (links followed inside, as apt's trees use them). */
export function isGoTree(dir: string, disk: DiskView): boolean {
  if (disk.state(dir) !== 'dir') return false;
  return (
    disk.stat(join(dir, GO_TREE_MARKERS.file))?.kind === 'file' &&
    disk.stat(join(dir, GO_TREE_MARKERS.executable))?.kind === 'file' &&
    disk.stat(join(dir, GO_TREE_MARKERS.dir))?.kind === 'dir'
  );
}

function problemOf(resolved: string, paths: GuardPaths, disk: DiskView): { problem: TargetProblem; conflict: string } | null {
  const home = resolvePhysical(paths.home, disk);
  if (resolved === '/' || containsPath(resolved, home)) return { problem: 'home', conflict: home };
  for (const own of ownDirs(paths, disk)) {
    if (containsPath(resolved, own) || containsPath(own, resolved)) return { problem: 'own-dir', conflict: own };
  }
  const system = systemDirs(disk).find((dir) => containsPath(resolved, dir)) ?? VIRTUAL_ROOTS.find((dir) => containsPath(dir, resolved));
  return system ? { problem: 'system', conflict: system } : null;
}

/** Whether `target` may be made GOROOT (moved aside if it holds a Go, replaced by the new tree). Reads only. */
export function checkInstallTarget(target: string, paths: GuardPaths, disk: DiskView): TargetVerdict {
  const resolved = resolvePhysical(target, disk);
  const refused = problemOf(resolved, paths, disk);
  if (refused) return { ok: false, resolved, ...refused };
  // The nearest existing ancestor must be a directory (a file on the way means the target can never be made).
  let ancestor = resolved;
  while (disk.state(ancestor) === 'absent') ancestor = dirname(ancestor);
  if (disk.state(ancestor) !== 'dir') return { ok: false, resolved, problem: 'not-directory', conflict: ancestor };
  if (ancestor !== resolved) return { ok: true, resolved, state: 'absent' };
  const entries = disk.list(resolved);
  if (entries === null) throw new Error(`cannot read the directory ${resolved}`);
  if (entries.length === 0) return { ok: true, resolved, state: 'empty' };
  return isGoTree(resolved, disk) ? { ok: true, resolved, state: 'go' } : { ok: false, resolved, problem: 'not-go' };
}

/** Whether an undo may remove `path` (it recorded it as absent before the run): never a protected path. */
export function mayRemove(path: string, paths: GuardPaths, disk: DiskView): boolean {
  const candidates = [resolve(path), resolvePhysical(path, disk)];
  return !targetRule(paths, disk).protectedPaths.some((p) => candidates.some((c) => containsPath(c, p)));
}

/** The one-line refusal for a verdict, naming what was typed and, when symlinks or `..` changed it, where it leads. */
export function refusalMessage(target: string, verdict: Extract<TargetVerdict, { ok: false }>, t: Translate): string {
  const message = t(`safety.target.${verdict.problem}`, { path: target, conflict: verdict.conflict ?? verdict.resolved });
  return verdict.resolved === target ? message : t('safety.target.resolved', { message, path: target, resolved: verdict.resolved });
}

/** The resolved target when it may be used; a UserError (exit 2, one line) when not. */
export function assertInstallTarget(target: string, paths: GuardPaths, disk: DiskView, t: Translate): string {
  const verdict = checkInstallTarget(target, paths, disk);
  if (!verdict.ok) throw new UserError(refusalMessage(target, verdict, t));
  return verdict.resolved;
}
