// One run at a time per state directory: the lock itself (stale by PID and by process start time, --force-unlock),
// then two REAL concurrent CLI processes: while one install waits at its confirmation, a second install, a rollback
// and a prune each exit 2 naming it and change nothing; after a kill -9 of the first, the lock is stale and taken.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { UserError } from '../../src/errors.js';
import { createTranslator } from '../../src/i18n/index.js';
import { acquireRunLock, isAlive, lockFile, processStart } from '../../src/engine/run-lock.js';
import { appPaths } from '../../src/paths.js';
import { shQuote } from '../../src/shell/quote.js';
import { bundle, ensureBuilt, root, runCli } from '../cli/built-cli.js';
import { goFixture, type GoFixture } from '../helpers/go-fixture.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { assertSameTree, describeTree } from '../helpers/tree-hash.js';
import { waitFor } from '../engine/support.js';

const t = createTranslator('en');
const homes: TempHome[] = [];
let fixture: GoFixture;
before(async () => {
  await ensureBuilt();
  fixture = await goFixture();
});
after(() => {
  for (const home of homes) home.cleanup();
});

function newHome(): TempHome {
  const home = createTempHome({ skel: true });
  homes.push(home);
  return home;
}

function writeLock(home: TempHome, holder: object): void {
  const paths = appPaths(home.env);
  mkdirSync(paths.stateDir, { recursive: true });
  writeFileSync(lockFile(paths), JSON.stringify(holder));
}

describe('the run lock', () => {
  test('a second taker is refused naming the holder; released, it can be taken again', () => {
    const paths = appPaths(newHome().env);
    const first = acquireRunLock(paths, 'install', t);
    assert.throws(() => acquireRunLock(paths, 'rollback', t), (error: Error) => {
      assert.ok(error instanceof UserError);
      assert.match(error.message, new RegExp(`another go-setup-wizard install is running \\(pid ${process.pid}, since .*--force-unlock`));
      return true;
    });
    first.release();
    assert.ok(!existsSync(lockFile(paths)));
    acquireRunLock(paths, 'rollback', t).release();
  });

  test('stale: the holder is gone, or its PID now belongs to another process (start time differs)', () => {
    const home = newHome();
    const paths = appPaths(home.env);
    const gone = spawnSync('true').pid!;
    writeLock(home, { pid: gone, start: 1, command: 'install', since: '2026-01-01T00:00:00.000Z' });
    const taken = acquireRunLock(paths, 'install', t);
    assert.equal(JSON.parse(readFileSync(lockFile(paths), 'utf8')).pid, process.pid);
    taken.release();
    // Our own PID, but a start time that is not ours: a run that died long ago whose PID was reused.
    writeLock(home, { pid: process.pid, start: processStart(process.pid)! - 1, command: 'install', since: '2026-01-01T00:00:00.000Z' });
    acquireRunLock(paths, 'rollback', t).release();
  });

  test('--force-unlock takes over a lock whose holder is alive', async () => {
    const home = newHome();
    const paths = appPaths(home.env);
    const sleeper = spawn('sleep', ['30']);
    try {
      await waitFor(() => processStart(sleeper.pid!) !== null);
      writeLock(home, { pid: sleeper.pid, start: processStart(sleeper.pid!), command: 'install', since: '2026-01-01T00:00:00.000Z' });
      assert.throws(() => acquireRunLock(paths, 'prune', t), /pid \d+/);
      const forced = acquireRunLock(paths, 'prune', t, { force: true });
      assert.equal(JSON.parse(readFileSync(lockFile(paths), 'utf8')).command, 'prune');
      forced.release();
    } finally {
      sleeper.kill('SIGKILL');
    }
  });
});

describe('two real CLI processes on one state directory', { timeout: 300_000 }, () => {
  test('while an install waits for its answer, install, rollback and prune exit 2 naming it; nothing changes', async () => {
    const home = newHome();
    const install = ['install', '--shells', 'bash', '--archive', fixture.tarball, '--sha256', fixture.sha256, '--go-version', '1.19.8'];
    // The first install on a real pseudo-terminal: it takes the lock, shows its plan and waits at [y/N].
    const command = [process.execPath, bundle, ...install].map(shQuote).join(' ');
    const first = spawn('script', ['-qec', command, '/dev/null'], { env: { ...home.env, COLUMNS: '100' }, cwd: root, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    let firstOut = '';
    first.stdout.on('data', (d: Buffer) => (firstOut += d.toString()));
    const firstExit = new Promise<number | null>((resolve) => first.on('close', resolve));
    try {
      await waitFor(() => firstOut.includes('[y/N]'), 120_000, 50);
      const before = describeTree(home.root);
      const holder = JSON.parse(readFileSync(lockFile(appPaths(home.env)), 'utf8')) as { pid: number };
      for (const args of [[...install, '--yes'], ['rollback', '--yes'], ['prune', '--yes']]) {
        const second = await runCli(args, { env: home.env, timeoutMs: 120_000 });
        assert.equal(second.code, 2, `${args[0]}: ${second.stdout}${second.stderr}`);
        const lines = second.stderr.trim().split('\n');
        assert.equal(lines.length, 1, second.stderr);
        assert.match(lines[0]!, new RegExp(`another go-setup-wizard install is running \\(pid ${holder.pid}, since `));
        assert.doesNotMatch(second.stdout, /\[1\//, 'no step ran');
        assertSameTree(before, describeTree(home.root), `everything after a refused ${args[0]}`);
      }
      // rollback --list only reads: it is not held up.
      assert.equal((await runCli(['rollback', '--list'], { env: home.env })).code, 0);

      // The first one dies without a chance to clean up: its lock stays, but it is stale now.
      process.kill(holder.pid, 'SIGKILL');
      await waitFor(() => !isAlive({ pid: holder.pid, start: null }), 30_000, 20);
      // `script` may already have exited with its child: then its group is gone too.
      try {
        process.kill(-first.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      await firstExit;
      assert.ok(existsSync(lockFile(appPaths(home.env))), 'the dead run left its lock');
      const afterDeath = await runCli(['prune', '--yes'], { env: home.env });
      assert.equal(afterDeath.code, 0, afterDeath.stderr);
      assert.ok(!existsSync(lockFile(appPaths(home.env))), 'taken over and released');
    } finally {
      try {
        process.kill(-first.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
});
