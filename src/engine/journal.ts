// The run journal: <stateDir>/runs/<runId>/journal.ndjson (append-only) plus backups/.
// Every record reaches the disk (file and directory fsync) before the change it announces is made,
// so `rollback` can finish the job after a crash or `kill -9` at any instant.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, readdirSync, writeSync, existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { redact } from '../redact.js';
import type { AppPaths, Plan, Touch } from '../types.js';
import { type Mask, maskDeep } from '../secrets.js';
import { JOURNAL_FILE, runDir, runsDir } from '../paths.js';
import { fsyncPath } from './file-ops.js';

/** The state of one path before a step changed it. */
export type PreState =
  | { kind: 'absent' }
  | { kind: 'file'; mode: number; uid: number; gid: number; backup: string }
  | { kind: 'symlink'; target: string; uid: number; gid: number; resolved?: { path: string; state: PreState } }
  | { kind: 'dir'; mode: number; uid: number; gid: number }
  | { kind: 'other' };

/** What a finished step left at a touched path (three-way.ts). */
export type AfterState =
  /** A regular file: its digest and size, and the name in backups/ of a copy of its bytes. */
  | { kind: 'file'; sha256: string; size: number; copy: string }
  /** The Go tree placed as GOROOT: the name in backups/ of its manifest (gzip) and the manifest's digest. */
  | { kind: 'tree'; manifest: string; sha256: string };

export interface TouchRecord {
  touch: Touch;
  /** For 'path': the path itself; for 'move': the source (`to` must have been absent). */
  pre: PreState;
  /** Missing parent directories the step may create, outermost first; removed on undo when empty. */
  createdDirs: string[];
}

export interface PackageRecord {
  manager: 'apt' | 'snap';
  /** What the plan expected the step to add (apt steps with `aptRecord`: removed only as recorded below). */
  names: string[];
  /** apt steps that record what apt added: the prefix of their files in backups/ (apt/install.ts). */
  aptRecord?: string;
}

/** A step that removes another Go's packages (Step.removes): rollback puts them back. */
export interface RemovalRecord {
  manager: 'apt' | 'snap';
  /** What the plan expected to remove (apt: reinstalled only as recorded in `packages-removed`). */
  packages: string[];
  /** apt: the prefix of the step's record files in backups/ (apt/remove.ts). */
  record?: string;
  /** snap: the channel the removed snap tracked. */
  channel?: string;
}

/** One package an apt step removed: the version it had and whether apt had marked it automatically installed. */
export interface RemovedPackage {
  name: string;
  version: string;
  auto: boolean;
}

export type FinalStatus = 'installed' | 'rolled-back' | 'incomplete';
export type RollbackReason = 'failure' | 'interrupt' | 'request';

export type JournalRecord =
  | {
      type: 'run';
      runId: string;
      createdAt: string;
      pid: number;
      /** Start time of that process (/proc/<pid>/stat), so a reused PID is not taken for this run. */
      pidStart?: number | null;
      method: Plan['method'];
      scope: Plan['scope'];
      goroot: string;
      version: string | null;
      steps: { id: string; title: string; root: boolean }[];
    }
  | {
      type: 'begin';
      step: string;
      index: number;
      root: boolean;
      touches: TouchRecord[];
      /** Packages the step installs that were not installed before (apt/snap plans): undo removes them. */
      packages?: PackageRecord;
      /** Another Go's packages the step removes: undo reinstalls them. */
      removes?: RemovalRecord;
      at: string;
    }
  /**
   * The step finished. `after`, aligned with its begin record's touches: what it left at each path (a file's digest
   * and a copy, the manifest of the Go tree it placed), so a rollback long after can tell the user's later changes
   * from its own (three-way.ts).
   */
  | { type: 'done'; step: string; at: string; after?: (AfterState | null)[] }
  /** What a finished step left at one touch, recorded after its done record: the Go tree it placed (read while later steps ran). */
  | { type: 'after'; step: string; touch: number; after: AfterState; at: string }
  /** A rollback is about to write this merge (the user's edits, the run's own change reverted) at `path`. */
  | { type: 'merged'; step: string; path: string; sha256: string; at: string }
  /** What an apt step actually added (with each package's dpkg state before): rollback removes exactly this. */
  | { type: 'packages-added'; step: string; manager: 'apt'; added: { name: string; before: string }[]; at: string }
  /** What an apt step actually removed: rollback reinstalls exactly these versions. */
  | { type: 'packages-removed'; step: string; manager: 'apt'; removed: RemovedPackage[]; at: string }
  | { type: 'failed'; step: string; error: string; at: string }
  | { type: 'rollback-start'; reason: RollbackReason; at: string }
  | { type: 'undone'; step: string; at: string }
  | { type: 'undo-failed'; step: string; problems: string[]; at: string }
  | { type: 'final'; status: FinalStatus; reason?: RollbackReason; problems?: string[]; at: string }
  | { type: 'pruned'; bytes: number; items: string[]; at: string };



/**
 * A head start for the journal's first fsync, taken while the plan is made: one fsync of the state directory (which
 * the run lock made), in the background. On ext4 any fsync commits every change the filesystem holds pending — right
 * after a new HOME was filled that took the journal's first fsync 46 ms before the first step (strace -T); once
 * committed here, the journal's own fsyncs write only their entries. Never fails: the journal does the durable work
 * and reports its errors.
 */
export async function settleStateDir(paths: AppPaths): Promise<void> {
  try {
    const handle = await open(paths.stateDir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Only a head start.
  }
}

/** Creates a directory (and parents) and makes its entry durable. */
export function ensureDurableDir(path: string): void {
  if (existsSync(path)) return;
  mkdirSync(path, { recursive: true, mode: 0o700 });
  fsyncPath(path);
  fsyncPath(join(path, '..'));
}

export class Journal {
  readonly dir: string;
  readonly backupsDir: string;
  readonly file: string;
  /** The user's paths this run belongs to (what an undo must never remove derives from them). */
  readonly paths: AppPaths;

  /** Applied to every record before it is written. */
  private readonly mask: Mask;

  private constructor(paths: AppPaths, dir: string, mask: Mask) {
    this.paths = paths;
    this.dir = dir;
    this.mask = mask;
    this.backupsDir = join(dir, 'backups');
    this.file = join(dir, JOURNAL_FILE);
  }

  /** A new run's journal: fails if the run already exists (one journal per run). */
  static create(paths: AppPaths, runId: string, mask: Mask = redact): Journal {
    ensureDurableDir(runsDir(paths));
    const dir = runDir(paths, runId);
    mkdirSync(dir, { mode: 0o700 });
    mkdirSync(join(dir, 'backups'), { mode: 0o700 });
    fsyncPath(dir);
    fsyncPath(runsDir(paths));
    return new Journal(paths, dir, mask);
  }

  static open(paths: AppPaths, runId: string): Journal {
    return new Journal(paths, runDir(paths, runId), redact);
  }

  /** Appends one record (credentials masked) and waits until it is on disk. */
  append(record: JournalRecord): void {
    const line = `${JSON.stringify(maskDeep(record, this.mask))}\n`;
    const fd = openSync(this.file, 'a', 0o600);
    try {
      writeSync(fd, line);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** Every complete record; a torn last line (crash while appending) is ignored. */
  read(): JournalRecord[] {
    if (!existsSync(this.file)) return [];
    const records: JournalRecord[] = [];
    for (const line of readFileSync(this.file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        records.push(JSON.parse(line) as JournalRecord);
      } catch {
        break;
      }
    }
    return records;
  }
}

export function listRunIds(paths: AppPaths): string[] {
  const dir = runsDir(paths);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, JOURNAL_FILE)))
    .map((entry) => entry.name)
    .sort();
}

export function now(): string {
  return new Date().toISOString();
}
