// Streaming download with sha256 verification, resume, retry, a speed floor and progress — and, for the install,
// unpacking while the bytes arrive: each chunk goes at once to the cache file, to the sha256 and to `tar -xz`
// in the staging directory. The file only appears at `dest` once its digest matches: until then it lives at
// `dest.partial`, which may be resumed but is never trusted on its own. The unpacked tree is only used once the
// digest matches too (a mismatch removes it). A retry resumes the cache file and restarts the unpack from its
// first byte (the prefix is read back from the disk).
import { spawn, spawnSync } from 'node:child_process';
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTranslator } from '../i18n/index.js';
import { redact } from '../redact.js';
import type { Translate } from '../types.js';
import { DEFAULT_SPEED_FLOOR, describeNetworkError, NetError, request, SpeedFloor, speedFloorMessage, type SpeedFloorOptions } from './http.js';
import type { ProxySettings } from './proxy.js';

export interface DownloadProgress {
  bytes: number;
  total: number | null;
  bytesPerSecond: number;
  etaSeconds: number | null;
  /** Entries unpacked so far, when unpacking while downloading. */
  entries?: number;
}

export interface UnpackOptions {
  /** The staging directory: made empty before each attempt, removed when the digest does not match. */
  dir: string;
  /** Run tar (and the directory's mkdir/rm) through `sudo -n`: the directory's parent belongs to root. */
  sudo?: boolean;
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
  /** Extra attempts after a transient failure (connection reset, 5xx, too slow). Default 4. */
  retries?: number;
  /** Where the expected digest came from, for the mismatch message (e.g. the index URL or '--sha256'). */
  sha256Source?: string;
  t?: Translate;
  /** First backoff delay; doubles each retry (capped at 8 s). Default 500 ms. */
  retryDelayMs?: number;
  /** Give up on an attempt whose speed stays under this floor (default: 1 KiB/s for 60 s, as the exported script). */
  speedFloor?: SpeedFloorOptions;
  /** Connect and receive the headers within this long (default 15 s). */
  headersTimeoutMs?: number;
  /** Also unpack the archive (`tar -xz`) into this directory while it arrives. */
  unpack?: UnpackOptions;
}

export interface DownloadResult {
  path: string;
  bytes: number;
  fromCache: boolean;
}

export type DownloadErrorKind = 'checksum' | 'http' | 'network' | 'size' | 'no-space' | 'unpack';

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
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
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

  try {
    const cached = await fromCache(opts, expected, t);
    if (cached) return cached;

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
  } catch (error) {
    // Whatever went wrong, an unpacked tree whose archive was not verified is not left behind.
    if (opts.unpack) removeDir(opts.unpack);
    throw error;
  }
}

/** A verified archive already at `dest`: checked again (and unpacked from the disk, when asked) while it is read. */
async function fromCache(opts: DownloadOptions, expected: string, t: Translate): Promise<DownloadResult | null> {
  const existing = await sizeOf(opts.dest);
  if (existing === null) return null;
  const unpacker = opts.unpack ? startUnpack(opts.unpack, t) : null;
  const hash = createHash('sha256');
  const meter = progressMeter(opts, 0, existing, unpacker);
  for await (const chunk of createReadStream(opts.dest)) {
    hash.update(chunk as Buffer);
    await unpacker?.write(chunk as Buffer);
    meter.add((chunk as Buffer).length);
  }
  meter.done();
  const unpacked = await unpacker?.finish();
  if (hash.digest('hex') === expected) {
    if (unpacked && !unpacked.ok) throw new DownloadError(t('net.unpack.failed', { detail: unpacked.detail }), 'unpack', false);
    return { path: opts.dest, bytes: existing, fromCache: true };
  }
  await rm(opts.dest, { force: true });
  return null;
}

/**
 * Maps a thrown error to one clear message. Network failures (NetError, socket errors) are worth retrying; an
 * error carrying an errno code from the file system is not.
 */
function asDownloadError(error: unknown, opts: DownloadOptions, t: Translate): DownloadError {
  const code = (error as { code?: string }).code;
  if (code === 'ENOSPC') {
    const size = opts.size ? `${(opts.size / 1024 / 1024).toFixed(1)} MiB` : '?';
    return new DownloadError(t('versions.download.noSpace', { dir: dirname(opts.dest), filename: basename(opts.url), size }), 'no-space', false);
  }
  const message = t('versions.download.network', { url: redact(opts.url), error: describeNetworkError(error) });
  // File-system errors name their path; socket errors do not.
  const fileSystem = typeof error === 'object' && error !== null && 'path' in error;
  const certificate = error instanceof NetError && (error.kind === 'tls' || error.kind === 'redirects');
  return new DownloadError(message, 'network', !fileSystem && !certificate);
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
  const url = redact(opts.url);
  // A prefix that is already the whole file: nothing to fetch, only to check (and unpack).
  if (start > 0 && start === knownSize) {
    const unpacker = opts.unpack ? startUnpack(opts.unpack, t) : null;
    const hash = createHash('sha256');
    await replay(partial, hash, unpacker, progressMeter(opts, 0, knownSize, unpacker));
    return finish(opts, partial, hash, start, start, expected, unpacker, t);
  }

  const response = await request(opts.url, {
    proxy: opts.proxy,
    signal: opts.signal,
    headersTimeoutMs: opts.headersTimeoutMs,
    headers: start > 0 ? { range: `bytes=${start}-` } : {},
    t,
  });
  const body = response.body;

  if (response.status === 416) {
    // Our partial is not a prefix the server recognises: drop it and let the retry start from zero.
    body.destroy();
    await rm(partial, { force: true });
    throw new DownloadError(t('versions.download.http', { url, status: 416 }), 'http', true);
  }
  if (response.status < 200 || response.status > 299) {
    body.destroy();
    const transient = response.status >= 500 || response.status === 408 || response.status === 429;
    throw new DownloadError(t('versions.download.http', { url, status: response.status }), 'http', transient);
  }

  let offset = 0;
  let total: number | null = knownSize;
  const contentRange = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(String(response.headers['content-range'] ?? ''));
  if (response.status === 206) {
    if (start === 0 || !contentRange || Number(contentRange[1]) !== start) {
      // A range we did not ask for cannot be stitched to our prefix: start over on the next attempt.
      body.destroy();
      await rm(partial, { force: true });
      throw new DownloadError(t('versions.download.http', { url, status: 206 }), 'http', true);
    }
    offset = start;
    total = Number(contentRange[3]);
  } else {
    // A full answer (the server ignored Range, or we asked for everything): the old prefix is worthless.
    const length = Number(response.headers['content-length']);
    if (Number.isFinite(length) && length > 0) total = knownSize ?? length;
  }

  const unpacker = opts.unpack ? startUnpack(opts.unpack, t) : null;
  const hash = createHash('sha256');
  const meter = progressMeter(opts, offset, total, unpacker);
  if (offset > 0) await replay(partial, hash, unpacker, null);

  const floor = opts.speedFloor ?? DEFAULT_SPEED_FLOOR;
  const guard = new SpeedFloor(floor, (error) => body.destroy(error), speedFloorMessage(opts.url, floor, t));
  const handle = await open(partial, offset === 0 ? 'w' : 'a');
  let bytes = offset;
  try {
    for await (const chunk of body) {
      const data = chunk as Buffer;
      hash.update(data);
      guard.add(data.length);
      await Promise.all([writeAll(handle, data), unpacker?.write(data)]);
      bytes += data.length;
      meter.add(data.length);
    }
    meter.done();
    await handle.sync();
  } catch (error) {
    unpacker?.abort();
    throw error;
  } finally {
    guard.stop();
    await handle.close();
  }
  return finish(opts, partial, hash, bytes, offset, expected, unpacker, t);
}

async function writeAll(handle: FileHandle, data: Buffer): Promise<void> {
  let written = 0;
  while (written < data.length) written += (await handle.write(data, written, data.length - written)).bytesWritten;
}

/** Feeds the bytes already on disk to the hash and the unpacker (a resumed download restarts the unpack). */
async function replay(path: string, hash: Hash, unpacker: Unpacker | null, meter: ProgressMeter | null): Promise<void> {
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    await unpacker?.write(chunk as Buffer);
    meter?.add((chunk as Buffer).length);
  }
  meter?.done();
}

/** Checks size and digest. A mismatch after a resume may be the old prefix's fault, so that case is retried from zero. */
async function finish(
  opts: DownloadOptions,
  partial: string,
  hash: Hash,
  bytes: number,
  resumedFrom: number,
  expected: string,
  unpacker: Unpacker | null,
  t: Translate,
): Promise<number> {
  const unpacked = await unpacker?.finish();
  const url = redact(opts.url);
  if (opts.size && opts.size > 0 && bytes !== opts.size) {
    await rm(partial, { force: true });
    throw new DownloadError(t('versions.download.size', { url, actual: bytes, expected: opts.size }), 'size', resumedFrom > 0);
  }
  const actual = hash.digest('hex');
  if (actual !== expected) {
    await rm(partial, { force: true });
    if (opts.unpack) removeDir(opts.unpack);
    const message = t('versions.download.checksum', {
      filename: basename(new URL(opts.url).pathname),
      expected,
      actual,
      source: opts.sha256Source ?? 'the index',
    });
    throw new DownloadError(message, 'checksum', resumedFrom > 0);
  }
  if (unpacked && !unpacked.ok) {
    // The archive is the right one: the unpack failed for a local reason (disk full, permissions).
    throw new DownloadError(t('net.unpack.failed', { detail: unpacked.detail }), 'unpack', false);
  }
  return bytes;
}

// ---------------------------------------------------------------------------------------------
// Progress

interface ProgressMeter {
  add(bytes: number): void;
  /** The final report (always sent). */
  done(): void;
}

function progressMeter(opts: DownloadOptions, offset: number, total: number | null, unpacker: Unpacker | null): ProgressMeter {
  const started = performance.now();
  let bytes = offset;
  let lastReport = 0;
  const report = () => {
    const seconds = (performance.now() - started) / 1000;
    const bytesPerSecond = seconds > 0 ? (bytes - offset) / seconds : 0;
    const etaSeconds = total !== null && bytesPerSecond > 0 ? Math.max(0, (total - bytes) / bytesPerSecond) : null;
    opts.onProgress?.({ bytes, total, bytesPerSecond, etaSeconds, ...(unpacker ? { entries: unpacker.entries() } : {}) });
  };
  return {
    add(n) {
      bytes += n;
      const now = performance.now();
      if (opts.onProgress && now - lastReport >= PROGRESS_INTERVAL_MS) {
        lastReport = now;
        report();
      }
    },
    done: report,
  };
}

// ---------------------------------------------------------------------------------------------
// Unpacking

interface Unpacker {
  /** Resolves when tar has taken the chunk (backpressure); never rejects — a dead tar is reported by finish(). */
  write(chunk: Buffer): Promise<void>;
  entries(): number;
  /** Closes tar's input and waits for it. */
  finish(): Promise<{ ok: boolean; detail: string }>;
  abort(): void;
}

function asRoot(sudo: boolean | undefined, argv: string[]): [string, string[]] {
  return sudo ? ['sudo', ['-n', '--', ...argv]] : [argv[0]!, argv.slice(1)];
}

function removeDir(unpack: UnpackOptions): void {
  const [command, args] = asRoot(unpack.sudo, ['rm', '-rf', '--', unpack.dir]);
  spawnSync(command, args, { stdio: 'ignore' });
}

/** Makes the staging directory empty and starts `tar -xzv` into it, reading the archive from its stdin. */
function startUnpack(unpack: UnpackOptions, t: Translate): Unpacker {
  removeDir(unpack);
  const [mkCommand, mkArgs] = asRoot(unpack.sudo, ['mkdir', '-p', '--', unpack.dir]);
  const made = spawnSync(mkCommand, mkArgs, { encoding: 'utf8' });
  if (made.status !== 0) throw new DownloadError(t('net.unpack.failed', { detail: (made.stderr || made.error?.message || '').trim() }), 'unpack', false);

  // --no-same-owner: as root, tar would otherwise keep the archive's owners.
  const [command, args] = asRoot(unpack.sudo, ['tar', '-xzvf', '-', '-C', unpack.dir, '--no-same-owner']);
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let entries = 0;
  let stderr = '';
  let alive = true;
  const exited = new Promise<{ ok: boolean; detail: string }>((resolve) => {
    child.on('error', (error) => {
      alive = false;
      resolve({ ok: false, detail: error.message });
    });
    child.on('close', (code, signal) => {
      alive = false;
      resolve({ ok: code === 0, detail: stderr.trim().split('\n').slice(-3).join('; ') || `tar exited with ${signal ?? code}` });
    });
  });
  child.stdout.on('data', (chunk: Buffer) => {
    for (const byte of chunk) if (byte === 10) entries++;
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const stdin: Writable = child.stdin;
  // tar may stop reading (a corrupt archive, a full disk): EPIPE is expected then, and reported by finish().
  stdin.on('error', () => {
    alive = false;
  });
  return {
    write(chunk) {
      if (!alive || stdin.destroyed) return Promise.resolve();
      if (stdin.write(chunk)) return Promise.resolve();
      return new Promise((resolve) => {
        const done = () => {
          stdin.off('drain', done);
          stdin.off('close', done);
          resolve();
        };
        stdin.on('drain', done);
        stdin.on('close', done);
      });
    },
    entries: () => entries,
    finish() {
      stdin.end();
      return exited;
    },
    abort() {
      alive = false;
      stdin.destroy();
      child.kill('SIGTERM');
    },
  };
}
