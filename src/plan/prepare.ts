// preparePlan: everything a command needs to show or run a plan — detection, the index and the release
// (or the local --archive), then buildPlan. Reads only; changes nothing.
import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { detect } from '../detect/index.js';
import { UserError } from '../errors.js';
import { createHost, type Host } from '../host/host.js';
import { proxySettings } from '../net/proxy.js';
import type { AppPaths, Detection, InstallOptions, LinuxArchive, LoadedIndex, PinnedDigests, Plan, Release, ResolvedRelease, Translate } from '../types.js';
import { archiveArch, archiveVersion, parseGoVersionSpec, satisfiesSpec } from '../versions/grammar.js';
import { digestSource, loadIndex, resolveRelease } from '../versions/index.js';
import { chooseMirror } from '../versions/mirrors.js';
import { assertInstallTarget } from '../install-target.js';
import { assertAlongsideOptions } from './alongside.js';
import { buildPlan, defaultScope, defaultTarget, privilegeProblem } from './build.js';
import type { BuildInput } from './context.js';

/** What a plan is made from: the CLI's context is one (it has more), the wizard builds one from its answers. */
export interface PlanRequest {
  options: InstallOptions;
  env: NodeJS.ProcessEnv;
  paths: AppPaths;
  t: Translate;
  /** Digests pinned by the --config answers file (a classroom's), if it pins any. */
  pinnedDigests?: PinnedDigests;
}

export interface PrepareOptions {
  /** The machine the plan is for: its files are what the plan reads (default: this one, system files under --sysroot). */
  host?: Host;
  detection?: Detection;
  index?: LoadedIndex;
  runId?: string;
  /** Passed to buildPlan (tests fake snap with it). */
  query?: BuildInput['query'];
  /**
   * The plan is about to be carried out by this user (not only shown or exported): refuse it up front, as bad
   * usage, when a step needs root and there is neither root nor sudo. Such a plan is never exported: it has no
   * portable plan (BuildInput.noExport).
   */
  toCarryOut?: boolean;
  /** `bundle`: the --archive will sit next to the exported script, wherever that folder is moved. */
  archiveBesideScript?: boolean;
}

/** `YYYYMMDD-HHMMSS-xxxx` (UTC): sorts by time, unique enough for one user's runs. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

/** Every Linux archive of `version` the index gives a digest for: the exports pick one by the host's arch. */
export function linuxArchives(index: LoadedIndex, version: string): LinuxArchive[] {
  const release = index.releases.find((r) => r.version === version);
  return (release?.files ?? [])
    .filter((f) => f.os === 'linux' && f.kind === 'archive' && /^[0-9a-f]{64}$/.test(f.sha256))
    .map((f) => ({ arch: f.arch, filename: f.filename, sha256: f.sha256, size: f.size }));
}

/** Whether a local archive's release is what --go-version asked for: any release for 'latest' (the file is the choice). */
function satisfies(version: string, spec: string): boolean {
  const wanted = parseGoVersionSpec(spec, { prerelease: true });
  return wanted !== null && satisfiesSpec(version, true, wanted);
}

async function archiveRelease(request: PlanRequest, host: Host, archive: string, index: () => Promise<LoadedIndex>): Promise<ResolvedRelease> {
  const { t, options } = request;
  const filename = basename(archive);
  const version = archiveVersion(filename);
  const arch = archiveArch(filename) ?? '';
  if (!version) throw new UserError(t('plan.error.archiveName', { file: filename }));
  if (!satisfies(version, options.goVersion)) throw new UserError(t('plan.error.archiveVersion', { found: version, wanted: options.goVersion }));
  const found = await host.stat(archive);
  if (!found) throw new UserError(t('plan.error.archiveMissing', { file: archive }));
  const { size } = found;
  let sha256 = options.sha256?.toLowerCase();
  let sha256Source = '--sha256';
  if (!sha256) {
    const loaded = await index();
    const known = loaded.releases.flatMap((r) => r.files).find((f) => f.filename === filename && f.sha256);
    if (!known) throw new UserError(t('plan.error.archiveUnknown', { file: filename }));
    sha256 = known.sha256;
    sha256Source = digestSource(loaded);
  }
  return { version, filename, sha256, size, url: archive, sha256Source, archivePath: archive, archives: arch ? [{ arch, filename, sha256, size }] : [] };
}

/**
 * A digest the --config answers file pins for this archive (a classroom's): it must agree with the index, and the
 * preview credits it to the answers file and the source it names — not to the teacher's index, which only copies it.
 */
function withPinnedDigest(request: PlanRequest, release: ResolvedRelease): ResolvedRelease {
  const pin = request.pinnedDigests;
  const pinned = pin?.files[release.filename];
  if (!pin || !pinned) return release;
  if (pinned !== release.sha256) {
    throw new UserError(request.t('classroom.error.pinConflict', { answers: pin.answers, filename: release.filename, pinned, found: release.sha256, source: release.sha256Source }));
  }
  return { ...release, sha256Source: request.t('classroom.digest.pinned', { source: pin.source, answers: pin.answers }) };
}

/**
 * The release a tarball install would use: the local --archive (digest from --sha256 or the index), or the
 * index's release for this arch at the chosen mirror. `share` and `bundle` resolve their release with it too.
 */
export async function resolveTarballRelease(
  request: PlanRequest,
  host: Host,
  arch: Detection['arch'],
  knownIndex?: LoadedIndex | Promise<LoadedIndex>,
): Promise<ResolvedRelease> {
  const { options, env, t } = request;
  const proxy = proxySettings(options, env, t);
  const index = async () => (await knownIndex) ?? (await readIndex(request));
  if (options.archive) return withPinnedDigest(request, await archiveRelease(request, host, options.archive, index));
  const goArch = arch.userlandGoArch ?? arch.goArch ?? arch.machine;
  const loaded = await index();
  const resolved = withPinnedDigest(request, resolveRelease(loaded, options.goVersion, goArch, '', { sha256: options.sha256, t }));
  const { base, probes } = await chooseMirror(options.mirror, { filename: resolved.filename, proxy, t });
  // Every arch's digest, for the exports that run on other machines (the chosen file keeps the digest resolved for it).
  const archives = linuxArchives(loaded, resolved.version).map((a) => (a.filename === resolved.filename ? { ...a, sha256: resolved.sha256 } : a));
  if (!archives.some((a) => a.filename === resolved.filename)) archives.push({ arch: goArch, filename: resolved.filename, sha256: resolved.sha256, size: resolved.size });
  return { ...resolved, url: `${base}${resolved.filename}`, archives, ...(probes.length ? { mirrorProbes: probes } : {}) };
}

async function aptComparisonReleases(index: LoadedIndex | Promise<LoadedIndex>): Promise<Release[] | undefined> {
  try {
    return (await index).releases;
  } catch {
    return undefined;
  }
}

/** The index the request names (--index-url, --mirror), through its proxies. */
function readIndex(request: PlanRequest): Promise<LoadedIndex> {
  const { options, env, t } = request;
  return loadIndex({ indexUrl: options.indexUrl, mirror: options.mirror, proxy: proxySettings(options, env, t) });
}

/** Whether the plan reads the index whatever the machine: a download (its release and digest), or apt's comparison. */
function indexNeeded(options: InstallOptions): boolean {
  return options.method === 'tarball' ? !options.archive : options.method === 'apt';
}

/** The index, being read: its error is for whoever awaits it (until then it is not an unhandled rejection). */
function readIndexAhead(request: PlanRequest): Promise<LoadedIndex> {
  const reading = readIndex(request);
  reading.catch(() => {});
  return reading;
}

export async function preparePlan(request: PlanRequest, opts: PrepareOptions = {}): Promise<Plan> {
  const { options, env, t } = request;
  assertAlongsideOptions(request);
  const host = opts.host ?? createHost({ sysroot: options.sysroot, env });
  // The index is read while the machine is detected: neither needs the other. A failure to read it is reported only
  // where it is awaited — after the target guard, so a refused target is still the one error given.
  const index = opts.index ?? (indexNeeded(options) ? readIndexAhead(request) : undefined);
  const detection = opts.detection ?? (await detect(host, { t }));
  let release: ResolvedRelease | null = null;
  if (options.method === 'tarball') {
    // A target that may not be replaced is bad input: refused before the index is awaited or a mirror is asked.
    if (!options.alongside) assertInstallTarget(options.installDir ?? defaultTarget(options.scope ?? defaultScope(detection), request.paths.home), request.paths, host.disk, t);
    release = await resolveTarballRelease(request, host, detection.arch, index);
    if (opts.archiveBesideScript && release.archivePath) release = { ...release, archiveBesideScript: true };
  }
  // apt plans compare the package's Go with the supported releases (the snapshot answers when the network does not).
  // (An apt plan always has `index`: the caller's, or the one read ahead.)
  const releases = options.method === 'apt' ? await aptComparisonReleases(index!) : undefined;
  const plan = await buildPlan({
    options,
    detection,
    release,
    releases,
    paths: request.paths,
    env,
    runId: opts.runId ?? newRunId(),
    t,
    query: opts.query,
    disk: host.disk,
    noExport: opts.toCarryOut,
  });
  const cannotRun = opts.toCarryOut ? privilegeProblem(plan, detection, t) : null;
  if (cannotRun) throw new UserError(cannotRun);
  return plan;
}
