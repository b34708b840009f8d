// The HTTP layer against servers the project did not write (all on 127.0.0.1): `python3 -m http.server`
// (HTTP/1.0, closes after the body), Python's threaded keep-alive server, a 10 MB/s throttled one, chunked and
// endless answers, a 1 byte/s trickle, HTTPS with a private CA, tinyproxy with Basic auth and microsocks (SOCKS5).
// Downloads here unpack as the install does (while the bytes arrive, or from the complete cache file when the
// network is fast); some run with both cores loaded.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { download, DownloadError, type DownloadProgress } from '../../src/net/download.js';
import { fetchJson, fetchText, NetError } from '../../src/net/http.js';
import { proxySettings } from '../../src/net/proxy.js';
import { MAX_INDEX_BYTES } from '../../src/versions/index.js';
import { goFixture, type GoFixture } from '../helpers/go-fixture.js';
import { describeContent } from '../helpers/mirror.js';
import {
  burnCpu,
  makePrivateCa,
  startMicrosocks,
  startPythonHttpServer,
  startPythonServer,
  startTinyproxy,
  type PrivateCa,
} from '../helpers/servers.js';

const small = Buffer.from(JSON.stringify([{ version: 'go1.27.1', stable: true, files: [] }]));

describe('downloads from servers the project did not write', { timeout: 900_000 }, () => {
  let fixture: GoFixture;
  let dir: string;
  let served: string;
  let n = 0;
  const fresh = () => join(dir, `case-${++n}`);
  /** A 12 MB archive of incompressible files: big enough for backpressure, small enough for twenty runs. */
  let bulk: { filename: string; sha256: string; size: number };

  before(async () => {
    fixture = await goFixture();
    dir = mkdtempSync(join(tmpdir(), 'gsw-real-servers-'));
    served = join(dir, 'served');
    mkdirSync(served);
    symlinkSync(fixture.tarball, join(served, fixture.filename));
    writeFileSync(join(served, 'index.json'), small);
    const tree = join(dir, 'bulk/go/bin');
    mkdirSync(tree, { recursive: true });
    for (let i = 0; i < 12; i++) writeFileSync(join(tree, `file-${i}`), randomBytes(1024 * 1024));
    execFileSync('tar', ['-czf', join(served, 'bulk.tar.gz'), '-C', join(dir, 'bulk'), 'go']);
    const bytes = readFileSync(join(served, 'bulk.tar.gz'));
    bulk = { filename: 'bulk.tar.gz', ...describeContent(bytes) };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Downloads the Go fixture (or another served file) from `base` into a fresh cache and staging dir. */
  async function install(base: string, extra: Partial<Parameters<typeof download>[0]> = {}, file: { filename: string; sha256: string; size: number } = { filename: fixture.filename, sha256: fixture.sha256, size: fixture.size }) {
    const where = fresh();
    const progress: DownloadProgress[] = [];
    const result = await download({
      url: `${base}${file.filename}`,
      sha256: file.sha256,
      size: file.size,
      dest: join(where, 'cache', `${file.sha256}.tar.gz`),
      proxy: {},
      unpack: { dir: join(where, 'staging') },
      onProgress: (p) => progress.push(p),
      retryDelayMs: 50,
      ...extra,
    });
    const goBinary = join(where, 'staging/go/bin/go');
    return { where, result, progress, goBinary };
  }

  it('python3 -m http.server: the real Go archive, then twenty installs in a row (each unpacked while the bytes arrive, under backpressure), half with both cores busy, zero crashes', async () => {
    const server = await startPythonHttpServer(served);
    let burner: { stop(): Promise<void> } | null = null;
    try {
      const real = await install(server.url);
      assert.ok(existsSync(real.goBinary), 'the real Go tree was unpacked');
      assert.ok(real.progress.at(-1)!.entries! > 1000, `${real.progress.at(-1)!.entries} entries unpacked`);
      rmSync(real.where, { recursive: true, force: true });
      for (let i = 0; i < 20; i++) {
        if (i === 10) burner = burnCpu(2);
        const { where, result, progress } = await install(server.url, {}, bulk);
        const staging = join(where, 'staging');
        assert.equal(result.bytes, bulk.size, `install ${i + 1}`);
        assert.equal(result.fromCache, false);
        assert.ok(existsSync(join(staging, 'go/bin/file-11')), `install ${i + 1}: the tree was unpacked`);
        assert.equal(progress.at(-1)!.entries, 14, `install ${i + 1}: go/, go/bin/ and 12 files`);
        rmSync(where, { recursive: true, force: true });
      }
    } finally {
      await burner?.stop();
      await server.close();
    }
  });

  it('a threaded keep-alive server (HTTP/1.1): installs, and a verified cache is unpacked again without a request', async () => {
    const server = await startPythonServer(served, { keepAlive: true });
    try {
      const first = await install(server.url);
      assert.ok(existsSync(first.goBinary));
      // Same cache, new staging dir: no network at all (the server is gone), the tree comes from the cache.
      await server.close();
      const stagingAgain = join(first.where, 'staging-again');
      const again = await download({
        url: `${server.url}${fixture.filename}`,
        sha256: fixture.sha256,
        size: fixture.size,
        dest: first.result.path,
        proxy: {},
        unpack: { dir: stagingAgain },
      });
      assert.equal(again.fromCache, true);
      assert.ok(existsSync(join(stagingAgain, 'go/bin/go')));
    } finally {
      await server.close();
    }
  });

  it('a server throttled to 10 MB/s, with both cores busy: progress reports speed and ETA, the tree is complete', async () => {
    const server = await startPythonServer(served, { keepAlive: true, rate: 10 * 1024 * 1024 });
    const burner = burnCpu(2);
    try {
      const { progress, goBinary } = await install(server.url);
      assert.ok(existsSync(goBinary));
      const middle = progress[Math.floor(progress.length / 2)]!;
      assert.ok(middle.bytesPerSecond > 0 && middle.bytesPerSecond < 12 * 1024 * 1024, `speed ${middle.bytesPerSecond}`);
      assert.ok(middle.etaSeconds !== null && middle.etaSeconds > 0);
      assert.equal(progress.at(-1)!.etaSeconds, 0);
    } finally {
      await burner.stop();
      await server.close();
    }
  });

  it('a chunked answer (no Content-Length) downloads and unpacks; the digest decides', async () => {
    const server = await startPythonServer(served, { keepAlive: true });
    try {
      const { goBinary, result } = await install(`${server.url}chunked/`);
      assert.ok(existsSync(goBinary));
      assert.equal(result.bytes, fixture.size);
    } finally {
      await server.close();
    }
  });

  it('documents are capped whatever the framing: chunked reads fine, endless stops at the cap', async () => {
    const server = await startPythonServer(served, { keepAlive: true });
    try {
      assert.deepEqual(await fetchJson(`${server.url}chunked/index.json`, { proxy: {}, maxBytes: MAX_INDEX_BYTES }), JSON.parse(small.toString()));
      const before = process.memoryUsage().rss;
      await assert.rejects(fetchJson(`${server.url}endless`, { proxy: {}, maxBytes: MAX_INDEX_BYTES, timeoutMs: 30_000 }), (error: Error) => {
        assert.ok(error instanceof NetError && error.kind === 'too-large', String(error));
        assert.match(error.message, /sent more than 8\.0 MiB/);
        return true;
      });
      const grown = (process.memoryUsage().rss - before) / 1024 / 1024;
      assert.ok(grown < 64, `memory grew by ${grown.toFixed(0)} MiB`);
      // Too slow to finish in time: the overall limit, not the size, stops it.
      await assert.rejects(fetchText(`${server.url}trickle/index.json`, { proxy: {}, timeoutMs: 1500 }), /timed out \(no answer within 1\.5 s\)/);
    } finally {
      await server.close();
    }
  });

  it('a 1 byte/s trickle is retried, then fails cleanly with the speed floor named, and leaves no unpacked tree', async () => {
    const server = await startPythonServer(served, { keepAlive: true });
    try {
      const where = fresh();
      const started = Date.now();
      await assert.rejects(
        download({
          url: `${server.url}trickle/${fixture.filename}`,
          sha256: fixture.sha256,
          size: fixture.size,
          dest: join(where, 'go.tar.gz'),
          proxy: {},
          unpack: { dir: join(where, 'staging') },
          speedFloor: { bytesPerSecond: 1024, windowMs: 1500 },
          retries: 1,
          retryDelayMs: 50,
        }),
        (error: Error) => {
          assert.ok(error instanceof DownloadError && error.kind === 'network', String(error));
          assert.match(error.message, /stayed under 1024 B\/s for 1\.5 s/);
          return true;
        },
      );
      assert.ok(Date.now() - started < 20_000, 'bounded: two attempts of about 1.5 s');
      assert.equal(existsSync(join(where, 'staging')), false);
      assert.equal(existsSync(join(where, 'go.tar.gz')), false);
    } finally {
      await server.close();
    }
  });
});

describe('HTTPS with a private CA, tinyproxy and microsocks', { timeout: 300_000 }, () => {
  let ca: PrivateCa;
  let served: string;
  const content = Buffer.alloc(2 * 1024 * 1024 + 5, 'go');
  const info = describeContent(content);

  before(() => {
    ca = makePrivateCa();
    served = mkdtempSync(join(tmpdir(), 'gsw-tls-served-'));
    writeFileSync(join(served, 'file.bin'), content);
    writeFileSync(join(served, 'index.json'), small);
  });
  after(() => {
    ca.cleanup();
    rmSync(served, { recursive: true, force: true });
  });

  it('an untrusted certificate fails with the cause and the fix; SSL_CERT_FILE, SSL_CERT_DIR or NODE_EXTRA_CA_CERTS make it trusted', async () => {
    const server = await startPythonServer(served, { keepAlive: true, tls: { cert: ca.cert, key: ca.key } });
    try {
      const url = `${server.url}index.json`;
      await assert.rejects(fetchText(url, { proxy: proxySettings({}, {}) }), (error: Error) => {
        assert.ok(error instanceof NetError && error.kind === 'tls', String(error));
        assert.match(error.message, /certificate of 127\.0\.0\.1:\d+ is not trusted \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)\)/);
        assert.match(error.message, /sudo update-ca-certificates/);
        return true;
      });
      const certDir = mkdtempSync(join(tmpdir(), 'gsw-certdir-'));
      writeFileSync(join(certDir, 'corp.pem'), readFileSync(ca.caCert));
      try {
        for (const env of [{ SSL_CERT_FILE: ca.caCert }, { SSL_CERT_DIR: certDir }, { NODE_EXTRA_CA_CERTS: ca.caCert }]) {
          assert.equal(await fetchText(url, { proxy: proxySettings({}, env) }), small.toString(), JSON.stringify(env));
        }
      } finally {
        rmSync(certDir, { recursive: true, force: true });
      }
    } finally {
      await server.close();
    }
  });

  it('tinyproxy with Basic auth: http through it, https tunnelled (CONNECT), a wrong password named without showing it', async () => {
    const password = 'pa55-word';
    const proxy = await startTinyproxy({ user: 'ann', password });
    const plain = await startPythonServer(served, { keepAlive: true });
    const tls = await startPythonServer(served, { keepAlive: true, tls: { cert: ca.cert, key: ca.key } });
    const where = mkdtempSync(join(tmpdir(), 'gsw-tinyproxy-dl-'));
    try {
      for (const base of [plain.url, tls.url]) {
        const settings = proxySettings({}, { http_proxy: proxy.urlWithCredentials, https_proxy: proxy.urlWithCredentials, SSL_CERT_FILE: ca.caCert });
        const result = await download({ url: `${base}file.bin`, ...info, dest: join(where, `${base.slice(0, 5)}.bin`), proxy: settings });
        assert.equal(result.bytes, content.length);
      }
      assert.match(proxy.log(), /CONNECT/);
      const wrong = proxySettings({}, { http_proxy: proxy.urlWithCredentials.replace(password, 'nope') });
      const error = await download({ url: `${plain.url}file.bin`, ...info, dest: join(where, 'wrong.bin'), proxy: wrong, retries: 0 }).then(
        () => assert.fail('a refused proxy must fail'),
        (e: Error) => e,
      );
      // tinyproxy answers 401 to a forwarded request with wrong credentials (407 to CONNECT).
      assert.match(error.message, /HTTP (401|407)/);
      assert.ok(!error.message.includes('nope') && !error.message.includes(password), error.message);
    } finally {
      rmSync(where, { recursive: true, force: true });
      await Promise.all([proxy.close(), plain.close(), tls.close()]);
    }
  });

  it('microsocks as SOCKS5: socks5:// and socks5h://, ALL_PROXY or HTTPS_PROXY, http and https targets', async () => {
    const socks = await startMicrosocks();
    const plain = await startPythonServer(served, { keepAlive: true });
    const tls = await startPythonServer(served, { keepAlive: true, tls: { cert: ca.cert, key: ca.key } });
    try {
      for (const scheme of ['socks5', 'socks5h']) {
        const proxyUrl = `${scheme}://127.0.0.1:${socks.port}`;
        assert.equal(await fetchText(`${plain.url}index.json`, { proxy: proxySettings({}, { ALL_PROXY: proxyUrl }) }), small.toString());
        const settings = proxySettings({}, { HTTPS_PROXY: proxyUrl, SSL_CERT_FILE: ca.caCert });
        assert.equal(await fetchText(`${tls.url}index.json`, { proxy: settings }), small.toString());
      }
      // With the SOCKS proxy gone, the error names it.
      await socks.close();
      await assert.rejects(
        fetchText(`${plain.url}index.json`, { proxy: proxySettings({}, { ALL_PROXY: `socks5://127.0.0.1:${socks.port}` }) }),
        /ECONNREFUSED.*through the proxy socks5:\/\/127\.0\.0\.1/,
      );
    } finally {
      await Promise.all([socks.close(), plain.close(), tls.close()]);
    }
  });
});
