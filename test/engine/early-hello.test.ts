// The proof's offline hello world starts as soon as the Go tree is in place and runs alongside the later steps; the
// verify step reports it in its usual place. A later step that fails, or a stop, ends it (its whole session) and
// removes its scratch dir before the rollback takes the tree away. A stand-in `go` (a shell script placed the way
// the tarball's tree is) writes down when and where its `go run` ran.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { executePlan } from '../../src/engine/executor.js';
import { shQuote } from '../../src/shell/quote.js';
import { EXIT, type EngineEvent, type Plan } from '../../src/types.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { makePlan, step, touchMove, touchPath, waitFor } from './support.js';

const homes: TempHome[] = [];
const tmpBefore = process.env.TMPDIR;
let scratchParent: string;

before(() => {
  // The proof's scratch dirs go to TMPDIR (os.tmpdir()): a dir of this test's own, to see what is left in it.
  const home = createTempHome();
  homes.push(home);
  scratchParent = join(home.root, 'tmp');
  mkdirSync(scratchParent);
  process.env.TMPDIR = scratchParent;
});
after(() => {
  if (tmpBefore === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = tmpBefore;
  for (const home of homes) home.cleanup();
});

/**
 * The stand-in: `go run` writes its scratch dir (cwd) and the pid of a `sleep` it waits for (`holdSeconds`, 0 for
 * none) into `records`, then prints the hello line. `go mod download` fails as it would offline.
 */
function standInGo(records: string, holdSeconds: number): string {
  return [
    '#!/bin/sh',
    'case "$1" in',
    `  run) pwd -P > ${shQuote(join(records, 'hello.dir'))}`,
    ...(holdSeconds ? [`    sleep ${holdSeconds} & echo $! > ${shQuote(join(records, 'sleep.pid'))}; wait`] : []),
    `    echo started > ${shQuote(join(records, 'hello.ran'))}`,
    "    echo 'hello, world' ;;",
    `  mod) echo '{"Error": "offline"}'; exit 1 ;;`,
    '  *) exit 2 ;;',
    'esac',
    '',
  ].join('\n');
}

/**
 * stage (the tree in a staging dir) → place (moved to GOROOT) → `later` (a step after placement) → verify. `later`
 * runs `laterScript`; no shells are configured, so the verify step runs the hello world and the module check.
 */
function planWith(home: TempHome, records: string, holdSeconds: number, laterScript: string): Plan {
  const plan = makePlan(home, []);
  const staging = join(home.home, `.local/.staging-${plan.runId}`);
  const staged = join(staging, 'go');
  const q = shQuote;
  plan.steps = [
    step(
      'stage',
      `mkdir -p ${q(join(staged, 'bin'))} ${q(join(staged, 'src'))}\nprintf '%s' ${q(standInGo(records, holdSeconds))} > ${q(join(staged, 'bin/go'))}\nchmod 755 ${q(join(staged, 'bin/go'))}`,
      [touchPath(staging)],
    ),
    step('place', `mv -T ${q(staged)} ${q(plan.goroot)}\nrmdir ${q(staging)}`, [touchMove(staged, plan.goroot), touchPath(staging)]),
    step('later', laterScript, []),
    step('verify', 'true', [], { native: 'verify' }),
  ];
  return plan;
}

function newRecords(home: TempHome, name: string): string {
  const records = join(home.root, name);
  mkdirSync(records);
  return records;
}

/** The proof's scratch dirs left in TMPDIR (the temp HOMEs made after the first one are there too). */
const proofScratch = () => readdirSync(scratchParent).filter((name) => /^gsw-(hello|modules)-/.test(name));

/** Whether a process is still running (a zombie waiting to be reaped counts as gone). */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** A step script that waits (bounded) until the hello world has written `file`, then runs `then`. */
const waitForFile = (file: string, then: string) =>
  `for i in $(seq 300); do [ -s ${shQuote(file)} ] && break; sleep 0.1; done\n[ -s ${shQuote(file)} ] || { echo 'the hello world did not start' >&2; exit 1; }\n${then}`;

describe('the hello world starts once the Go tree is in place', { timeout: 120_000 }, () => {
  test('it runs while a later step runs; the verify step reports it in order; its scratch dir is gone', async () => {
    const home = createTempHome();
    homes.push(home);
    const records = newRecords(home, 'records-ok');
    // `later` finishes only once the hello world has run: before the verify step started, it could not have.
    const plan = planWith(home, records, 0, waitForFile(join(records, 'hello.ran'), 'true'));
    const events: EngineEvent[] = [];
    const result = await executePlan(plan, { env: home.env, proxy: {}, onEvent: (e) => events.push(e) });
    assert.equal(result.exitCode, EXIT.ok, JSON.stringify(events.filter((e) => e.type === 'step-failed' || e.type === 'verify')));
    const verify = events.flatMap((e) => (e.type === 'verify' ? [[e.check, e.ok]] : []));
    assert.deepEqual(verify, [
      ['hello-world', true],
      ['modules', true],
    ]);
    const scratch = readFileSync(join(records, 'hello.dir'), 'utf8').trim();
    assert.ok(scratch.startsWith(scratchParent), scratch);
    assert.equal(existsSync(scratch), false, 'the scratch dir is removed');
    assert.deepEqual(proofScratch(), []);
  });

  test('a later step fails while it runs: it is stopped and its scratch dir removed before the rollback, exit 1', async () => {
    const home = createTempHome();
    homes.push(home);
    const records = newRecords(home, 'records-fail');
    const plan = planWith(home, records, 60, waitForFile(join(records, 'sleep.pid'), "echo 'later failed' >&2; exit 1"));
    const events: EngineEvent[] = [];
    const result = await executePlan(plan, { env: home.env, proxy: {}, onEvent: (e) => events.push(e) });
    assert.equal(result.exitCode, EXIT.failedRestored, JSON.stringify(events.filter((e) => e.type === 'step-failed' || e.type === 'done')));
    assert.ok(events.some((e) => e.type === 'step-failed' && e.step === 'later'));
    assert.ok(!events.some((e) => e.type === 'verify'), 'no check is reported');
    // When the run returns, the hello world's session is gone, and so are its scratch dir and the placed tree.
    const sleeper = Number(readFileSync(join(records, 'sleep.pid'), 'utf8'));
    assert.equal(running(sleeper), false, `the hello world's sleep (pid ${sleeper}) was stopped`);
    assert.equal(existsSync(readFileSync(join(records, 'hello.dir'), 'utf8').trim()), false, 'the scratch dir is removed');
    assert.deepEqual(proofScratch(), []);
    assert.equal(existsSync(plan.goroot), false, 'the placed tree is rolled back');
    assert.equal(existsSync(join(records, 'hello.ran')), false, 'the hello world never finished');
  });

  test('the run is stopped (Ctrl-C) while it runs: it is stopped too, exit 130, everything restored', async () => {
    const home = createTempHome();
    homes.push(home);
    const records = newRecords(home, 'records-stop');
    const plan = planWith(home, records, 60, 'sleep 30');
    const stop = new AbortController();
    const events: EngineEvent[] = [];
    const running_ = executePlan(plan, { env: home.env, proxy: {}, onEvent: (e) => events.push(e), signal: stop.signal });
    await waitFor(() => existsSync(join(records, 'sleep.pid')) && readFileSync(join(records, 'sleep.pid'), 'utf8').trim() !== '', 30_000);
    stop.abort();
    const result = await running_;
    assert.equal(result.exitCode, EXIT.interrupted, JSON.stringify(events.filter((e) => e.type === 'step-failed' || e.type === 'done')));
    const sleeper = Number(readFileSync(join(records, 'sleep.pid'), 'utf8'));
    assert.equal(running(sleeper), false, `the hello world's sleep (pid ${sleeper}) was stopped`);
    assert.deepEqual(proofScratch(), []);
    assert.equal(existsSync(plan.goroot), false, 'the placed tree is rolled back');
  });
});
