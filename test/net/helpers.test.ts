// The shared test helpers prove themselves here with independent clients (curl, tar, the fixture's own go binary),
// so a bug in src/net cannot hide a bug in the mirror and vice versa.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { goFixture } from '../helpers/go-fixture.js';
import { buildIndex, describeContent, startMirror, startProxy, type Mirror } from '../helpers/mirror.js';

const run = promisify(execFile);
const curl = (...args: string[]) => run('curl', ['-sS', '--noproxy', '', ...args], { encoding: 'buffer', maxBuffer: 1 << 28 });

describe('goFixture', () => {
  it('is a real go1.19.8 toolchain in the official layout that compiles hello-world offline', async () => {
    const fixture = await goFixture();
    const digest = createHash('sha256').update(await readFile(fixture.tarball)).digest('hex');
    assert.equal(digest, fixture.sha256);
    assert.equal(fixture.filename, 'go1.19.8.linux-amd64.tar.gz');

    const dir = await mkdtemp(join(tmpdir(), 'gsw-fixture-'));
    try {
      await run('tar', ['-xzf', fixture.tarball, '-C', dir]);
      assert.equal((await readFile(join(dir, 'go/VERSION'), 'utf8')).trim(), 'go1.19.8');
      await mkdir(join(dir, 'hello'));
      await writeFile(join(dir, 'hello/main.go'), 'package main\nimport "fmt"\nfunc main() { fmt.Println("hello from fixture") }\n');
      const env = {
        PATH: '/usr/bin:/bin',
        HOME: dir,
        GOPATH: join(dir, 'gopath'),
        GOCACHE: join(dir, 'gocache'),
        GOPROXY: 'off',
      };
      const version = await run(join(dir, 'go/bin/go'), ['version'], { env });
      assert.match(version.stdout, /^go version go1\.19\.8 linux\/amd64$/m);
      const hello = await run(join(dir, 'go/bin/go'), ['run', 'main.go'], { env, cwd: join(dir, 'hello') });
      assert.equal(hello.stdout, 'hello from fixture\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('is idempotent: a second call returns the same digest without rebuilding', async () => {
    const first = await goFixture();
    const { stdout } = await run('bash', ['scripts/build-go-fixture.sh']);
    assert.equal(stdout.trim(), first.tarball);
    assert.equal((await readFile(`${first.tarball}.sha256`, 'utf8')).trim(), first.sha256);
  });
});

describe('startMirror', () => {
  const body = Buffer.from('0123456789'.repeat(1000));
  let mirror: Mirror;
  before(async () => {
    mirror = await startMirror({
      files: { 'go9.9.9.linux-amd64.tar.gz': { body } },
      index: buildIndex([
        { version: 'go9.9.9', files: [{ filename: 'go9.9.9.linux-amd64.tar.gz', ...describeContent(body) }] },
      ]),
    });
  });
  after(() => mirror.close());

  it('serves the index at both go.dev and flat paths, with os/arch/kind derived', async () => {
    for (const url of [mirror.indexUrl, `${mirror.url}index.json`]) {
      const index = JSON.parse((await curl(url)).stdout.toString());
      assert.deepEqual(index[0].files[0], {
        filename: 'go9.9.9.linux-amd64.tar.gz',
        os: 'linux',
        arch: 'amd64',
        version: 'go9.9.9',
        kind: 'archive',
        ...describeContent(body),
      });
    }
  });

  it('serves files at /dl/ and / with Range, and records requests', async () => {
    assert.deepEqual((await curl(`${mirror.dlUrl}go9.9.9.linux-amd64.tar.gz`)).stdout, body);
    const ranged = await curl('-i', '-r', '100-', `${mirror.url}go9.9.9.linux-amd64.tar.gz`);
    const text = ranged.stdout.toString();
    assert.match(text, /^HTTP\/1\.1 206/);
    assert.match(text, /content-range: bytes 100-9999\/10000/i);
    assert.equal(mirror.requestsFor('/go9.9.9.linux-amd64.tar.gz')[0].headers.range, 'bytes=100-');
  });

  it('injects faults: 404, 500 first K times, corrupt, drop after N bytes once', async () => {
    const file = `${mirror.url}go9.9.9.linux-amd64.tar.gz`;
    const status = async () => (await curl('-o', '/dev/null', '-w', '%{http_code}', file)).stdout.toString();
    mirror.setFault('go9.9.9.linux-amd64.tar.gz', { notFound: true });
    assert.equal(await status(), '404');
    mirror.setFault('go9.9.9.linux-amd64.tar.gz', { failFirst: 2 });
    assert.deepEqual([await status(), await status(), await status()], ['500', '500', '200']);
    mirror.setFault('go9.9.9.linux-amd64.tar.gz', { corrupt: true });
    const corrupt = (await curl(file)).stdout;
    assert.equal(corrupt.length, body.length);
    assert.notDeepEqual(corrupt, body);
    mirror.setFault('go9.9.9.linux-amd64.tar.gz', { dropAfterBytes: 1234 });
    await assert.rejects(curl(file), (error: { stdout: Buffer }) => error.stdout.length === 1234);
    assert.deepEqual((await curl(file)).stdout, body);
    mirror.setFault('go9.9.9.linux-amd64.tar.gz', undefined);
  });
});

describe('startProxy', () => {
  it('forwards absolute-URI requests and CONNECT tunnels only with the right Basic credentials', async () => {
    const body = 'through the proxy';
    const mirror = await startMirror({ files: { 'x.txt': { body } } });
    const password = `p$a 'ss`;
    const proxy = await startProxy({ auth: { username: 'al ice', password } });
    try {
      const viaProxy = await curl('--proxy', proxy.urlWithCredentials, `${mirror.url}x.txt`);
      assert.equal(viaProxy.stdout.toString(), body);
      const tunnel = await curl('--proxytunnel', '--proxy', proxy.urlWithCredentials, `${mirror.url}x.txt`);
      assert.equal(tunnel.stdout.toString(), body);
      const refused = await curl('-o', '/dev/null', '-w', '%{http_code}', '--proxy', proxy.url, `${mirror.url}x.txt`);
      assert.equal(refused.stdout.toString(), '407');
      assert.deepEqual(
        proxy.seen.map((s) => [s.method, s.credentials, s.allowed]),
        [
          ['GET', `al ice:${password}`, true],
          ['CONNECT', `al ice:${password}`, true],
          ['GET', null, false],
        ],
      );
    } finally {
      await proxy.close();
      await mirror.close();
    }
  });
});
