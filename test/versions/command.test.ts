// `go-setup-wizard versions` end to end: the real CLI entry (through tsx) in a temp HOME, against a loopback
// index; with the network unreachable (every request through a proxy on a closed loopback port) → the labelled
// snapshot of the official index; an explicit --index-url that cannot be read → an error, never the snapshot.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { shippedSnapshot } from '../../src/versions/index.js';
import { buildIndex, describeContent, startMirror, type Mirror } from '../helpers/mirror.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const archive = (version: string, arch: string, content = version) => ({
  filename: `${version}.linux-${arch}.tar.gz`,
  ...describeContent(`${content}-${arch}`),
});

const index = buildIndex([
  { version: 'go1.28rc1', stable: false, files: [archive('go1.28rc1', 'amd64')] },
  { version: 'go1.27.1', files: [archive('go1.27.1', 'amd64'), archive('go1.27.1', 'arm64')] },
  { version: 'go1.27.0', files: [archive('go1.27.0', 'amd64')] },
  { version: 'go1.26.8', files: [archive('go1.26.8', 'amd64')] },
  { version: 'go1.25.3', files: [{ filename: 'go1.25.3.linux-amd64.tar.gz', sha256: '', size: 5 }] },
  { version: 'go1.24.0', files: [archive('go1.24.0', 'arm64')] },
]);

describe('versions command', () => {
  let mirror: Mirror;
  let home: TempHome;
  let closedUrl: string;
  /** The default index through a proxy that refuses connections: the network is unreachable. */
  let offline: NodeJS.ProcessEnv;
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'versions', ...args], {
      cwd: root,
      env: { ...home.env, ...env },
    });

  before(async () => {
    mirror = await startMirror({ index });
    home = createTempHome();
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const closedPort = (server.address() as AddressInfo).port;
    closedUrl = `http://127.0.0.1:${closedPort}/dl/?mode=json&include=all`;
    offline = { https_proxy: `http://127.0.0.1:${closedPort}` };
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  after(async () => {
    await mirror.close();
    home.cleanup();
  });

  it('--json lists the live index for this arch with latest, supported, digests', async () => {
    const { stdout } = await cli(['--json', '--index-url', mirror.indexUrl]);
    const out = JSON.parse(stdout);
    assert.equal(out.source, 'live');
    assert.equal(out.url, mirror.indexUrl);
    assert.equal(out.arch, 'amd64');
    assert.equal(out.latest, 'go1.27.1');
    assert.equal(out.snapshotDate, undefined);
    assert.deepEqual(
      out.releases.map((r: { version: string; supported: boolean }) => [r.version, r.supported]),
      [
        ['go1.27.1', true],
        ['go1.26.8', true],
        ['go1.25.3', false],
      ],
    );
    assert.deepEqual(out.releases[0], {
      version: 'go1.27.1',
      stable: true,
      supported: true,
      filename: 'go1.27.1.linux-amd64.tar.gz',
      ...describeContent('go1.27.1-amd64'),
    });
  });

  it('--all adds older patches and pre-releases', async () => {
    const { stdout } = await cli(['--json', '--all', '--index-url', mirror.indexUrl]);
    assert.deepEqual(
      JSON.parse(stdout).releases.map((r: { version: string }) => r.version),
      ['go1.28rc1', 'go1.27.1', 'go1.27.0', 'go1.26.8', 'go1.25.3'],
    );
  });

  it('prints a readable list with marks and where it came from', async () => {
    const { stdout } = await cli(['--index-url', mirror.indexUrl]);
    assert.match(stdout, /^Go versions installable for linux\/amd64:$/m);
    assert.match(stdout, /^ {2}go1\.27\.1 {2}\(latest, supported\)$/m);
    assert.match(stdout, /^ {2}go1\.26\.8 {2}\(supported\)$/m);
    assert.match(stdout, /^ {2}go1\.25\.3 {2}\(no sha256 in the index\)$/m);
    assert.ok(stdout.includes(`From ${mirror.indexUrl}`));
    assert.doesNotMatch(stdout, /rc1/);
  });

  it('with the network unreachable, lists the shipped snapshot and says so with its date', async () => {
    const snapshotDate = (await shippedSnapshot()).date;
    const json = JSON.parse((await cli(['--json'], offline)).stdout);
    assert.equal(json.source, 'snapshot');
    assert.equal(json.snapshotDate, snapshotDate);
    assert.match(json.fallbackReason, /ECONNREFUSED/);
    assert.equal(json.url, 'https://go.dev/dl/?mode=json&include=all');
    assert.ok(json.releases.length > 0);
    assert.match(json.latest, /^go1\.\d+\.\d+$/);

    const text = (await cli([], offline)).stdout;
    assert.ok(text.startsWith(`Offline list: the snapshot shipped with go-setup-wizard, dated ${snapshotDate}`), text);
  });

  it('speaks Chinese with LANG=zh_CN.UTF-8', async () => {
    const { stdout } = await cli([], { ...offline, LANG: 'zh_CN.UTF-8' });
    assert.match(stdout, /^离线列表：go-setup-wizard 自带的快照/);
  });

  it('never prints proxy credentials', async () => {
    const { stdout, stderr } = await cli(['--json'], { HTTPS_PROXY: offline.https_proxy!.replace('//', '//ann:t0ps3cret@') });
    assert.ok(!stdout.includes('t0ps3cret') && !stderr.includes('t0ps3cret'));
    assert.match(stdout, /ECONNREFUSED/);
  });

  it('an explicit --index-url that cannot be read is an error with the reason, not the snapshot', async () => {
    const failed = await cli(['--json', '--index-url', closedUrl]).then(
      () => assert.fail('must fail'),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    assert.equal(failed.code, 2);
    assert.equal(failed.stdout, '');
    assert.match(failed.stderr, new RegExp(`--index-url http://127\\.0\\.0\\.1:\\d+/dl/\\?mode=json&include=all cannot be used: .*ECONNREFUSED`));
  });
});
