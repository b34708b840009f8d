// Mirror presets, default index URLs and the `auto` probe (real loopback servers standing in for the mirrors).
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { UserError } from '../../src/errors.js';
import { chooseMirror, defaultIndexUrl, mirrorBaseUrl } from '../../src/versions/mirrors.js';
import { createTranslator } from '../../src/i18n/index.js';
import { buildPlan } from '../../src/plan/build.js';
import { renderPlan } from '../../src/plan/render.js';
import { startMirror } from '../helpers/mirror.js';
import { createTempHome } from '../helpers/temp-home.js';
import { buildInput, FAKE_RELEASE } from '../plan/helpers.js';

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

  it('picks by measured throughput, not latency, and leaves out what is missing, refused or over the latency cut-off', async () => {
    const big = Buffer.alloc(4 * 1024 * 1024, 7);
    // Answers at once but trickles: the lowest latency, the lowest throughput.
    const trickle = await startMirror({ files: { [file]: { body: big } }, faults: { [file]: { bytesPerSecond: 200_000 } } });
    // Answers late (under the cut-off) but fast: the one to pick.
    const lateButFast = await startMirror({ files: { [file]: { body: big } }, faults: { [file]: { delayMs: 300 } } });
    const tooLate = await startMirror({ files: { [file]: { body } }, faults: { [file]: { delayMs: 3000 } } });
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
        candidates: [trickle.url, lacking.url, closedBase, lateButFast.url, tooLate.url],
        timeoutMs: 1000,
        probeMs: 700,
      });
      assert.equal(base, lateButFast.url);
      // Bounded: the latency round (≤ 1 s) plus one throughput window per reachable candidate (2 × 0.7 s).
      assert.ok(Date.now() - started < 1000 + 2 * 700 + 1500, `${Date.now() - started} ms`);
      assert.deepEqual(
        probes.map((p) => p.ok),
        [true, false, false, true, false],
      );
      assert.match(probes[1].error!, /HTTP 404/);
      assert.match(probes[2].error!, /ECONNREFUSED/);
      assert.match(probes[4].error!, /timed out \(no answer within 1 s\)/);
      assert.ok(probes[3].latencyMs! >= 300, 'the fast mirror answered after its 300 ms delay');
      assert.ok(probes[3].bytesPerSecond! > 2 * probes[0].bytesPerSecond!, JSON.stringify(probes));
      assert.ok(probes[0].bytesPerSecond! < 400_000, `measured ${probes[0].bytesPerSecond} B/s for a 200 kB/s mirror`);
      // The throughput probe is a bounded ranged GET, not the whole archive.
      assert.match(lateButFast.requestsFor(`/${file}`).at(-1)!.headers.range ?? '', /^bytes=0-\d+$/);
    } finally {
      await Promise.all([trickle.close(), lateButFast.close(), tooLate.close(), lacking.close()]);
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

  it('the preview shows what each candidate measured and which one was chosen', async () => {
    const fast = await startMirror({ files: { [file]: { body } } });
    const lacking = await startMirror({});
    const home = createTempHome();
    try {
      const { base, probes } = await chooseMirror('auto', { filename: file, proxy: {}, candidates: [lacking.url, fast.url], probeMs: 300 });
      const release = { ...FAKE_RELEASE, url: `${base}${FAKE_RELEASE.filename}`, mirrorProbes: probes };
      const text = renderPlan(await buildPlan(buildInput(home, { release })), 'text', createTranslator('en'));
      assert.match(text, new RegExp(`mirror ${lacking.url}: left out \\(.*HTTP 404\\)`));
      assert.match(text, new RegExp(`mirror ${fast.url}: [\\d.]+ [KMG]?i?B/s, first answer in \\d+ ms ← fastest, chosen`));
    } finally {
      home.cleanup();
      await Promise.all([fast.close(), lacking.close()]);
    }
  });

  it('leaves a named mirror alone (no probe)', async () => {
    assert.deepEqual(await chooseMirror('ustc', { filename: file, proxy: {} }), { base: 'https://mirrors.ustc.edu.cn/golang/', probes: [] });
  });
});
