// `prune [--yes]`: drop the backups finished runs keep for rollback and the download cache, and say how much space
// that frees.
import { confirmOrExit } from './terminal/confirm.js';
import { cachedDownloads, prune as dropBackups, pruneCandidates } from '../engine/prune.js';
import { withRunLock } from '../engine/run-lock.js';
import { formatBytes } from '../format.js';
import type { CommandContext } from '../types.js';
import { EXIT } from '../types.js';

export default function run(ctx: CommandContext): Promise<number> {
  return withRunLock(ctx.paths, 'prune', ctx.t, { force: ctx.flags.forceUnlock }, () => prune(ctx));
}

async function prune(ctx: CommandContext): Promise<number> {
  const all = pruneCandidates(ctx.paths);
  for (const path of all.flatMap((candidate) => candidate.kept)) ctx.stdout.write(`${ctx.t('safety.prune.kept', { path })}\n`);
  const candidates = all.filter((candidate) => candidate.items.length > 0);
  const cache = cachedDownloads(ctx.paths);
  if (candidates.length === 0 && cache.length === 0) {
    ctx.stdout.write(`${ctx.t('engine.prune.nothing')}\n`);
    return EXIT.ok;
  }
  for (const candidate of candidates) {
    ctx.stdout.write(`${ctx.t('engine.prune.candidate', { runId: candidate.runId, size: formatBytes(candidate.bytes) })}\n`);
    for (const item of candidate.items) ctx.stdout.write(`  ${item.path}\n`);
  }
  if (cache.length > 0) {
    const size = formatBytes(cache.reduce((sum, file) => sum + file.bytes, 0));
    ctx.stdout.write(`${ctx.t('safety.prune.cache', { dir: ctx.paths.cacheDir, size, count: cache.length })}\n`);
    for (const file of cache) ctx.stdout.write(`  ${file.path}\n`);
  }
  if (candidates.length > 0) ctx.stdout.write(`${ctx.t('engine.prune.consequence')}\n`);
  const answer = await confirmOrExit(ctx, ctx.t('engine.confirm.prune'));
  if (answer !== 'yes') return answer;
  const result = await dropBackups(ctx.paths);
  if (result.runs.length > 0) ctx.stdout.write(`${ctx.t('engine.prune.done', { size: formatBytes(result.bytes), runs: result.runs.length })}\n`);
  if (result.cacheFiles.length > 0) {
    ctx.stdout.write(`${ctx.t('safety.prune.cacheFreed', { size: formatBytes(result.cacheBytes), count: result.cacheFiles.length })}\n`);
  }
  if (result.runs.length > 0 && result.cacheFiles.length > 0) {
    ctx.stdout.write(`${ctx.t('safety.prune.total', { size: formatBytes(result.bytes + result.cacheBytes) })}\n`);
  }
  return EXIT.ok;
}
