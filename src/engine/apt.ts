// Undoing an apt step exactly (see apt/install.ts for the files its bash keeps): remove the set apt added and
// nothing else. Packages something installed since depends on are kept, and rollback says so.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DPKG_FORMAT, isInstalled, parseDpkgList, type DpkgPackage } from '../apt/dpkg.js';
import { parseAptSimulation } from '../apt/install.js';
import { isRoot } from '../privilege.js';
import type { RemovedPackage } from './journal.js';

/** One package an apt step added, with its dpkg state before ('' = unknown to dpkg, 'rc' = config files left, 'un' …). */
export interface AddedPackage {
  name: string;
  before: string;
}

function readIfExists(path: string): string | null {
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}

/** Every package dpkg knows here, its version and state (no root needed). */
function dpkgPackages(): Map<string, DpkgPackage> {
  const result = spawnSync('dpkg-query', ['-W', '-f', DPKG_FORMAT], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  return parseDpkgList(result.status === 0 ? result.stdout : '');
}

/** The `-added` file the step wrote after apt finished, or null when it never got there. */
export function readAptAdded(backupsDir: string, record: string): AddedPackage[] | null {
  const text = readIfExists(join(backupsDir, `${record}-added`));
  if (text === null) return null;
  return [...parseDpkgList(text)].map(([name, { state }]) => ({ name, before: state }));
}

/**
 * What a step cut short (crash, kill -9, Ctrl-C during apt) added: installed now, not installed before, and
 * announced by apt just before it ran. Empty when apt never started (no `-before` file).
 */
export function interruptedAptAdded(backupsDir: string, record: string, now = dpkgPackages()): AddedPackage[] {
  const before = readIfExists(join(backupsDir, `${record}-before`));
  const willAdd = readIfExists(join(backupsDir, `${record}-will-add`));
  if (before === null || willAdd === null) return [];
  const was = parseDpkgList(before);
  return willAdd
    .split('\n')
    .filter((name) => name && isInstalled(now.get(name)?.state) && !isInstalled(was.get(name)?.state))
    .map((name) => ({ name, before: was.get(name)?.state ?? '' }));
}

function asRoot(argv: string[]): string[] {
  return isRoot() ? argv : ['sudo', '-n', '--', ...argv];
}

function run(argv: string[], simulate = false): { ok: boolean; stdout: string; detail: string } {
  const full = simulate ? argv : asRoot(argv);
  const result = spawnSync(full[0]!, full.slice(1), {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_ALL: 'C', DEBIAN_FRONTEND: 'noninteractive' },
  });
  const detail = String(result.stderr ?? '').trim().split('\n').at(-1) || `exit status ${result.status}`;
  return { ok: result.status === 0, stdout: String(result.stdout ?? ''), detail: `${full.join(' ')}: ${detail}` };
}

/** Packages `apt-get remove names` would take along that are not in `names`; null when apt cannot say. */
function othersRemoved(names: string[]): string[] | null {
  const sim = run(['apt-get', '-s', 'remove', '--', ...names], true);
  if (!sim.ok) return null;
  return parseAptSimulation(sim.stdout).removes.filter((name) => !names.includes(name));
}

export interface AptRemoval {
  /** What went wrong (the rollback is incomplete; a later `rollback` retries). */
  problems: string[];
  /** Packages kept because a package installed since depends on them: `name (needed by …)`. */
  kept: string[];
}

/**
 * Removes exactly `added`: `apt-get remove` of those still installed (apt orders them), then `dpkg --purge`
 * of those dpkg did not know before. A package whose removal would take any other package along is kept.
 * Idempotent: what is gone already is skipped.
 */
export function removeAptAdded(added: AddedPackage[], now = dpkgPackages()): AptRemoval {
  const out: AptRemoval = { problems: [], kept: [] };
  let names = added.map((p) => p.name).filter((name) => isInstalled(now.get(name)?.state));
  // Bounded: each round keeps at least one package or stops.
  for (let round = 0; names.length && round <= added.length; round++) {
    const others = othersRemoved(names);
    if (others === null) {
      out.problems.push(`apt-get -s remove ${names.join(' ')}: apt could not plan the removal`);
      return out;
    }
    if (others.length === 0) break;
    const keep = names.filter((name) => (othersRemoved([name]) ?? others).some((o) => !names.includes(o)));
    if (keep.length === 0) {
      out.problems.push(`apt would also remove ${others.join(' ')}`);
      return out;
    }
    for (const name of keep) out.kept.push(`${name} (${others.join(', ')})`);
    names = names.filter((name) => !keep.includes(name));
  }
  if (names.length) {
    const removed = run(['apt-get', 'remove', '-y', '--', ...names]);
    if (!removed.ok) {
      out.problems.push(removed.detail);
      return out;
    }
  }
  // Packages unknown to dpkg before leave no trace: purge their config files too ('rc' ones stay 'rc').
  const after = dpkgPackages();
  const purge = added.filter((p) => p.before !== 'rc' && after.get(p.name)?.state === 'rc').map((p) => p.name);
  if (purge.length) {
    const purged = run(['dpkg', '--purge', '--', ...purge]);
    if (!purged.ok) out.problems.push(purged.detail);
  }
  return out;
}

/** The `-removed` file an apt removal step wrote after apt finished (apt/remove.ts), or null when it never got there. */
export function readAptRemoved(backupsDir: string, record: string): RemovedPackage[] | null {
  const text = readIfExists(join(backupsDir, `${record}-removed`));
  if (text === null) return null;
  return text
    .split('\n')
    .map((line) => line.split('\t'))
    .filter(([name, version]) => name && version)
    .map(([name, version, mark]) => ({ name: name!, version: version!, auto: mark === 'auto' }));
}

/**
 * What a removal cut short (crash, kill -9) removed: among the packages the plan announced, those installed
 * before (`-before`, with their versions) and not now. Empty when apt never started.
 */
export function interruptedAptRemoved(backupsDir: string, record: string, announced: string[], now = dpkgPackages()): RemovedPackage[] {
  const before = readIfExists(join(backupsDir, `${record}-before`));
  if (before === null) return [];
  const auto = new Set((readIfExists(join(backupsDir, `${record}-auto`)) ?? '').split('\n').filter(Boolean));
  const was = parseDpkgList(before);
  return announced
    .filter((name) => isInstalled(was.get(name)?.state) && !isInstalled(now.get(name)?.state))
    .map((name) => ({ name, version: was.get(name)!.version, auto: auto.has(name) }));
}

/** The kept .deb of that version in the step's `-debs` folder, or null. */
function keptDeb(backupsDir: string, record: string, pkg: RemovedPackage): string | null {
  const dir = join(backupsDir, `${record}-debs`);
  const prefix = `${pkg.name}_${pkg.version.replace(':', '%3a')}_`;
  const found = existsSync(dir) ? readdirSync(dir).find((name) => name.startsWith(prefix) && name.endsWith('.deb')) : undefined;
  return found ? join(dir, found) : null;
}

/**
 * Reinstalls exactly what a removal step removed: the kept .deb of each version (else that version from the
 * archive), then marks again as automatic what apt had marked so. Idempotent: what is installed at that version
 * already is skipped.
 */
export function reinstallAptRemoved(removed: RemovedPackage[], backupsDir: string, record: string): string[] {
  const now = dpkgPackages();
  const missing = removed.filter((p) => !(isInstalled(now.get(p.name)?.state) && now.get(p.name)?.version === p.version));
  if (!missing.length) return [];
  const args = missing.map((p) => keptDeb(backupsDir, record, p) ?? `${p.name}=${p.version}`);
  const reinstalled = run(['apt-get', 'install', '-y', '--no-install-recommends', '--allow-downgrades', '--', ...args]);
  if (!reinstalled.ok) return [reinstalled.detail];
  const auto = missing.filter((p) => p.auto).map((p) => p.name);
  if (auto.length) {
    const marked = run(['apt-mark', 'auto', '--', ...auto]);
    if (!marked.ok) return [marked.detail];
  }
  return [];
}

/** Reinstalls the go snap a removal step removed, from the channel it tracked (nothing when it is back already). */
export function reinstallSnap(channel: string | undefined): string[] {
  const listed = spawnSync('snap', ['list', 'go'], { stdio: 'ignore' });
  if (listed.status === 0) return [];
  const result = run(['snap', 'install', 'go', '--classic', ...(channel ? [`--channel=${channel}`] : [])]);
  return result.ok ? [] : [result.detail];
}
