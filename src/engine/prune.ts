// `prune`: drop what finished runs keep for rollback (moved-aside Go trees and file backups) and say how
// much space that freed. Incomplete or running runs keep everything: `rollback` still needs it.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AppPaths } from '../types.js';
import { movedAside, treeBytes } from './backups.js';
import { fileOpsFor } from './file-ops.js';
import { Journal, now } from './journal.js';
import { listRuns } from './rollback.js';

export interface PruneResult {
  bytes: number;
  /** Runs whose backups were dropped. */
  runs: string[];
  /** What was removed (moved-aside trees and backup files). */
  items: string[];
}

/** What prune would drop right now, and how much space it holds. */
export function pruneCandidates(paths: AppPaths): { runId: string; items: { path: string; root: boolean }[]; bytes: number }[] {
  return listRuns(paths)
    .filter((run) => run.status === 'installed' || run.status === 'rolled-back' || run.status === 'failed')
    .map((run) => {
      const journal = Journal.open(paths, run.id);
      const files = readdirSync(journal.backupsDir).map((name) => ({ path: join(journal.backupsDir, name), root: false }));
      const items = [...movedAside(journal.read()), ...files];
      return { runId: run.id, items, bytes: items.reduce((sum, item) => sum + treeBytes(item.path), 0) };
    })
    .filter((candidate) => candidate.items.length > 0);
}

export async function prune(paths: AppPaths): Promise<PruneResult> {
  const result: PruneResult = { bytes: 0, runs: [], items: [] };
  for (const candidate of pruneCandidates(paths)) {
    const journal = Journal.open(paths, candidate.runId);
    // Journal first: a crash half-way leaves a run that `rollback` knows may miss backups.
    journal.append({ type: 'pruned', bytes: candidate.bytes, items: candidate.items.map((i) => i.path), at: now() });
    for (const item of candidate.items) fileOpsFor(item.root).remove(item.path);
    result.bytes += candidate.bytes;
    result.runs.push(candidate.runId);
    result.items.push(...candidate.items.map((i) => i.path));
  }
  return result;
}
