// How a downloading archive is unpacked: as its bytes arrive, inflated by the wizard and unpacked by tar, whatever the
// network's speed; a resume or a cached archive feeds tar from the cache file. Real servers on 127.0.0.1:
// `python3 -m http.server` and serve.py throttled per connection; real tar; the trees are compared byte for byte.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { download, DownloadError, type DownloadProgress } from '../../src/net/download.js';
import { goFixture } from '../helpers/go-fixture.js';
import { describeContent } from '../helpers/mirror.js';
import { startPythonHttpServer, startPythonServer } from '../helpers/servers.js';

const FILES = 4;
const MiB = 1024 * 1024;

describe('when the archive is unpacked', { timeout: 300_000 }, () => {
  let dir: string;
  let served: string;
  let content: Buffer[];
  let archive: Buffer;
  let info: { filename: string; sha256: string; size: number };
  let n = 0;
  const fresh = () => join(dir, `case-${++n}`);

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'gsw-unpack-timing-'));
    served = join(dir, 'served');
    mkdirSync(served);
    const tree = join(dir, 'tree/go/bin');
    mkdirSync(tree, { recursive: true });
    // Incompressible: the archive is as large as the tree, so its bytes arrive at the pace the server sets.
    content = Array.from({ length: FILES }, () => randomBytes(MiB));
    content.forEach((bytes, i) => writeFileSync(join(tree, `file-${i}`), bytes));
    execFileSync('tar', ['-czf', join(served, 'go.tar.gz'), '-C', join(dir, 'tree'), 'go']);
    archive = readFileSync(join(served, 'go.tar.gz'));
    info = { filename: 'go.tar.gz', ...describeContent(archive) };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function fetch(base: string, where: string) {
    const progress: DownloadProgress[] = [];
    const dest = join(where, 'cache', `${info.sha256}.tar.gz`);
    const result = await download({
      url: `${base}${info.filename}`,
      sha256: info.sha256,
      size: info.size,
      dest,
      proxy: {},
      connections: 1,
      unpack: { dir: join(where, 'staging') },
      onProgress: (p) => progress.push(p),
    });
    return { result, progress, dest };
  }

  function sameTree(where: string): void {
    content.forEach((bytes, i) => assert.ok(readFileSync(join(where, `staging/go/bin/file-${i}`)).equals(bytes), `file-${i} byte for byte`));
  }

  it('a fast mirror (python3 -m http.server): the tree is byte-exact, the entries counted, one final report', async () => {
    const server = await startPythonHttpServer(served);
    try {
      const where = fresh();
      const { result, progress } = await fetch(server.url, where);
      assert.equal(result.fromCache, false);
      sameTree(where);
      assert.equal(progress.at(-1)!.entries, FILES + 2, 'go/, go/bin/ and the files');
      assert.equal(progress.at(-1)!.bytes, info.size);
      assert.deepEqual(progress.map((p) => p.final === true), progress.map((_, i) => i === progress.length - 1), 'only the last report is final');
    } finally {
      await server.close();
    }
  });

  it('a fast mirror serving other bytes of the right size: the unpack is stopped; no tree and no archive are left', async () => {
    const wrong = join(dir, 'wrong');
    mkdirSync(wrong);
    const corrupt = Buffer.from(archive);
    corrupt[Math.floor(1.5 * MiB)]! ^= 0xff;
    writeFileSync(join(wrong, info.filename), corrupt);
    const server = await startPythonHttpServer(wrong);
    try {
      const where = fresh();
      await assert.rejects(fetch(server.url, where), (error: unknown) => {
        assert.ok(error instanceof DownloadError && error.kind === 'checksum', String(error));
        assert.match(error.message, new RegExp(info.sha256));
        return true;
      });
      assert.equal(existsSync(join(where, 'staging')), false, 'no unpacked tree');
      assert.deepEqual(readdirSync(join(where, 'cache')), [], 'neither the archive nor its partial file');
      await sleep(300);
      assert.equal(existsSync(join(where, 'staging')), false, 'tar was stopped: nothing is written there afterwards');
    } finally {
      await server.close();
    }
  });

  it('a slow mirror (serve.py at 1 MB/s): files are unpacked while the rest is still arriving', async () => {
    const server = await startPythonServer(served, { keepAlive: true, rate: 1_000_000 });
    try {
      const where = fresh();
      const { progress } = await fetch(server.url, where);
      sameTree(where);
      const streamed = progress.filter((p) => p.bytes < info.size && (p.entries ?? 0) >= 3);
      assert.ok(streamed.length > 0, `a file was unpacked before the last byte: ${JSON.stringify(progress.map((p) => [p.bytes, p.entries]))}`);
    } finally {
      await server.close();
    }
  });

  it('a slow resumed download (serve.py at 500 kB/s): tar is first caught up from the cache file, then takes the rest as it arrives', async () => {
    const server = await startPythonServer(served, { keepAlive: true, rate: 500_000, ranges: true });
    try {
      const where = fresh();
      mkdirSync(join(where, 'cache'), { recursive: true });
      const resumeAt = 2 * MiB + 12345;
      writeFileSync(join(where, 'cache', `${info.sha256}.tar.gz.partial`), archive.subarray(0, resumeAt));
      const { result, progress } = await fetch(server.url, where);
      assert.equal(result.bytes, info.size);
      sameTree(where);
      assert.equal(progress[0]!.bytes >= resumeAt, true, 'resumed, not fetched from the start');
      assert.ok(progress.some((p) => p.bytes < info.size && (p.entries ?? 0) >= 3), `the prefix reached tar before the rest arrived: ${JSON.stringify(progress.map((p) => [p.bytes, p.entries]))}`);
    } finally {
      await server.close();
    }
  });

  it('a fast resumed download (serve.py with ranges, unthrottled): the prefix on disk and the rest make the tree and the cache', async () => {
    const server = await startPythonServer(served, { keepAlive: true, ranges: true });
    try {
      const where = fresh();
      mkdirSync(join(where, 'cache'), { recursive: true });
      const resumeAt = MiB + 4321;
      writeFileSync(join(where, 'cache', `${info.sha256}.tar.gz.partial`), archive.subarray(0, resumeAt));
      const { result, progress, dest } = await fetch(server.url, where);
      assert.equal(result.bytes, info.size);
      assert.ok(progress[0]!.bytes >= resumeAt, 'resumed, not fetched from the start');
      sameTree(where);
      assert.ok(readFileSync(dest).equals(archive), 'the cache holds the verified archive');
    } finally {
      await server.close();
    }
  });

  it('a cached archive: unpacked while its digest is checked; a corrupted cache is caught, fetched again and unpacked right', async () => {
    const server = await startPythonHttpServer(served);
    try {
      const where = fresh();
      const first = await fetch(server.url, where);
      rmSync(join(where, 'staging'), { recursive: true });
      const again = await fetch(server.url, where);
      assert.equal(again.result.fromCache, true);
      sameTree(where);
      assert.equal(again.progress.at(-1)!.entries, FILES + 2);

      // One flipped byte inside file-1's data: tar alone would unpack it without complaint.
      const corrupt = Buffer.from(archive);
      corrupt[Math.floor(1.5 * MiB)]! ^= 0xff;
      writeFileSync(first.dest, corrupt);
      const third = await fetch(server.url, where);
      assert.equal(third.result.fromCache, false, 'the corrupted cache was not trusted');
      sameTree(where);
      assert.ok(readFileSync(first.dest).equals(archive), 'the cache holds the verified archive again');
    } finally {
      await server.close();
    }
  });

  /** `served` is an archive the index vouches for (its own digest): the download must fail to unpack it, matching `reason`. */
  async function refusedUnpack(served: string, reason: RegExp): Promise<void> {
    const bytes = readFileSync(join(served, info.filename));
    const server = await startPythonHttpServer(served);
    try {
      const where = fresh();
      await assert.rejects(
        download({ url: `${server.url}${info.filename}`, ...describeContent(bytes), dest: join(where, 'cache', 'x.tar.gz'), proxy: {}, connections: 1, unpack: { dir: join(where, 'staging') } }),
        (error: unknown) => {
          assert.ok(error instanceof DownloadError && error.kind === 'unpack', String(error));
          assert.match(error.message, reason);
          return true;
        },
      );
      assert.equal(existsSync(join(where, 'staging')), false, 'no unpacked tree');
    } finally {
      await server.close();
    }
  }

  it('bytes that are not gzip, with the digest the index gives for them: the unpack fails naming zlib\'s reason, no tree is left, nothing crashes', async () => {
    const plain = join(dir, 'plain');
    mkdirSync(plain);
    // A plain tar where a .tar.gz belongs: tar alone would unpack it, the wizard's inflating refuses it.
    execFileSync('tar', ['-cf', join(plain, info.filename), '-C', join(dir, 'tree'), 'go']);
    await refusedUnpack(plain, /incorrect header check/);
  });

  it('a gzip bomb (100 MiB of zeros in a small archive) with the digest the index gives for it: the unpack stops at the limit, which the error names; no tree is left', async () => {
    const bomb = join(dir, 'bomb');
    mkdirSync(join(bomb, 'tree'), { recursive: true });
    // Sparse: nothing is written to make it.
    execFileSync('truncate', ['-s', '100M', join(bomb, 'tree', 'zeros')]);
    execFileSync('tar', ['-czf', join(bomb, info.filename), '-C', join(bomb, 'tree'), 'zeros']);
    assert.ok(readFileSync(join(bomb, info.filename)).length < MiB, 'a small archive');
    await refusedUnpack(bomb, /inflates to more than 64 MiB/);
  });

  it('Ctrl-C while a cached archive is unpacked (the real Go archive): tar stops, no unpacked tree is left, the verified archive stays', async () => {
    const fixture = await goFixture();
    symlinkSync(fixture.tarball, join(served, fixture.filename));
    const server = await startPythonHttpServer(served);
    try {
      const where = fresh();
      const staging = join(where, 'staging');
      const dest = join(where, 'cache', fixture.filename);
      const options = { url: `${server.url}${fixture.filename}`, sha256: fixture.sha256, size: fixture.size, dest, proxy: {} };
      await download(options);
      const stop = new AbortController();
      let unpacking = null as DownloadProgress | null;
      const fetching = download({
        ...options,
        unpack: { dir: staging },
        signal: stop.signal,
        onProgress: (p) => {
          if (unpacking || !p.entries) return;
          unpacking = p;
          stop.abort(new Error('stopped by the user'));
        },
      });
      await assert.rejects(fetching, /stopped by the user/);
      assert.ok(unpacking, 'the abort came while tar was unpacking');
      assert.ok(unpacking!.bytes < fixture.size, `before the cache file was read to its end (${unpacking!.bytes} of ${fixture.size})`);
      assert.equal(existsSync(staging), false, 'the unpacked part is removed');
      await sleep(500);
      assert.equal(existsSync(staging), false, 'tar was stopped: nothing is written there afterwards');
      assert.ok(readFileSync(dest).length === fixture.size, 'the verified archive stays in the cache');
    } finally {
      await server.close();
    }
  });
});
