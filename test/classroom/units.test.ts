// The classroom's pure parts: the answers and index handed out, the students' GOPROXY, byte ranges, the module
// cache's path checks, and the live status board.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DownloadBoard, statusLine } from '../../src/classroom/board.js';
import { archOfFilename, classroomAnswers, classroomGoproxy, classroomIndex, servedArchives } from '../../src/classroom/content.js';
import { moduleCacheRoot, moduleFile } from '../../src/classroom/modules.js';
import { lanAddress, originOf } from '../../src/classroom/network.js';
import { parseRange } from '../../src/classroom/server.js';
import { DEFAULT_OPTIONS } from '../../src/cli/flags.js';
import { createTranslator } from '../../src/i18n/index.js';
import type { ResolvedRelease } from '../../src/types.js';

const release: ResolvedRelease = {
  version: 'go1.27.1',
  filename: 'go1.27.1.linux-arm64.tar.gz',
  sha256: 'b'.repeat(64),
  size: 0,
  url: 'https://go.dev/dl/go1.27.1.linux-arm64.tar.gz',
  sha256Source: 'https://go.dev/dl/?mode=json&include=all',
  archives: [
    { arch: 'amd64', filename: 'go1.27.1.linux-amd64.tar.gz', sha256: 'a'.repeat(64), size: 456 },
    { arch: 'arm64', filename: 'go1.27.1.linux-arm64.tar.gz', sha256: 'b'.repeat(64), size: 123 },
  ],
};
const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('classroom content', () => {
  it('indexes just the release: every arch with its official digest and size, the teacher\'s first', () => {
    assert.equal(archOfFilename('go1.27.1.linux-armv6l.tar.gz'), 'armv6l');
    assert.throws(() => archOfFilename('go1.27.1.darwin-arm64.pkg'));
    const archives = servedArchives({ ...release, size: 123 });
    assert.deepEqual(archives.map((a) => a.arch), ['arm64', 'amd64']);
    assert.deepEqual(classroomIndex(archives, release.version), [
      {
        version: 'go1.27.1',
        stable: true,
        files: [
          { filename: release.filename, os: 'linux', arch: 'arm64', version: 'go1.27.1', sha256: release.sha256, size: 123, kind: 'archive' },
          { filename: 'go1.27.1.linux-amd64.tar.gz', os: 'linux', arch: 'amd64', version: 'go1.27.1', sha256: 'a'.repeat(64), size: 456, kind: 'archive' },
        ],
      },
    ]);
    assert.deepEqual(servedArchives({ ...release, archivePath: '/tmp/go.tar.gz' }).map((a) => a.arch), ['arm64'], 'a local --archive is the one file');
  });

  it('pins version and digest, passes on the teacher\'s explicit choices only, and defaults to user scope', () => {
    const options = { ...DEFAULT_OPTIONS, scope: 'system' as const, gosumdb: 'sum.golang.google.cn', httpProxy: 'http://teacher-proxy:3128', installDir: '/home/teacher/sdk' };
    const served = classroomAnswers({ release, options, explicit: ['gosumdb', 'httpProxy', 'installDir'], served: { mirror: 'http://10.0.0.5:8080/', indexUrl: 'http://10.0.0.5:8080/index.json' } });
    assert.deepEqual(served, {
      method: 'tarball',
      goVersion: '1.27.1',
      mirror: 'http://10.0.0.5:8080/',
      indexUrl: 'http://10.0.0.5:8080/index.json',
      gosumdb: 'sum.golang.google.cn',
      scope: 'user',
      pinnedDigests: { source: release.sha256Source, files: { [release.filename]: release.sha256, 'go1.27.1.linux-amd64.tar.gz': 'a'.repeat(64) } },
    });
    const bundled = classroomAnswers({ release, options, explicit: ['scope'], archive: release.filename });
    assert.deepEqual(bundled, {
      method: 'tarball',
      goVersion: '1.27.1',
      sha256: release.sha256,
      archive: release.filename,
      scope: 'system',
      pinnedDigests: { source: release.sha256Source, files: { [release.filename]: release.sha256 } },
    });
  });

  it('puts the teacher\'s module cache first in GOPROXY, then the teacher\'s choice or a fallback that suits the mirror', () => {
    const mod = 'http://10.0.0.5:8080/mod';
    assert.equal(classroomGoproxy(mod, { goproxy: 'keep', mirror: 'official' }), `${mod},https://proxy.golang.org,direct`);
    assert.equal(classroomGoproxy(mod, { goproxy: 'keep', mirror: 'google-cn' }), `${mod},https://goproxy.cn,direct`);
    assert.equal(classroomGoproxy(mod, { goproxy: 'aliyun', mirror: 'official' }), `${mod},https://mirrors.aliyun.com/goproxy/,direct`);
    assert.equal(classroomGoproxy(mod, { goproxy: 'https://corp.example/proxy|direct', mirror: 'official' }), `${mod},https://corp.example/proxy|direct`);
  });

  it('finds the LAN address and writes origins', () => {
    const lo = { address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4' as const, mac: '', internal: true, cidr: null };
    const v6 = { address: 'fe80::1', netmask: 'ffff::', family: 'IPv6' as const, mac: '', internal: false, cidr: null, scopeid: 2 };
    const lan = { address: '192.168.1.20', netmask: '255.255.255.0', family: 'IPv4' as const, mac: '', internal: false, cidr: null };
    assert.equal(lanAddress({ lo: [lo], wlan0: [v6, lan] }), '192.168.1.20');
    assert.equal(lanAddress({ lo: [lo] }), null);
    assert.equal(originOf('192.168.1.20', 8080), 'http://192.168.1.20:8080');
    assert.equal(originOf('fd00::5', 80), 'http://[fd00::5]:80');
  });
});

describe('byte ranges', () => {
  it('reads a-b, a- and -n; several ranges or garbage mean the whole file; past the end is unsatisfiable', () => {
    assert.deepEqual(parseRange('bytes=0-99', 1000), [0, 99]);
    assert.deepEqual(parseRange('bytes=900-', 1000), [900, 999]);
    assert.deepEqual(parseRange('bytes=990-2000', 1000), [990, 999]);
    assert.deepEqual(parseRange('bytes=-100', 1000), [900, 999]);
    assert.deepEqual(parseRange('bytes=-5000', 1000), [0, 999]);
    assert.equal(parseRange(undefined, 1000), null);
    assert.equal(parseRange('bytes=0-1,5-6', 1000), null);
    assert.equal(parseRange('items=0-1', 1000), null);
    assert.equal(parseRange('bytes=1000-', 1000), 'unsatisfiable');
    assert.equal(parseRange('bytes=5-4', 1000), 'unsatisfiable');
    assert.equal(parseRange('bytes=-0', 1000), 'unsatisfiable');
  });
});

describe('module cache', () => {
  it('takes GOMODCACHE or its cache/download, serves protocol files only, and never leaves the cache', () => {
    const root = mkdtempSync(join(tmpdir(), 'gsw-modcache-'));
    dirs.push(root);
    const versions = join(root, 'cache/download/github.com/!azure/sdk/@v');
    mkdirSync(versions, { recursive: true });
    for (const name of ['list', 'v1.2.0.info', 'v1.2.0.mod', 'v1.2.0.zip', 'v1.2.0.lock', 'v1.2.0.ziphash']) writeFileSync(join(versions, name), name);
    writeFileSync(join(root, 'outside.mod'), 'secret');
    symlinkSync(join(root, 'outside.mod'), join(versions, 'v6.6.6.mod'));

    const download = moduleCacheRoot(root)!;
    assert.equal(download, join(root, 'cache/download'));
    assert.equal(moduleCacheRoot(download), download);
    assert.equal(moduleCacheRoot(join(root, 'cache')), null);

    for (const name of ['list', 'v1.2.0.info', 'v1.2.0.mod', 'v1.2.0.zip']) {
      assert.equal(moduleFile(download, `github.com/!azure/sdk/@v/${name}`), join(versions, name));
    }
    for (const bad of [
      'github.com/!azure/sdk/@v/v1.2.0.lock',
      'github.com/!azure/sdk/@v/v1.2.0.ziphash',
      'github.com/!azure/sdk/@v/v6.6.6.mod',
      '../../outside.mod',
      'github.com/!azure/sdk/@v/../../../../../outside.mod',
      '%2e%2e/%2e%2e/outside.mod',
      'github.com//sdk/@v/list',
      'github.com/!azure/sdk/@v/%00.mod',
      'github.com/!azure/sdk/@v/%zz.mod',
      'github.com\\..\\..\\@v\\list',
    ]) {
      assert.equal(moduleFile(download, bad), null, bad);
    }
  });
});

describe('status board', () => {
  it('counts downloads, completions and hang-ups, and fits the line to the terminal', () => {
    let now = 0;
    const board = new DownloadBoard(() => now);
    const t = createTranslator('en');
    board.apply({ type: 'transfer-start', id: 1, client: '10.0.0.7', start: 0, end: 999, size: 1000 });
    board.apply({ type: 'transfer-start', id: 2, client: '10.0.0.8', start: 500, end: 999, size: 1000 });
    board.apply({ type: 'transfer-progress', id: 1, sent: 250 });
    board.apply({ type: 'transfer-progress', id: 2, sent: 250 });
    assert.equal(board.dirty, true);
    board.snapshot();
    now = 1000;
    board.apply({ type: 'transfer-progress', id: 1, sent: 500 });
    const snapshot = board.snapshot();
    assert.equal(board.dirty, false);
    assert.deepEqual(snapshot.downloading, [
      { client: '10.0.0.7', bytes: 500, size: 1000 },
      { client: '10.0.0.8', bytes: 750, size: 1000 },
    ]);
    assert.equal(snapshot.bytesPerSecond, 250);
    assert.equal(statusLine(snapshot, t), '2 downloading, 0 done, 0 interrupted, 250 B/s · 10.0.0.7 50% · 10.0.0.8 75%');
    assert.equal(statusLine(snapshot, t, 60), '2 downloading, 0 done, 0 interrupted, 250 B/s · +2');

    assert.deepEqual(board.apply({ type: 'transfer-end', id: 2, sent: 500, complete: true }), { client: '10.0.0.8', complete: true, bytes: 1000, size: 1000 });
    assert.deepEqual(board.apply({ type: 'transfer-end', id: 1, sent: 600, complete: false }), { client: '10.0.0.7', complete: false, bytes: 600, size: 1000 });
    const last = board.snapshot();
    assert.equal(last.done, 1);
    assert.equal(last.interrupted, 1);
    assert.equal(last.students, 2);
    assert.equal(last.bytesSent, 1100);
  });
});
