// download(): real HTTP on a loopback mirror, real sha256, real files in a temp dir.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { download, DownloadError, sha256File, type DownloadProgress } from '../../src/net/download.js';
import { goFixture, type GoFixture } from '../helpers/go-fixture.js';
import { describeContent, startMirror, startProxy, type Mirror } from '../helpers/mirror.js';

const run = promisify(execFile);
const noProxy = {};
const small = randomBytes(3 * 1024 * 1024 + 17);
const smallInfo = describeContent(small);
/** The start of a `bytes=N-` Range header, 0 for none. */
const resumedAt = (range: string | undefined) => (range ? Number(/^bytes=(\d+)-$/.exec(range)![1]) : 0);

describe('download', () => {
  let fixture: GoFixture;
  let mirror: Mirror;
  let dir: string;
  let counter = 0;
  const dest = (name = 'file') => join(dir, `${name}-${++counter}.tar.gz`);

  before(async () => {
    fixture = await goFixture();
    mirror = await startMirror({
      files: { [fixture.filename]: { path: fixture.tarball }, 'small.tar.gz': { body: small } },
    });
    dir = await mkdtemp(join(tmpdir(), 'gsw-download-'));
  });
  after(async () => {
    await mirror.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('downloads the real Go tarball, verifies sha256, reports progress and leaves no .partial', async () => {
    const target = dest('go');
    const progress: DownloadProgress[] = [];
    const result = await download({
      url: `${mirror.dlUrl}${fixture.filename}`,
      sha256: fixture.sha256,
      size: fixture.size,
      dest: target,
      proxy: noProxy,
      onProgress: (p) => progress.push(p),
    });
    const { connections, ...rest } = result;
    assert.deepEqual(rest, { path: target, bytes: fixture.size, fromCache: false });
    assert.ok(connections >= 1 && connections <= 4, `${connections} connections`);
    assert.equal(await sha256File(target), fixture.sha256);
    assert.equal(existsSync(`${target}.partial`), false);
    const last = progress.at(-1)!;
    assert.equal(last.bytes, fixture.size);
    assert.equal(last.total, fixture.size);
    assert.ok(last.bytesPerSecond > 0);
    assert.equal(last.etaSeconds, 0);
    assert.ok(progress.every((p, i) => i === 0 || p.bytes >= progress[i - 1].bytes), 'progress only grows');

    // A dest that already matches is reused without a request.
    const before = mirror.requests.length;
    const again = await download({ url: `${mirror.dlUrl}${fixture.filename}`, sha256: fixture.sha256, dest: target, proxy: noProxy });
    assert.deepEqual(again, { path: target, bytes: fixture.size, fromCache: true, connections: 0 });
    assert.equal(mirror.requests.length, before);
  });

  it('a mirror that stalls: progress is still reported every second, its speed falling, until bytes come again', async () => {
    mirror.setFault('small.tar.gz', { stallAfterBytes: 64 * 1024, stallMs: 3500 });
    const progress: (DownloadProgress & { at: number })[] = [];
    const started = performance.now();
    await download({
      url: `${mirror.url}small.tar.gz`,
      ...smallInfo,
      dest: dest('stall'),
      proxy: noProxy,
      onProgress: (p) => progress.push({ ...p, at: performance.now() - started }),
    });
    mirror.setFault('small.tar.gz', undefined);
    const during = progress.filter((p) => p.bytes === 64 * 1024 && p.at > 1000);
    assert.ok(during.length >= 2, `reports while stalled: ${JSON.stringify(progress.map((p) => [Math.round(p.at), p.bytes]))}`);
    assert.ok(during.at(-1)!.bytesPerSecond < during[0]!.bytesPerSecond, 'the speed shown falls while nothing arrives');
    assert.equal(progress.at(-1)!.bytes, small.length);
  });

  it('resumes with Range after the connection drops mid-file', async () => {
    mirror.setFault(fixture.filename, { dropAfterBytes: 7_000_000 });
    const target = dest('go');
    const result = await download({
      url: `${mirror.url}${fixture.filename}`,
      sha256: fixture.sha256,
      size: fixture.size,
      dest: target,
      proxy: noProxy,
      retryDelayMs: 10,
      // One stream (no range probe, no segments): test/net/segments.test.ts covers several connections.
      connections: 1,
    });
    mirror.setFault(fixture.filename, undefined);
    assert.equal(result.bytes, fixture.size);
    assert.equal(await sha256File(target), fixture.sha256);
    const requests = mirror.requestsFor(`/${fixture.filename}`);
    assert.equal(requests.length, 2);
    assert.equal(requests[0].headers.range, undefined);
    const range = /^bytes=(\d+)-$/.exec(requests[1].headers.range ?? '');
    assert.ok(range, `second request asked for a range: ${requests[1].headers.range}`);
    assert.ok(Number(range[1]) > 0 && Number(range[1]) <= 7_000_000);
  });

  it('follows a redirect (go.dev → dl.google.com style) and resumes there', async () => {
    const storage = await startMirror({ files: { 'small.tar.gz': { body: small } }, faults: { 'small.tar.gz': { dropAfterBytes: 500_000 } } });
    mirror.setFault('small.tar.gz', { redirectTo: `${storage.url}small.tar.gz` });
    try {
      const target = dest();
      await download({ url: `${mirror.dlUrl}small.tar.gz`, ...smallInfo, dest: target, proxy: noProxy, retryDelayMs: 5 });
      assert.deepEqual(await readFile(target), small);
      const ranges = storage.requestsFor('/small.tar.gz').map((r) => r.headers.range);
      assert.equal(ranges.length, 2);
      assert.equal(ranges[0], undefined);
      assert.ok(resumedAt(ranges[1]) > 0 && resumedAt(ranges[1]) <= 500_000, ranges[1]);
    } finally {
      mirror.setFault('small.tar.gz', undefined);
      await storage.close();
    }
  });

  it('keeps every byte across repeated drops: each attempt resumes where the last one stopped', async () => {
    mirror.setFault('small.tar.gz', { dropAfterBytes: 1_000_000, dropTimes: Infinity });
    const before = mirror.requestsFor('/small.tar.gz').length;
    try {
      const target = dest();
      await download({ url: `${mirror.url}small.tar.gz`, ...smallInfo, dest: target, proxy: noProxy, retryDelayMs: 5 });
      assert.deepEqual(await readFile(target), small);
      // Each response carries at most 1 MB (the client may lose the tail of a broken one): every retry asks for
      // the rest, from further on than the last.
      const offsets = mirror.requestsFor('/small.tar.gz').slice(before).map((r) => resumedAt(r.headers.range));
      assert.equal(offsets[0], 0);
      assert.ok(offsets.length >= 4, `${offsets}`);
      for (let i = 1; i < offsets.length; i++) {
        assert.ok(offsets[i] > offsets[i - 1] && offsets[i] - offsets[i - 1] <= 1_000_000, `${offsets}`);
      }
    } finally {
      mirror.setFault('small.tar.gz', undefined);
    }
  });

  it('starts over cleanly when the server ignores Range', async () => {
    mirror.setFault('small.tar.gz', { dropAfterBytes: 1_000_000, ignoreRange: true });
    const target = dest();
    const before = mirror.requestsFor('/small.tar.gz').length;
    const result = await download({ url: `${mirror.url}small.tar.gz`, ...smallInfo, dest: target, proxy: noProxy, retryDelayMs: 10 });
    mirror.setFault('small.tar.gz', undefined);
    assert.equal(result.bytes, small.length);
    assert.deepEqual(await readFile(target), small);
    const requests = mirror.requestsFor('/small.tar.gz').slice(before);
    assert.equal(requests.length, 2);
    assert.match(requests[1].headers.range ?? '', /^bytes=\d+-$/, 'it did try to resume');
  });

  it('retries 5xx with backoff, then succeeds', async () => {
    mirror.setFault('small.tar.gz', { failFirst: 2 });
    const target = dest();
    const before = mirror.requestsFor('/small.tar.gz').length;
    const started = Date.now();
    await download({ url: `${mirror.url}small.tar.gz`, ...smallInfo, dest: target, proxy: noProxy, retryDelayMs: 50 });
    mirror.setFault('small.tar.gz', undefined);
    assert.equal(mirror.requestsFor('/small.tar.gz').length - before, 3);
    assert.ok(Date.now() - started >= 150, 'waited 50 + 100 ms between attempts');
    assert.deepEqual(await readFile(target), small);
  });

  it('gives up after the retries on a server that keeps failing', async () => {
    mirror.setFault('small.tar.gz', { failFirst: 100 });
    const before = mirror.requestsFor('/small.tar.gz').length;
    const target = dest();
    await assert.rejects(
      download({ url: `${mirror.url}small.tar.gz`, ...smallInfo, dest: target, proxy: noProxy, retries: 2, retryDelayMs: 5 }),
      (error: DownloadError) => error.kind === 'http' && /HTTP 500/.test(error.message),
    );
    mirror.setFault('small.tar.gz', undefined);
    assert.equal(mirror.requestsFor('/small.tar.gz').length - before, 3);
    assert.equal(existsSync(target), false);
  });

  it('fails at once on 404, without retrying', async () => {
    const before = mirror.requests.length;
    const target = dest();
    await assert.rejects(
      download({ url: `${mirror.url}missing.tar.gz`, ...smallInfo, dest: target, proxy: noProxy, retryDelayMs: 5 }),
      (error: DownloadError) => error.kind === 'http' && !error.transient && /HTTP 404/.test(error.message),
    );
    assert.equal(mirror.requests.length - before, 1);
    assert.equal(existsSync(target), false);
  });

  it('refuses a checksum mismatch: says expected, got and the digest source, and leaves nothing in place', async () => {
    mirror.setFault('small.tar.gz', { corrupt: true });
    const target = dest();
    const before = mirror.requestsFor('/small.tar.gz').length;
    await assert.rejects(
      download({
        url: `${mirror.url}small.tar.gz`,
        ...smallInfo,
        dest: target,
        proxy: noProxy,
        sha256Source: 'https://go.dev/dl/?mode=json&include=all',
        retryDelayMs: 5,
      }),
      (error: DownloadError) => {
        assert.equal(error.kind, 'checksum');
        assert.ok(error.message.includes(`expected ${smallInfo.sha256}`), error.message);
        assert.ok(error.message.includes('(from https://go.dev/dl/?mode=json&include=all)'), error.message);
        assert.match(error.message, /got [0-9a-f]{64}/);
        return true;
      },
    );
    mirror.setFault('small.tar.gz', undefined);
    assert.equal(mirror.requestsFor('/small.tar.gz').length - before, 1, 'a fresh mismatch is not retried');
    assert.equal(existsSync(target), false);
    assert.equal(existsSync(`${target}.partial`), false);
  });

  it('never trusts a stale partial: a bad prefix is discarded and the file fetched again', async () => {
    const target = dest();
    await writeFile(`${target}.partial`, Buffer.from('not the right bytes at all'));
    const before = mirror.requestsFor('/small.tar.gz').length;
    await download({ url: `${mirror.url}small.tar.gz`, ...smallInfo, dest: target, proxy: noProxy, retryDelayMs: 5 });
    assert.deepEqual(await readFile(target), small);
    const requests = mirror.requestsFor('/small.tar.gz').slice(before);
    assert.deepEqual(
      requests.map((r) => r.headers.range),
      ['bytes=26-', undefined],
    );
  });

  it('replaces a dest whose digest does not match instead of reusing it', async () => {
    const target = dest();
    await writeFile(target, 'stale');
    const result = await download({ url: `${mirror.url}small.tar.gz`, ...smallInfo, dest: target, proxy: noProxy });
    assert.equal(result.fromCache, false);
    assert.deepEqual(await readFile(target), small);
  });

  it('stops on abort and leaves no file at dest', async () => {
    mirror.setFault('small.tar.gz', { bytesPerSecond: 200_000 });
    const target = dest();
    const controller = new AbortController();
    const pending = download({
      url: `${mirror.url}small.tar.gz`,
      ...smallInfo,
      dest: target,
      proxy: noProxy,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.bytes > 50_000) controller.abort();
      },
    });
    await assert.rejects(pending, (error: Error) => error.name === 'AbortError');
    mirror.setFault('small.tar.gz', undefined);
    assert.equal(existsSync(target), false);
  });

  it('goes through an authenticating proxy whose password has $, quote and spaces, and never shows it', async () => {
    const password = `pa$$ 'w rd`;
    const proxy = await startProxy({ auth: { username: 'student 1', password } });
    try {
      const target = dest();
      const messages: string[] = [];
      const result = await download({
        url: `${mirror.url}small.tar.gz`,
        ...smallInfo,
        dest: target,
        proxy: { httpProxy: proxy.urlWithCredentials },
        onProgress: (p) => messages.push(JSON.stringify(p)),
      });
      assert.equal(result.bytes, small.length);
      assert.ok(proxy.seen.length >= 1);
      assert.ok(proxy.seen.every((s) => s.credentials === `student 1:${password}` && s.allowed));

      // Wrong credentials: the error names the failure without the password.
      const wrong = proxy.urlWithCredentials.replace(encodeURIComponent(password), 'nope%20nope');
      const error = await download({
        url: `${mirror.url}small.tar.gz`,
        ...smallInfo,
        dest: dest(),
        proxy: { httpProxy: wrong },
        retries: 0,
      }).then(
        () => assert.fail('a refused proxy must fail the download'),
        (e: Error) => e,
      );
      messages.push(error.message);
      assert.match(error.message, /407/);
      for (const text of messages) {
        assert.ok(!text.includes(password) && !text.includes(encodeURIComponent(password)) && !text.includes('nope'), text);
      }
    } finally {
      await proxy.close();
    }
  });

  it('says clearly when the disk is full (real ENOSPC on a 1 MiB tmpfs, in a private mount namespace)', async () => {
    const script = fileURLToPath(new URL('./fixtures/download-once.ts', import.meta.url));
    const mountPoint = await mkdtemp(join(tmpdir(), 'gsw-full-'));
    try {
      const shell = `mount -t tmpfs -o size=1m tmpfs "$1" && exec "$2" --import tsx "$3" "$4" "$5" "$6" "$1/go.tar.gz"`;
      const { stdout } = await run(
        'unshare',
        ['-m', '--propagation', 'private', 'bash', '-c', shell, 'bash', mountPoint, process.execPath, script,
          `${mirror.url}small.tar.gz`, smallInfo.sha256, String(smallInfo.size)],
        { cwd: fileURLToPath(new URL('../..', import.meta.url)) },
      );
      const outcome = JSON.parse(stdout) as { kind: string; message: string; leftovers: string[] };
      assert.equal(outcome.kind, 'no-space');
      assert.match(outcome.message, /no space left on the device holding .*gsw-full-.* while downloading small\.tar\.gz \(3\.0 MiB\)/);
      assert.deepEqual(outcome.leftovers, [], 'the partial file is removed to give the space back');
    } finally {
      await rm(mountPoint, { recursive: true, force: true });
    }
  });
});
