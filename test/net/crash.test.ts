// The process guard: an error thrown where no try/catch can see it — here from a socket 'data' handler, injected
// with the test-only GSW_TEST_THROW_IN_SOCKET hook, the way an HTTP parser's assertion used to kill the wizard —
// stops the install, rolls it back and exits 1 with one line (never a stack trace); the journal says the run
// failed and was restored; `rollback --list` agrees. Outside a run, the same error is one line and exit 1.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundle, ensureBuilt, runCli } from '../cli/built-cli.js';
import { goFixture, type GoFixture } from '../helpers/go-fixture.js';
import { buildIndex } from '../helpers/mirror.js';
import { startPythonHttpServer } from '../helpers/servers.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { assertSameTree, describeTree } from '../helpers/tree-hash.js';

describe('an uncaught error during an install', { timeout: 600_000 }, () => {
  let fixture: GoFixture;
  let home: TempHome;
  let server: Awaited<ReturnType<typeof startPythonHttpServer>>;

  before(async () => {
    await ensureBuilt();
    fixture = await goFixture();
    home = createTempHome({ skel: true });
    const served = join(home.root, 'served');
    mkdirSync(served);
    symlinkSync(fixture.tarball, join(served, fixture.filename));
    const index = buildIndex([{ version: fixture.version, files: [{ filename: fixture.filename, sha256: fixture.sha256, size: fixture.size }] }]);
    writeFileSync(join(served, 'index.json'), JSON.stringify(index));
    server = await startPythonHttpServer(served);
  });
  after(async () => {
    await server?.close();
    home?.cleanup();
  });

  const userTree = () => describeTree(home.root, { exclude: (p) => p === 'served' || p === 'xdg-state' || p === 'xdg-cache' || p.startsWith('served/') });
  const install = (env: NodeJS.ProcessEnv, json = false) =>
    runCli(['install', '--yes', '--scope', 'user', '--shells', 'bash', '--mirror', server.url, '--index-url', `${server.url}index.json`, ...(json ? ['--json'] : [])], {
      env: { ...home.env, ...env },
      timeoutMs: 300_000,
    });

  test('a throw from a socket handler mid-download: stop, roll back, exit 1, one line, journal says restored', async () => {
    assert.ok(bundle);
    const before = userTree();
    const result = await install({ GSW_TEST_THROW_IN_SOCKET: fixture.filename });
    assert.equal(result.code, 1, `${result.stdout}\n${result.stderr}`);
    assert.match(result.stdout + result.stderr, /unexpected error: GSW_TEST_THROW_IN_SOCKET: injected failure in a socket handler/);
    assert.doesNotMatch(result.stdout + result.stderr, /\n\s+at /, 'no stack trace');
    assertSameTree(before, userTree(), 'HOME after the crash');
    const list = await runCli(['rollback', '--list', '--json'], { env: home.env });
    const runs = (JSON.parse(list.stdout) as { runs: { status: string }[] }).runs;
    assert.deepEqual(runs.map((r) => r.status), ['failed'], list.stdout);
  });

  test('with --json the failure arrives as events the wizard can show: step-failed, rollback, done with exit 1', async () => {
    const result = await install({ GSW_TEST_THROW_IN_SOCKET: fixture.filename }, true);
    assert.equal(result.code, 1, result.stderr);
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; step?: string; error?: string; exitCode?: number });
    const failed = events.find((e) => e.type === 'step-failed')!;
    assert.equal(failed.step, 'download');
    assert.match(failed.error!, /unexpected error/);
    assert.ok(events.some((e) => e.type === 'rollback-done'));
    assert.equal(events.at(-1)!.type, 'done');
    assert.equal(events.at(-1)!.exitCode, 1);
  });

  test('outside a run (reading the index), the same error is one line and exit 1: nothing was changed', async () => {
    const result = await runCli(['plan', '--scope', 'user', '--mirror', server.url, '--index-url', `${server.url}index.json`], {
      env: { ...home.env, GSW_TEST_THROW_IN_SOCKET: 'index.json' },
    });
    assert.equal(result.code, 1, result.stderr);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(result.stderr, /unexpected error: .*injected failure.*\(nothing was changed\)/);
  });
});
