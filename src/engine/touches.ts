// Recording the state of every path a step touches (with backups) and putting it back.
// Every undo is idempotent and safe on a half-done step: it looks at what is there now and only moves towards
// the recorded state, so running it twice, or after a crash in the middle of it, gives the same result.
import { existsSync, lstatSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { mayRemove, type GuardPaths } from '../install-target.js';
import { appPaths } from '../paths.js';
import type { Touch } from '../types.js';
import { fileOpsFor, lstatOrNull, restoreTemp } from './file-ops.js';
import type { AfterState, PreState, TouchRecord } from './journal.js';
import { fileVerdict, keepFileAside, keepTreeEntries, treeVerdict, writeMerge } from './three-way.js';
import { localDisk } from '../host/disk.js';

function missingParents(path: string): string[] {
  const missing: string[] = [];
  for (let dir = dirname(path); dir !== '/' && !existsSync(dir); dir = dirname(dir)) missing.unshift(dir);
  return missing;
}

function captureState(path: string, root: boolean, backupsDir: string, backupName: string): PreState {
  const stat = lstatOrNull(path);
  if (!stat) return { kind: 'absent' };
  const owner = { uid: stat.uid, gid: stat.gid };
  if (stat.isFile()) {
    fileOpsFor(root).copyOut(path, join(backupsDir, backupName));
    return { kind: 'file', mode: stat.mode & 0o7777, ...owner, backup: backupName };
  }
  if (stat.isSymbolicLink()) {
    const state: PreState = { kind: 'symlink', target: readlinkSync(path), ...owner };
    // A symlinked dotfile is edited through the link: keep the file it points to as well.
    const resolved = resolvedFile(path);
    if (resolved) state.resolved = { path: resolved, state: captureState(resolved, root, backupsDir, `${backupName}-target`) };
    return state;
  }
  if (stat.isDirectory()) return { kind: 'dir', mode: stat.mode & 0o7777, ...owner };
  return { kind: 'other' };
}

function sameBytes(a: string, b: string): boolean {
  try {
    return lstatSync(a).size === lstatSync(b).size && readFileSync(a).equals(readFileSync(b));
  } catch {
    return false;
  }
}

function resolvedFile(path: string): string | null {
  try {
    const real = realpathSync(path);
    return lstatOrNull(real)?.isFile() ? real : null;
  } catch {
    return null;
  }
}

/** The pre-state of each touch, backing up files first (durably, before the journal names them). */
export function captureTouches(touches: Touch[], stepIndex: number, backupsDir: string): TouchRecord[] {
  return touches.map((touch, touchIndex) => ({
    touch,
    pre: captureState(touch.path, touch.root, backupsDir, `${stepIndex}-${touchIndex}`),
    createdDirs: missingParents(touch.kind === 'move' ? touch.to : touch.path),
  }));
}

export interface UndoProblem {
  message: string;
  /** The backup is gone (dropped by `prune`): this path can no longer be restored. */
  lost: boolean;
}

/** Records of the touches whose path does not exist yet (no backups needed): undoing them removes what appeared. */
export function captureAbsent(touches: Touch[]): TouchRecord[] {
  return touches.filter((touch) => !lstatOrNull(touch.path)).map((touch) => ({ touch, pre: { kind: 'absent' }, createdDirs: missingParents(touch.path) }));
}

async function restoreState(path: string, pre: PreState, root: boolean, backupsDir: string, guard: GuardPaths, problems: UndoProblem[], onRemoving?: RemovingProgress): Promise<void> {
  const ops = fileOpsFor(root);
  const now = lstatOrNull(path);
  // A restore cut short (crash between copy and rename) leaves its temp entry: it goes whatever happens next.
  if ((pre.kind === 'file' || pre.kind === 'symlink') && lstatOrNull(restoreTemp(path))) ops.remove(restoreTemp(path));
  switch (pre.kind) {
    case 'absent':
      if (!now) return;
      // Whatever a journal says, an undo never removes /, HOME, the tool's own dirs or a system directory.
      if (!mayRemove(path, guard, localDisk)) {
        problems.push({ message: `refused to remove ${path}`, lost: false });
        return;
      }
      // A tree (the Go installation: some 12,000 entries) goes with its progress told; anything else at once.
      if (onRemoving && now.isDirectory()) await ops.removeTree(path, (removed, total) => onRemoving(path, removed, total));
      else ops.remove(path);
      return;
    case 'file': {
      const backup = join(backupsDir, pre.backup);
      if (!existsSync(backup)) {
        problems.push({ message: path, lost: true });
        return;
      }
      // Already as it was (never changed, or restored before a crash): leave it, so an undo changes only what changed.
      if (now?.isFile() && (now.mode & 0o7777) === pre.mode && now.uid === pre.uid && now.gid === pre.gid && sameBytes(path, backup)) return;
      ops.restoreFile(backup, path, pre.mode, pre.uid, pre.gid);
      return;
    }
    case 'symlink':
      if (pre.resolved) await restoreState(pre.resolved.path, pre.resolved.state, root, backupsDir, guard, problems);
      if (now?.isSymbolicLink() && readlinkSync(path) === pre.target) return;
      ops.restoreSymlink(path, pre.target, pre.uid, pre.gid);
      return;
    case 'dir':
      if (now?.isDirectory()) return;
      if (now) ops.remove(path);
      ops.makeDir(path, pre.mode, pre.uid, pre.gid);
      return;
    case 'other':
      return;
  }
}

function undoMove(record: TouchRecord & { touch: Extract<Touch, { kind: 'move' }> }, problems: UndoProblem[]): void {
  const { path, to, root } = record.touch;
  const source = lstatOrNull(path);
  const moved = lstatOrNull(to);
  if (moved && !source) fileOpsFor(root).rename(to, path);
  else if (moved && source) problems.push({ message: `both ${path} and ${to} exist: left as they are`, lost: false });
  else if (!moved && !source && record.pre.kind !== 'absent') problems.push({ message: path, lost: true });
}

/** What a rollback did differently because the user changed things since the run (three-way.ts). */
export type UndoNote =
  | { kind: 'kept-edits'; path: string; keys: string[] | null }
  | { kind: 'kept-aside'; path: string; kept: string }
  | { kind: 'kept-tree'; path: string; kept: string; count: number };

/** A finished step's undo: what it left (its done record) and how merges are journaled. */
export interface ThreeWay {
  step: string;
  runId: string;
  /** Aligned with the records. */
  after: (AfterState | null)[];
  /** `path\0sha256` of merges already journaled. */
  merged: ReadonlySet<string>;
  onMerged(path: string, sha256: string): void;
  note(note: UndoNote): void;
}

/** The three-way part of one touch's undo; true when nothing is left for the ordinary undo to do. */
function undoChangedSince(record: TouchRecord, after: AfterState, backupsDir: string, threeWay: ThreeWay): boolean {
  const { touch } = record;
  if (touch.kind === 'move') {
    if (after.kind !== 'tree') return false;
    const verdict = treeVerdict(touch.to, after, backupsDir, threeWay.runId);
    if (verdict && verdict.entries.length > 0) {
      keepTreeEntries(verdict, touch.root);
      threeWay.note({ kind: 'kept-tree', path: touch.to, kept: verdict.kept, count: verdict.entries.length });
    }
    return false;
  }
  if (after.kind !== 'file') return false;
  const verdict = fileVerdict(record, after, { step: threeWay.step, runId: threeWay.runId, backupsDir, merged: threeWay.merged });
  switch (verdict.kind) {
    case 'restore':
      return false;
    case 'merged':
      threeWay.note({ kind: 'kept-edits', path: touch.path, keys: null });
      return true;
    case 'revert':
      writeMerge(record, verdict.content, backupsDir, threeWay.onMerged);
      threeWay.note({ kind: 'kept-edits', path: touch.path, keys: verdict.keys });
      return true;
    case 'keep-aside':
      threeWay.note({ kind: 'kept-aside', path: touch.path, kept: keepFileAside(record, verdict.kept) });
      return false;
  }
}

/** A directory tree being removed: `removed` of its `total` entries are gone. */
export type RemovingProgress = (path: string, removed: number, total: number) => void;

/**
 * Puts every touched path back, last touch first. Returns what could not be restored (empty when complete).
 * `guard`: whose HOME and tool dirs are never removed (the current user's by default). `threeWay`: a finished
 * step's record of what it left, so the user's later changes are kept (three-way.ts). `onRemoving`: the progress of
 * removing a directory tree the run created.
 */
export async function undoTouches(
  records: TouchRecord[],
  backupsDir: string,
  guard: GuardPaths = appPaths(process.env),
  threeWay?: ThreeWay,
  onRemoving?: RemovingProgress,
): Promise<UndoProblem[]> {
  const problems: UndoProblem[] = [];
  for (const [index, record] of [...records.entries()].reverse()) {
    try {
      const { touch } = record;
      const after = threeWay?.after[index];
      const keptUsers = Boolean(after && threeWay && undoChangedSince(record, after, backupsDir, threeWay));
      if (keptUsers) {
        // The user's version stays, with the run's change taken out: nothing more to put back.
      } else if (touch.kind === 'move') undoMove({ ...record, touch }, problems);
      else await restoreState(touch.path, record.pre, touch.root, backupsDir, guard, problems, onRemoving);
      for (const dir of [...record.createdDirs].reverse()) fileOpsFor(touch.root).removeDirIfEmpty(dir);
    } catch (error) {
      problems.push({ message: `${record.touch.path}: ${(error as Error).message}`, lost: false });
    }
  }
  return problems;
}
