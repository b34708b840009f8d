// `install [install options] [--yes] [--json]`: show the plan, ask (on a terminal, unless --yes), carry it out.
import { confirmOrExit } from '../engine/confirm.js';
import { executePlan } from '../engine/executor.js';
import { createReporter } from '../engine/report.js';
import { proxyMask } from '../engine/secrets.js';
import { proxySettings } from '../net/proxy.js';
import { preparePlan } from '../plan/prepare.js';
import { renderPlan } from '../plan/render.js';
import type { CommandContext } from '../types.js';

export default async function run(ctx: CommandContext): Promise<number> {
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

  // Ctrl-C or SIGTERM: stop the running step, roll back, exit 130 (a second signal cannot cut the rollback short).
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
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
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
