// Streaming download with sha256 verification, resume, retry and progress. The file only appears at `dest` once its
// digest matches: until then it lives at `dest.partial`, which may be resumed but is never trusted on its own.
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTranslator } from '../i18n/index.js';
import { redact } from '../redact.js';
import type { Translate } from '../types.js';
import { describeNetworkError, proxyFetch, type ProxySettings } from './proxy.js';

export interface DownloadProgress {
  bytes: number;
  total: number | null;
  bytesPerSecond: number;
  etaSeconds: number | null;
}

export interface DownloadOptions {
  url: string;
  /** Expected lower-case hex sha256. */
  sha256: string;
  /** Expected size in bytes (0 or undefined: unknown). */
  size?: number;
  dest: string;
  proxy: ProxySettings;
  signal?: AbortSignal;
  /** Called at most ~10 times a second, and once more when the last byte arrived. */
  onProgress?: (p: DownloadProgress) => void;
  /** Extra attempts after a transient failure (connection reset, 5xx, timeout). Default 4. */
  retries?: number;
  /** Where the expected digest came from, for the mismatch message (e.g. the index URL or '--sha256'). */
  sha256Source?: string;
  t?: Translate;
  /** First backoff delay; doubles each retry (capped at 8 s). Default 500 ms. */
  retryDelayMs?: number;
  /** Give up on a transfer that sends nothing for this long. Default 30 s. */
  idleTimeoutMs?: number;
}

export interface DownloadResult {
  path: string;
  bytes: number;
  fromCache: boolean;
}

export type DownloadErrorKind = 'checksum' | 'http' | 'network' | 'size' | 'no-space';

export class DownloadError extends Error {
  constructor(
    message: string,
    readonly kind: DownloadErrorKind,
    /** Worth another attempt: the cause may be gone next time. */
    readonly transient: boolean,
  ) {
    super(message);
    this.name = 'DownloadError';
  }
}

const PROGRESS_INTERVAL_MS = 100;
const MAX_BACKOFF_MS = 8000;

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await hashInto(hash, path);
  return hash.digest('hex');
}

async function sizeOf(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch {
    return null;
  }
}

export async function download(opts: DownloadOptions): Promise<DownloadResult> {
  const t = opts.t ?? createTranslator('en');
  const expected = opts.sha256.toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(expected)) throw new Error(`download: ${opts.sha256} is not a sha256 hex digest`);
  const partial = `${opts.dest}.partial`;
  await mkdir(dirname(opts.dest), { recursive: true });

  const existing = await sizeOf(opts.dest);
  if (existing !== null) {
    if ((await sha256File(opts.dest)) === expected) return { path: opts.dest, bytes: existing, fromCache: true };
    await rm(opts.dest, { force: true });
  }

  const retries = opts.retries ?? 4;
  for (let attempt = 0; ; attempt++) {
    opts.signal?.throwIfAborted();
    try {
      const bytes = await transfer(opts, partial, expected, t);
      await rename(partial, opts.dest);
      return { path: opts.dest, bytes, fromCache: false };
    } catch (error) {
      if (opts.signal?.aborted) throw opts.signal.reason;
      const failure = error instanceof DownloadError ? error : asDownloadError(error, opts, t);
      if (failure.kind === 'no-space') await rm(partial, { force: true });
      if (!failure.transient || attempt >= retries) throw failure;
      const delay = Math.min((opts.retryDelayMs ?? 500) * 2 ** attempt, MAX_BACKOFF_MS);
      await sleep(delay, undefined, { signal: opts.signal });
    }
  }
}

/**
 * Maps a thrown error to one clear message. Network failures reach us wrapped by fetch (no `code` of their own)
 * and are worth retrying; an error carrying an errno code comes from the file system and is not.
 */
function asDownloadError(error: unknown, opts: DownloadOptions, t: Translate): DownloadError {
  const code = (error as { code?: string }).code;
  if (code === 'ENOSPC') {
    const size = opts.size ? `${(opts.size / 1024 / 1024).toFixed(1)} MiB` : '?';
    return new DownloadError(
      t('versions.download.noSpace', { dir: dirname(opts.dest), filename: basename(opts.url), size }),
      'no-space',
      false,
    );
  }
  const message = t('versions.download.network', { url: redact(opts.url), error: describeNetworkError(error) });
  return new DownloadError(message, 'network', !code?.startsWith('E'));
}

/**
 * One attempt: resume `partial` when the server honours Range (206 with a matching Content-Range), else start
 * over. Returns the byte count once the whole file is in `partial` and its digest matches.
 */
async function transfer(opts: DownloadOptions, partial: string, expected: string, t: Translate): Promise<number> {
  const knownSize = opts.size && opts.size > 0 ? opts.size : null;
  let start = (await sizeOf(partial)) ?? 0;
  if (knownSize !== null && start > knownSize) {
    await rm(partial, { force: true });
    start = 0;
  }

  const hash = createHash('sha256');
  if (start > 0) await hashInto(hash, partial);
  if (start > 0 && start === knownSize) return finish(opts, partial, hash, start, start, expected, t);

  const response = await proxyFetch(opts.url, {
    proxy: opts.proxy,
    signal: opts.signal,
    timeouts: { idleTimeoutMs: opts.idleTimeoutMs },
    headers: start > 0 ? { range: `bytes=${start}-` } : {},
  });
  const url = redact(opts.url);

  if (response.status === 416) {
    // Our partial is not a prefix the server recognises: drop it and let the retry start from zero.
    await response.body?.cancel();
    await rm(partial, { force: true });
    throw new DownloadError(t('versions.download.http', { url, status: 416 }), 'http', true);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    const transient = response.status >= 500 || response.status === 408 || response.status === 429;
    throw new DownloadError(t('versions.download.http', { url, status: response.status }), 'http', transient);
  }

  let offset = 0;
  let total: number | null = knownSize;
  const contentRange = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(response.headers.get('content-range') ?? '');
  if (response.status === 206) {
    if (start === 0 || !contentRange || Number(contentRange[1]) !== start) {
      // A range we did not ask for cannot be stitched to our prefix: start over on the next attempt.
      await response.body.cancel();
      await rm(partial, { force: true });
      throw new DownloadError(t('versions.download.http', { url, status: 206 }), 'http', true);
    }
    offset = start;
    total = Number(contentRange[3]);
  } else {
    // A full answer (the server ignored Range, or we asked for everything): the old prefix is worthless.
    const length = Number(response.headers.get('content-length'));
    if (response.status === 200 && Number.isFinite(length) && length > 0) total = knownSize ?? length;
  }
  const digest = offset === 0 ? createHash('sha256') : hash;

  const handle = await open(partial, offset === 0 ? 'w' : 'a');
  let bytes = offset;
  try {
    bytes = await pump(response.body, handle, digest, offset, total, opts.onProgress);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return finish(opts, partial, digest, bytes, offset, expected, t);
}

async function hashInto(hash: Hash, path: string): Promise<void> {
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
}

/** Streams the body into the file and the hash, reporting progress at most every 100 ms. */
async function pump(
  body: AsyncIterable<Uint8Array>,
  handle: FileHandle,
  hash: Hash,
  offset: number,
  total: number | null,
  onProgress: DownloadOptions['onProgress'],
): Promise<number> {
  const started = performance.now();
  let bytes = offset;
  let lastReport = 0;
  const report = () => {
    const seconds = (performance.now() - started) / 1000;
    const bytesPerSecond = seconds > 0 ? (bytes - offset) / seconds : 0;
    const etaSeconds = total !== null && bytesPerSecond > 0 ? Math.max(0, (total - bytes) / bytesPerSecond) : null;
    onProgress?.({ bytes, total, bytesPerSecond, etaSeconds });
  };
  for await (const chunk of body) {
    hash.update(chunk);
    await handle.write(chunk);
    bytes += chunk.length;
    const now = performance.now();
    if (onProgress && now - lastReport >= PROGRESS_INTERVAL_MS) {
      lastReport = now;
      report();
    }
  }
  report();
  return bytes;
}

/** Checks size and digest. A mismatch after a resume may be the old prefix's fault, so that case is retried from zero. */
async function finish(
  opts: DownloadOptions,
  partial: string,
  hash: Hash,
  bytes: number,
  resumedFrom: number,
  expected: string,
  t: Translate,
): Promise<number> {
  const url = redact(opts.url);
  if (opts.size && opts.size > 0 && bytes !== opts.size) {
    await rm(partial, { force: true });
    throw new DownloadError(t('versions.download.size', { url, actual: bytes, expected: opts.size }), 'size', resumedFrom > 0);
  }
  const actual = hash.digest('hex');
  if (actual !== expected) {
    await rm(partial, { force: true });
    const message = t('versions.download.checksum', {
      filename: basename(new URL(opts.url).pathname),
      expected,
      actual,
      source: opts.sha256Source ?? 'the index',
    });
    throw new DownloadError(message, 'checksum', resumedFrom > 0);
  }
  return bytes;
}
