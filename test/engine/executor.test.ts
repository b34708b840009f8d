// The executor, journal and rollback on hand-built plans of real bash steps in a temp HOME:
// success + uninstall, a failing step, kill -9 after every journal record, SIGINT, prune, and redaction.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, test } from 'node:test';
import { executePlan } from '../../src/engine/executor.js';
import { isAfterRecord } from '../../src/engine/three-way.js';
import { prune } from '../../src/engine/prune.js';
import { listRuns, rollbackRun } from '../../src/engine/rollback.js';
import { shQuote } from '../../src/shell/quote.js';
import type { EngineEvent, Plan } from '../../src/types.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { assertSameTree, describeTree } from '../helpers/tree-hash.js';
import { exitOf, journalFile, journalLines, makePlan, spawnPlan, step, touchMove, touchPath, waitFor } from './support.js';

const homes: TempHome[] = [];
afterEach(() => {
  for (const home of homes.splice(0)) home.cleanup();
});

/** A HOME with an old Go tree, a private .profile, a symlinked .bashrc and an unrelated file. */
function seededHome(): TempHome {
  const home = createTempHome({ skel: true });
  homes.push(home);
  const h = home.home;
  mkdirSync(join(h, '.local/go/bin'), { recursive: true });
  writeFileSync(join(h, '.local/go/VERSION'), 'go1.0-old\n');
  writeFileSync(join(h, '.local/go/bin/go'), '#!/bin/sh\necho old\n', { mode: 0o755 });
  mkdirSync(join(h, '.local/go/src'));
  chmodSync(join(h, '.profile'), 0o640);
  mkdirSync(join(h, 'dotfiles'));
  writeFileSync(join(h, 'dotfiles/bashrc'), '# my bashrc\r\nalias ll="ls -l"'); // CRLF, no final newline
  symlinkSync('dotfiles/bashrc', join(h, '.bashrc.link'));
  writeFileSync(join(h, 'keep.txt'), 'untouched\n');
  return home;
}

/** Everything a run may change: HOME and the config/data dirs (not the journal's state dir, not the cache). */
function snapshot(home: TempHome) {
  return describeTree(home.root, { exclude: (p) => p === 'xdg-state' || p === 'xdg-cache' || p.endsWith('.plan.json') });
}

/** An install-shaped plan: stage, move the old tree aside, place, env file, profile edits, a new nested dir. */
function installLikePlan(home: TempHome, opts: { pause?: number; failAt?: string } = {}): Plan {
  const h = home.home;
  const q = (p: string) => shQuote(p);
  const goroot = join(h, '.local/go');
  const staging = join(h, '.local/go.staging');
  const envSh = join(home.configHome, 'go-setup-wizard/env.sh');
  const nested = join(home.dataHome, 'newapp/deep/file');
  const pause = opts.pause ? `sleep ${opts.pause}\n` : '';
  const plan = makePlan(home, []);
  const aside = `${goroot}.gsw-backup-${plan.runId}`;
  const steps = [
    step(
      'extract',
      `${pause}mkdir -p ${q(staging)}/bin ${q(staging)}/src\nprintf 'go1.99\\n' > ${q(staging)}/VERSION\nprintf '#!/bin/sh\\necho new\\n' > ${q(staging)}/bin/go\nchmod 755 ${q(staging)}/bin/go\n${pause}`,
      [touchPath(staging)],
    ),
    step('move-aside', `${pause}mv -T ${q(goroot)} ${q(aside)}\n${pause}`, [touchMove(goroot, aside)]),
    step('place', `${pause}mv -T ${q(staging)} ${q(goroot)}\n${pause}`, [touchMove(staging, goroot)]),
    step('env-files', `${pause}mkdir -p ${q(join(home.configHome, 'go-setup-wizard'))}\necho 'export PATH=x' > ${q(envSh)}\n${pause}`, [touchPath(envSh)]),
    step(
      'profile',
      `${pause}printf '\\n# >>> go-setup-wizard >>>\\n. env.sh\\n# <<< go-setup-wizard <<<\\n' >> ${q(join(h, '.profile'))}\n` +
        `printf '\\n# block\\n' >> ${q(join(h, '.bashrc.link'))}\nchmod 600 ${q(join(h, '.profile'))}\n${pause}`,
      [touchPath(join(h, '.profile')), touchPath(join(h, '.bashrc.link'))],
    ),
    step('nested', `${pause}mkdir -p ${q(join(home.dataHome, 'newapp/deep'))}\necho hi > ${q(nested)}\n${pause}`, [touchPath(nested)]),
  ];
  if (opts.failAt) {
    const at = steps.findIndex((s) => s.id === opts.failAt);
    steps.splice(at, 0, step('boom', `echo 'proxy http://bob:s3cr3t@127.0.0.1:1 refused' >&2\nexit 3`, []));
  }
  plan.steps = steps;
  return plan;
}

/** Alive and not a zombie (a killed orphan may wait for its reaper a while). */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function collect(): { events: EngineEvent[]; onEvent: (e: EngineEvent) => void } {
  const events: EngineEvent[] = [];
  return { events, onEvent: (e) => events.push(e) };
}

describe('executor + rollback (real bash steps, temp HOME)', () => {
  test('a successful run changes what it says; rollback restores the tree byte for byte; a second rollback is harmless', async () => {
    const home = seededHome();
    const before = snapshot(home);
    const plan = installLikePlan(home);
    const { events, onEvent } = collect();
    const result = await executePlan(plan, { env: home.env, proxy: {}, onEvent });
    assert.equal(result.exitCode, 0, JSON.stringify(events.filter((e) => e.type === 'step-failed')));
    assert.equal(readFileSync(join(home.home, '.local/go/bin/go'), 'utf8'), '#!/bin/sh\necho new\n');
    assert.ok(existsSync(`${plan.goroot}.gsw-backup-${plan.runId}`), 'old tree moved aside, not deleted');
    assert.match(readFileSync(join(home.home, 'dotfiles/bashrc'), 'utf8'), /# block/, 'edited through the symlink');
    assert.ok(result.backupBytes > 0);
    assert.deepEqual(
      events.filter((e) => e.type === 'step-done').map((e) => (e as { step: string }).step),
      plan.steps.map((s) => s.id),
    );
    assert.equal(listRuns(plan.paths).at(-1)?.status, 'installed');

    const undo = collect();
    assert.deepEqual(await rollbackRun({ paths: plan.paths, onEvent: undo.onEvent }), { exitCode: 0 });
    assertSameTree(before, snapshot(home), 'HOME after rollback');
    assert.equal(listRuns(plan.paths).at(-1)?.status, 'rolled-back');

    const again = collect();
    assert.deepEqual(await rollbackRun({ paths: plan.paths, onEvent: again.onEvent }), { exitCode: 0 });
    assert.match(JSON.stringify(again.events.at(-1)), /nothing to do/);
    assertSameTree(before, snapshot(home), 'HOME after a second rollback');
  });

  test('a failing step rolls back everything before it: exit 1, tree equal, credentials redacted', async () => {
    const home = seededHome();
    const before = snapshot(home);
    const plan = installLikePlan(home, { failAt: 'nested' });
    const { events, onEvent } = collect();
    const result = await executePlan(plan, { env: home.env, proxy: {}, onEvent });
    assert.equal(result.exitCode, 1);
    assertSameTree(before, snapshot(home), 'HOME after a failed run');
    const failed = events.find((e) => e.type === 'step-failed');
    assert.ok(failed && failed.type === 'step-failed' && failed.step === 'boom');
    assert.match(failed.error, /exit status 3/);
    const everything = JSON.stringify(events) + readFileSync(journalFile(plan), 'utf8');
    assert.ok(!everything.includes('s3cr3t'), 'the password never reaches events or the journal');
    assert.ok(everything.includes('****@127.0.0.1'));
    assert.equal(listRuns(plan.paths).at(-1)?.status, 'failed');
    const again = collect();
    assert.deepEqual(await rollbackRun({ paths: plan.paths, onEvent: again.onEvent }), { exitCode: 0 });
  });

  test('a proxy password with $, quote and spaces never reaches events or the journal, even echoed bare', async () => {
    const home = seededHome();
    const password = `pa$ 'w rd`;
    const proxy = { httpsProxy: `http://bob:${password}@127.0.0.1:9`, httpProxy: `http://bob:${encodeURIComponent(password)}@127.0.0.1:9` };
    const plan = makePlan(home, [
      step('echo', 'echo "via $https_proxy and $http_proxy"\necho "$https_proxy" | sed "s/.*bob://; s/@.*//" >&2', []),
      step('fail', 'echo "cannot use $https_proxy" >&2; exit 1', []),
    ]);
    const { events, onEvent } = collect();
    assert.equal((await executePlan(plan, { env: home.env, proxy, onEvent })).exitCode, 1);
    const logs = events.filter((e) => e.type === 'log');
    assert.ok(logs.length >= 2, 'the steps did print the proxy');
    const everything = JSON.stringify(events) + readFileSync(journalFile(plan), 'utf8');
    for (const secret of [password, encodeURIComponent(password), 'w rd']) {
      assert.ok(!everything.includes(secret), `leaked ${JSON.stringify(secret)}`);
    }
  });

  test('the same run id twice: the second is refused before any change (exit 1), the first run is untouched', async () => {
    const home = seededHome();
    const plan = installLikePlan(home);
    assert.equal((await executePlan(plan, { env: home.env, proxy: {}, onEvent: collect().onEvent })).exitCode, 0);
    const installed = snapshot(home);
    const journalBefore = readFileSync(journalFile(plan), 'utf8');
    const again = collect();
    assert.equal((await executePlan(plan, { env: home.env, proxy: {}, onEvent: again.onEvent })).exitCode, 1);
    assert.match(JSON.stringify(again.events.at(-1)), /nothing was changed/);
    assertSameTree(installed, snapshot(home));
    assert.equal(readFileSync(journalFile(plan), 'utf8'), journalBefore);
  });

  test('an up-to-date plan changes nothing and writes no journal', async () => {
    const home = seededHome();
    const before = describeTree(home.root);
    const plan = makePlan(home, [], { upToDate: true });
    const { onEvent } = collect();
    assert.equal((await executePlan(plan, { env: home.env, proxy: {}, onEvent })).exitCode, 0);
    assertSameTree(before, describeTree(home.root));
  });

  test('kill -9 of the process group after every journal record, then rollback: tree equal each time', async () => {
    const probe = seededHome();
    const total = 2 + 2 * installLikePlan(probe).steps.length; // header + begin/done per step + final
    for (let n = 1; n <= total; n++) {
      const home = seededHome();
      const before = snapshot(home);
      const plan = installLikePlan(home, { pause: 0.03 });
      const child = spawnPlan(home, plan);
      const exited = exitOf(child);
      await waitFor(() => journalLines(plan) >= n || child.exitCode !== null);
      process.kill(-child.pid!, 'SIGKILL');
      await exited;
      const { onEvent } = collect();
      const outcome = await rollbackRun({ paths: plan.paths, onEvent });
      assert.equal(outcome.exitCode, 0, `rollback after kill at record ${n}`);
      assertSameTree(before, snapshot(home), `HOME after kill -9 at journal record ${n} and rollback`);
      home.cleanup();
    }
  });

  test('SIGINT during a step stops it, rolls back and exits 130', async () => {
    const home = seededHome();
    const before = snapshot(home);
    const plan = installLikePlan(home);
    const pidFile = join(home.cacheHome, 'sleeper.pid');
    plan.steps.splice(3, 0, step('slow', `sleep 30 & echo $! > ${shQuote(pidFile)}\nwait`, []));
    const child = spawnPlan(home, plan);
    const exited = exitOf(child);
    await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '');
    process.kill(child.pid!, 'SIGINT');
    const { code, stdout } = await exited;
    assert.equal(code, 130, stdout);
    assertSameTree(before, snapshot(home), 'HOME after SIGINT');
    const sleeper = Number(readFileSync(pidFile, 'utf8'));
    assert.ok(!isRunning(sleeper), 'the step’s own children were stopped too');
    assert.match(stdout, /"type":"rollback-done","runId":"[^"]+","complete":true/);
  });

  test('SIGTERM does the same; rollback refuses to touch a run that is still going', async () => {
    const home = seededHome();
    const before = snapshot(home);
    const plan = installLikePlan(home);
    const marker = join(home.cacheHome, 'slow-started');
    plan.steps.splice(2, 0, step('slow', `touch ${shQuote(marker)}\nsleep 30`, []));
    const child = spawnPlan(home, plan);
    const exited = exitOf(child);
    await waitFor(() => existsSync(marker));
    const { onEvent } = collect();
    await assert.rejects(rollbackRun({ paths: plan.paths, onEvent }), /still in progress/);
    assert.equal(listRuns(plan.paths).at(-1)?.status, 'running');
    process.kill(child.pid!, 'SIGTERM');
    const { code, stdout } = await exited;
    assert.equal(code, 130, stdout);
    assertSameTree(before, snapshot(home), 'HOME after SIGTERM');
  });

  test('prune drops moved-aside trees and file backups; rollback then says what cannot be restored', async () => {
    const home = seededHome();
    const plan = installLikePlan(home);
    const { onEvent } = collect();
    assert.equal((await executePlan(plan, { env: home.env, proxy: {}, onEvent })).exitCode, 0);
    const aside = `${plan.goroot}.gsw-backup-${plan.runId}`;
    const pruned = await prune(plan.paths);
    assert.ok(pruned.bytes > 0);
    assert.ok(pruned.items.includes(aside));
    assert.ok(!existsSync(aside));
    // Only what the run left stays (copies and the tree manifest): a later rollback still tells the user's changes apart.
    const left = readdirSync(join(plan.paths.stateDir, 'runs', plan.runId, 'backups'));
    assert.ok(left.length > 0 && left.every(isAfterRecord), left.join(' '));
    assert.equal((await prune(plan.paths)).bytes, 0, 'a second prune finds nothing');

    const undo = collect();
    assert.equal((await rollbackRun({ paths: plan.paths, onEvent: undo.onEvent })).exitCode, 0);
    const lines = undo.events.flatMap((e) => (e.type === 'log' ? [e.line] : []));
    assert.ok(lines.some((l) => l.includes('cannot be restored') && l.includes(plan.goroot)), lines.join('\n'));
    assert.ok(lines.some((l) => l.includes('cannot be restored') && l.includes('.profile')));
    assert.ok(!existsSync(plan.goroot), 'what the run installed is removed');
    assert.ok(!existsSync(join(home.dataHome, 'newapp')));
    assert.equal(listRuns(plan.paths).at(-1)?.status, 'rolled-back');
  });
});
