// The classroom server: read-only HTTP on the LAN serving the release's verified Go archives (one per arch), the
// one-release index, the answers file and (optionally) the teacher's module cache. Files stream from disk (no
// per-client copy of the archive), with Range (students resume) and HEAD; a client that goes away only ends its own
// response. An archive not on disk yet (another arch than the teacher's) is fetched once, when the first student
// asks for it: its headers go out at once (the size is the index's), its bytes once the teacher has verified it.
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { pipeline } from 'node:stream';
import { moduleFile } from './modules.js';

export interface ServedArchive {
  filename: string;
  size: number;
  sha256: string;
  /** The verified archive on disk, or how to get it there (called once; again only after a failure). */
  path: string | (() => Promise<string>);
}

export interface ShareServerOptions {
  host: string;
  port: number;
  archives: readonly ServedArchive[];
  /** The module download cache served under /mod/, if any. */
  modulesRoot?: string;
  onEvent?: (event: ServerEvent) => void;
}

/** What the server reports; a transfer is one archive response, from its first to its last byte or the hang-up. */
export type ServerEvent =
  | { type: 'request'; client: string; method: string; path: string; status: number }
  | { type: 'transfer-start'; id: number; client: string; start: number; end: number; size: number }
  | { type: 'transfer-progress'; id: number; sent: number }
  | { type: 'transfer-end'; id: number; sent: number; complete: boolean };

export interface ShareServer {
  /** The port actually bound (the one asked for, or the one the system chose for 0). */
  port: number;
  /** Sets the documents that depend on the advertised URL (index and answers), once the port is known. */
  setDocuments(documents: { index: string; answers: string; home: string }): void;
  /** Stops listening and ends every open connection (downloads in flight are cut; students can resume). */
  close(): Promise<void>;
}

const CHUNK = 256 * 1024;

/** One archive's file on disk: known, or fetched once for every student who asks while it arrives. */
class ArchiveFile {
  private path: string | null;
  private pending: Promise<string> | null = null;
  lastModified: string | undefined;

  constructor(readonly archive: ServedArchive) {
    this.path = typeof archive.path === 'string' ? archive.path : null;
    if (this.path) this.lastModified = statSync(this.path).mtime.toUTCString();
  }

  get ready(): string | null {
    return this.path;
  }

  file(): Promise<string> {
    if (this.path) return Promise.resolve(this.path);
    const fetch = this.archive.path as () => Promise<string>;
    this.pending ??= fetch().then(
      (path) => {
        this.path = path;
        this.lastModified = statSync(path).mtime.toUTCString();
        return path;
      },
      (error: unknown) => {
        this.pending = null;
        throw error;
      },
    );
    return this.pending;
  }
}

export function startShareServer(options: ShareServerOptions): Promise<ShareServer> {
  const files = new Map<string, ArchiveFile>(options.archives.map((archive) => [archive.filename, new ArchiveFile(archive)]));
  const emit = options.onEvent ?? (() => undefined);
  let documents = { index: '[]', answers: '{}', home: '' };
  let transfers = 0;
  const sockets = new Set<Socket>();

  const server: Server = createServer((req, res) => {
    const client = req.socket.remoteAddress ?? '?';
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    res.on('finish', () => emit({ type: 'request', client, method: req.method ?? '?', path, status: res.statusCode }));
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('read-only: GET and HEAD only\n');
      return;
    }
    route(req, res, path, client);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // Forty students on a slow Wi-Fi keep connections open for minutes: no request timeout for the archive itself.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;

  function route(req: IncomingMessage, res: ServerResponse, path: string, client: string): void {
    const query = new URL(req.url ?? '/', 'http://x').searchParams;
    if (path === '/answers.json') return sendText(req, res, documents.answers, 'application/json');
    if (path === '/index.json' || ((path === '/dl/' || path === '/') && query.get('mode') === 'json')) {
      return sendText(req, res, documents.index, 'application/json');
    }
    if (path === '/') return sendText(req, res, documents.home, 'text/plain; charset=utf-8');
    const archive = files.get(path.startsWith('/dl/') ? path.slice('/dl/'.length) : path.slice(1));
    if (archive) return sendArchive(req, res, client, archive);
    if (options.modulesRoot && path.startsWith('/mod/')) {
      const file = moduleFile(options.modulesRoot, path.slice('/mod/'.length));
      if (file) return sendModuleFile(req, res, file);
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
  }

  function sendText(req: IncomingMessage, res: ServerResponse, body: string, type: string): void {
    res.writeHead(200, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  function sendModuleFile(req: IncomingMessage, res: ServerResponse, file: string): void {
    const size = statSync(file).size;
    const type = file.endsWith('.zip') ? 'application/zip' : file.endsWith('.info') ? 'application/json' : 'text/plain; charset=utf-8';
    res.writeHead(200, { 'content-type': type, 'content-length': size });
    if (req.method === 'HEAD') return void res.end();
    pipeline(createReadStream(file, { highWaterMark: CHUNK }), res, () => undefined);
  }

  function sendArchive(req: IncomingMessage, res: ServerResponse, client: string, file: ArchiveFile): void {
    const { size, sha256 } = file.archive;
    const etag = `"${sha256}"`;
    const lastModified = file.lastModified;
    const headers: Record<string, string | number> = { 'content-type': 'application/gzip', 'accept-ranges': 'bytes', etag };
    if (lastModified) headers['last-modified'] = lastModified;
    let start = 0;
    let end = size - 1;
    let status = 200;
    const ifRange = req.headers['if-range'];
    const asked = ifRange === undefined || ifRange === etag || (lastModified && ifRange === lastModified) ? parseRange(req.headers.range, size) : null;
    // A range that is the whole file is answered 200: a student's wizard then keeps one connection (it only
    // downloads in segments after a 206 for its first request) — forty students opening four connections each would
    // only split the teacher's uplink further. Resumes (ranges from a later byte) get their 206.
    const range = asked && asked !== 'unsatisfiable' && asked[0] === 0 && asked[1] === size - 1 ? null : asked;
    if (range === 'unsatisfiable') {
      res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
      return;
    }
    if (range) {
      [start, end] = range;
      status = 206;
      headers['content-range'] = `bytes ${start}-${end}/${size}`;
    }
    headers['content-length'] = end - start + 1;
    res.writeHead(status, headers);
    if (req.method === 'HEAD' || end < start) return void res.end();

    const id = ++transfers;
    emit({ type: 'transfer-start', id, client, start, end, size });
    const ready = file.ready;
    if (ready) return streamArchive(res, ready, id, start, end);
    // The teacher fetches it now: the student's request waits (its speed floor allows a minute, then it retries).
    file.file().then(
      (path) => (res.destroyed ? emit({ type: 'transfer-end', id, sent: 0, complete: false }) : streamArchive(res, path, id, start, end)),
      () => {
        emit({ type: 'transfer-end', id, sent: 0, complete: false });
        res.destroy();
      },
    );
  }

  function streamArchive(res: ServerResponse, path: string, id: number, start: number, end: number): void {
    let sent = 0;
    const stream = createReadStream(path, { start, end, highWaterMark: CHUNK });
    stream.on('data', (chunk) => {
      sent += chunk.length;
      emit({ type: 'transfer-progress', id, sent });
    });
    // pipeline ends the file stream when the student hangs up (and the response when the file fails).
    pipeline(stream, res, (error) => emit({ type: 'transfer-end', id, sent, complete: !error && sent === end - start + 1 }));
  }

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve({
        port: (server.address() as AddressInfo).port,
        setDocuments: (next) => {
          documents = next;
        },
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            for (const socket of sockets) socket.destroy();
          }),
      });
    });
  });
}

/**
 * One `bytes=` range (a-b, a-, or the suffix -n) → [start, end]; null for none (or several: the whole file is a
 * valid answer to a multi-range request); 'unsatisfiable' when it starts beyond the end.
 */
export function parseRange(header: string | undefined, size: number): [number, number] | null | 'unsatisfiable' {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!match || (match[1] === '' && match[2] === '')) return null;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) return 'unsatisfiable';
    return [Math.max(0, size - suffix), size - 1];
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || start > end) return 'unsatisfiable';
  return [start, end];
}
