// Mirror presets, default index URLs and the `auto` probe (real loopback servers standing in for the mirrors).
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { UserError } from '../../src/errors.js';
import { chooseMirror, defaultIndexUrl, mirrorBaseUrl } from '../../src/versions/mirrors.js';
import { startMirror } from '../helpers/mirror.js';

describe('mirror presets', () => {
  it('maps every preset and a custom base URL', () => {
    assert.equal(mirrorBaseUrl('official'), 'https://go.dev/dl/');
    assert.equal(mirrorBaseUrl('google-cn'), 'https://golang.google.cn/dl/');
    assert.equal(mirrorBaseUrl('aliyun'), 'https://mirrors.aliyun.com/golang/');
    assert.equal(mirrorBaseUrl('ustc'), 'https://mirrors.ustc.edu.cn/golang/');
    assert.equal(mirrorBaseUrl('nju'), 'https://mirrors.nju.edu.cn/golang/');
    assert.equal(mirrorBaseUrl('https://mirror.corp.example/go/'), 'https://mirror.corp.example/go/');
  });

  it('refuses what is not a preset or an http(s) base ending in /', () => {
    for (const bad of ['ftp://x/', 'https://x/go', 'toString', 'https://x/?a=1/', 'file:///tmp/']) {
      assert.throws(() => mirrorBaseUrl(bad), UserError, bad);
    }
    assert.throws(() => mirrorBaseUrl('auto'), /chooseMirror/);
  });

  it('reads the index from google-cn for google-cn, else from go.dev', () => {
    assert.equal(defaultIndexUrl('google-cn'), 'https://golang.google.cn/dl/?mode=json&include=all');
    for (const mirror of ['official', 'aliyun', 'ustc', 'nju', 'auto', 'https://m.example/']) {
      assert.equal(defaultIndexUrl(mirror), 'https://go.dev/dl/?mode=json&include=all');
    }
  });
});

describe('auto mirror', () => {
  const file = 'go1.27.1.linux-amd64.tar.gz';
  const body = Buffer.alloc(200_000, 7);

  it('probes all candidates in parallel and picks the fastest that has the file', async () => {
    const slow = await startMirror({ files: { [file]: { body } }, faults: { [file]: { delayMs: 400 } } });
    const fast = await startMirror({ files: { [file]: { body } } });
    const lacking = await startMirror({});
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedBase = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    try {
      const started = Date.now();
      const { base, probes } = await chooseMirror('auto', {
        filename: file,
        proxy: {},
        candidates: [slow.url, lacking.url, closedBase, fast.url],
        timeoutMs: 2000,
      });
      assert.equal(base, fast.url);
      assert.ok(Date.now() - started < 1500, 'probes run in parallel');
      assert.deepEqual(
        probes.map((p) => p.ok),
        [true, false, false, true],
      );
      assert.match(probes[1].error!, /HTTP 404/);
      assert.match(probes[2].error!, /ECONNREFUSED/);
      // A small ranged GET, not the whole archive.
      assert.equal(fast.requestsFor(`/${file}`)[0].headers.range, 'bytes=0-65535');
    } finally {
      await Promise.all([slow.close(), fast.close(), lacking.close()]);
    }
  });

  it('fails with one clear line when no candidate answers in time', async () => {
    const hang = await startMirror({ files: { [file]: { body } }, faults: { [file]: { delayMs: 5000 } } });
    try {
      await assert.rejects(
        chooseMirror('auto', { filename: file, proxy: {}, candidates: [hang.url], timeoutMs: 200 }),
        (error: Error) => error instanceof UserError && /no mirror answered for go1\.27\.1\.linux-amd64\.tar\.gz/.test(error.message),
      );
    } finally {
      await hang.close();
    }
  });

  it('leaves a named mirror alone (no probe)', async () => {
    assert.deepEqual(await chooseMirror('ustc', { filename: file, proxy: {} }), { base: 'https://mirrors.ustc.edu.cn/golang/', probes: [] });
  });
});
