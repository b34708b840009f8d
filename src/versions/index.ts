// The Go download index (go.dev/dl/?mode=json&include=all): fetched live through the proxy, validated strictly,
// else the snapshot shipped with the wizard (labelled with its date and why the live index was not used).
import { UserError } from '../errors.js';
import { createTranslator } from '../i18n/index.js';
import { describeNetworkError, fetchJson } from '../net/http.js';
import type { ProxySettings } from '../net/proxy.js';
import { redact } from '../redact.js';
import type { IndexFile, LoadedIndex, Release, ResolvedRelease, Translate } from '../types.js';
import { defaultIndexUrl, GOOGLE_CN_INDEX_URL, OFFICIAL_INDEX_URL } from './mirrors.js';
import { parseGoVersion, parseGoVersionSpec, satisfiesSpec } from './grammar.js';
import { latestStable, sortedReleases } from './support.js';

// ---------------------------------------------------------------------------------------------
// Validation

const FILENAME = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;
const DIGEST = /^([0-9a-f]{64})?$/;

/** Checks the go.dev index shape field by field; the error names the first bad field. */
export function validateIndex(data: unknown): Release[] {
  const fail = (where: string, what: string): never => {
    throw new Error(`${where} ${what}`);
  };
  if (!Array.isArray(data)) fail('the index', 'is not a JSON array');
  const releases = data as unknown[];
  if (releases.length === 0) fail('the index', 'lists no releases');
  return releases.map((raw, r) => {
    const at = `releases[${r}]`;
    if (!isObject(raw)) return fail(at, 'is not an object');
    if (typeof raw.version !== 'string' || !parseGoVersion(raw.version)) fail(`${at}.version`, 'is not a Go version');
    if (typeof raw.stable !== 'boolean') fail(`${at}.stable`, 'is not true or false');
    if (!Array.isArray(raw.files)) fail(`${at}.files`, 'is not a list');
    const files = (raw.files as unknown[]).map((file, f): IndexFile => {
      const fat = `${at}.files[${f}]`;
      if (!isObject(file)) return fail(fat, 'is not an object');
      if (typeof file.filename !== 'string' || !FILENAME.test(file.filename)) fail(`${fat}.filename`, 'is not a plain file name');
      for (const key of ['os', 'arch', 'version', 'kind'] as const) {
        if (typeof file[key] !== 'string') fail(`${fat}.${key}`, 'is not a string');
      }
      if (typeof file.sha256 !== 'string' || !DIGEST.test(file.sha256)) fail(`${fat}.sha256`, 'is not a sha256 hex digest');
      if (!Number.isSafeInteger(file.size) || (file.size as number) < 0) fail(`${fat}.size`, 'is not a byte count');
      return {
        filename: file.filename as string,
        os: file.os as string,
        arch: file.arch as string,
        version: file.version as string,
        sha256: file.sha256 as string,
        size: file.size as number,
        kind: file.kind as string,
      };
    });
    return { version: raw.version as string, stable: raw.stable as boolean, files };
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------
// Loading

export interface LoadIndexOptions {
  /** An explicit index (--index-url); otherwise the mirror's default, then the other official source. */
  indexUrl?: string;
  mirror: string;
  proxy: ProxySettings;
  /** Per source (default 10 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
  t?: Translate;
}

/** The full go.dev index is about 2 MB; anything much larger is not an index (and must not fill the memory). */
export const MAX_INDEX_BYTES = 8 * 1024 * 1024;

async function fetchIndex(url: string, opts: LoadIndexOptions, signal: AbortSignal): Promise<Release[]> {
  const data = await fetchJson(url, {
    proxy: opts.proxy,
    timeoutMs: opts.timeoutMs ?? 10_000,
    maxBytes: MAX_INDEX_BYTES,
    signal,
    headers: { accept: 'application/json' },
    t: opts.t,
  });
  return validateIndex(data);
}

/**
 * Loads the index. An explicit `--index-url` must answer with a valid index: when it cannot be read, that is an
 * error naming the reason (exit 2, nothing changed), never a silent fallback. Otherwise the mirror's default
 * index is asked with the other official source (go.dev ↔ golang.google.cn, same data) in parallel; when
 * neither answers, the snapshot of the official index shipped with the wizard is returned with the reason.
 */
export async function loadIndex(opts: LoadIndexOptions): Promise<LoadedIndex> {
  const t = opts.t ?? createTranslator('en');
  if (opts.indexUrl) {
    try {
      return { releases: await fetchIndex(opts.indexUrl, opts, opts.signal ?? new AbortController().signal), source: 'live', url: opts.indexUrl };
    } catch (error) {
      if (opts.signal?.aborted) throw opts.signal.reason;
      throw new UserError(t('net.index.unreadable', { url: redact(opts.indexUrl), reason: describeNetworkError(error) }));
    }
  }
  const urls = [...new Set([defaultIndexUrl(opts.mirror), OFFICIAL_INDEX_URL, GOOGLE_CN_INDEX_URL])];
  const losers = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, losers.signal]) : losers.signal;
  const attempts = urls.map((url) =>
    fetchIndex(url, opts, signal).then(
      (releases) => ({ url, releases, error: null }),
      (error: unknown) => ({ url, releases: null, error: describeNetworkError(error) }),
    ),
  );
  const failures: string[] = [];
  for (const attempt of attempts) {
    const { url, releases, error } = await attempt;
    if (releases) {
      losers.abort();
      return { releases, source: 'live', url };
    }
    failures.push(`${redact(url)}: ${error}`);
  }
  if (opts.signal?.aborted) throw opts.signal.reason;
  return loadSnapshot(failures.join('; '));
}

export interface Snapshot {
  date: string;
  source: string;
  releases: Release[];
}

/**
 * The snapshot shipped in the bundle (validated like a live index: a bad snapshot is a build error). It is most of
 * this module's size and only a fallback, so it is loaded only when asked for.
 */
export async function shippedSnapshot(): Promise<Snapshot> {
  const { default: snapshot } = await import('./snapshot.json', { with: { type: 'json' } });
  return { date: snapshot.date, source: snapshot.source, releases: validateIndex(snapshot.releases) };
}

/** The shipped snapshot, always of the official index (it stands in for the default index only). */
export async function loadSnapshot(reason: string): Promise<LoadedIndex> {
  const { date, releases } = await shippedSnapshot();
  return { releases, source: 'snapshot', url: OFFICIAL_INDEX_URL, snapshotDate: date, fallbackReason: reason };
}

// ---------------------------------------------------------------------------------------------
// Resolution

/** The linux archive of a release for one Go arch, if the release has one. */
export function archiveFor(release: Release, goArch: string): IndexFile | undefined {
  return release.files.find((f) => f.os === 'linux' && f.arch === goArch && f.kind === 'archive' && f.filename.endsWith('.tar.gz'));
}

/** Where a digest came from, for the preview and for the checksum-mismatch message. */
export function digestSource(index: LoadedIndex): string {
  return index.source === 'snapshot' ? `the snapshot of the official index (${OFFICIAL_INDEX_URL}) shipped with go-setup-wizard, dated ${index.snapshotDate}` : index.url;
}

export interface ResolveOptions {
  /** --sha256: required when the index has no digest for the file; must agree with it when it has one. */
  sha256?: string;
  t?: Translate;
}

/**
 * Picks the release for `--go-version` and the archive for `goArch`:
 * 'latest' = the newest stable release (rc releases sort above older stables with include=all and are skipped),
 * '1.27' = the newest stable patch of 1.27, '1.27.1' / 'go1.27.1' = exactly that release.
 */
export function resolveRelease(
  index: LoadedIndex,
  spec: string,
  goArch: string,
  mirrorBase: string,
  options: ResolveOptions = {},
): ResolvedRelease {
  const t = options.t ?? createTranslator('en');
  const wanted = parseGoVersionSpec(spec, { prerelease: true });
  if (!wanted) throw new UserError(t('versions.resolve.badSpec', { spec }));
  const release = sortedReleases(index.releases).find((candidate) => satisfiesSpec(candidate.version, candidate.stable, wanted));
  if (!release) {
    const newest = latestStable(index.releases)?.version ?? '?';
    throw new UserError(t('versions.resolve.notFound', { spec, newest, source: digestSource(index) }));
  }
  const file = archiveFor(release, goArch);
  if (!file) throw new UserError(t('versions.resolve.noArchive', { version: release.version, arch: goArch }));

  const given = options.sha256?.toLowerCase();
  if (!file.sha256 && !given) {
    throw new UserError(t('versions.resolve.noDigest', { filename: file.filename, source: digestSource(index) }));
  }
  if (file.sha256 && given && given !== file.sha256) {
    throw new UserError(t('versions.resolve.digestConflict', { filename: file.filename, given, expected: file.sha256 }));
  }
  return {
    version: release.version,
    filename: file.filename,
    sha256: file.sha256 || given!,
    size: file.size,
    url: `${mirrorBase}${file.filename}`,
    sha256Source: file.sha256 ? digestSource(index) : '--sha256',
  };
}
