// The wizard's services wired to the real modules: detection, the index, the plan and the engine.
import { createHost } from '../host/host.js';
import { detect } from '../detect/index.js';
import { loadIndex, resolveRelease } from '../versions/index.js';
import { proxySettings } from '../net/proxy.js';
import { preparePlan } from '../plan/prepare.js';
import { exportHoldsSecret, renderExport, renderPlan, renderRollbackScript } from '../plan/render.js';
import { executePlan } from '../engine/executor.js';
import { withRunLock } from '../engine/run-lock.js';
import type { CommandContext, Detection } from '../types.js';
import { snapUnavailable } from '../apt/snap.js';
import { commandQuery } from '../host/query.js';
import { incompleteRuns } from '../engine/rollback.js';
import { aptCandidates, freeSpace, goEnv, keptDownload, rollBack, saveText, type WizardServices } from './services.js';

/** `early.detection`: a detection already under way (started before Ink loaded); the first detect() returns it. */
export function realServices(ctx: CommandContext, early: { detection?: Promise<Detection> } = {}): WizardServices {
  const host = createHost({ sysroot: ctx.options.sysroot, env: ctx.env });
  let started = early.detection;
  return {
    paths: ctx.paths,
    disk: host.disk,
    cwd: process.cwd(),
    detect: () => {
      const pending = started;
      started = undefined;
      return pending ?? detect(host, { t: ctx.t });
    },
    // 'auto' picks its mirror when the plan is made; the index comes from the official sources either way.
    loadIndex: (options) =>
      loadIndex({ indexUrl: options.indexUrl, mirror: options.mirror === 'auto' ? 'official' : options.mirror, proxy: proxySettings(options, ctx.env, ctx.t) }),
    // Only checks that the version exists for this arch: the plan picks the mirror (and probes for 'auto').
    resolve: (index, options, goArch) => resolveRelease(index, options.goVersion, goArch, '', { sha256: options.sha256, t: ctx.t }),
    aptCandidates: () => aptCandidates(ctx.env),
    snapUnavailable: () => snapUnavailable(commandQuery(ctx.env), ctx.t, host.disk),
    freeSpace,
    preparePlan: (options, known) => preparePlan({ options, env: ctx.env, paths: ctx.paths, t: ctx.t, pinnedDigests: ctx.pinnedDigests }, { ...known, host }),
    renderPlan,
    renderExport,
    exportHoldsSecret,
    renderRollbackScript,
    // Held like the CLI's install: a second run in this state directory is refused, naming the first.
    executePlan: (plan, options, onEvent, signal) =>
      withRunLock(ctx.paths, 'install', ctx.t, { force: ctx.flags.forceUnlock }, () =>
        executePlan(plan, { env: ctx.env, proxy: proxySettings(options, ctx.env, ctx.t), onEvent, signal, t: ctx.t }),
      ),
    incompleteRuns: () => incompleteRuns(ctx.paths),
    rollBack: (runId, onEvent) => rollBack(ctx.paths, runId, ctx.t, ctx.flags.forceUnlock, onEvent),
    goEnv: (plan) => goEnv(plan, ctx.env),
    saveText,
    keptDownload,
  };
}
