// Segmented downloading (several connections for one large file) against real servers on 127.0.0.1: serve.py
// throttling each connection and honouring Range, `python3 -m http.server` (ignores Range), serve.py answering
// segments with a wrong Content-Range, and the project's mirror dropping a segment's connection or corrupting a byte.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { download, DownloadError, sha256File, type DownloadProgress } from '../../src/net/download.js';
import { describeContent, startMirror, startProxy } from '../helpers/mirror.js';
import { startPythonHttpServer, startPythonServer } from '../helpers/servers.js';

/** Large enough to be segmented (32 MiB and more), incompressible. */
const big = randomBytes(40 * 1024 * 1024);
const bigInfo = { filename: 'big.bin', ...describeContent(big) };
/** Throttled per connection: one connection takes 10 s for `big`. */
const RATE = 4_000_000;

describe('segmented downloading', { timeout: 600_000 }, () => {
  /** A Go-shaped archive of 40 random 1 MiB files (gzip cannot shrink them, so tar keeps up on a busy machine). */
  let archive: { filename: string; sha256: string; size: number };
  let dir: string;
  let served: string;
  let n = 0;
  const fresh = () => join(dir, `case-${++n}`);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gsw-segments-'));
    served = join(dir, 'served');
    mkdirSync(served);
    writeFileSync(join(served, bigInfo.filename), big);
    const tree = join(dir, 'tree/go/bin');
    mkdirSync(tree, { recursive: true });
    for (let i = 0; i < 40; i++) writeFileSync(join(tree, `file-${i}`), big.subarray(i * 1024 * 1024, (i + 1) * 1024 * 1024));
    execFileSync('tar', ['-czf', join(served, 'go.tar.gz'), '-C', join(dir, 'tree'), 'go']);
    archive = { filename: 'go.tar.gz', ...describeContent(readFileSync(join(served, 'go.tar.gz'))) };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function fetchBig(base: string, extra: Partial<Parameters<typeof download>[0]> = {}) {
    const where = fresh();
    const dest = join(where, 'cache', `${bigInfo.sha256}.bin`);
    const result = await download({ url: `${base}${bigInfo.filename}`, sha256: bigInfo.sha256, size: bigInfo.size, dest, proxy: {}, retryDelayMs: 50, ...extra });
    return { where, dest, result };
  }

  /** Nothing but the verified file is left in the cache directory (no .partial, no side file). */
  function onlyTheFile(dest: string): void {
    assert.deepEqual(readdirSync(join(dest, '..')), [join(dest).split('/').at(-1)]);
  }

  it('serve.py throttled per connection, with ranges: several connections, the same bytes, unpacked in order', async () => {
    const server = await startPythonServer(served, { keepAlive: true, rate: RATE, ranges: true });
    try {
      const where = fresh();
      const progress: DownloadProgress[] = [];
      const dest = join(where, 'cache', `${archive.sha256}.tar.gz`);
      const result = await download({
        url: `${server.url}${archive.filename}`,
        sha256: archive.sha256,
        size: archive.size,
        dest,
        proxy: {},
        unpack: { dir: join(where, 'staging') },
        onProgress: (p) => progress.push(p),
      });
      assert.ok(result.connections >= 2, `${result.connections} connections`);
      assert.ok(result.connections <= 4, `${result.connections} connections`);
      assert.equal(await sha256File(dest), archive.sha256);
      for (let i = 0; i < 40; i++) {
        const unpacked = readFileSync(join(where, `staging/go/bin/file-${i}`));
        assert.ok(unpacked.equals(big.subarray(i * 1024 * 1024, (i + 1) * 1024 * 1024)), `file-${i}: tar got every byte in order`);
      }
      assert.equal(progress.at(-1)!.entries, 42, 'go/, go/bin/ and 40 files');
      onlyTheFile(dest);
    } finally {
      await server.close();
    }
  });

  it('every connection goes through the configured proxy (Basic auth)', async () => {
    const server = await startPythonServer(served, { keepAlive: true, rate: RATE, ranges: true });
    const proxy = await startProxy({ auth: { username: 'student', password: 'pa$$ word' } });
    try {
      const { dest, result } = await fetchBig(server.url, { proxy: { httpProxy: proxy.urlWithCredentials } });
      assert.ok(result.connections >= 2, `${result.connections} connections`);
      assert.equal(await sha256File(dest), bigInfo.sha256);
      const requests = proxy.seen.filter((r) => r.target.endsWith(`/${bigInfo.filename}`));
      assert.ok(requests.length >= result.connections, `${requests.length} requests through the proxy`);
      assert.ok(requests.every((r) => r.allowed && r.credentials === 'student:pa$$ word'), 'each with the credentials');
    } finally {
      await proxy.close();
      await server.close();
    }
  });

  it('python3 -m http.server ignores Range: one stream, the same bytes', async () => {
    const server = await startPythonHttpServer(served);
    try {
      const { dest, result } = await fetchBig(server.url);
      assert.equal(result.connections, 1);
      assert.equal(await sha256File(dest), bigInfo.sha256);
      onlyTheFile(dest);
    } finally {
      await server.close();
    }
  });

  it('segments answered with a wrong Content-Range: back to one stream, the same bytes', async () => {
    const server = await startPythonServer(served, { keepAlive: true, rate: RATE, ranges: true, wrongRange: true });
    try {
      const { dest, result } = await fetchBig(server.url);
      assert.equal(result.connections, 1, 'the attempt that finished used one stream');
      assert.equal(await sha256File(dest), bigInfo.sha256);
      onlyTheFile(dest);
    } finally {
      await server.close();
    }
  });

  it('a segment whose connection drops: the cache file resumes with one stream, the same bytes', async () => {
    const mirror = await startMirror({ files: { [bigInfo.filename]: { body: big } }, faults: { [bigInfo.filename]: { bytesPerSecond: RATE, dropAfterBytes: 1024 * 1024, dropSegmentsOnly: true } } });
    try {
      const { dest, result } = await fetchBig(mirror.url);
      assert.equal(await sha256File(dest), bigInfo.sha256);
      const ranges = mirror.requestsFor(`/${bigInfo.filename}`).map((r) => r.headers.range);
      assert.equal(ranges[0], 'bytes=0-', 'the first request asks for a range to learn whether segments work');
      assert.ok(ranges.some((r) => /^bytes=\d+-\d+$/.test(r ?? '')), `a segment was asked for: ${ranges.join(', ')}`);
      const resume = ranges.at(-1)!;
      assert.match(resume, /^bytes=[1-9]\d*-$/, `the last request resumes the cache file: ${ranges.join(', ')}`);
      assert.equal(result.connections, 1);
      onlyTheFile(dest);
    } finally {
      await mirror.close();
    }
  });

  it('a digest mismatch while segmented: the error names it, the staging tree and every file are removed', async () => {
    const mirror = await startMirror({ files: { [archive.filename]: { path: join(served, archive.filename) } }, faults: { [archive.filename]: { bytesPerSecond: RATE, corrupt: true } } });
    try {
      const where = fresh();
      const dest = join(where, 'cache', `${archive.sha256}.tar.gz`);
      await assert.rejects(
        download({ url: `${mirror.url}${archive.filename}`, sha256: archive.sha256, size: archive.size, dest, proxy: {}, retries: 0, unpack: { dir: join(where, 'staging') } }),
        (error: unknown) => error instanceof DownloadError && error.kind === 'checksum',
      );
      const ranges = mirror.requestsFor(`/${archive.filename}`).map((r) => r.headers.range);
      assert.ok(ranges.length >= 2, `several connections were used: ${ranges.join(', ')}`);
      assert.equal(existsSync(join(where, 'staging')), false, 'the unpacked tree is removed');
      assert.deepEqual(readdirSync(join(where, 'cache')), [], 'no archive, no .partial, no side file');
    } finally {
      await mirror.close();
    }
  });
});
