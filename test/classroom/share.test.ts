// `share` through the REAL built CLI: a teacher process on 127.0.0.1 that downloads the real Go fixture once from a
// loopback mirror, then serves it. Students are real `install --yes --config http://…/answers.json` runs in their
// own temp HOMEs, a raw HTTP client that hangs up mid-download and resumes, and the teacher's Ctrl-C.
// GSW_CLASSROOM_STUDENTS sets how many install at once (default 3; `npm run bench` measures forty).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { bundle, ensureBuilt } from '../cli/built-cli.js';
import { goFixture, type GoFixture } from '../helpers/go-fixture.js';
import { startFixtureMirror, type Mirror } from '../helpers/mirror.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { startTeacher, type Teacher } from './teacher.js';

let fixture: GoFixture;
let mirror: Mirror;
const homes: TempHome[] = [];
const teachers: Teacher[] = [];

before(async () => {
  await ensureBuilt();
  fixture = await goFixture();
  mirror = await startFixtureMirror(fixture);
});
after(async () => {
  for (const teacher of teachers) await teacher.stop('SIGKILL');
  await mirror?.close();
  for (const home of homes) home.cleanup();
});

function newHome(): TempHome {
  const home = createTempHome({ skel: true });
  homes.push(home);
  return home;
}

async function teacher(extra: string[] = []): Promise<Teacher> {
  const started = await startTeacher(newHome(), mirror, extra);
  teachers.push(started);
  return started;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One raw HTTP request: the path is sent exactly as given (no URL normalisation, so `..` reaches the server). */
function get(url: string, path: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, timeout = 600_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { env, timeout, maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout: String(stdout), stderr: String(stderr) }),
    );
  });
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('share: one download, served to a classroom', { timeout: 1_800_000 }, () => {
  test('serves the one-release index with the official digest, answers.json, HEAD, ranges; refuses writes; downloads once', async () => {
    const share = await teacher(['--scope', 'user', '--goproxy', 'goproxy.cn']);
    const { url, answersUrl, indexUrl, archiveUrl, command } = share.listening;
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.equal(command, `npx go-setup-wizard --config ${answersUrl}`);
    assert.equal(mirror.downloadsOf(`/${fixture.filename}`).length, 1, 'the teacher downloaded the archive once');

    const index = JSON.parse((await get(url, new URL(indexUrl).pathname)).body.toString());
    assert.deepEqual(index, [
      {
        version: fixture.version,
        stable: true,
        files: [{ filename: fixture.filename, os: 'linux', arch: 'amd64', version: fixture.version, sha256: fixture.sha256, size: fixture.size, kind: 'archive' }],
      },
    ]);
    const goDevStyle = await get(url, '/dl/?mode=json&include=all');
    assert.deepEqual(JSON.parse(goDevStyle.body.toString()), index, 'also at the go.dev path');

    const answers = JSON.parse((await get(url, '/answers.json')).body.toString());
    assert.deepEqual(answers, {
      method: 'tarball',
      goVersion: fixture.version.slice(2),
      mirror: url,
      indexUrl,
      scope: 'user',
      goproxy: 'goproxy.cn',
      pinnedDigests: { source: `${mirror.url}index.json`, files: { [fixture.filename]: fixture.sha256 } },
    });

    const head = await get(url, `/${fixture.filename}`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(Number(head.headers['content-length']), fixture.size);
    assert.equal(head.headers['accept-ranges'], 'bytes');
    assert.equal(head.body.length, 0);

    const tail = await get(url, new URL(archiveUrl).pathname, { headers: { range: `bytes=${fixture.size - 1000}-` } });
    assert.equal(tail.status, 206);
    assert.equal(tail.headers['content-range'], `bytes ${fixture.size - 1000}-${fixture.size - 1}/${fixture.size}`);
    assert.equal(tail.body.length, 1000);
    assert.equal((await get(url, `/${fixture.filename}`, { headers: { range: `bytes=${fixture.size}-` } })).status, 416);
    // A range that is the whole file gets the whole file with 200: students' wizards keep one connection each.
    const whole = await get(url, `/${fixture.filename}`, { headers: { range: 'bytes=0-' } });
    assert.equal(whole.status, 200);
    assert.equal(whole.headers['content-range'], undefined);
    assert.equal(whole.body.length, fixture.size);
    assert.equal((await get(url, '/nothing-here')).status, 404);
    assert.equal((await get(url, '/answers.json', { method: 'POST' })).status, 405);
    assert.equal((await get(url, '/mod/x/@v/list')).status, 404, 'no modules unless asked');

    assert.equal(await share.stop('SIGINT'), 0);
    const stopped = share.events.find((e) => e.type === 'stopped');
    assert.ok(stopped, 'a last event says it stopped');
  });

  test('students install at once from the teacher, each proving its Go; a student who hangs up does not disturb the others', async () => {
    const students = Number(process.env.GSW_CLASSROOM_STUDENTS ?? 3);
    const share = await teacher();
    const { url, answersUrl } = share.listening;

    // A student who hangs up a third of the way: the server keeps serving, the student resumes with Range.
    const partial: Buffer[] = [];
    let received = 0;
    await new Promise<void>((resolve) => {
      const req = request(`${url}${fixture.filename}`, (res) => {
        res.on('data', (chunk: Buffer) => {
          partial.push(chunk);
          received += chunk.length;
          if (received > fixture.size / 3) {
            req.destroy();
            resolve();
          }
        });
        res.on('error', () => undefined);
      });
      req.on('error', () => undefined);
      req.on('close', () => resolve());
      req.end();
    });
    const cut = await share.waitFor((e) => e.type === 'download-end' && e.complete === false);
    assert.equal(cut.client, '127.0.0.1');
    const have = Buffer.concat(partial);
    const rest = await get(url, `/${fixture.filename}`, { headers: { range: `bytes=${have.length}-` } });
    assert.equal(rest.status, 206);
    assert.equal(sha256(Buffer.concat([have, rest.body])), fixture.sha256, 'the resumed download is the archive, byte for byte');

    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: students }, async () => {
        const home = newHome();
        const result = await run(process.execPath, [bundle, 'install', '--yes', '--config', answersUrl, '--shells', 'bash'], home.env);
        return { home, result };
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const failed = results.filter((r) => r.result.code !== 0);
    console.log(`# ${students} concurrent student installs: ${seconds.toFixed(1)} s, ${failed.length} failed`);
    assert.deepEqual(failed.map((f) => `exit ${f.result.code}: ${f.result.stderr.slice(-800)}`), []);
    for (const { home } of results) {
      const version = execFileSync(join(home.home, '.local/go/bin/go'), ['version'], { env: home.env }).toString();
      assert.match(version, /go1\.19\.8 linux\/amd64/);
    }
    assert.equal(mirror.downloadsOf(`/${fixture.filename}`).length, 1 + 1, 'students never reached the internet mirror (one download per teacher)');
    const ends = share.events.filter((e) => e.type === 'download-end' && e.complete === true);
    assert.ok(ends.length >= students, `${ends.length} complete downloads for ${students} students`);
    assert.equal(await share.stop('SIGTERM'), 0);
  });

  test('Ctrl-C while students download: stops at once, exit 0, the port is closed', async () => {
    const share = await teacher();
    const { url } = share.listening;
    // A slow reader keeps a download open.
    const req = request(`${url}${fixture.filename}`, (res) => res.once('data', () => res.pause()));
    req.on('error', () => undefined);
    req.end();
    await share.waitFor((e) => e.type === 'download-start');
    const begun = performance.now();
    assert.equal(await share.stop('SIGINT'), 0);
    assert.ok(performance.now() - begun < 5000, 'it did not wait for the open download');
    const port = Number(new URL(url).port);
    await assert.rejects(
      new Promise((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => resolve(socket.end()));
        socket.on('error', reject);
      }),
      /ECONNREFUSED/,
    );
    req.destroy();
  });

  test('modules: the module cache served under /mod as GOPROXY; only protocol files; no way out of the cache', async () => {
    const gomodcache = join(newHome().root, 'gomodcache');
    const download = join(gomodcache, 'cache/download/example.com/hello/@v');
    mkdirSync(download, { recursive: true });
    writeFileSync(join(download, 'list'), 'v1.0.0\n');
    writeFileSync(join(download, 'v1.0.0.info'), '{"Version":"v1.0.0","Time":"2026-01-01T00:00:00Z"}\n');
    writeFileSync(join(download, 'v1.0.0.mod'), 'module example.com/hello\n');
    writeFileSync(join(download, 'v1.0.0.lock'), '');
    writeFileSync(join(gomodcache, 'secret.txt'), 'not for students\n');
    symlinkSync(join(gomodcache, 'secret.txt'), join(download, 'v9.9.9.mod'));

    const share = await teacher(['--modules', gomodcache]);
    const { url } = share.listening;
    const answers = JSON.parse((await get(url, '/answers.json')).body.toString());
    assert.equal(answers.goproxy, `${url}mod,https://proxy.golang.org,direct`);
    assert.equal(share.listening.goproxy, answers.goproxy);

    assert.equal((await get(url, '/mod/example.com/hello/@v/list')).body.toString(), 'v1.0.0\n');
    assert.equal((await get(url, '/mod/example.com/hello/@v/v1.0.0.mod')).body.toString(), 'module example.com/hello\n');
    for (const path of [
      '/mod/example.com/hello/@v/v1.0.0.lock',
      '/mod/example.com/hello/@v/v9.9.9.mod',
      '/mod/../secret.txt',
      '/mod/example.com/hello/@v/../../../../secret.txt',
      '/mod/%2e%2e/%2e%2e/secret.txt',
      '/mod/example.com/hello/@v/..%2f..%2f..%2f..%2fsecret.txt',
      '/mod/example.com/hello/@v/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fsecret.txt.mod',
    ]) {
      const answer = await get(url, path);
      assert.equal(answer.status, 404, path);
      assert.doesNotMatch(answer.body.toString(), /not for students/, path);
    }
    assert.equal(await share.stop('SIGTERM'), 0);
  });
});
