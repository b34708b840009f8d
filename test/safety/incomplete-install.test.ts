// `install` when an earlier run was left half-way (kill -9): with --yes it refuses (exit 2, one line naming the
// rollback command, nothing changed); on a real pseudo-terminal it asks to finish that rollback first (Enter = yes),
// does it, and only then plans — so the new install never journals the half-done state as its "before".
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { incompleteRuns } from '../../src/engine/rollback.js';
import { appPaths } from '../../src/paths.js';
import { shQuote } from '../../src/shell/quote.js';
import { bundle, ensureBuilt, root, runCli } from '../cli/built-cli.js';
import { exitOf, makePlan, spawnPlan, step, touchPath, waitFor } from '../engine/support.js';
import { goFixture, type GoFixture } from '../helpers/go-fixture.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { assertSameTree, describeTree } from '../helpers/tree-hash.js';

const homes: TempHome[] = [];
let fixture: GoFixture;
before(async () => {
  await ensureBuilt();
  fixture = await goFixture();
});
after(() => {
  for (const home of homes) home.cleanup();
});

/** A HOME whose run was killed with `kill -9` while it was changing ~/.bashrc. */
async function killedRun(): Promise<{ home: TempHome; runId: string; before: ReturnType<typeof describeTree> }> {
  const home = createTempHome({ skel: true });
  homes.push(home);
  appendFileSync(join(home.home, '.bashrc'), '# mine\n');
  const before = describeTree(home.home);
  const bashrc = join(home.home, '.bashrc');
  const plan = makePlan(home, [step('bashrc', `echo '# go block' >> ${shQuote(bashrc)}\nsleep 60`, [touchPath(bashrc)])]);
  const child = spawnPlan(home, plan);
  const exited = exitOf(child);
  await waitFor(() => existsSync(bashrc) && readFileSync(bashrc, 'utf8').includes('# go block'), 60_000, 20);
  process.kill(-child.pid!, 'SIGKILL');
  await exited;
  assert.deepEqual(incompleteRuns(appPaths(home.env)).map((run) => run.id), [plan.runId]);
  return { home, runId: plan.runId, before };
}

const install = () => ['install', '--scope', 'user', '--shells', 'bash', '--archive', fixture.tarball, '--sha256', fixture.sha256, '--go-version', '1.19.8'];

describe('install with a run left half-way', { timeout: 300_000 }, () => {
  test('--yes refuses: exit 2, one line naming the rollback command, nothing changed', async () => {
    const { home, runId } = await killedRun();
    const tree = describeTree(home.root);
    const refused = await runCli([...install(), '--yes'], { env: home.env, timeoutMs: 120_000 });
    assert.equal(refused.code, 2, refused.stdout + refused.stderr);
    const lines = refused.stderr.trim().split('\n');
    assert.equal(lines.length, 1, refused.stderr);
    assert.match(lines[0]!, new RegExp(`run ${runId} stopped half-way .*nothing was changed: finish it first with .*rollback --run ${runId}`));
    assert.equal(refused.stdout, '', 'no plan, no step');
    assertSameTree(tree, describeTree(home.root), 'nothing changed');
  });

  test('on a terminal it asks to finish that rollback first; Enter does it, then the plan is shown', async () => {
    const { home, runId, before } = await killedRun();
    const command = [process.execPath, bundle, ...install()].map(shQuote).join(' ');
    const child = spawn('script', ['-qec', command, '/dev/null'], { env: { ...home.env, COLUMNS: '100' }, cwd: root, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      await waitFor(() => out.includes('[Y/n]'), 120_000, 50);
      assert.match(out, new RegExp(`Finish the rollback of run ${runId} first\\? \\[Y/n\\]`));
      child.stdin.write('\n');
      await waitFor(() => out.includes('[y/N]'), 120_000, 50);
      assert.match(out, new RegExp(`Rolled back run ${runId}`));
      assert.ok(out.indexOf(`Rolled back run ${runId}`) < out.indexOf('[y/N]'), 'the rollback came before the plan');
      assertSameTree(before, describeTree(home.home), 'HOME as before the killed run');
      assert.deepEqual(incompleteRuns(appPaths(home.env)), []);
      child.stdin.write('n\n');
      assert.equal(await exited, 0, out);
      assertSameTree(before, describeTree(home.home), 'declining the install changed nothing more');
    } finally {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
});
