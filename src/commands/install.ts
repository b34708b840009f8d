// `install [install options] [--yes] [--json] [--force-unlock]`: show the plan, ask (on a terminal, unless --yes),
// carry it out — holding the state directory's run lock throughout, so a second run exits 2 and changes nothing.
import { confirmOrExit } from './terminal/confirm.js';
import { executePlan } from '../engine/executor.js';
import { createReporter } from './terminal/report.js';
import { incompleteRuns } from '../engine/rollback.js';
import { withRunLock } from '../engine/run-lock.js';
import { proxyMask } from '../engine/secrets.js';
import { proxySettings } from '../net/proxy.js';
import { preparePlan } from '../plan/prepare.js';
import { renderPlan } from '../plan/render.js';
import type { CommandContext } from '../types.js';

/** Ctrl-C, SIGTERM, and SIGHUP (the terminal was closed): stop the running step, roll back, exit 130. */
export const INTERRUPT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export default function run(ctx: CommandContext): Promise<number> {
  return withRunLock(ctx.paths, 'install', ctx.t, { force: ctx.flags.forceUnlock }, () => install(ctx));
}

async function install(ctx: CommandContext): Promise<number> {
  // A run left half-way still holds its changes: say so before planning on top of them.
  const waiting = incompleteRuns(ctx.paths).at(-1);
  if (waiting) ctx.stderr.write(`${ctx.t('safety.incomplete.notice', { runId: waiting.id })}\n`);
  const plan = await preparePlan(ctx, { toCarryOut: true });
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
