// Where Go archives come from. go.dev and golang.google.cn serve the JSON index and the files; the flat mirrors
// serve only the files, so their digests always come from an official index (docs/contract.md, guarantee 5).
import { UserError } from '../errors.js';
import { createTranslator } from '../i18n/index.js';
import { describeNetworkError, request, statusError } from '../net/http.js';
import type { ProxySettings } from '../net/proxy.js';
import { isMirrorName, MIRROR_BASES } from '../presets.js';
import { redact } from '../redact.js';
import type { MirrorMeasurement, Translate } from '../types.js';

const INDEX_QUERY = '?mode=json&include=all';
export const OFFICIAL_INDEX_URL = `${MIRROR_BASES.official}${INDEX_QUERY}`;
export const GOOGLE_CN_INDEX_URL = `${MIRROR_BASES['google-cn']}${INDEX_QUERY}`;

/** A custom mirror: an http(s) URL ending in '/', without credentials in the way of a file name. */
export function isMirrorBaseUrl(value: string): boolean {
  if (!value.endsWith('/') || /[\s\n]/.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.search && !url.hash;
  } catch {
    return false;
  }
}

/**
 * The base URL files are fetched from (base + filename). `auto` has no fixed base: resolve it first with
 * chooseMirror(), which probes the presets.
 */
export function mirrorBaseUrl(mirror: string): string {
  if (isMirrorName(mirror)) return MIRROR_BASES[mirror];
  if (isMirrorBaseUrl(mirror)) return mirror;
  if (mirror === 'auto') throw new Error("mirrorBaseUrl('auto'): call chooseMirror() to probe the mirrors first");
  throw new UserError(createTranslator('en')('versions.mirror.invalid', { value: redact(mirror) }));
}

/** google-cn's JSON for google-cn (reachable from mainland China); the official index otherwise. */
export function defaultIndexUrl(mirror: string): string {
  return mirror === 'google-cn' ? GOOGLE_CN_INDEX_URL : OFFICIAL_INDEX_URL;
}

/** latencyMs: until the response headers arrived; bytesPerSecond: measured while reading (what `auto` ranks by). */
export type MirrorProbe = MirrorMeasurement;

export interface ProbeOptions {
  /** A file every candidate should have, e.g. the release archive about to be downloaded. */
  filename: string;
  proxy: ProxySettings;
  /** Bases to compare; default: every preset. */
  candidates?: string[];
  /** Latency cut-off: a candidate whose headers take longer is left out (default 2 s). */
  timeoutMs?: number;
  /** How long each candidate is read to measure its throughput (default 2 s). */
  probeMs?: number;
  /** At most this many bytes per throughput probe (a ranged GET; default 16 MiB). */
  probeBytes?: number;
  signal?: AbortSignal;
  t?: Translate;
}

/**
 * Probes every candidate: first all at once for latency (time to the response headers of a ranged GET of
 * `filename`, cut off at `timeoutMs`), then one after the other — so they do not share the line — each read for
 * `probeMs` to measure its throughput. The whole probe takes at most timeoutMs + candidates × probeMs.
 */
export async function probeMirrors(opts: ProbeOptions): Promise<MirrorProbe[]> {
  const candidates = opts.candidates ?? Object.values(MIRROR_BASES);
  const probeBytes = opts.probeBytes ?? 16 * 1024 * 1024;
  const cutoff = opts.timeoutMs ?? 2000;
  const reachable = await Promise.all(
    candidates.map(async (base): Promise<MirrorProbe> => {
      const started = performance.now();
      try {
        const response = await request(`${base}${opts.filename}`, {
          proxy: opts.proxy,
          signal: opts.signal,
          headersTimeoutMs: cutoff,
          headers: { range: 'bytes=0-0' },
          t: opts.t,
        });
        const latencyMs = performance.now() - started;
        if (response.status !== 200 && response.status !== 206) return { base, ok: false, latencyMs, error: statusError(response, opts.t).message };
        response.body.destroy();
        return { base, ok: true, latencyMs };
      } catch (error) {
        return { base, ok: false, error: describeNetworkError(error) };
      }
    }),
  );
  const probes: MirrorProbe[] = [];
  for (const probe of reachable) probes.push(probe.ok ? await measureThroughput(probe, opts, probeBytes) : probe);
  return probes;
}

async function measureThroughput(probe: MirrorProbe, opts: ProbeOptions, probeBytes: number): Promise<MirrorProbe> {
  const window = opts.probeMs ?? 2000;
  try {
    const response = await request(`${probe.base}${opts.filename}`, {
      proxy: opts.proxy,
      signal: opts.signal,
      headersTimeoutMs: opts.timeoutMs ?? 2000,
      headers: { range: `bytes=0-${probeBytes - 1}` },
      t: opts.t,
    });
    if (response.status !== 200 && response.status !== 206) return { ...probe, ok: false, error: statusError(response, opts.t).message };
    const started = performance.now();
    let bytes = 0;
    const stop = setTimeout(() => response.body.destroy(), window);
    try {
      for await (const chunk of response.body) {
        bytes += (chunk as Buffer).length;
        if (bytes >= probeBytes) break;
      }
    } catch {
      // destroyed at the end of the window: what arrived until then is the measurement
    } finally {
      clearTimeout(stop);
      response.body.destroy();
    }
    const seconds = Math.max((performance.now() - started) / 1000, 0.001);
    if (bytes === 0) return { ...probe, ok: false, bytes, error: 'no data' };
    return { ...probe, bytes, bytesPerSecond: bytes / seconds };
  } catch (error) {
    return { ...probe, ok: false, error: describeNetworkError(error) };
  }
}

/** Resolves `--mirror` to a base URL; `auto` picks the candidate with the highest measured throughput. */
export async function chooseMirror(mirror: string, opts: ProbeOptions): Promise<{ base: string; probes: MirrorProbe[] }> {
  if (mirror !== 'auto') return { base: mirrorBaseUrl(mirror), probes: [] };
  const probes = await probeMirrors(opts);
  const fastest = probes.filter((p) => p.ok).sort((a, b) => (b.bytesPerSecond ?? 0) - (a.bytesPerSecond ?? 0))[0];
  if (!fastest) {
    const t = opts.t ?? createTranslator('en');
    const details = probes.map((p) => `${p.base} (${p.error})`).join(', ');
    throw new UserError(t('versions.mirror.noneAnswered', { file: opts.filename, details: redact(details) }));
  }
  return { base: fastest.base, probes };
}
