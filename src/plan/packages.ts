// The apt and snap methods: which package gives the requested Go (asked of apt-cache / snap at plan time),
// and the steps installing it. A Touch cannot express a package, so these steps list `packages` and say in
// `undo` how they are removed — only packages that were not installed before.
import { execa } from 'execa';
import { UserError } from '../errors.js';
import { shQuote } from '../shell/quote.js';
import type { PlanContext } from './build.js';

export type CommandQuery = (command: string, args: string[]) => Promise<{ exitCode: number; stdout: string }>;

export interface PackagedGo {
  goroot: string;
  goBinary: string;
  /** What `go version` must start with. */
  versionPrefix: string;
}

export const runQuery: CommandQuery = async (command, args) => {
  const result = await execa(command, args, { reject: false, env: { LANG: 'C', LC_ALL: 'C' } });
  if ((result as { code?: string }).code === 'ENOENT') throw new UserError(`${command}: not found`);
  return { exitCode: result.exitCode ?? 1, stdout: String(result.stdout) };
};

export interface AptCandidate {
  name: string;
  /** Go minor, e.g. 22 for golang-1.22-go or a golang-go depending on it. */
  minor: number;
  installed: boolean;
}

/** Parses `apt-cache policy golang-go 'golang-1.*-go'`: the packages that have an install candidate. */
export function parseAptPolicy(text: string): AptCandidate[] {
  const out: AptCandidate[] = [];
  for (const block of text.split(/\n(?=\S)/)) {
    const name = /^(\S+):/.exec(block)?.[1];
    const installed = /^\s+Installed:\s*(\S+)/m.exec(block)?.[1];
    const candidate = /^\s+Candidate:\s*(\S+)/m.exec(block)?.[1];
    if (!name || !candidate || candidate === '(none)') continue;
    const minor = /^golang-1\.(\d+)-go$/.exec(name)?.[1] ?? (name === 'golang-go' ? /(?:^|:)1\.(\d+)/.exec(candidate)?.[1] : undefined);
    if (minor === undefined) continue;
    out.push({ name, minor: Number(minor), installed: installed !== undefined && installed !== '(none)' });
  }
  return out;
}

/** The package for a request: `latest` → the newest minor (golang-go when it gives that one), `1.NN[.P]` → golang-1.NN-go. */
export function chooseAptPackage(candidates: AptCandidate[], spec: string): AptCandidate | null {
  const versioned = candidates.filter((c) => c.name !== 'golang-go');
  if (spec === 'latest') {
    const best = Math.max(...candidates.map((c) => c.minor));
    if (!Number.isFinite(best)) return null;
    return candidates.find((c) => c.name === 'golang-go' && c.minor === best) ?? versioned.find((c) => c.minor === best) ?? null;
  }
  const minor = Number(/^1\.(\d+)/.exec(spec)?.[1]);
  return versioned.find((c) => c.minor === minor) ?? null;
}

async function aptSteps(ctx: PlanContext, query: CommandQuery): Promise<PackagedGo> {
  const { t, steps, options } = ctx;
  const policy = await query('apt-cache', ['policy', 'golang-go', 'golang-1.*-go']);
  if (policy.exitCode !== 0) throw new UserError(t('plan.error.aptCache'));
  const candidates = parseAptPolicy(policy.stdout);
  const chosen = chooseAptPackage(candidates, options.goVersion);
  if (!chosen) {
    const offered = [...new Set(candidates.map((c) => `1.${c.minor}`))].join(', ') || '-';
    throw new UserError(t('plan.error.aptNoPackage', { version: options.goVersion, offered }));
  }
  if (/^1\.\d+\.\d+$/.test(options.goVersion)) ctx.warnings.push(t('plan.warn.aptPatch', { version: options.goVersion }));
  const goroot = `/usr/lib/go-1.${chosen.minor}`;
  if (!chosen.installed) {
    const pkg = shQuote(chosen.name);
    steps.add({
      id: 'apt-update',
      title: t('plan.step.aptUpdate.title'),
      why: t('plan.step.aptUpdate.why'),
      root: true,
      touches: [],
      run: 'apt-get update',
    });
    steps.add({
      id: 'apt-install',
      title: t('plan.step.aptInstall.title', { pkg: chosen.name }),
      why: t('plan.step.aptInstall.why', { path: goroot }),
      root: true,
      touches: [],
      packages: [chosen.name],
      run: `DEBIAN_FRONTEND=noninteractive apt-get install -y ${pkg}`,
      undoFirst: `DEBIAN_FRONTEND=noninteractive apt-get remove -y ${pkg}`,
    });
  }
  return { goroot, goBinary: `${goroot}/bin/go`, versionPrefix: `go version go1.${chosen.minor}` };
}

async function snapSteps(ctx: PlanContext, query: CommandQuery): Promise<PackagedGo> {
  const { t, steps, options } = ctx;
  const minor = /^1\.(\d+)/.exec(options.goVersion)?.[1];
  const channel = minor ? `1.${minor}/stable` : 'latest/stable';
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
  return { goroot: '/snap/go/current', goBinary: '/snap/bin/go', versionPrefix: minor ? `go version go1.${minor}` : 'go version go' };
}

export function packageSteps(ctx: PlanContext): Promise<PackagedGo> {
  const query = ctx.query ?? runQuery;
  return ctx.options.method === 'apt' ? aptSteps(ctx, query) : snapSteps(ctx, query);
}
