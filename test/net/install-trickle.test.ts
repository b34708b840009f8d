// `install --yes` against a mirror that trickles 1 byte/s (serve.py's /trickle/, a server the project did not
// write): the speed floor gives up on each attempt (its window shortened with the test-only
// GSW_TEST_SPEED_FLOOR_MS), the attempts are retried, then the install fails cleanly — exit 1, rolled back, HOME as
// before — and the progress lines a person reads show the rate in whole bytes per second.
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { bundle, ensureBuilt, runCli } from '../cli/built-cli.js';
import { goFixture, type GoFixture } from '../helpers/go-fixture.js';
import { buildIndex } from '../helpers/mirror.js';
import { startPythonServer } from '../helpers/servers.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { assertSameTree, describeTree } from '../helpers/tree-hash.js';

describe('an install from a 1 byte/s mirror', { timeout: 300_000 }, () => {
  let fixture: GoFixture;
  let home: TempHome;
  let server: Awaited<ReturnType<typeof startPythonServer>>;

  before(async () => {
    await ensureBuilt();
    fixture = await goFixture();
    home = createTempHome({ skel: true });
    const served = join(home.root, 'served');
    mkdirSync(served);
    symlinkSync(fixture.tarball, join(served, fixture.filename));
    const index = buildIndex([{ version: fixture.version, files: [{ filename: fixture.filename, sha256: fixture.sha256, size: fixture.size }] }]);
    writeFileSync(join(served, 'index.json'), JSON.stringify(index));
    server = await startPythonServer(served, { keepAlive: true });
  });
  after(async () => {
    await server?.close();
    home?.cleanup();
  });

  const userTree = () => describeTree(home.root, { exclude: (p) => p === 'served' || p === 'xdg-state' || p === 'xdg-cache' || p.startsWith('served/') });

  test('is given up on after its retries: exit 1, restored, speed shown in whole bytes per second', async () => {
    assert.ok(bundle);
    const before = userTree();
    const result = await runCli(
      ['install', '--yes', '--scope', 'user', '--shells', 'bash', '--mirror', `${server.url}trickle/`, '--index-url', `${server.url}index.json`],
      { env: { ...home.env, GSW_TEST_SPEED_FLOOR_MS: '1500' }, timeoutMs: 240_000 },
    );
    const output = result.stdout + result.stderr;
    assert.equal(result.code, 1, output);
    assert.match(output, /stayed under 1024 B\/s for 1\.5 s/);
    assert.match(output, /Everything it changed was restored/);
    assert.doesNotMatch(output, /\n\s+at /, 'no stack trace');
    const progress = output.split('\n').filter((line) => / of 97\.5 MiB|B\/s, ETA/.test(line));
    assert.ok(progress.length > 0, `progress lines were printed:\n${output}`);
    for (const line of progress) assert.match(line, /, \d+(\.\d)? (B|KiB|MiB)\/s, ETA /, line);
    assertSameTree(before, userTree(), 'HOME after the failed install');
  });
});
