// Streaming download with sha256 verification, resume, retry, a speed floor and progress — and, for the install,
// the unpack into the staging directory as the bytes arrive: each chunk is hashed, written to the cache file and
// inflated here (zlib, off the main thread), and `tar -x` takes the plain tar stream (see startUnpack). The file only
// appears at `dest` once its digest matches: until then it lives at `dest.partial`, which may be resumed but is
// never trusted on its own. The unpacked tree is only used once the digest matches too (a mismatch removes it). A
// retry resumes the cache file and restarts the unpack from its first byte (the prefix is read back from the disk).
import { spawn, spawnSync } from 'node:child_process';
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { addAbortSignal, PassThrough, type Readable, type Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { createGunzip } from 'node:zlib';
import { createTranslator } from '../i18n/index.js';
import { redact } from '../redact.js';
import type { Translate } from '../types.js';
import { DEFAULT_SPEED_FLOOR, describeNetworkError, NetError, request, statusError, SpeedFloor, speedFloorMessage, type SpeedFloorOptions } from './http.js';
import type { ProxySettings } from './proxy.js';
import { SEGMENT_CONNECTIONS, SEGMENTED_MIN_BYTES } from './connections.js';
import { countNewlines } from '../line-count.js';

export interface DownloadProgress {
  bytes: number;
  total: number | null;
  bytesPerSecond: number;
  etaSeconds: number | null;
  /** Entries unpacked so far, once tar has started. */
  entries?: number;
  /** The last report: every byte is in and tar (if any) has finished. */
  final?: boolean;
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
  /** Called at most ~10 times a second, and once more (`final`) when the last byte arrived and was unpacked. */
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
  /** Also unpack the archive (`tar -xz`) into this directory: while it arrives, or from the cache file when it is complete. */
  unpack?: UnpackOptions;
  /**
   * Most connections for one large file when the mirror honours ranges and throttles each connection (default
   * SEGMENT_CONNECTIONS; 1: always one stream).
   */
  connections?: number;
}

export interface DownloadResult {
  path: string;
  bytes: number;
  fromCache: boolean;
  /** The most connections the last attempt had open at once (0 from the cache). */
  connections: number;
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
/**
 * How many bytes may wait for the cache file and for tar before the socket is paused. A pipe holds only 64 KiB
 * and a stream's default high-water mark is 16 KiB: waiting on both for every chunk stalls the network and tar in
 * turn. With 1 MiB queued each side works at its own pace; 4 MiB was no faster: `install --yes` from loopback with
 * the temp HOME on disk, 7 alternated runs each, took a median 3913 ms with 1 MiB and 4167 ms with 4 MiB (download
 * step 2717 against 2935 ms; on tmpfs the same within noise), and it left the process ~16 MiB larger, which every
 * later spawn pays for.
 */
const QUEUE_BYTES = 1024 * 1024;
/**
 * The unpack is stopped once the archive inflates to more than this many times its size (with a floor for small
 * archives): the bytes reach tar before their digest is known, and a hostile mirror's gzip bomb must not fill the disk
 * meanwhile. Go's archives inflate about 3×.
 */
const INFLATE_RATIO_LIMIT = 10;
const INFLATE_FLOOR_BYTES = 64 * 1024 * 1024;
/** Without a size from the index, a bound still holds. */
const INFLATE_UNKNOWN_SIZE_BYTES = 4 * 1024 * 1024 * 1024;

/** The tar a download unpacks into, when it unpacks (its inflating bounded by the archive's size). */
function unpackerFor(opts: DownloadOptions, t: Translate): Unpacker | null {
  if (!opts.unpack) return null;
  const limit = opts.size && opts.size > 0 ? Math.max(opts.size * INFLATE_RATIO_LIMIT, INFLATE_FLOOR_BYTES) : INFLATE_UNKNOWN_SIZE_BYTES;
  return startUnpack(opts.unpack, limit, t);
}

/**
 * zlib's output chunk (its default is 16 KiB): each one is a callback, a buffer and a write into tar's stdin on this
 * thread. The Go archive streamed from loopback into tar on tmpfs, 6 alternated runs each: 256 KiB took a median
 * 2560 ms and 4.17 s of CPU, 64 KiB 2683 ms and 4.30 s, 1 MiB 2543 ms and 4.16 s (but less steady).
 */
const INFLATE_CHUNK_BYTES = 256 * 1024;
/** A segment is only split when both halves get at least this much. */
const MIN_PIECE_BYTES = 4 * 1024 * 1024;
/** How often the aggregate throughput is measured (and a connection added or judged). */
const SEGMENT_TICK_MS = 1000;

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
    const state: AttemptState = { segments: (opts.connections ?? SEGMENT_CONNECTIONS) > 1, connections: 1 };
    for (let attempt = 0; ; attempt++) {
      opts.signal?.throwIfAborted();
      try {
        const bytes = await transfer(opts, partial, expected, t, state);
        return { path: opts.dest, bytes, fromCache: false, connections: state.connections };
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

/** A verified archive already at `dest`: checked again (and unpacked, when asked) while it is read. */
async function fromCache(opts: DownloadOptions, expected: string, t: Translate): Promise<DownloadResult | null> {
  const existing = await sizeOf(opts.dest);
  if (existing === null) return null;
  const { digest, unpacker, meter } = await readComplete(opts, opts.dest, existing, t);
  if (digest !== expected) {
    await stopUnpack(unpacker, meter);
    await rm(opts.dest, { force: true });
    return null;
  }
  await untilUnpacked(unpacker, meter, opts.signal, t);
  return { path: opts.dest, bytes: existing, fromCache: true, connections: 0 };
}

/**
 * A complete archive on disk, found rather than downloaded: hashed and, when asked, unpacked as it is read, with its
 * bytes as the progress. The caller decides on the digest: it waits for tar (untilUnpacked) or stops it (stopUnpack).
 */
async function readComplete(opts: DownloadOptions, path: string, size: number, t: Translate) {
  const unpacker = unpackerFor(opts, t);
  const meter = progressMeter(opts, 0, size, () => unpacker);
  const hash = createHash('sha256');
  await replay(path, hash, unpacker, meter, opts.signal);
  return { digest: hash.digest('hex'), unpacker, meter };
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
 * over. Returns the byte count once the whole file is in `partial`, its digest matches and it is renamed to `dest`.
 */
async function transfer(opts: DownloadOptions, partial: string, expected: string, t: Translate, state: AttemptState): Promise<number> {
  state.connections = 1;
  const knownSize = opts.size && opts.size > 0 ? opts.size : null;
  let start = (await sizeOf(partial)) ?? 0;
  if (knownSize !== null && start > knownSize) {
    await rm(partial, { force: true });
    start = 0;
  }
  const url = redact(opts.url);
  // A prefix that is already the whole file: nothing to fetch, only to check (and unpack).
  if (start > 0 && start === knownSize) {
    const { digest, unpacker, meter } = await readComplete(opts, partial, start, t);
    if (digest === expected) {
      await rename(partial, opts.dest);
      await untilUnpacked(unpacker, meter, opts.signal, t);
      return start;
    }
    await stopUnpack(unpacker, meter);
    // The old prefix may be at fault: the retry starts from zero.
    await mismatch(opts, partial, expected, digest, start, t);
  }

  // A large file is asked for as a range even from its first byte: a 206 with the right Content-Range is how the
  // mirror says it would serve segments too.
  const probe = start === 0 && state.segments && (knownSize ?? 0) >= SEGMENTED_MIN_BYTES;
  const attempt = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, attempt.signal]) : attempt.signal;
  const response = await request(opts.url, {
    proxy: opts.proxy,
    signal,
    headersTimeoutMs: opts.headersTimeoutMs,
    headers: start > 0 || probe ? { range: `bytes=${start}-` } : {},
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
    const transient = response.status >= 500 || response.status === 408 || response.status === 429;
    // statusError names a proxy that refused (a 407 says it wants credentials) rather than blaming the mirror.
    throw new DownloadError(statusError(response, t).message, 'http', transient);
  }

  let offset = 0;
  let total: number | null = knownSize;
  const contentRange = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(String(response.headers['content-range'] ?? ''));
  if (response.status === 206) {
    if ((start === 0 && !probe) || !contentRange || Number(contentRange[1]) !== start) {
      // A range we did not ask for cannot be stitched to our prefix: start over on the next attempt.
      body.destroy();
      await rm(partial, { force: true });
      if (probe) state.segments = false;
      throw new DownloadError(t('versions.download.http', { url, status: 206 }), 'http', true);
    }
    offset = start;
    total = Number(contentRange[3]);
  } else {
    // A full answer (the server ignored Range, or we asked for everything): the old prefix is worthless.
    const length = Number(response.headers['content-length']);
    if (Number.isFinite(length) && length > 0) total = knownSize ?? length;
  }

  const unpacker = unpackerFor(opts, t);
  const hash = createHash('sha256');
  // tar starts from the archive's first byte: a resumed attempt feeds it the prefix on disk first.
  if (offset > 0) {
    await replay(partial, hash, unpacker, null, signal).catch((error: unknown) => {
      body.destroy();
      throw error;
    });
  }
  // Started after the replay: hashing the cached prefix is not network time.
  const meter = progressMeter(opts, offset, total, () => unpacker, true);

  // Segments only when the answer proves ranges work here: a 206 for the whole rest, of the size the index gives.
  const segmented =
    state.segments &&
    response.status === 206 &&
    total !== null &&
    Number(contentRange?.[2]) === total - 1 &&
    (knownSize === null || knownSize === total) &&
    total - offset >= SEGMENTED_MIN_BYTES;
  const segments = segmented
    ? new Segments({ opts, url: response.url, head: body, from: offset, total: total!, signal, abort: (error) => attempt.abort(error), state, t })
    : null;

  const floor = opts.speedFloor ?? DEFAULT_SPEED_FLOOR;
  const guard = new SpeedFloor(floor, (error) => (segments ? attempt.abort(error) : body.destroy(error)), speedFloorMessage(opts.url, floor, t));
  // No fsync: the cache is never trusted on its own (every use hashes it again), so a crash costs a download, not
  // a wrong install.
  const file = new Sink(createWriteStream(partial, { flags: offset === 0 ? 'w' : 'a', highWaterMark: QUEUE_BYTES }));
  let bytes = offset;
  try {
    await pump(
      segments ? segments.inOrder() : body,
      unpacker ? [file, unpacker.sink] : [file],
      (data) => {
        guard.add(data.length);
        bytes += data.length;
        meter.add(data.length);
        hash.update(data);
      },
      segments?.consumer,
    );
    await file.end();
  } catch (error) {
    unpacker?.abort();
    // What arrived is kept for the resume (a write error makes this a no-op).
    await file.end().catch(() => {});
    // Whatever went wrong with several connections, the next attempts use one stream.
    if (segments) state.segments = false;
    throw error;
  } finally {
    guard.stop();
    meter.stop();
    await segments?.close();
  }
  const actual = hash.digest('hex');
  if (actual !== expected || !sizeMatches(opts, bytes)) {
    await stopUnpack(unpacker, meter);
    await checkSize(opts, partial, bytes, offset, t);
    await mismatch(opts, partial, expected, actual, offset, t);
  }
  // Verified: the archive is the cache's, whatever becomes of the unpack.
  await rename(partial, opts.dest);
  await untilUnpacked(unpacker, meter, opts.signal, t);
  return bytes;
}

interface AttemptState {
  /** Segmented downloading is still allowed (any failure while segmented turns it off for the later attempts). */
  segments: boolean;
  /** The most connections the current attempt had open at once. */
  connections: number;
}

/** Time the in-order consumer spent waiting for the file and tar (it, not the network, sets the pace then). */
interface ConsumerClock {
  waitingMs: number;
}

interface Segment {
  from: number;
  /** Exclusive end; lowered when the segment is split. */
  to: number;
  /** Bytes up to here have arrived (the first segment: been consumed; the others: been written to the side file). */
  pos: number;
  /** A connection is reading it. */
  active: boolean;
}

interface SegmentsInit {
  opts: DownloadOptions;
  /** The URL that answered (after redirects): every segment asks it directly. */
  url: string;
  /** The first answer: a 206 for [from, total). */
  head: Readable;
  from: number;
  total: number;
  signal: AbortSignal;
  abort: (error: Error) => void;
  state: AttemptState;
  t: Translate;
}

/**
 * Several connections for one file, for mirrors that throttle each connection (aria2c -x is the model). The first
 * answer streams the file from the resume point; once a second has been measured, and only while the network rather
 * than the unpack sets the pace, another connection takes the upper half of the largest remaining segment — one at a
 * time, and only while each addition raised the aggregate throughput. Segments beyond the in-order prefix are written
 * to a side file (`<partial>.ahead`) at their offsets; inOrder() yields the bytes strictly in file order (the first
 * segment straight from its socket, the others read back from the side file), so the hash, the cache file and tar
 * see exactly what one stream would have given them. Any segment answered with anything but a 206 of exactly the
 * range asked for, or failing, aborts the attempt; the retry resumes the cache file with one stream.
 */
class Segments {
  readonly consumer: ConsumerClock = { waitingMs: 0 };
  private readonly segments: Segment[];
  private readonly side: string;
  private sideFile: Promise<FileHandle> | null = null;
  private received = 0;
  private target = 1;
  private saturated = false;
  private judging: number | null = null;
  private lastReceived = 0;
  private lastWaiting = 0;
  private readonly timer: NodeJS.Timeout;
  private wake: (() => void) | null = null;
  private failure: Error | null = null;
  private readonly workers = new Set<Promise<void>>();

  constructor(private readonly init: SegmentsInit) {
    this.segments = [{ from: init.from, to: init.total, pos: init.from, active: true }];
    this.side = `${init.opts.dest}.partial.ahead`;
    this.timer = setInterval(() => this.tick(), SEGMENT_TICK_MS);
    this.timer.unref();
    init.signal.addEventListener('abort', () => this.fail(init.signal.reason as Error), { once: true });
  }

  private active(): number {
    return this.segments.filter((s) => s.active).length;
  }

  private tick(): void {
    const rate = this.received - this.lastReceived;
    const waiting = this.consumer.waitingMs - this.lastWaiting;
    this.lastReceived = this.received;
    this.lastWaiting = this.consumer.waitingMs;
    if (this.judging !== null) {
      // The last connection added must have raised the throughput by a tenth, else no more are added.
      if (rate < this.judging * 1.1) this.saturated = true;
      this.judging = null;
    }
    // The unpack sets the pace (the consumer waited on it for more than a tenth of the time): more connections would
    // only write ahead into the side file, competing with tar for the disk and the CPU.
    const consumerBound = waiting > SEGMENT_TICK_MS / 10;
    if (this.saturated || consumerBound || this.target >= (this.init.opts.connections ?? SEGMENT_CONNECTIONS)) return;
    if (this.split()) {
      this.target++;
      this.judging = rate;
    }
  }

  /** Gives the upper half of the largest remaining segment to a new connection; false when none is large enough. */
  private split(): boolean {
    if (this.failure) return false;
    let largest: Segment | null = null;
    for (const s of this.segments) if (s.active && (!largest || s.to - s.pos > largest.to - largest.pos)) largest = s;
    if (!largest || largest.to - largest.pos < 2 * MIN_PIECE_BYTES) return false;
    const at = largest.pos + Math.floor((largest.to - largest.pos) / 2 / 65536) * 65536;
    const piece: Segment = { from: at, to: largest.to, pos: at, active: true };
    largest.to = at;
    this.segments.push(piece);
    this.segments.sort((a, b) => a.from - b.from);
    this.init.state.connections = Math.max(this.init.state.connections, this.active());
    const worker = this.fetch(piece).catch((error: unknown) => this.fail(error as Error));
    this.workers.add(worker);
    void worker.finally(() => this.workers.delete(worker));
    return true;
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.init.abort(error);
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private changed(): Promise<void> {
    return new Promise((resolve) => (this.wake = resolve));
  }

  /** A segment finished: its connection takes over half of what is left elsewhere, to keep `target` connections busy. */
  private finished(segment: Segment): void {
    segment.active = false;
    this.notify();
    while (this.active() < this.target && this.split());
  }

  private async fetch(segment: Segment): Promise<void> {
    const { opts, t } = this.init;
    const last = segment.to - 1;
    const response = await request(this.init.url, {
      proxy: opts.proxy,
      signal: this.init.signal,
      headersTimeoutMs: opts.headersTimeoutMs,
      headers: { range: `bytes=${segment.from}-${last}` },
      t,
    });
    const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(String(response.headers['content-range'] ?? ''));
    if (response.status !== 206 || !range || Number(range[1]) !== segment.from || Number(range[2]) !== last || Number(range[3]) !== this.init.total) {
      response.body.destroy();
      throw new DownloadError(t('net.segments.refused', { url: redact(this.init.url), status: response.status, range: String(response.headers['content-range'] ?? '-') }), 'http', true);
    }
    this.sideFile ??= open(this.side, 'w+');
    const file = await this.sideFile;
    for await (const chunk of response.body) {
      const data = chunk as Buffer;
      const piece = data.length > segment.to - segment.pos ? data.subarray(0, segment.to - segment.pos) : data;
      let written = 0;
      while (written < piece.length) written += (await file.write(piece, written, piece.length - written, segment.pos + written)).bytesWritten;
      segment.pos += piece.length;
      this.received += piece.length;
      this.notify();
      if (segment.pos >= segment.to) break;
    }
    response.body.destroy();
    if (segment.pos < segment.to) throw new NetError(t('net.segments.short', { url: redact(this.init.url) }), 'network');
    this.finished(segment);
  }

  /** The file's bytes from the resume point on, strictly in order. */
  async *inOrder(): AsyncGenerator<Buffer> {
    const head = this.segments[0]!;
    for await (const chunk of this.init.head) {
      const data = chunk as Buffer;
      const room = head.to - head.pos;
      const piece = data.length > room ? data.subarray(0, room) : data;
      head.pos += piece.length;
      this.received += piece.length;
      yield piece;
      if (head.pos >= head.to) break;
    }
    this.init.head.destroy();
    if (this.failure) throw this.failure;
    if (head.pos < head.to) throw new NetError(this.init.t('net.segments.short', { url: redact(this.init.url) }), 'network');
    this.finished(head);

    const buffer = Buffer.allocUnsafe(1024 * 1024);
    let at = head.to;
    while (at < this.init.total) {
      const segment = this.segments.find((s) => s.from <= at && at < s.to)!;
      while (at < segment.to) {
        if (this.failure) throw this.failure;
        if (segment.pos <= at) {
          await this.changed();
          continue;
        }
        const file = await this.sideFile!;
        const { bytesRead } = await file.read(buffer, 0, Math.min(buffer.length, segment.pos - at), at);
        if (bytesRead === 0) throw new NetError(this.init.t('net.segments.short', { url: redact(this.init.url) }), 'network');
        at += bytesRead;
        // A copy: the buffer is reused for the next read while the sinks may still hold this chunk.
        yield Buffer.from(buffer.subarray(0, bytesRead));
      }
    }
  }

  /** Stops every connection and removes the side file. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    if (!this.failure) this.failure = new Error('closed');
    this.init.abort(this.failure);
    this.notify();
    await Promise.allSettled([...this.workers]);
    if (this.sideFile) await (await this.sideFile).close().catch(() => {});
    await rm(this.side, { force: true });
  }
}

/**
 * A writable end with a queue of its own: write() takes the chunk at once and says whether the queue is still
 * under its mark; ready() waits until it has drained. A write error is kept and thrown by ready() or end().
 */
class Sink {
  private error: Error | null = null;

  constructor(private readonly stream: Writable) {
    stream.on('error', (error) => {
      this.error ??= error;
    });
  }

  write(chunk: Buffer): boolean {
    if (this.error) throw this.error;
    return this.stream.write(chunk);
  }

  ready(): Promise<void> {
    if (this.error) return Promise.reject(this.error);
    if (!this.stream.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const settle = () => {
        this.stream.off('drain', settle);
        this.stream.off('close', settle);
        this.stream.off('error', settle);
        if (this.error) reject(this.error);
        else resolve();
      };
      this.stream.on('drain', settle);
      this.stream.on('close', settle);
      this.stream.on('error', settle);
    });
  }

  /** Waits until everything written so far has reached the stream's destination. */
  flushed(): Promise<void> {
    if (this.error) return Promise.reject(this.error);
    return new Promise((resolve, reject) => this.stream.write(Buffer.alloc(0), (error) => (error ? reject(error) : resolve())));
  }

  /** Ends the stream and waits until everything is written (and the file closed). */
  end(): Promise<void> {
    if (this.error) return Promise.reject(this.error);
    return new Promise((resolve, reject) => {
      const settle = () => (this.error ? reject(this.error) : resolve());
      if (this.stream.closed) return settle();
      this.stream.once('close', settle);
      this.stream.end();
    });
  }
}

/**
 * Reads `source` to its end, handing each chunk to `each` (awaited when it returns a promise) and then to every sink
 * (`sinks` may grow meanwhile); the source is only waited on (and so the socket paused) while a sink's queue is over
 * its mark.
 */
async function pump(source: AsyncIterable<unknown>, sinks: Sink[], each: (chunk: Buffer) => void | Promise<void>, clock?: ConsumerClock): Promise<void> {
  for await (const chunk of source) {
    const data = chunk as Buffer;
    const pending = each(data);
    if (pending) await pending;
    const full = sinks.filter((sink) => !sink.write(data));
    if (!full.length) continue;
    const started = performance.now();
    await Promise.all(full.map((sink) => sink.ready()));
    if (clock) clock.waitingMs += performance.now() - started;
  }
}

/** Feeds the bytes already on disk to the hash and to tar (when unpacking); a failure or an abort stops tar. */
async function replay(path: string, hash: Hash, unpacker: Unpacker | null, meter: ProgressMeter | null, signal?: AbortSignal): Promise<void> {
  const file = createReadStream(path, { highWaterMark: 1024 * 1024 });
  try {
    await pump(signal ? addAbortSignal(signal, file) : file, unpacker ? [unpacker.sink] : [], (data) => {
      hash.update(data);
      meter?.add(data.length);
    });
  } catch (error) {
    unpacker?.abort();
    throw signal?.aborted ? signal.reason : error;
  }
}

/** Whether `bytes` is the size the index gives; no size from the index (0 or none) checks nothing. */
function sizeMatches(opts: DownloadOptions, bytes: number): boolean {
  return !opts.size || opts.size <= 0 || bytes === opts.size;
}

/** The size the index gives. A mismatch after a resume may be the old prefix's fault, so that case is retried from zero. */
async function checkSize(opts: DownloadOptions, partial: string, bytes: number, resumedFrom: number, t: Translate): Promise<void> {
  if (sizeMatches(opts, bytes)) return;
  await rm(partial, { force: true });
  throw new DownloadError(t('versions.download.size', { url: redact(opts.url), actual: bytes, expected: opts.size! }), 'size', resumedFrom > 0);
}

/** The digest does not match: the file and any unpacked tree go. After a resume the old prefix may be at fault (retried from zero). */
async function mismatch(opts: DownloadOptions, partial: string, expected: string, actual: string, resumedFrom: number, t: Translate): Promise<never> {
  await rm(partial, { force: true });
  if (opts.unpack) removeDir(opts.unpack);
  throw checksumError(opts, expected, actual, t, resumedFrom > 0);
}

/** The archive is the right one: the unpack failed for a local reason (disk full, permissions). Not worth a retry. */
function unpackFailed(detail: string, t: Translate): DownloadError {
  return new DownloadError(t('net.unpack.failed', { detail }), 'unpack', false);
}

function checksumError(opts: DownloadOptions, expected: string, actual: string, t: Translate, transient: boolean): DownloadError {
  const message = t('versions.download.checksum', {
    filename: basename(new URL(opts.url).pathname),
    expected,
    actual,
    source: opts.sha256Source ?? 'the index',
  });
  return new DownloadError(message, 'checksum', transient);
}

// ---------------------------------------------------------------------------------------------
// Progress

interface ProgressMeter {
  add(bytes: number): void;
  /** A report now (while tar works on after the last byte). */
  report(): void;
  /** The final report (always sent, marked `final`). */
  done(): void;
  /** No more reports while nothing arrives (the transfer ended or failed); the speed stays what it was. */
  stop(): void;
}

/** While no bytes arrive, the progress is still reported this often, so a stalled mirror shows its falling speed. */
const STALL_REPORT_MS = 1000;

/**
 * `network`: bytes come from a server, which may stall — then the progress is still reported every second.
 * `unpacker`: the tar at work, if any, whose entries each report counts.
 */
function progressMeter(opts: DownloadOptions, offset: number, total: number | null, unpacker: () => Unpacker | null, network = false): ProgressMeter {
  const started = performance.now();
  let ended: number | null = null;
  let bytes = offset;
  let lastReport = 0;
  const report = (final = false) => {
    const seconds = ((ended ?? performance.now()) - started) / 1000;
    const bytesPerSecond = seconds > 0 ? (bytes - offset) / seconds : 0;
    const etaSeconds = total !== null && bytesPerSecond > 0 ? Math.max(0, (total - bytes) / bytesPerSecond) : null;
    const tar = unpacker();
    opts.onProgress?.({ bytes, total, bytesPerSecond, etaSeconds, ...(tar ? { entries: tar.entries() } : {}), ...(final ? { final } : {}) });
  };
  const stalled = network && opts.onProgress
    ? setInterval(() => {
        if (performance.now() - lastReport < STALL_REPORT_MS) return;
        lastReport = performance.now();
        report();
      }, STALL_REPORT_MS).unref()
    : null;
  const stop = () => {
    if (stalled) clearInterval(stalled);
    ended ??= performance.now();
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
    report: () => report(),
    done() {
      stop();
      report(true);
    },
    stop,
  };
}

/**
 * Every byte reached tar and the digest matched: waits for tar, reporting its entries meanwhile, then sends the final
 * report. An abort stops tar (and is thrown); a failed unpack is thrown as such.
 */
async function untilUnpacked(unpacker: Unpacker | null, meter: ProgressMeter, signal: AbortSignal | undefined, t: Translate): Promise<void> {
  if (!unpacker) return meter.done();
  const timer = setInterval(() => meter.report(), PROGRESS_INTERVAL_MS);
  const stop = () => unpacker.abort();
  signal?.addEventListener('abort', stop, { once: true });
  if (signal?.aborted) stop();
  try {
    const unpacked = await unpacker.finish();
    signal?.throwIfAborted();
    meter.done();
    if (!unpacked.ok) throw unpackFailed(unpacked.detail, t);
  } finally {
    clearInterval(timer);
    signal?.removeEventListener('abort', stop);
  }
}

/** The bytes are not the archive asked for: tar is stopped before anything else happens. */
async function stopUnpack(unpacker: Unpacker | null, meter: ProgressMeter): Promise<void> {
  meter.stop();
  unpacker?.abort();
  await unpacker?.finish();
}

// ---------------------------------------------------------------------------------------------
// Unpacking

/** A tar taking the archive from this process. */
interface Unpacker {
  /** The compressed bytes' way in, queued up to QUEUE_BYTES; never fails — a dead tar is reported by finish(). */
  sink: Sink;
  entries(): number;
  /** Ends the input and waits for tar. */
  finish(): Promise<{ ok: boolean; detail: string }>;
  abort(): void;
}

function asRoot(sudo: boolean | undefined, argv: string[]): [string, string[]] {
  return sudo ? ['sudo', ['-n', '--', ...argv]] : [argv[0]!, argv.slice(1)];
}

// Without sudo the staging directory is ours: reset it in-process (two fewer processes before the first byte).
function removeDir(unpack: UnpackOptions): void {
  if (!unpack.sudo) return rmSync(unpack.dir, { recursive: true, force: true });
  const [command, args] = asRoot(true, ['rm', '-rf', '--', unpack.dir]);
  spawnSync(command, args, { stdio: 'ignore' });
}

function makeDir(unpack: UnpackOptions): string | null {
  if (!unpack.sudo) {
    try {
      mkdirSync(unpack.dir, { recursive: true });
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  }
  const [command, args] = asRoot(true, ['mkdir', '-p', '--', unpack.dir]);
  const made = spawnSync(command, args, { encoding: 'utf8' });
  return made.status === 0 ? null : (made.stderr || made.error?.message || '').trim();
}

/**
 * Makes the staging directory empty and starts `tar -xv` into it, reading a plain tar stream on its stdin; the gzip
 * layer is inflated here. Inflating is what sets the pace of an unpack: for the Go 1.19 archive (97 MB into 306 MiB)
 * gzip, which `tar -z` would start, took 1.9 s of CPU on one core, while tar wrote the tree from a plain tar in
 * 0.5 s. zlib took 0.9–1.3 s of user time for the same bytes, on libuv's threads beside this process's receiving and
 * hashing. The entries tar lists are counted for the progress; past `limit` inflated bytes the unpack stops.
 */
function startUnpack(unpack: UnpackOptions, limit: number, t: Translate): Unpacker {
  removeDir(unpack);
  const failed = makeDir(unpack);
  if (failed !== null) throw unpackFailed(failed, t);

  // --no-same-owner: as root, tar would otherwise keep the archive's owners. -b 128 -B: tar reads its pipe in 64 KiB
  // records rather than 10 KiB ones (the Go tree from a plain tar piped in: a median 0.49 s of CPU against 0.67 s, 6
  // runs each on tmpfs); -B lets a record fill over several reads, as a pipe gives them.
  const [command, args] = asRoot(unpack.sudo, ['tar', '-xvf', '-', '-b', '128', '-B', '-C', unpack.dir, '--no-same-owner']);
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let entries = 0;
  let stderr = '';
  let inflateError: string | null = null;
  const exited = new Promise<{ ok: boolean; detail: string }>((resolve) => {
    child.on('error', (error) => {
      resolve({ ok: false, detail: error.message });
    });
    child.on('close', (code, signal) => {
      const tarSaid = stderr.trim().split('\n').slice(-3).join('; ');
      resolve({ ok: code === 0 && !inflateError, detail: inflateError ?? (tarSaid || `tar exited with ${signal ?? code}`) });
    });
  });
  child.stdout!.on('data', (chunk: Buffer) => {
    entries += countNewlines(chunk);
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });

  const stdin = child.stdin!;
  const inflate = createGunzip({ chunkSize: INFLATE_CHUNK_BYTES });
  // The queue in front of the inflating: it takes the bytes whatever becomes of zlib and tar, so the download goes on
  // to its digest check when they stop (a corrupt archive, a full disk) — what comes then is dropped.
  const queue = new PassThrough({ highWaterMark: QUEUE_BYTES });
  const discard = () => {
    queue.unpipe(inflate);
    queue.resume();
  };
  const stop = (reason: string) => {
    if (inflateError !== null) return;
    inflateError = reason;
    discard();
    inflate.unpipe(stdin);
    stdin.destroy();
  };
  queue.pipe(inflate).pipe(stdin);
  inflate.on('error', (error) => stop(error.message));
  let inflated = 0;
  inflate.on('data', (chunk: Buffer) => {
    inflated += chunk.length;
    if (inflated > limit) stop(t('net.unpack.tooLarge', { limit: `${Math.round(limit / 1024 / 1024)} MiB` }));
  });
  // tar stopped reading: EPIPE is expected then, and reported by finish().
  stdin.on('error', discard);
  stdin.on('close', discard);
  return {
    sink: new Sink(queue),
    entries: () => entries,
    finish() {
      queue.end();
      return exited;
    },
    abort() {
      queue.destroy();
      inflate.destroy();
      stdin.destroy();
      child.kill('SIGTERM');
    },
  };
}
