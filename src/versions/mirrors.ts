// Where Go archives come from. go.dev and golang.google.cn serve the JSON index and the files; the flat mirrors
// serve only the files, so their digests always come from an official index (SPEC guarantee 5).
import { UserError } from '../errors.js';
import { createTranslator } from '../i18n/index.js';
import { describeNetworkError, proxyFetch, type ProxySettings } from '../net/proxy.js';
import { isMirrorName, MIRROR_BASES } from '../presets.js';
import { redact } from '../redact.js';
import type { Translate } from '../types.js';

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

export interface MirrorProbe {
  base: string;
  ok: boolean;
  /** Time to receive the probe bytes, when ok. */
  ms?: number;
  error?: string;
}

export interface ProbeOptions {
  /** A file every candidate should have, e.g. the release archive about to be downloaded. */
  filename: string;
  proxy: ProxySettings;
  /** Bases to compare; default: every preset. */
  candidates?: string[];
  timeoutMs?: number;
  /** How many bytes each probe asks for (a ranged GET). */
  probeBytes?: number;
  signal?: AbortSignal;
}

/** Fetches the first bytes of `filename` from every candidate at once and times each one. */
export async function probeMirrors(opts: ProbeOptions): Promise<MirrorProbe[]> {
  const candidates = opts.candidates ?? Object.values(MIRROR_BASES);
  const probeBytes = opts.probeBytes ?? 64 * 1024;
  return Promise.all(
    candidates.map(async (base): Promise<MirrorProbe> => {
      const started = performance.now();
      try {
        const response = await proxyFetch(`${base}${opts.filename}`, {
          proxy: opts.proxy,
          timeoutMs: opts.timeoutMs ?? 4000,
          signal: opts.signal,
          headers: { range: `bytes=0-${probeBytes - 1}` },
        });
        const body = new Uint8Array(await response.arrayBuffer());
        if (!response.ok || body.length === 0) return { base, ok: false, error: `HTTP ${response.status}` };
        return { base, ok: true, ms: performance.now() - started };
      } catch (error) {
        return { base, ok: false, error: describeNetworkError(error) };
      }
    }),
  );
}

/** Resolves `--mirror` to a base URL; `auto` picks the preset (or candidate) that answered fastest. */
export async function chooseMirror(
  mirror: string,
  opts: Omit<ProbeOptions, 'candidates'> & { candidates?: string[]; t?: Translate },
): Promise<{ base: string; probes: MirrorProbe[] }> {
  if (mirror !== 'auto') return { base: mirrorBaseUrl(mirror), probes: [] };
  const probes = await probeMirrors(opts);
  const fastest = probes.filter((p) => p.ok).sort((a, b) => (a.ms ?? 0) - (b.ms ?? 0))[0];
  if (!fastest) {
    const t = opts.t ?? createTranslator('en');
    const details = probes.map((p) => `${p.base} (${p.error})`).join(', ');
    throw new UserError(t('versions.mirror.noneAnswered', { file: opts.filename, details: redact(details) }));
  }
  return { base: fastest.base, probes };
}
