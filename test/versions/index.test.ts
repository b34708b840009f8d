// The index: strict validation, release resolution, live loading over loopback HTTP and the snapshot fallback.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { UserError } from '../../src/errors.js';
import type { LoadedIndex } from '../../src/types.js';
import { loadIndex, resolveRelease, shippedSnapshot, validateIndex } from '../../src/versions/index.js';
import { buildIndex, startMirror, type Mirror } from '../helpers/mirror.js';

const digest = (c: string) => c.repeat(64);
const archive = (version: string, arch: string, sha: string) => ({ filename: `${version}.linux-${arch}.tar.gz`, sha256: sha, size: 1000 });

// Shaped like go.dev's include=all: an rc of the next major sorts above the older stables.
const releases = buildIndex([
  { version: 'go1.28rc1', stable: false, files: [archive('go1.28rc1', 'amd64', digest('1'))] },
  {
    version: 'go1.27.1',
    files: [
      { filename: 'go1.27.1.src.tar.gz', sha256: digest('2'), size: 10 },
      archive('go1.27.1', 'amd64', digest('3')),
      archive('go1.27.1', 'arm64', digest('4')),
      { filename: 'go1.27.1.darwin-arm64.pkg', sha256: digest('5'), size: 10 },
    ],
  },
  { version: 'go1.27.0', files: [archive('go1.27.0', 'amd64', digest('6'))] },
  { version: 'go1.27rc2', stable: false, files: [archive('go1.27rc2', 'amd64', digest('7'))] },
  { version: 'go1.26.8', files: [archive('go1.26.8', 'amd64', digest('8'))] },
  { version: 'go1.26.7', files: [archive('go1.26.7', 'amd64', digest('9'))] },
  { version: 'go1.25.3', files: [archive('go1.25.3', 'amd64', '')] },
  { version: 'go1.20', files: [archive('go1.20', 'amd64', digest('a'))] },
]);
const index: LoadedIndex = { releases, source: 'live', url: 'https://go.dev/dl/?mode=json&include=all' };
const base = 'https://mirrors.example/golang/';

describe('resolveRelease', () => {
  const cases: Array<[spec: string, arch: string, version: string, sha: string]> = [
    ['latest', 'amd64', 'go1.27.1', digest('3')],
    ['latest', 'arm64', 'go1.27.1', digest('4')],
    ['1.27', 'amd64', 'go1.27.1', digest('3')],
    ['1.26', 'amd64', 'go1.26.8', digest('8')],
    ['1.27.0', 'amd64', 'go1.27.0', digest('6')],
    ['go1.27.0', 'amd64', 'go1.27.0', digest('6')],
    ['go1.26.7', 'amd64', 'go1.26.7', digest('9')],
    ['1.20', 'amd64', 'go1.20', digest('a')],
    ['1.20.0', 'amd64', 'go1.20', digest('a')],
    ['1.28rc1', 'amd64', 'go1.28rc1', digest('1')],
  ];
  for (const [spec, arch, version, sha] of cases) {
    it(`${spec} on ${arch} → ${version}`, () => {
      const resolved = resolveRelease(index, spec, arch, base);
      assert.equal(resolved.version, version);
      assert.equal(resolved.sha256, sha);
      assert.equal(resolved.filename, `${version}.linux-${arch}.tar.gz`);
      assert.equal(resolved.url, `${base}${version}.linux-${arch}.tar.gz`);
      assert.equal(resolved.sha256Source, index.url);
    });
  }

  it('skips pre-releases for latest even when they sort first', () => {
    assert.equal(releases[0].version, 'go1.28rc1');
    assert.equal(resolveRelease(index, 'latest', 'amd64', base).version, 'go1.27.1');
  });

  it('names the arch when the release has no archive for it', () => {
    assert.throws(() => resolveRelease(index, '1.26', 'riscv64', base), (e: Error) => {
      assert.ok(e instanceof UserError);
      assert.equal(e.message, 'go1.26.8 has no Linux archive for the riscv64 architecture');
      return true;
    });
  });

  it('refuses an empty sha256 unless --sha256 is given, then uses it and says so', () => {
    assert.throws(() => resolveRelease(index, '1.25.3', 'amd64', base), /has no sha256 for go1\.25\.3\.linux-amd64\.tar\.gz; pass --sha256/);
    const resolved = resolveRelease(index, '1.25.3', 'amd64', base, { sha256: digest('b') });
    assert.equal(resolved.sha256, digest('b'));
    assert.equal(resolved.sha256Source, '--sha256');
  });

  it('refuses a --sha256 that contradicts the index', () => {
    assert.throws(() => resolveRelease(index, '1.27.1', 'amd64', base, { sha256: digest('f') }), /does not match the index digest/);
  });

  it('explains an unknown version and a malformed spec', () => {
    assert.throws(() => resolveRelease(index, '1.99', 'amd64', base), /Go 1\.99 is not in the index .*newest stable release is go1\.27\.1/);
    assert.throws(() => resolveRelease(index, '1.x', 'amd64', base), UserError);
    assert.throws(() => resolveRelease(index, '2.0', 'amd64', base), UserError);
  });

  it('says in Chinese when asked', async () => {
    const { createTranslator, loadLang } = await import('../../src/i18n/index.js');
    await loadLang('zh');
    assert.throws(() => resolveRelease(index, '1.26', 'riscv64', base, { t: createTranslator('zh') }), /没有适用于 riscv64 架构/);
  });

  it('labels snapshot digests with the snapshot date', () => {
    const snap: LoadedIndex = { ...index, source: 'snapshot', snapshotDate: '2026-08-19' };
    assert.equal(
      resolveRelease({ ...snap, url: 'http://127.0.0.1:1/my-index.json' }, 'latest', 'amd64', base).sha256Source,
      'the snapshot of the official index (https://go.dev/dl/?mode=json&include=all) shipped with go-setup-wizard, dated 2026-08-19',
    );
  });
});

describe('validateIndex', () => {
  const good = () => JSON.parse(JSON.stringify(releases)) as Array<Record<string, any>>;
  const bad: Array<[string, (d: Array<Record<string, any>>) => unknown, RegExp]> = [
    ['not an array', () => ({ releases: [] }), /not a JSON array/],
    ['empty', () => [], /lists no releases/],
    ['bad version', (d) => ((d[0].version = 'v1.2'), d), /releases\[0\]\.version is not a Go version/],
    ['stable not boolean', (d) => ((d[1].stable = 'true'), d), /releases\[1\]\.stable/],
    ['files missing', (d) => (delete d[2].files, d), /releases\[2\]\.files is not a list/],
    ['short digest', (d) => ((d[1].files[1].sha256 = 'abc'), d), /releases\[1\]\.files\[1\]\.sha256/],
    ['upper-case digest', (d) => ((d[1].files[1].sha256 = 'A'.repeat(64)), d), /sha256/],
    ['path in filename', (d) => ((d[1].files[1].filename = '../../etc/passwd'), d), /filename is not a plain file name/],
    ['negative size', (d) => ((d[1].files[1].size = -1), d), /size is not a byte count/],
    ['size as string', (d) => ((d[1].files[1].size = '12'), d), /size/],
    ['arch missing', (d) => (delete d[1].files[1].arch, d), /arch is not a string/],
  ];
  for (const [name, mutate, message] of bad) {
    it(`rejects: ${name}`, () => assert.throws(() => validateIndex(mutate(good())), message));
  }
  it('accepts the go.dev shape, including an empty digest on old files', () => {
    assert.equal(validateIndex(good()).length, releases.length);
  });
});

describe('the shipped snapshot', () => {
  it('is a valid index with a date, linux archives with real-looking digests, newest first', async () => {
    const snapshot = await shippedSnapshot();
    assert.match(snapshot.date, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(snapshot.releases.length > 20);
    const latest = resolveRelease({ releases: snapshot.releases, source: 'snapshot', url: 'x' }, 'latest', 'amd64', base);
    assert.match(latest.sha256, /^[0-9a-f]{64}$/);
    for (const release of snapshot.releases) {
      for (const file of release.files) assert.ok(file.os === 'linux' || file.kind === 'source', file.filename);
    }
  });
});

describe('loadIndex', () => {
  let mirror: Mirror;
  before(async () => {
    mirror = await startMirror({ index: releases });
  });
  after(() => mirror.close());

  it('fetches and validates a live index from --index-url (go.dev path and flat path)', async () => {
    for (const url of [mirror.indexUrl, `${mirror.url}index.json`]) {
      const loaded = await loadIndex({ indexUrl: url, mirror: 'official', proxy: {} });
      assert.equal(loaded.source, 'live');
      assert.equal(loaded.url, url);
      assert.deepEqual(loaded.releases, releases);
    }
  });

  it('falls back to the snapshot of the official index, with its date and the reason, when nothing answers', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    // The default index (go.dev, golang.google.cn) through a proxy on a closed loopback port: no network.
    const loaded = await loadIndex({ mirror: 'official', proxy: { httpsProxy: `http://127.0.0.1:${port}` }, timeoutMs: 2000 });
    assert.equal(loaded.source, 'snapshot');
    assert.equal(loaded.url, 'https://go.dev/dl/?mode=json&include=all');
    assert.equal(loaded.snapshotDate, (await shippedSnapshot()).date);
    assert.match(loaded.fallbackReason ?? '', /go\.dev.*ECONNREFUSED.*golang\.google\.cn.*ECONNREFUSED/);
  });

  it('an explicit --index-url that is unreachable, malformed, an HTTP error, too slow or too big is an error naming why', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const closed = `http://127.0.0.1:${(server.address() as AddressInfo).port}/index.json`;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const refused = (url: string, reason: RegExp, extra: Partial<Parameters<typeof loadIndex>[0]> = {}) =>
      assert.rejects(loadIndex({ indexUrl: url, mirror: 'official', proxy: {}, ...extra }), (error: Error) => {
        assert.ok(error instanceof UserError, String(error));
        assert.ok(error.message.startsWith(`--index-url ${url} cannot be used: `), error.message);
        assert.match(error.message, reason);
        return true;
      });
    await refused(closed, /ECONNREFUSED/);

    mirror.setIndex([{ version: 'go1.27.1', stable: true, files: [{ filename: 'x', sha256: 'nope' }] }]);
    await refused(mirror.indexUrl, /releases\[0\]\.files\[0\]\.os is not a string/);
    mirror.setIndex('<html>not json</html>');
    await refused(mirror.indexUrl, /did not answer with JSON/);
    mirror.setIndex(releases);
    await refused(`${mirror.url}nothing-here.json`, /HTTP 404/);

    const hang = createServer(() => {});
    await new Promise<void>((resolve) => hang.listen(0, '127.0.0.1', resolve));
    try {
      await refused(`http://127.0.0.1:${(hang.address() as AddressInfo).port}/`, /timed out \(no answer within 0\.3 s\)/, { timeoutMs: 300 });
    } finally {
      hang.closeAllConnections();
      hang.close();
    }
  });

  it('throws (no snapshot) when the caller aborts', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(loadIndex({ indexUrl: mirror.indexUrl, mirror: 'official', proxy: {}, signal: controller.signal }));
  });
});
