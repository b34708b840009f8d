// `prune [--yes]`: drop the backups finished runs keep for rollback, and say how much space that frees.
import { confirmOrExit } from '../engine/confirm.js';
import { prune as dropBackups, pruneCandidates } from '../engine/prune.js';
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
  if (candidates.length === 0) {
    ctx.stdout.write(`${ctx.t('engine.prune.nothing')}\n`);
    return EXIT.ok;
  }
  for (const candidate of candidates) {
    ctx.stdout.write(`${ctx.t('engine.prune.candidate', { runId: candidate.runId, size: formatBytes(candidate.bytes) })}\n`);
    for (const item of candidate.items) ctx.stdout.write(`  ${item.path}\n`);
  }
  ctx.stdout.write(`${ctx.t('engine.prune.consequence')}\n`);
  const answer = await confirmOrExit(ctx, ctx.t('engine.confirm.prune'));
  if (answer !== 'yes') return answer;
  const result = await dropBackups(ctx.paths);
  ctx.stdout.write(`${ctx.t('engine.prune.done', { size: formatBytes(result.bytes), runs: result.runs.length })}\n`);
  return EXIT.ok;
}
