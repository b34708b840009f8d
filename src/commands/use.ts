// `use VERSION [--yes] [--json]`: makes an installed Go (one added with `install --alongside`, or any Go tree found
// on this machine) the default `go` of new shells — the wizard's environment (env.sh, env.fish, profiles) is pointed
// at its GOROOT in a journaled run, so `rollback` gives the previous default back.
import { detect } from '../detect/index.js';
import { withRunLock } from '../engine/run-lock.js';
import { UserError } from '../errors.js';
import { createHost } from '../host/host.js';
import { sdkDir } from '../plan/alongside.js';
import { buildPlan, privilegeProblem } from '../plan/build.js';
import { newRunId } from '../plan/prepare.js';
import type { CommandContext, ExistingGo } from '../types.js';
import { compareGoVersions, parseGoVersionSpec, satisfiesSpec } from '../versions/grammar.js';
import { carryOut, finishWaitingRuns } from './install.js';

/** The installed Go trees that answer `spec` (go1.N.P exactly, or go1.N: any patch), best first: newest, then ~/sdk. */
export function matchingTrees(existing: ExistingGo[], spec: string, home: string): ExistingGo[] {
  const wanted = parseGoVersionSpec(spec, { prerelease: true });
  return existing
    .filter((go) => go.goroot && go.version && wanted !== null && satisfiesSpec(go.version, true, wanted))
    .sort((a, b) => compareGoVersions(b.version!, a.version!) || Number(b.goroot === sdkDir(home, b.version!)) - Number(a.goroot === sdkDir(home, a.version!)));
}

export default function run(ctx: CommandContext): Promise<number> {
  return withRunLock(ctx.paths, 'use', ctx.t, { force: ctx.flags.forceUnlock }, () => use(ctx));
}

async function use(ctx: CommandContext): Promise<number> {
  const { t } = ctx;
  const spec = ctx.flags.useVersion!;
  const stop = await finishWaitingRuns(ctx);
  if (stop !== null) return stop;
  const host = createHost({ sysroot: '/', env: ctx.env });
  const detection = await detect(host, { t });
  const [chosen] = matchingTrees(detection.existingGo, spec, ctx.paths.home);
  if (!chosen) {
    const installed = [...new Set(detection.existingGo.flatMap((go) => (go.version && go.goroot ? [`${go.version} (${go.goroot})`] : [])))];
    throw new UserError(t('apt.use.missing', { version: spec, installed: installed.join(', ') || '-', spec: spec.replace(/^go/, '') }));
  }
  const plan = await buildPlan({
    options: { ...ctx.options, method: 'tarball', scope: 'user', alongside: false },
    detection,
    release: null,
    use: { goroot: chosen.goroot!, version: chosen.version! },
    paths: ctx.paths,
    env: ctx.env,
    runId: newRunId(),
    t,
    disk: host.disk,
  });
  const cannotRun = privilegeProblem(plan, detection, t);
  if (cannotRun) throw new UserError(cannotRun);
  if (plan.upToDate && !ctx.flags.json) ctx.stdout.write(`${t('apt.use.already', { version: chosen.version!, goroot: chosen.goroot! })}\n`);
  return carryOut(ctx, plan);
}
