// The wizard's HTTP client: node:http/node:https through the proxy agents of proxy.ts. Every failure arrives as
// a rejected promise or a stream error with one clear message, never as a throw from a socket handler; redirects
// are followed up to a bound; nothing read from the network is unbounded (see readCapped and SpeedFloor).
//
// The small API other areas use:
//   request(url, options)            → { status, headers, url, body }   (body: a Readable, consume or destroy it)
//   fetchText(url, options)          → string, at most `maxBytes` whatever the framing (chunked, endless)
//   fetchJson(url, options)          → parsed JSON, same limits
// and download() in download.ts for files checked against a sha256.
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import { formatBytes } from '../format.js';
import { createTranslator } from '../i18n/index.js';
import { redact } from '../redact.js';
import type { Translate } from '../types.js';
import { agentFor, proxyFor, type ProxySettings } from './proxy.js';
import { describeTrustProblem, tlsProblem, trustedSecureContext, trustProblems } from './trust.js';

export interface RequestOptions {
  proxy: ProxySettings;
  method?: 'GET' | 'HEAD';
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Connect and receive the response headers within this long, per hop (default 15 s). */
  headersTimeoutMs?: number;
  /** Redirects followed before giving up (default 5; go.dev → dl.google.com is one). */
  maxRedirects?: number;
  t?: Translate;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The URL that answered, after redirects. */
  url: string;
  /** The proxy the answer came through, if any (with its credentials: redact before showing). */
  proxy?: string;
  body: IncomingMessage;
}

export type NetErrorKind = 'timeout' | 'too-slow' | 'too-large' | 'redirects' | 'tls' | 'http' | 'network';

/** A network failure, with a message fit for the user (credentials redacted). */
export class NetError extends Error {
  constructor(
    message: string,
    readonly kind: NetErrorKind,
    /** HTTP status for kind 'http'. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'NetError';
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Test-only fault injection: when GSW_TEST_THROW_IN_SOCKET is set and the URL contains its value, a throw is
 * raised from inside a socket 'data' handler — the kind of error no try/catch can see, as an HTTP parser's
 * assertion was. The process guard (src/engine/guard.ts) must turn it into a rollback.
 */
function injectSocketThrow(url: string, socket: NodeJS.EventEmitter): void {
  const needle = process.env.GSW_TEST_THROW_IN_SOCKET;
  if (!needle || !url.includes(needle)) return;
  socket.once('data', () => {
    throw new Error('GSW_TEST_THROW_IN_SOCKET: injected failure in a socket handler');
  });
}

class StaleConnection extends Error {}

async function once(url: URL, opts: RequestOptions, t: Translate): Promise<IncomingMessage> {
  const agent = await agentFor(url, opts.proxy);
  opts.signal?.throwIfAborted();
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const shown = redact(url.href);
    const req = send(url, {
      method: opts.method ?? 'GET',
      agent,
      headers: { 'user-agent': 'go-setup-wizard', ...opts.headers },
      // Given per request so that TLS inside a proxy tunnel (CONNECT, SOCKS) gets them too: the trusted roots,
      // and the identity check against the host we asked for (a tunnel's TLS socket does not know it).
      ...(url.protocol === 'https:'
        ? { secureContext: trustedSecureContext(opts.proxy.trust), checkServerIdentity: (_: string, cert: PeerCertificate) => checkServerIdentity(url.hostname.replace(/^\[|\]$/g, ''), cert) }
        : {}),
    });
    const timeoutMs = opts.headersTimeoutMs ?? 15_000;
    const timer = setTimeout(() => {
      req.destroy(new NetError(t('net.timeout', { url: shown, seconds: Math.round(timeoutMs / 100) / 10 }), 'timeout'));
    }, timeoutMs);
    const onAbort = () => req.destroy(opts.signal!.reason as Error);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const settle = () => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    };
    req.on('socket', (socket) => injectSocketThrow(url.href, socket));
    req.on('error', (error) => {
      settle();
      // A kept-alive connection the server (or proxy) closed while idle: worth one fresh connection.
      if (req.reusedSocket && (error as { code?: string }).code === 'ECONNRESET' && !opts.signal?.aborted) return reject(new StaleConnection());
      reject(error instanceof NetError || opts.signal?.aborted ? error : asNetError(error, url, opts.proxy, t));
    });
    req.on('response', (res) => {
      settle();
      // A body error nobody listens to (the caller dropped the body) must not become an uncaught 'error' event;
      // consumers reading the body still see it.
      res.on('error', () => {});
      if (opts.signal) {
        const abortBody = () => res.destroy(opts.signal!.reason as Error);
        if (opts.signal.aborted) abortBody();
        opts.signal.addEventListener('abort', abortBody, { once: true });
        res.once('close', () => opts.signal!.removeEventListener('abort', abortBody));
      }
      resolve(res);
    });
    req.end();
  });
}

/** once(), with a fresh connection when pooled ones turn out to be closed (a few at most). */
async function sendFresh(url: URL, opts: RequestOptions, t: Translate): Promise<IncomingMessage> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await once(url, opts, t);
    } catch (error) {
      if (!(error instanceof StaleConnection)) throw error;
      if (attempt >= 4) throw new NetError(describeNetworkError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })), 'network');
    }
  }
}

/** GET (or HEAD) `url`, following redirects. Any status is returned; the caller reads or destroys the body. */
export async function request(url: string, opts: RequestOptions): Promise<HttpResponse> {
  const t = opts.t ?? createTranslator('en');
  opts.signal?.throwIfAborted();
  let current = new URL(url);
  const max = opts.maxRedirects ?? 5;
  for (let hop = 0; ; hop++) {
    const res = await sendFresh(current, opts, t);
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (!REDIRECTS.has(status) || !location) return { status, headers: res.headers, url: current.href, proxy: proxyFor(current, opts.proxy) ?? undefined, body: res };
    res.destroy();
    if (hop >= max) throw new NetError(t('net.redirects', { url: redact(url), count: max }), 'redirects');
    const next = new URL(location, current);
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      throw new NetError(t('net.redirectScheme', { url: redact(current.href), to: redact(next.href) }), 'redirects');
    }
    current = next;
  }
}

/**
 * A non-2xx answer as a NetError (body discarded). Through a proxy, the message names it: a 407 (or a CONNECT
 * refused with any status, which the proxy agent replays as the server's answer) may be the proxy's, not the server's.
 */
export function statusError(response: HttpResponse, t: Translate = createTranslator('en')): NetError {
  response.body.destroy();
  const status = response.status;
  if (response.proxy && status === 407) return new NetError(t('net.proxyAuth', { proxy: redact(response.proxy), url: redact(response.url) }), 'http', status);
  const message = t('net.status', { url: redact(response.url), status });
  return new NetError(response.proxy ? t('net.viaProxy', { error: message, proxy: redact(response.proxy) }) : message, 'http', status);
}

// ---------------------------------------------------------------------------------------------
// Limits

/**
 * Fails a transfer whose average speed stays under `bytesPerSecond` for `windowMs` (curl's --speed-limit /
 * --speed-time): a stalled or trickling server is given up on instead of hanging for days.
 */
export interface SpeedFloorOptions {
  bytesPerSecond: number;
  windowMs: number;
}

export const DEFAULT_SPEED_FLOOR: SpeedFloorOptions = { bytesPerSecond: 1024, windowMs: 60_000 };

export class SpeedFloor {
  private readonly samples: { at: number; bytes: number }[] = [];
  private total = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    floor: SpeedFloorOptions,
    onTooSlow: (error: NetError) => void,
    message: string,
  ) {
    const started = performance.now();
    this.samples.push({ at: started, bytes: 0 });
    const tick = Math.max(50, Math.min(1000, floor.windowMs / 10));
    this.timer = setInterval(() => {
      const now = performance.now();
      this.samples.push({ at: now, bytes: this.total });
      while (this.samples.length > 1 && now - this.samples[1]!.at >= floor.windowMs) this.samples.shift();
      const oldest = this.samples[0]!;
      if (now - oldest.at < floor.windowMs) return;
      const rate = ((this.total - oldest.bytes) * 1000) / (now - oldest.at);
      if (rate < floor.bytesPerSecond) {
        this.stop();
        onTooSlow(new NetError(message, 'too-slow'));
      }
    }, tick);
    this.timer.unref();
  }

  add(bytes: number): void {
    this.total += bytes;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

export function speedFloorMessage(url: string, floor: SpeedFloorOptions, t: Translate): string {
  return t('net.tooSlow', { url: redact(url), rate: `${floor.bytesPerSecond} B/s`, seconds: Math.round(floor.windowMs / 100) / 10 });
}

/**
 * Reads a whole body into memory, at most `maxBytes` (checked against Content-Length first, then against what
 * actually arrives, so chunked or endless answers are cut off too) and at most `timeoutMs` in all.
 */
export async function readCapped(
  response: HttpResponse,
  maxBytes: number,
  timeoutMs: number,
  t: Translate = createTranslator('en'),
  /** The limit the message names, when `timeoutMs` is what is left of a longer one (fetchText). */
  limitMs = timeoutMs,
): Promise<Buffer> {
  const shown = redact(response.url);
  const tooLarge = () => new NetError(t('net.tooLarge', { url: shown, limit: formatBytes(maxBytes) }), 'too-large');
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.body.destroy();
    throw tooLarge();
  }
  const timer = setTimeout(
    () => response.body.destroy(new NetError(t('net.timeout', { url: shown, seconds: Math.round(limitMs / 100) / 10 }), 'timeout')),
    timeoutMs,
  );
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) {
        response.body.destroy();
        throw tooLarge();
      }
      chunks.push(chunk as Buffer);
    }
  } finally {
    clearTimeout(timer);
  }
  return Buffer.concat(chunks, size);
}

export interface FetchTextOptions extends RequestOptions {
  /** Default 4 MiB. */
  maxBytes?: number;
  /** For the whole exchange: headers and body (default 15 s). */
  timeoutMs?: number;
}

/** GET a small document (an index, an answers file): 2xx only, size- and time-capped. */
export async function fetchText(url: string, opts: FetchTextOptions): Promise<string> {
  const t = opts.t ?? createTranslator('en');
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const started = performance.now();
  const response = await request(url, { headersTimeoutMs: timeoutMs, ...opts });
  if (response.status < 200 || response.status > 299) throw statusError(response, t);
  const left = Math.max(1, timeoutMs - (performance.now() - started));
  return (await readCapped(response, opts.maxBytes ?? 4 * 1024 * 1024, left, t, timeoutMs)).toString('utf8');
}

export async function fetchJson(url: string, opts: FetchTextOptions): Promise<unknown> {
  const t = opts.t ?? createTranslator('en');
  const text = await fetchText(url, opts);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new NetError(t('net.notJson', { url: redact(url) }), 'http');
  }
}

// ---------------------------------------------------------------------------------------------
// Errors

/** A connection-level error as a NetError whose message names the cause (and, for TLS, the fix). */
export function asNetError(error: unknown, url: URL, proxy: ProxySettings, t: Translate): NetError {
  const code = (error as { code?: string }).code ?? '';
  const problem = tlsProblem(error);
  if (problem) {
    const key = problem === 'untrusted' ? 'net.tls.untrusted' : problem === 'expired' ? 'net.tls.expired' : problem === 'hostname' ? 'net.tls.hostname' : 'net.tls.other';
    const message = t(key, { host: url.host, code: code || String((error as Error).message) });
    // A certificate variable that names nothing usable is the likely cause of an untrusted chain: said with it.
    const unusable = problem === 'untrusted' ? trustProblems(proxy.trust).map((p) => describeTrustProblem(p, t)) : [];
    return new NetError([message, ...unusable].join('; '), 'tls', undefined, { cause: error });
  }
  const via = proxyFor(url, proxy);
  const detail = describeNetworkError(error);
  const message = via ? t('net.viaProxy', { error: detail, proxy: redact(via) }) : detail;
  return new NetError(message, 'network', undefined, { cause: error });
}

/** A network error as one line, without credentials: the innermost cause is the informative part. */
export function describeNetworkError(error: unknown): string {
  let current: unknown = error;
  const parts: string[] = [];
  for (let depth = 0; current && depth < 4; depth++) {
    if (current instanceof Error) {
      const code = (current as { code?: string }).code;
      const text = current.name === 'TimeoutError' ? 'timed out' : current.message;
      if (text && !parts.some((p) => p.includes(text))) parts.push(code && !text.includes(code) ? `${text} (${code})` : text);
      if (current instanceof NetError) break;
      current = (current as { cause?: unknown }).cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return redact(parts.join(': '));
}
