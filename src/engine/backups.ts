// What a run keeps for rollback: copies of the files it changed (backups/) and the Go trees it moved aside.
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isGoTree } from '../install-target.js';
import { lstatOrNull } from './file-ops.js';
import type { Journal, JournalRecord } from './journal.js';
import { localDisk } from '../host/disk.js';

/** Bytes held by a tree (regular file sizes; directories and links count as nothing). */
export function treeBytes(path: string): number {
  const stat = lstatOrNull(path);
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.isFile() ? stat.size : 0;
  let total = 0;
  for (const name of readdirSync(path)) {
    const child = join(path, name);
    const childStat = lstatSync(child);
    total += childStat.isDirectory() ? treeBytes(child) : childStat.isFile() ? childStat.size : 0;
  }
  return total;
}

/** The step that renames an existing Go tree out of the way (ARCHITECTURE.md: tarball step ids). */
const MOVE_ASIDE_STEP = 'move-aside';

export interface AsideTree {
  path: string;
  root: boolean;
  /** A Go tree at the name this run gave it: the only kind of tree `prune` may delete. */
  verified: boolean;
}

/** Trees the run moved aside that still sit there (kept for rollback until prune). */
export function movedAside(records: JournalRecord[]): AsideTree[] {
  const header = records.find((r) => r.type === 'run');
  const runId = header?.type === 'run' ? header.runId : null;
  return records.flatMap((r) =>
    r.type === 'begin' && r.step === MOVE_ASIDE_STEP
      ? r.touches.flatMap((t) =>
          t.touch.kind === 'move' && lstatOrNull(t.touch.to)
            ? [{ path: t.touch.to, root: t.touch.root, verified: t.touch.to === `${t.touch.path}.gsw-backup-${runId}` && isGoTree(t.touch.to, localDisk) }]
            : [],
        )
      : [],
  );
}

export function backupBytes(journal: Journal): number {
  const aside = movedAside(journal.read()).reduce((sum, item) => sum + treeBytes(item.path), 0);
  return aside + treeBytes(journal.backupsDir);
}
