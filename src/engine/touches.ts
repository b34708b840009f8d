// Recording the state of every path a step touches (with backups) and putting it back.
// Every undo is idempotent and safe on a half-done step: it looks at what is there now and only moves towards
// the recorded state, so running it twice, or after a crash in the middle of it, gives the same result.
import { existsSync, lstatSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { mayRemove, type GuardPaths } from '../install-target.js';
import { appPaths } from '../paths.js';
import type { Touch } from '../types.js';
import { fileOpsFor, lstatOrNull, restoreTemp } from './file-ops.js';
import type { PreState, TouchRecord } from './journal.js';

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

function restoreState(path: string, pre: PreState, root: boolean, backupsDir: string, guard: GuardPaths, problems: UndoProblem[]): void {
  const ops = fileOpsFor(root);
  const now = lstatOrNull(path);
  // A restore cut short (crash between copy and rename) leaves its temp entry: it goes whatever happens next.
  if ((pre.kind === 'file' || pre.kind === 'symlink') && lstatOrNull(restoreTemp(path))) ops.remove(restoreTemp(path));
  switch (pre.kind) {
    case 'absent':
      if (!now) return;
      // Whatever a journal says, an undo never removes /, HOME, the tool's own dirs or a system directory.
      if (!mayRemove(path, guard)) {
        problems.push({ message: `refused to remove ${path}`, lost: false });
        return;
      }
      ops.remove(path);
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
      if (pre.resolved) restoreState(pre.resolved.path, pre.resolved.state, root, backupsDir, guard, problems);
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

/**
 * Puts every touched path back, last touch first. Returns what could not be restored (empty when complete).
 * `guard`: whose HOME and tool dirs are never removed (the current user's by default).
 */
export function undoTouches(records: TouchRecord[], backupsDir: string, guard: GuardPaths = appPaths(process.env)): UndoProblem[] {
  const problems: UndoProblem[] = [];
  for (const record of [...records].reverse()) {
    try {
      const { touch } = record;
      if (touch.kind === 'move') undoMove({ ...record, touch }, problems);
      else restoreState(touch.path, record.pre, touch.root, backupsDir, guard, problems);
      for (const dir of [...record.createdDirs].reverse()) fileOpsFor(touch.root).removeDirIfEmpty(dir);
    } catch (error) {
      problems.push({ message: `${record.touch.path}: ${(error as Error).message}`, lost: false });
    }
  }
  return problems;
}
