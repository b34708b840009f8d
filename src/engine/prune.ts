// `prune`: drop what finished runs keep for rollback (moved-aside Go trees and file backups) and say how
// much space that freed. Incomplete or running runs keep everything: `rollback` still needs it. The download cache
// goes too: it survives rollback on purpose, so prune is where that space comes back.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isGoTree } from '../install-target.js';
import { isCachedArchiveName } from '../paths.js';
import type { AppPaths } from '../types.js';
import { movedAside, treeBytes } from './backups.js';
import { fileOpsFor } from './file-ops.js';
import { Journal, now } from './journal.js';
import { isAfterRecord } from './three-way.js';
import { listRuns } from './rollback.js';
import { localDisk } from '../host/disk.js';

export interface PruneResult {
  /** Bytes of run backups dropped. */
  bytes: number;
  /** Bytes of download cache dropped. */
  cacheBytes: number;
  cacheFiles: string[];
  /** Runs whose backups were dropped. */
  runs: string[];
  /** What was removed (moved-aside trees and backup files). */
  items: string[];
}

export interface PruneCandidate {
  runId: string;
  items: { path: string; root: boolean }[];
  bytes: number;
  /** Trees the run moved aside that are not (or no longer) a Go tree at the name it gave them: never deleted. */
  kept: string[];
}

/**
 * The download cache (verified archives and partial downloads, kept across rollback so a retry does not download
 * again). Only names the cache itself gives are listed: anything else in that folder is not ours to delete.
 */
export function cachedDownloads(paths: AppPaths): { path: string; bytes: number }[] {
  if (!existsSync(paths.cacheDir)) return [];
  return readdirSync(paths.cacheDir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && isCachedArchiveName(entry.name))
    .map((entry) => join(paths.cacheDir, entry.name))
    .map((path) => ({ path, bytes: treeBytes(path) }));
}

/** What prune would drop right now, and how much space it holds. */
export function pruneCandidates(paths: AppPaths): PruneCandidate[] {
  return listRuns(paths)
    .filter((run) => run.status === 'installed' || run.status === 'rolled-back' || run.status === 'failed')
    .map((run) => {
      const journal = Journal.open(paths, run.id);
      // What the run left (copies, tree manifests) stays: a later rollback still tells the user's changes from the run's.
      const files = readdirSync(journal.backupsDir)
        .filter((name) => !isAfterRecord(name))
        .map((name) => ({ path: join(journal.backupsDir, name), root: false }));
      const aside = movedAside(journal.read());
      const items = [...aside.filter((tree) => tree.verified).map(({ path, root }) => ({ path, root })), ...files];
      const kept = aside.filter((tree) => !tree.verified).map((tree) => tree.path);
      return { runId: run.id, items, kept, bytes: items.reduce((sum, item) => sum + treeBytes(item.path), 0) };
    })
    .filter((candidate) => candidate.items.length > 0 || candidate.kept.length > 0);
}

export async function prune(paths: AppPaths): Promise<PruneResult> {
  const result: PruneResult = { bytes: 0, cacheBytes: 0, cacheFiles: [], runs: [], items: [] };
  for (const candidate of pruneCandidates(paths)) {
    if (candidate.items.length === 0) continue;
    const journal = Journal.open(paths, candidate.runId);
    // Journal first: a crash half-way leaves a run that `rollback` knows may miss backups.
    journal.append({ type: 'pruned', bytes: candidate.bytes, items: candidate.items.map((i) => i.path), at: now() });
    for (const item of candidate.items) {
      // Checked again right before: only a Go tree is ever deleted outside our own backups folder.
      if (!item.path.startsWith(`${journal.backupsDir}/`) && !isGoTree(item.path, localDisk)) continue;
      fileOpsFor(item.root).remove(item.path);
    }
    result.bytes += candidate.bytes;
    result.runs.push(candidate.runId);
    result.items.push(...candidate.items.map((i) => i.path));
  }
  for (const file of cachedDownloads(paths)) {
    rmSync(file.path, { force: true });
    result.cacheBytes += file.bytes;
    result.cacheFiles.push(file.path);
  }
  return result;
}
