// A loopback Go download mirror for tests: serves a go.dev-style JSON index and release files over real HTTP on
// 127.0.0.1 (port 0), with HTTP Range support and per-file fault injection, and records every request.
// Also a tiny loopback forward proxy (absolute-URI requests and CONNECT) that can demand Basic proxy credentials.
//
// Layout served (so one server works both as a go.dev-like base and as a flat mirror):
//   /dl/?mode=json&include=all  and  /index.json   → the index
//   /dl/<filename>              and  /<filename>   → the file
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import type { IndexFile, Release } from '../../src/types.js';
import type { GoFixture } from './go-fixture.js';

// ---------------------------------------------------------------------------------------------
// Index builder

export interface IndexFileInput {
  filename: string;
  sha256: string;
  size: number;
  /** Derived from the filename when omitted. */
  os?: string;
  arch?: string;
  kind?: string;
}

export interface ReleaseInput {
  /** 'go1.27.1' */
  version: string;
  /** Default true. */
  stable?: boolean;
  files: IndexFileInput[];
}

/** One index file entry; os/arch/kind come from an official filename (go1.X.Y.linux-amd64.tar.gz, go1.X.Y.src.tar.gz). */
export function indexFile(input: IndexFileInput, version: string): IndexFile {
  const rest = input.filename.startsWith(`${version}.`) ? input.filename.slice(version.length + 1) : '';
  const platform = /^([a-z0-9]+)-([a-z0-9]+)\.(tar\.gz|zip|msi|pkg)$/.exec(rest);
  const isSource = rest === 'src.tar.gz';
  const extension = platform?.[3];
  return {
    filename: input.filename,
    os: input.os ?? (isSource ? '' : (platform?.[1] ?? '')),
    arch: input.arch ?? (isSource ? '' : (platform?.[2] ?? '')),
    version,
    sha256: input.sha256,
    size: input.size,
    kind: input.kind ?? (isSource ? 'source' : extension === 'msi' || extension === 'pkg' ? 'installer' : 'archive'),
  };
}

/** A go.dev `?mode=json&include=all` index (newest first, as given). */
export function buildIndex(releases: ReleaseInput[]): Release[] {
  return releases.map((release) => ({
    version: release.version,
    stable: release.stable ?? true,
    files: release.files.map((file) => indexFile(file, release.version)),
  }));
}

/** Digest and size of in-memory content, for index entries of generated files. */
export function describeContent(content: Buffer | string): { sha256: string; size: number } {
  const bytes = Buffer.from(content);
  return { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
}

// ---------------------------------------------------------------------------------------------
// Mirror

export interface Fault {
  /** Answer 404. */
  notFound?: boolean;
  /** Serve the right length with one byte flipped (checksum mismatch). */
  corrupt?: boolean;
  /** Destroy the connection after this many body bytes of a response… */
  dropAfterBytes?: number;
  /** …for this many responses (default 1; Infinity = always). */
  dropTimes?: number;
  /** Only drop answers to ranges that do not start at byte 0 (a segment of a segmented download). */
  dropSegmentsOnly?: boolean;
  /** Throttle the body to this rate. */
  bytesPerSecond?: number;
  /** Send nothing for `stallMs` once this many body bytes are out (a mirror that stalls, then goes on). */
  stallAfterBytes?: number;
  stallMs?: number;
  /** Answer 500 to the first K requests. */
  failFirst?: number;
  /** Ignore Range headers (always 200 with the whole file). */
  ignoreRange?: boolean;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Answer 302 to this URL, as go.dev/dl/<file> redirects to dl.google.com. */
  redirectTo?: string;
}

export type MirrorContent = { path: string } | { body: Buffer | string };

export interface RecordedRequest {
  method: string;
  /** Path and query as requested. */
  url: string;
  headers: IncomingHttpHeaders;
}

export interface MirrorOptions {
  /** Files by name (served at /<name> and /dl/<name>). */
  files?: Record<string, MirrorContent>;
  /** The index served as JSON; any value (tests may serve malformed shapes). */
  index?: unknown;
  faults?: Record<string, Fault>;
}

export interface Mirror {
  /** http://127.0.0.1:PORT/ (a flat mirror base). */
  url: string;
  /** http://127.0.0.1:PORT/dl/ (a go.dev-like base). */
  dlUrl: string;
  /** http://127.0.0.1:PORT/dl/?mode=json&include=all */
  indexUrl: string;
  requests: RecordedRequest[];
  /** Requests whose path (without query) is `path`, e.g. '/dl/go1.19.8.linux-amd64.tar.gz'. */
  requestsFor(path: string): RecordedRequest[];
  /**
   * Requests for `path` that start a download: no Range, or one from byte 0 (the other segments of a segmented
   * download and resumes are not counted again).
   */
  downloadsOf(path: string): RecordedRequest[];
  setFault(filename: string, fault: Fault | undefined): void;
  setIndex(index: unknown): void;
  setFile(filename: string, content: MirrorContent): void;
  close(): Promise<void>;
}

interface FaultState extends Fault {
  served: number;
  dropped: number;
}

export async function startMirror(options: MirrorOptions = {}): Promise<Mirror> {
  const files = new Map(Object.entries(options.files ?? {}));
  const faults = new Map<string, FaultState>();
  const setFault = (name: string, fault: Fault | undefined) => {
    if (fault) faults.set(name, { ...fault, served: 0, dropped: 0 });
    else faults.delete(name);
  };
  for (const [name, fault] of Object.entries(options.faults ?? {})) setFault(name, fault);
  let index: unknown = options.index ?? [];
  const requests: RecordedRequest[] = [];

  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers });
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { pathname, searchParams } = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (pathname === '/index.json' || (pathname === '/dl/' && searchParams.get('mode') === 'json')) {
      const body = typeof index === 'string' ? index : JSON.stringify(index);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    const name = decodeURIComponent(pathname.replace(/^\/(dl\/)?/, ''));
    const content = files.get(name);
    const fault = faults.get(name);
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault?.redirectTo) {
      res.writeHead(302, { location: fault.redirectTo }).end();
      return;
    }
    if (!content || fault?.notFound) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    if (fault && fault.failFirst && fault.served < fault.failFirst) {
      fault.served++;
      res.writeHead(500, { 'content-type': 'text/plain' }).end('injected failure\n');
      return;
    }
    if (fault) fault.served++;
    await serveFile(req, res, content, fault);
  }

  async function serveFile(req: IncomingMessage, res: ServerResponse, content: MirrorContent, fault?: FaultState): Promise<void> {
    const total = 'path' in content ? (await stat(content.path)).size : Buffer.byteLength(content.body);
    let start = 0;
    let end = total - 1;
    let status = 200;
    const headers: Record<string, string | number> = { 'content-type': 'application/octet-stream', 'accept-ranges': 'bytes' };
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    if (range && !fault?.ignoreRange) {
      start = Number(range[1]);
      if (range[2]) end = Math.min(Number(range[2]), total - 1);
      if (start >= total || start > end) {
        res.writeHead(416, { 'content-range': `bytes */${total}` }).end();
        return;
      }
      status = 206;
      headers['content-range'] = `bytes ${start}-${end}/${total}`;
    }
    if (fault?.ignoreRange) delete headers['accept-ranges'];
    headers['content-length'] = end - start + 1;
    res.writeHead(status, headers);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }

    const dropping = fault?.dropAfterBytes !== undefined && fault.dropped < (fault.dropTimes ?? 1) && (!fault.dropSegmentsOnly || start > 0);
    const dropAt = dropping ? fault.dropAfterBytes! : Infinity;
    if (dropping) fault.dropped++;
    const corruptAt = fault?.corrupt ? Math.floor(total / 2) : -1;
    const chunkSize = fault?.bytesPerSecond ? Math.max(1, Math.floor(fault.bytesPerSecond / 10)) : 64 * 1024;

    let offset = start;
    let sent = 0;
    for await (const piece of readRange(content, start, end, chunkSize)) {
      let chunk = piece;
      if (corruptAt >= offset && corruptAt < offset + chunk.length) {
        chunk = Buffer.from(chunk);
        chunk[corruptAt - offset] ^= 0xff;
      }
      if (sent + chunk.length >= dropAt) {
        await write(res, chunk.subarray(0, dropAt - sent));
        // A clean FIN after exactly N bytes: the client sees a body shorter than Content-Length.
        res.socket?.end();
        return;
      }
      const stallNow = fault?.stallAfterBytes !== undefined && sent < fault.stallAfterBytes && sent + chunk.length >= fault.stallAfterBytes;
      if (!(await write(res, chunk))) return;
      sent += chunk.length;
      offset += chunk.length;
      if (fault?.bytesPerSecond) await sleep(100);
      if (stallNow) await sleep(fault.stallMs ?? 0);
    }
    res.end();
  }

  await listen(server);
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    dlUrl: `${url}dl/`,
    indexUrl: `${url}dl/?mode=json&include=all`,
    requests,
    requestsFor: (path) => requests.filter((r) => r.url.split('?')[0] === path),
    downloadsOf: (path) => requests.filter((r) => r.url.split('?')[0] === path && /^(bytes=0-)?$/.test(r.headers.range ?? '')),
    setFault,
    setIndex: (value) => {
      index = value;
    },
    setFile: (name, content) => {
      files.set(name, content);
    },
    close: () => closeServer(server),
  };
}

async function* readRange(content: MirrorContent, start: number, end: number, chunkSize: number): AsyncGenerator<Buffer> {
  if ('body' in content) {
    const bytes = Buffer.from(content.body);
    for (let at = start; at <= end; at += chunkSize) yield bytes.subarray(at, Math.min(at + chunkSize, end + 1));
    return;
  }
  if (end < start) return;
  for await (const chunk of createReadStream(content.path, { start, end, highWaterMark: chunkSize })) yield chunk as Buffer;
}

/** Writes and waits for the buffer to drain; false when the client went away. */
function write(res: ServerResponse, chunk: Buffer): Promise<boolean> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve(false);
    res.write(chunk, (error) => resolve(!error));
  });
}

// ---------------------------------------------------------------------------------------------
// Forward proxy

export interface ProxyOptions {
  /** When set, every request must carry `Proxy-Authorization: Basic base64(username:password)`. */
  auth?: { username: string; password: string };
}

export interface SeenByProxy {
  /** 'CONNECT' for tunnels, else the forwarded method. */
  method: string;
  /** The absolute URL or CONNECT authority requested. */
  target: string;
  /** Decoded Basic credentials sent, e.g. 'user:pa$$ word', or null. */
  credentials: string | null;
  /** Whether the proxy let the request through. */
  allowed: boolean;
}

export interface Proxy {
  /** http://127.0.0.1:PORT (no credentials). */
  url: string;
  /** The proxy URL with credentials percent-encoded, as a user would type it. */
  urlWithCredentials: string;
  seen: SeenByProxy[];
  close(): Promise<void>;
}

/** Only loopback targets are forwarded: tests must never reach another address. */
function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost';
}

export async function startProxy(options: ProxyOptions = {}): Promise<Proxy> {
  const seen: SeenByProxy[] = [];
  const expected = options.auth ? `${options.auth.username}:${options.auth.password}` : null;
  const tunnels = new Set<Socket>();

  const check = (method: string, target: string, headers: IncomingHttpHeaders, host: string): boolean => {
    const header = headers['proxy-authorization'] ?? '';
    const basic = /^Basic\s+(\S+)$/i.exec(header);
    const credentials = basic ? Buffer.from(basic[1], 'base64').toString('utf8') : null;
    const allowed = (expected === null || credentials === expected) && isLoopback(host);
    seen.push({ method, target, credentials, allowed });
    return allowed;
  };

  const server = createServer((req, res) => {
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('absolute URI required\n');
      return;
    }
    if (!check(req.method ?? 'GET', target.href, req.headers, target.hostname)) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"' }).end();
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = httpRequest(target, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });

  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const authority = req.url ?? '';
    const [host, port] = authority.split(':');
    if (!check('CONNECT', authority, req.headers, host)) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      tunnels.add(socket);
      socket.on('close', () => tunnels.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
  });

  await listen(server);
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const userinfo = options.auth
    ? `${encodeURIComponent(options.auth.username)}:${encodeURIComponent(options.auth.password)}@`
    : '';
  return {
    url,
    urlWithCredentials: `http://${userinfo}127.0.0.1:${port}`,
    seen,
    close: () => {
      for (const socket of tunnels) socket.destroy();
      return closeServer(server);
    },
  };
}

// ---------------------------------------------------------------------------------------------

function listen(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A mirror serving the real Go toolchain fixture, with an index that knows its true digest. */
export function startFixtureMirror(fixture: GoFixture, faults?: Record<string, Fault>): Promise<Mirror> {
  return startMirror({
    files: { [fixture.filename]: { path: fixture.tarball } },
    index: buildIndex([{ version: fixture.version, files: [{ filename: fixture.filename, sha256: fixture.sha256, size: fixture.size }] }]),
    faults,
  });
}
