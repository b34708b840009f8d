// The apt and snap methods: which package gives the requested Go (asked of apt-cache / snap at plan time),
// and the steps installing it. A Touch cannot express a package, so these steps list `packages` and say in
// `undo` how they are removed — only packages that were not installed before.
import { chooseAptPackage, readAptCandidates } from '../apt/candidates.js';
import { UserError } from '../errors.js';
import { commandQuery, type CommandQuery } from '../host/query.js';
import { shQuote } from '../shell/quote.js';
import { minorOf, parseGoVersionSpec } from '../versions/grammar.js';
import { addAptInstallStep, addAptUpdateStep } from './apt-steps.js';
import { snapUnavailable } from '../apt/snap.js';
import { aptSupportWarning } from '../apt/support.js';
import type { PlanContext } from './context.js';

export interface PackagedGo {
  goroot: string;
  goBinary: string;
  /** What `go version` must start with. */
  versionPrefix: string;
}

async function aptSteps(ctx: PlanContext, query: CommandQuery): Promise<PackagedGo> {
  const { t, steps, options } = ctx;
  const candidates = await readAptCandidates(query);
  if (!candidates) throw new UserError(t('plan.error.aptCache'));
  const chosen = chooseAptPackage(candidates, options.goVersion);
  if (!chosen) {
    const offered = [...new Set(candidates.map((c) => `1.${c.minor}`))].join(', ') || '-';
    throw new UserError(t('plan.error.aptNoPackage', { version: options.goVersion, offered }));
  }
  const unsupported = aptSupportWarning(chosen.minor, ctx.releases, t);
  if (unsupported) ctx.warnings.push(unsupported);
  if (parseGoVersionSpec(options.goVersion)?.kind === 'exact') ctx.warnings.push(t('plan.warn.aptPatch', { version: options.goVersion }));
  const goroot = `/usr/lib/go-1.${chosen.minor}`;
  if (!chosen.installed) {
    addAptUpdateStep(steps, t);
    await addAptInstallStep(
      steps,
      {
        id: 'apt-install',
        title: t('plan.step.aptInstall.title', { pkg: chosen.name }),
        why: t('plan.step.aptInstall.why', { path: goroot }),
        packages: [chosen.name],
      },
      query,
    );
  }
  return { goroot, goBinary: `${goroot}/bin/go`, versionPrefix: `go version go1.${chosen.minor}` };
}

async function snapSteps(ctx: PlanContext, query: CommandQuery): Promise<PackagedGo> {
  const { t, steps, options } = ctx;
  const minor = options.goVersion === 'latest' ? null : minorOf(options.goVersion);
  const channel = minor ? `${minor}/stable` : 'latest/stable';
  const unavailable = await snapUnavailable(query, t, ctx.disk);
  if (unavailable) throw new UserError(t('apt.snap.unavailable', { reason: unavailable }));
  const listed = await query('snap', ['list', 'go']);
  const installed = listed.exitCode === 0 && /^go\s/m.test(listed.stdout);
  if (installed) {
    ctx.warnings.push(t('plan.warn.snapInstalled'));
  } else {
    steps.add({
      id: 'snap-install',
      title: t('plan.step.snapInstall.title', { channel }),
      why: t('plan.step.snapInstall.why'),
      root: true,
      touches: [],
      packages: ['go'],
      run: `snap install go --classic --channel=${shQuote(channel)}`,
      undoFirst: 'snap remove go',
    });
  }
  return { goroot: '/snap/go/current', goBinary: '/snap/bin/go', versionPrefix: minor ? `go version go${minor}` : 'go version go' };
}

export function packageSteps(ctx: PlanContext): Promise<PackagedGo> {
  const query = ctx.query ?? commandQuery(ctx.env);
  return ctx.options.method === 'apt' ? aptSteps(ctx, query) : snapSteps(ctx, query);
}
