// `versions [--json] [--all] [--index-url URL] [--mirror M] [--http-proxy/--https-proxy URL] [--no-proxy HOSTS]`: the Go versions installable on this machine's architecture,
// from the live index or, when it cannot be reached, from the shipped snapshot (said plainly, with its date).
import { detectArch } from '../detect/arch.js';
import { createHost } from '../host/host.js';
import { proxySettings } from '../net/proxy.js';
import { redact } from '../redact.js';
import type { CommandContext, LoadedIndex } from '../types.js';
import { EXIT } from '../types.js';
import { compareGoVersions, parseGoVersion } from '../versions/grammar.js';
import { detectExistingGo } from '../detect/go.js';
import { archiveFor, loadIndex } from '../versions/index.js';
import { latestStable, sortedReleases, supportedMinors } from '../versions/support.js';

export interface VersionRow {
  version: string;
  stable: boolean;
  supported: boolean;
  filename: string;
  sha256: string;
  size: number;
}

/** Releases with a linux archive for `goArch`, newest first; without `all`, only the newest stable patch of each major. */
export function installableVersions(index: LoadedIndex, goArch: string, all: boolean): VersionRow[] {
  const supported = new Set(supportedMinors(index.releases).map((m) => m.minor));
  const seenMajors = new Set<number>();
  const rows: VersionRow[] = [];
  for (const release of sortedReleases(index.releases)) {
    const file = archiveFor(release, goArch);
    if (!file) continue;
    const version = parseGoVersion(release.version)!;
    if (!all) {
      if (!release.stable || seenMajors.has(version.minor)) continue;
      seenMajors.add(version.minor);
    }
    rows.push({
      version: release.version,
      stable: release.stable,
      supported: release.stable && supported.has(`1.${version.minor}`),
      filename: file.filename,
      sha256: file.sha256,
      size: file.size,
    });
  }
  return rows;
}

export default async function run(ctx: CommandContext): Promise<number> {
  const { t } = ctx;
  const proxy = proxySettings(ctx.options, ctx.env, t);
  const host = createHost({ sysroot: ctx.options.sysroot, env: ctx.env });
  const [arch, index, found] = await Promise.all([
    detectArch(host),
    loadIndex({ indexUrl: ctx.options.indexUrl, mirror: ctx.options.mirror, proxy }),
    detectExistingGo(host, ctx.paths.home).catch(() => []),
  ]);
  // Installed trees (one line per GOROOT), newest first, the default one marked.
  const installed = found
    .filter((go) => go.version && go.goroot)
    .map((go) => ({ version: go.version!, goroot: go.goroot!, path: go.path, source: go.source, default: go.default === true }))
    .sort((a, b) => compareGoVersions(b.version, a.version));
  const goArch = arch.userlandGoArch ?? arch.goArch;
  if (!goArch) {
    ctx.stderr.write(`go-setup-wizard: ${t('versions.list.unknownArch', { machine: arch.machine || '?' })}\n`);
    return EXIT.failedUnchanged;
  }
  const rows = installableVersions(index, goArch, ctx.flags.all);
  const latest = latestStable(index.releases, (r) => archiveFor(r, goArch) !== undefined)?.version ?? null;

  if (ctx.flags.json) {
    const out = {
      source: index.source,
      ...(index.source === 'snapshot' ? { snapshotDate: index.snapshotDate, fallbackReason: index.fallbackReason } : {}),
      url: redact(index.url),
      arch: goArch,
      latest,
      supported: supportedMinors(index.releases).map((m) => m.minor),
      releases: rows,
      installed,
    };
    ctx.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return EXIT.ok;
  }

  const lines: string[] = [];
  if (index.source === 'snapshot') {
    lines.push(t('versions.list.snapshot', { date: index.snapshotDate ?? '?', reason: index.fallbackReason ?? '' }), '');
  }
  if (rows.length === 0) {
    lines.push(t('versions.list.none', { arch: goArch }));
  } else {
    lines.push(t(ctx.flags.all ? 'versions.list.headerAll' : 'versions.list.header', { arch: goArch }));
    const width = Math.max(...rows.map((r) => r.version.length));
    for (const row of rows) {
      const marks = [
        row.version === latest ? t('versions.list.latest') : '',
        row.supported ? t('versions.list.supported') : '',
        row.stable ? '' : t('versions.list.unstable'),
        row.sha256 ? '' : t('versions.list.noDigest'),
      ].filter(Boolean);
      lines.push(`  ${row.version.padEnd(width)}${marks.length ? `  (${marks.join(', ')})` : ''}`.trimEnd());
    }
  }
  if (installed.length) {
    lines.push('', t('apt.versions.installed'));
    const width = Math.max(...installed.map((i) => i.version.length));
    for (const go of installed) {
      lines.push(`  ${go.version.padEnd(width)}  ${go.goroot}  (${[t(`detect.value.source.${go.source}`), ...(go.default ? [t('apt.versions.default')] : [])].join(', ')})`);
    }
    lines.push(t('apt.versions.switch'));
  }
  lines.push('');
  if (index.source === 'live') lines.push(t('versions.list.live', { url: redact(index.url) }));
  if (!ctx.flags.all) lines.push(t('versions.list.more'));
  ctx.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.ok;
}
