// One run at a time per state directory: install, rollback and prune hold <stateDir>/run.lock while they work.
// The lock names its holder by PID *and* process start time (/proc/<pid>/stat), so a lock left by a crashed run
// is recognised as stale even when its PID has been given to another process since.
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UserError } from '../errors.js';
import type { AppPaths, Translate } from '../types.js';

/** A process as it can be told apart from a later one with the same PID. */
export interface ProcessIdentity {
  pid: number;
  /** Field 22 of /proc/<pid>/stat (clock ticks after boot); null where /proc cannot say. */
  start: number | null;
}

export interface LockHolder extends ProcessIdentity {
  /** What holds it: install, rollback, prune or the wizard. */
  command: string;
  /** ISO date it was taken. */
  since: string;
}

/** State letter and start time of a process from /proc/<pid>/stat, or null when it does not exist. */
function procStat(pid: number): { state: string; start: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const start = Number(fields[19]);
    return Number.isFinite(start) ? { state: fields[0]!, start } : null;
  } catch {
    return null;
  }
}

/** The start time of a process, or null when it does not exist (or /proc is not there). */
export function processStart(pid: number): number | null {
  return procStat(pid)?.start ?? null;
}

export function currentProcess(): ProcessIdentity {
  return { pid: process.pid, start: processStart(process.pid) };
}

/** True while that very process (same PID and the same start time) still runs; a zombie has ended. */
export function isAlive(identity: ProcessIdentity): boolean {
  try {
    process.kill(identity.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = procStat(identity.pid);
  // No /proc entry for a live PID (another PID namespace): trust the PID alone.
  if (!stat) return true;
  if (stat.state === 'Z' || stat.state === 'X') return false;
  return identity.start === null || stat.start === identity.start;
}

export function lockFile(paths: Pick<AppPaths, 'stateDir'>): string {
  return join(paths.stateDir, 'run.lock');
}

function readHolder(file: string): LockHolder | null {
  try {
    const holder = JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
    return typeof holder.pid === 'number' ? holder : null;
  } catch {
    return null;
  }
}

export interface RunLock {
  holder: LockHolder;
  release(): void;
}

/** Attempts before giving up when other processes keep taking and dropping the lock. */
const ATTEMPTS = 5;

/**
 * Takes the state directory's lock for `command`, or throws a UserError (exit 2) naming the run that holds it.
 * A stale lock (its process is gone, or its PID now belongs to another process) is taken over; `force` takes over
 * any lock (`--force-unlock`, for when the user knows better).
 */
export function acquireRunLock(paths: Pick<AppPaths, 'stateDir'>, command: string, t: Translate, opts: { force?: boolean } = {}): RunLock {
  const file = lockFile(paths);
  // Directories made only to hold the lock go with it: a run refused or declined leaves nothing behind.
  const created = missingDirs(paths.stateDir);
  mkdirSync(paths.stateDir, { recursive: true, mode: 0o700 });
  const holder: LockHolder = { ...currentProcess(), command, since: new Date().toISOString() };
  // Written in full under a private name, then linked into place: a reader never sees half a lock, and link()
  // fails when a lock exists, so exactly one process wins.
  const temp = `${file}.${process.pid}.tmp`;
  const release = () => {
    releaseIfOurs(file, holder);
    for (const dir of [...created].reverse()) removeDirIfEmpty(dir);
  };
  try {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      try {
        mkdirSync(paths.stateDir, { recursive: true, mode: 0o700 }); // another run may have just removed it
        writeFileSync(temp, `${JSON.stringify(holder)}\n`, { mode: 0o600 });
        linkSync(temp, file);
        return { holder, release };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      } finally {
        rmSync(temp, { force: true });
      }
      const other = readHolder(file);
      if (other && isAlive(other) && !opts.force) throw new UserError(heldMessage(other, t));
      breakLock(file, other);
    }
    throw new UserError(t('safety.lock.busy', { file }));
  } catch (error) {
    for (const dir of [...created].reverse()) removeDirIfEmpty(dir);
    throw error;
  }
}

function missingDirs(dir: string): string[] {
  const missing: string[] = [];
  for (let d = dir; d !== dirname(d) && !existsSync(d); d = dirname(d)) missing.unshift(d);
  return missing;
}

function removeDirIfEmpty(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // not empty (a run journaled there), or already gone
  }
}

/** Removes a lock seen as `seen`, unless another process replaced it meanwhile (then it is put back). */
function breakLock(file: string, seen: LockHolder | null): void {
  const aside = `${file}.${process.pid}.stale`;
  try {
    renameSync(file, aside);
  } catch {
    return; // someone else broke it first
  }
  const taken = readHolder(aside);
  if (seen && taken && (taken.pid !== seen.pid || taken.start !== seen.start || taken.since !== seen.since)) {
    try {
      linkSync(aside, file);
    } catch {
      // a third process holds it now; ours was the live lock it replaced, which that process will notice
    }
  }
  rmSync(aside, { force: true });
}

function releaseIfOurs(file: string, holder: LockHolder): void {
  const current = readHolder(file);
  if (current && current.pid === holder.pid && current.since === holder.since) {
    try {
      unlinkSync(file);
    } catch {
      // already gone
    }
  }
}

function heldMessage(other: LockHolder, t: Translate): string {
  return t('safety.lock.held', { command: other.command, pid: other.pid, since: other.since });
}

/** Runs `work` holding the lock; the lock goes when it ends, however it ends. */
export async function withRunLock<T>(
  paths: Pick<AppPaths, 'stateDir'>,
  command: string,
  t: Translate,
  opts: { force?: boolean },
  work: () => Promise<T>,
): Promise<T> {
  const lock = acquireRunLock(paths, command, t, opts);
  try {
    return await work();
  } finally {
    lock.release();
  }
}
