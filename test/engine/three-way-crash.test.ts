// The three-way rollback cut short at its most delicate points, then run again: a merge journaled but not yet
// written, a merge written but its step not yet marked undone, part of the user's GOROOT entries already kept aside.
// Each time the second rollback converges to the same result, and a file the user changed in a way the run's change
// cannot be picked out of is kept aside, never lost. Real bash steps in a temp HOME (the engine does not care who
// built the plan).
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, test } from 'node:test';
import { executePlan } from '../../src/engine/executor.js';
import { Journal, type JournalRecord } from '../../src/engine/journal.js';
import { rollbackRun } from '../../src/engine/rollback.js';
import { createTranslator } from '../../src/i18n/index.js';
import { shQuote } from '../../src/shell/quote.js';
import type { EngineEvent, Plan } from '../../src/types.js';
import { undoJournal } from '../../src/engine/undo.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { makePlan, step, touchMove, touchPath } from './support.js';

const homes: TempHome[] = [];
afterEach(() => {
  for (const home of homes.splice(0)) home.cleanup();
});

const BLOCK = '# >>> go-setup-wizard >>>\n. env.sh\n# <<< go-setup-wizard <<<\n';
const q = shQuote;

/** Stage a Go-shaped tree and place it, write env.sh, add the block to ~/.bashrc, set GOPROXY in go/env. */
function plan(home: TempHome): Plan {
  const h = home.home;
  const goroot = join(h, '.local/go');
  const staging = join(h, '.local/go.staging');
  const envSh = join(home.configHome, 'go-setup-wizard/env.sh');
  const goEnv = join(home.configHome, 'go/env');
  return makePlan(home, [
    step('extract', `mkdir -p ${q(staging)}/bin ${q(staging)}/src/fmt\nprintf 'go1.99\\n' > ${q(staging)}/VERSION\nprintf 'package fmt\\n' > ${q(staging)}/src/fmt/print.go`, [touchPath(staging)]),
    step('place', `mv -T ${q(staging)} ${q(goroot)}`, [touchMove(staging, goroot)]),
    step('env-files', `mkdir -p ${q(join(home.configHome, 'go-setup-wizard'))}\nprintf 'export PATH=/x:$PATH\\nexport GOPATH=/y\\n' > ${q(envSh)}`, [touchPath(envSh)]),
    step('profile-bashrc', `printf '%s' ${q(BLOCK)} >> ${q(join(h, '.bashrc'))}`, [touchPath(join(h, '.bashrc'))]),
    step('go-env', `mkdir -p ${q(join(home.configHome, 'go'))}\nprintf 'GOSUMDB=off\\nGOPROXY=https://goproxy.cn\\n' > ${q(goEnv)}`, [touchPath(goEnv)]),
  ]);
}

interface Setup {
  home: TempHome;
  plan: Plan;
  bashrcBefore: string;
}

/** Installed, then changed by the user: a line after the block, a Go key of their own, env.sh rewritten, a file in GOROOT. */
async function installedAndChanged(): Promise<Setup> {
  const home = createTempHome({ skel: true });
  homes.push(home);
  const bashrcBefore = readFileSync(join(home.home, '.bashrc'), 'utf8');
  const p = plan(home);
  const events: EngineEvent[] = [];
  const result = await executePlan(p, { env: home.env, proxy: {}, onEvent: (e) => events.push(e) });
  assert.equal(result.exitCode, 0, JSON.stringify(events.filter((e) => e.type === 'done' || e.type === 'step-failed')));
  appendFileSync(join(home.home, '.bashrc'), 'alias gs="git status"\n');
  appendFileSync(join(home.configHome, 'go/env'), 'GOPRIVATE=corp.example\n');
  writeFileSync(join(home.configHome, 'go-setup-wizard/env.sh'), 'export PATH=/mine:$PATH\n');
  mkdirSync(join(p.goroot, 'src/mine'));
  writeFileSync(join(p.goroot, 'src/mine/mine.go'), 'package mine\n');
  return { home, plan: p, bashrcBefore };
}

const t = createTranslator('en');

/**
 * Runs the rollback with a failure right before (or after) the journal gains the record picked: the journal and
 * the files are as a `kill -9` at that instant leaves them.
 */
async function crashingUndo(p: Plan, at: { before?: (record: JournalRecord) => boolean; after?: (record: JournalRecord) => boolean }): Promise<void> {
  const journal = Journal.open(p.paths, p.runId);
  const append = journal.append.bind(journal);
  journal.append = (record: JournalRecord) => {
    if (at.before?.(record)) throw new Error('crash');
    append(record);
    if (at.after?.(record)) throw new Error('crash');
  };
  try {
    await undoJournal(journal, 'request', p.runId, () => {}, t);
  } catch (error) {
    assert.match((error as Error).message, /crash/);
  }
  if (at.after) assert.ok(journal.read().some(at.after), 'the crash point was reached');
}

describe('three-way rollback cut short, then run again', () => {
  test('unchanged case first: what the user did not touch comes back as before, their changes are kept', async () => {
    const s = await installedAndChanged();
    const done = await rollbackRun({ paths: s.plan.paths, onEvent: () => {} });
    assert.equal(done.exitCode, 0);
    expectFinal(s, 'one rollback');
  });

  test('a merge journaled but not written yet, then rollback: the same result', async () => {
    const s = await installedAndChanged();
    await crashingUndo(s.plan, { after: (r) => r.type === 'merged' && r.step === 'profile-bashrc' });
    assert.match(readFileSync(join(s.home.home, '.bashrc'), 'utf8'), /go-setup-wizard/, 'the crash came before the write');
    assert.equal((await rollbackRun({ paths: s.plan.paths, onEvent: () => {} })).exitCode, 0);
    expectFinal(s, 'after a crash before the write');
  });

  test('a merge written but its step not marked undone, then rollback: not reverted twice, not kept aside', async () => {
    const s = await installedAndChanged();
    await crashingUndo(s.plan, { before: (r) => r.type === 'undone' && r.step === 'profile-bashrc' });
    assert.doesNotMatch(readFileSync(join(s.home.home, '.bashrc'), 'utf8'), /go-setup-wizard/, 'the merge was written before the crash');
    assert.equal((await rollbackRun({ paths: s.plan.paths, onEvent: () => {} })).exitCode, 0);
    expectFinal(s, 'after a crash before the undone record');
    assert.ok(!existsSync(join(s.home.home, `.bashrc.gsw-kept-${s.plan.runId}`)), 'the merged file is not taken for a user edit');
  });

  test('part of the GOROOT entries already kept aside, then rollback: every entry ends up kept once', async () => {
    const s = await installedAndChanged();
    writeFileSync(join(s.plan.goroot, 'notes.txt'), 'notes\n');
    const kept = `${s.plan.goroot}.gsw-kept-${s.plan.runId}`;
    mkdirSync(kept); // the first rollback had moved notes.txt when it was killed
    renameSync(join(s.plan.goroot, 'notes.txt'), join(kept, 'notes.txt'));
    assert.equal((await rollbackRun({ paths: s.plan.paths, onEvent: () => {} })).exitCode, 0);
    expectFinal(s, 'after a partial keep');
    assert.equal(readFileSync(join(kept, 'notes.txt'), 'utf8'), 'notes\n');
  });
});

/** The one result every path above must reach. */
function expectFinal(s: Setup, label: string): void {
  const { home, plan: p, bashrcBefore } = s;
  assert.equal(readFileSync(join(home.home, '.bashrc'), 'utf8'), `${bashrcBefore}alias gs="git status"\n`, `${label}: .bashrc keeps the alias, loses the block`);
  // go/env did not exist: of the run's keys, both go; the user's own key stays.
  assert.equal(readFileSync(join(home.configHome, 'go/env'), 'utf8'), 'GOPRIVATE=corp.example\n', `${label}: go/env`);
  // env.sh: the user rewrote the run's lines, so its change cannot be picked out: kept aside, the file goes (it was new).
  const envSh = join(home.configHome, 'go-setup-wizard/env.sh');
  assert.ok(!existsSync(envSh), `${label}: env.sh as before (absent)`);
  assert.equal(readFileSync(`${envSh}.gsw-kept-${p.runId}`, 'utf8'), 'export PATH=/mine:$PATH\n', `${label}: the user's env.sh is kept`);
  assert.ok(!existsSync(p.goroot), `${label}: the placed tree is gone`);
  const kept = `${p.goroot}.gsw-kept-${p.runId}`;
  assert.equal(readFileSync(join(kept, 'src/mine/mine.go'), 'utf8'), 'package mine\n', `${label}: the user's file in GOROOT is kept`);
  assert.ok(!existsSync(join(kept, 'VERSION')) && !existsSync(join(kept, 'src/fmt')), `${label}: only the user's entries are kept`);
}
