// A run killed with `kill -9` half-way leaves a journal saying it is incomplete. The real CLI then says so:
// `doctor` reports finding `incomplete-run` with the rollback command, `install` names the waiting run on stderr
// before it plans, and once `rollback --run <ID>` has finished it, both are quiet again.
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { incompleteRuns } from '../../src/engine/rollback.js';
import { appPaths } from '../../src/paths.js';
import { shQuote } from '../../src/shell/quote.js';
import { ensureBuilt, runCli } from '../cli/built-cli.js';
import { exitOf, journalFile, makePlan, spawnPlan, step, touchPath, waitFor } from '../engine/support.js';
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

/** A HOME whose run was killed with `kill -9` while its second step was changing ~/.bashrc. */
async function killedRun(): Promise<{ home: TempHome; runId: string; before: ReturnType<typeof describeTree> }> {
  const home = createTempHome({ skel: true });
  homes.push(home);
  appendFileSync(join(home.home, '.bashrc'), '# mine\n');
  const before = describeTree(home.home);
  const bashrc = join(home.home, '.bashrc');
  const marker = join(home.home, 'marker');
  const plan = makePlan(home, [
    step('marker', `echo placed > ${shQuote(marker)}`, [touchPath(marker)]),
    step('bashrc', `echo '# go block' >> ${shQuote(bashrc)}\nsleep 60`, [touchPath(bashrc)]),
  ]);
  const child = spawnPlan(home, plan);
  const exited = exitOf(child);
  await waitFor(() => existsSync(bashrc) && readFileSync(bashrc, 'utf8').includes('# go block'), 60_000, 20);
  process.kill(-child.pid!, 'SIGKILL');
  await exited;
  assert.doesNotMatch(readFileSync(journalFile(plan), 'utf8'), /"type":"final"/, 'killed before any final record');
  return { home, runId: plan.runId, before };
}

describe('a run left incomplete by kill -9', { timeout: 300_000 }, () => {
  test('doctor reports incomplete-run, install names it before planning, rollback --run finishes it', async () => {
    const { home, runId, before } = await killedRun();
    assert.deepEqual(
      incompleteRuns(appPaths(home.env)).map((run) => run.id),
      [runId],
    );

    const doctor = await runCli(['doctor', '--json'], { env: home.env, timeoutMs: 120_000 });
    const finding = (JSON.parse(doctor.stdout) as { findings: { id: string; severity: string; message: string; fix: string }[] }).findings.find(
      (f) => f.id === 'incomplete-run',
    );
    assert.ok(finding, doctor.stdout);
    assert.equal(finding.severity, 'warning');
    assert.ok(finding.message.includes(runId), finding.message);
    assert.ok(finding.fix.includes(`go-setup-wizard.cjs rollback --run ${runId}`), finding.fix);

    // Not a terminal and no --yes: install stops at its confirmation, after the notice, and changes nothing.
    const changed = describeTree(home.home);
    const install = ['install', '--shells', 'bash', '--archive', fixture.tarball, '--sha256', fixture.sha256, '--go-version', '1.19.8'];
    const refused = await runCli(install, { env: home.env, timeoutMs: 120_000 });
    const noticeLines = refused.stderr.split('\n').filter((line) => line.includes(runId));
    assert.equal(noticeLines.length, 1, refused.stderr);
    assert.ok(refused.stderr.startsWith(noticeLines[0]!), `the notice comes first: ${refused.stderr}`);
    assert.match(noticeLines[0]!, new RegExp(`go-setup-wizard\\.cjs rollback --run ${runId}`));
    assertSameTree(changed, describeTree(home.home), 'install without an answer changed nothing');

    const rollback = await runCli(['rollback', '--run', runId, '--yes'], { env: home.env, timeoutMs: 120_000 });
    assert.equal(rollback.code, 0, rollback.stdout + rollback.stderr);
    assertSameTree(before, describeTree(home.home), 'HOME as before the killed run');

    const again = await runCli(['doctor', '--json'], { env: home.env, timeoutMs: 120_000 });
    assert.ok(!again.stdout.includes('incomplete-run'), again.stdout);
    const quiet = await runCli(install, { env: home.env, timeoutMs: 120_000 });
    assert.ok(!quiet.stderr.includes(runId), quiet.stderr);
  });
});
