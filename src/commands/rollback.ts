// `rollback [--yes] [--list] [--run ID] [--json]`: undo the last run (or --run ID); --list shows every run.
import { confirmOrExit } from './terminal/confirm.js';
import { createReporter } from './terminal/report.js';
import { listRuns, rollbackRun, type RunSummary } from '../engine/rollback.js';
import { Journal } from '../engine/journal.js';
import { withRunLock } from '../engine/run-lock.js';
import { describePreview, previewUndo } from '../engine/undo.js';
import type { CommandContext } from '../types.js';
import { EXIT } from '../types.js';

function describeRun(ctx: CommandContext, run: RunSummary): string {
  return ctx.t('engine.rollback.runLine', {
    id: run.id,
    date: run.date,
    status: ctx.t(`engine.status.${run.status}`),
    version: run.version ?? '-',
    target: run.target,
    pruned: run.pruned ? ctx.t('engine.rollback.prunedMark') : '',
  });
}

export default async function run(ctx: CommandContext): Promise<number> {
  if (ctx.flags.list) return list(ctx);
  return withRunLock(ctx.paths, 'rollback', ctx.t, { force: ctx.flags.forceUnlock }, () => rollback(ctx));
}

function list(ctx: CommandContext): number {
  const runs = listRuns(ctx.paths);
  if (ctx.flags.json) ctx.stdout.write(`${JSON.stringify({ type: 'runs', runs })}\n`);
  else if (runs.length === 0) ctx.stdout.write(`${ctx.t('engine.rollback.noRuns')}\n`);
  else for (const r of runs) ctx.stdout.write(`${describeRun(ctx, r)}\n`);
  return EXIT.ok;
}

async function rollback(ctx: CommandContext): Promise<number> {
  const runs = listRuns(ctx.paths);
  const target = ctx.flags.runId ? runs.find((r) => r.id === ctx.flags.runId) : runs.at(-1);
  const hasWork = target && (target.status === 'installed' || target.status === 'incomplete');
  if (hasWork && !ctx.flags.json) {
    ctx.stdout.write(`${describeRun(ctx, target)}\n`);
    if (target.pruned) ctx.stdout.write(`${ctx.t('engine.rollback.prunedWarning')}\n`);
    // Which paths come back as they were, which keep the user's edits, what of the user's is kept aside.
    const preview = previewUndo(Journal.open(ctx.paths, target.id), target.id);
    if (preview.length) ctx.stdout.write(`${[ctx.t('rollback.preview.title'), ...preview.map((item) => describePreview(item, ctx.t))].join('\n')}\n`);
  }
  if (hasWork) {
    const answer = await confirmOrExit(ctx, ctx.t('engine.confirm.rollback', { runId: target.id }));
    if (answer !== 'yes') return answer;
  }
  const reporter = createReporter(ctx.stdout, ctx.t, ctx.flags.json);
  const result = await rollbackRun({ paths: ctx.paths, runId: ctx.flags.runId, onEvent: reporter.onEvent, t: ctx.t });
  return result.exitCode;
}
