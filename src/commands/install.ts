// `install [install options] [--yes] [--json] [--force-unlock]`: show the plan, ask (on a terminal, unless --yes),
// carry it out — holding the state directory's run lock throughout, so a second run exits 2 and changes nothing.
import { askDefaultYes, confirmOrExit } from './terminal/confirm.js';
import { executePlan } from '../engine/executor.js';
import { createReporter } from './terminal/report.js';
import { settleStateDir } from '../engine/journal.js';
import { incompleteRuns, rollbackRun } from '../engine/rollback.js';
import { withRunLock } from '../engine/run-lock.js';
import { proxyMask } from '../secrets.js';
import { proxySettings } from '../net/proxy.js';
import { preparePlan } from '../plan/prepare.js';
import { renderPlan } from '../plan/render.js';
import type { CommandContext, Plan } from '../types.js';
import { EXIT } from '../types.js';

/** Ctrl-C, SIGTERM, and SIGHUP (the terminal was closed): stop the running step, roll back, exit 130. */
export const INTERRUPT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export default function run(ctx: CommandContext): Promise<number> {
  return withRunLock(ctx.paths, 'install', ctx.t, { force: ctx.flags.forceUnlock }, () => install(ctx));
}

/**
 * Runs left half-way still hold their changes: planning on top of them would journal their half-done state as the
 * "before". On a terminal install offers to finish each rollback first (default yes); with --yes it refuses (exit 2,
 * nothing changed) naming the command that finishes it; without either, it says so and its confirmation stops it.
 * Returns an exit code to stop with, or null to go on.
 */
export async function finishWaitingRuns(ctx: CommandContext): Promise<number | null> {
  for (const waiting of incompleteRuns(ctx.paths).reverse()) {
    if (ctx.flags.yes) {
      ctx.stderr.write(`${ctx.t('safety.incomplete.refused', { runId: waiting.id })}\n`);
      return EXIT.usage;
    }
    ctx.stderr.write(`${ctx.t('safety.incomplete.notice', { runId: waiting.id })}\n`);
    if (!ctx.stdinIsTTY || !(await askDefaultYes(ctx.t('safety.incomplete.ask', { runId: waiting.id })))) continue;
    const reporter = createReporter(ctx.stdout, ctx.t, ctx.flags.json);
    const result = await rollbackRun({ paths: ctx.paths, runId: waiting.id, onEvent: reporter.onEvent, t: ctx.t });
    if (result.exitCode !== EXIT.ok) return result.exitCode;
  }
  return null;
}

async function install(ctx: CommandContext): Promise<number> {
  // The filesystem commits what it holds pending while the plan is made, not in the journal's first fsync.
  const settled = settleStateDir(ctx.paths);
  const stop = await finishWaitingRuns(ctx);
  if (stop !== null) return stop;
  const plan = await preparePlan(ctx, { toCarryOut: true });
  await settled;
  return carryOut(ctx, plan);
}

/** Shows the plan, asks (unless --yes), and carries it out with Ctrl-C rolling back (install and `use`). */
export async function carryOut(ctx: CommandContext, plan: Plan): Promise<number> {
  const proxy = proxySettings(ctx.options, ctx.env, ctx.t);
  const reporter = createReporter(ctx.stdout, ctx.t, ctx.flags.json, proxyMask(proxy));
  if (ctx.flags.json) reporter.onEvent({ type: 'plan', plan });
  else ctx.stdout.write(`${proxyMask(proxy)(renderPlan(plan, 'text', ctx.t))}\n`);

  if (plan.upToDate) {
    const result = await executePlan(plan, { env: ctx.env, proxy, onEvent: reporter.onEvent, t: ctx.t });
    return result.exitCode;
  }
  const answer = await confirmOrExit(ctx, ctx.t('engine.confirm.install'));
  if (answer !== 'yes') return answer;

  // A second signal cannot cut the rollback short: every signal only aborts.
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  for (const signal of INTERRUPT_SIGNALS) process.on(signal, onSignal);
  try {
    const result = await executePlan(plan, {
      env: ctx.env,
      proxy,
      onEvent: reporter.onEvent,
      signal: abort.signal,
      t: ctx.t,
    });
    return result.exitCode;
  } finally {
    for (const signal of INTERRUPT_SIGNALS) process.off(signal, onSignal);
  }
}
