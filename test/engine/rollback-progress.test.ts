// A rollback reports its progress like an install: each step it undoes is announced (step-start, "Undo: …", its
// place among the steps to undo) before it is undone, and the event loop gets a turn between steps — so the
// wizard's screen and the CLI's status line move while it runs instead of freezing until the end. Real bash steps
// in a temp HOME.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { executePlan } from '../../src/engine/executor.js';
import { rollbackRun } from '../../src/engine/rollback.js';
import { createTranslator, loadLang } from '../../src/i18n/index.js';
import { shQuote } from '../../src/shell/quote.js';
import type { EngineEvent } from '../../src/types.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { makePlan, step, touchPath } from './support.js';

await loadLang('zh');

const homes: TempHome[] = [];
afterEach(() => {
  for (const home of homes.splice(0)) home.cleanup();
});

/** The event stream as a list of short names, with 'turn' where a timer set at rollback-start got to run. */
type Seen = EngineEvent | { type: 'turn' };

test('each undone step is announced before it is undone, with the event loop free in between; the journal still restores HOME', async () => {
  const home = createTempHome({ skel: true });
  homes.push(home);
  const bashrc = join(home.home, '.bashrc');
  const before = readFileSync(bashrc, 'utf8');
  const files = ['a', 'b', 'c'].map((name) => join(home.home, `${name}.txt`));
  const plan = makePlan(home, [
    ...files.map((file, i) => step(`write-${i}`, `printf 'x\\n' > ${shQuote(file)}`, [touchPath(file)])),
    step('profile', `printf '# block\\n' >> ${shQuote(bashrc)}`, [touchPath(bashrc)]),
  ]);
  const installed = await executePlan(plan, { env: home.env, proxy: {}, onEvent: () => {} });
  assert.equal(installed.exitCode, 0);

  const seen: Seen[] = [];
  const t = createTranslator('en');
  const done = await rollbackRun({
    paths: plan.paths,
    t,
    onEvent: (event) => {
      seen.push(event);
      // A screen redraws on a timer: one set now must fire before the rollback ends.
      if (event.type === 'rollback-start') setImmediate(() => seen.push({ type: 'turn' }));
    },
  });
  assert.equal(done.exitCode, 0);
  assert.equal(readFileSync(bashrc, 'utf8'), before);

  const start = seen.findIndex((e) => e.type === 'rollback-start');
  const end = seen.findIndex((e) => e.type === 'rollback-done');
  const during = seen.slice(start + 1, end);
  const announced = during.flatMap((e) => (e.type === 'step-start' ? [[e.step, e.index, e.count, e.title]] : []));
  assert.deepEqual(announced, [
    ['profile', 0, 4, 'Undo: Step profile'],
    ['write-2', 1, 4, 'Undo: Step write-2'],
    ['write-1', 2, 4, 'Undo: Step write-1'],
    ['write-0', 3, 4, 'Undo: Step write-0'],
  ]);
  // Each announcement comes before that step's "undone" line, and the next one after it.
  const order = during.flatMap((e) => (e.type === 'step-start' ? [`start ${e.step}`] : e.type === 'log' && e.step ? [`undone ${e.step}`] : []));
  assert.deepEqual(order, ['start profile', 'undone profile', 'start write-2', 'undone write-2', 'start write-1', 'undone write-1', 'start write-0', 'undone write-0']);
  assert.ok(during.some((e) => e.type === 'turn'), 'the event loop ran during the rollback, not only after it');
});

test('a step that made a tree (a Go installation has some 12,000 entries): its undo tells how many entries are gone as it removes them, with turns of the event loop', async () => {
  const home = createTempHome();
  homes.push(home);
  const goroot = join(home.home, '.local/go');
  // 40 packages of 50 files: 2,000 files and 81 directories below the root (src, 40 packages, 40 testdata).
  const make = `mkdir -p ${shQuote(goroot)} && cd ${shQuote(goroot)} && for p in $(seq 1 40); do mkdir -p src/p$p/testdata; for f in $(seq 1 50); do : > src/p$p/f$f.go; done; done`;
  const plan = makePlan(home, [step('place', make, [touchPath(goroot)])]);
  assert.equal((await executePlan(plan, { env: home.env, proxy: {}, onEvent: () => {} })).exitCode, 0);

  const seen: Seen[] = [];
  let ticking = true;
  const tick = () => {
    seen.push({ type: 'turn' });
    if (ticking) setImmediate(tick);
  };
  const done = await rollbackRun({
    paths: plan.paths,
    t: createTranslator('en'),
    onEvent: (event) => {
      seen.push(event);
      if (event.type === 'step-start') setImmediate(tick);
    },
  });
  ticking = false;
  assert.equal(done.exitCode, 0);
  assert.equal(existsSync(goroot), false);

  const removing = seen.flatMap((e) => (e.type === 'removing' ? [e] : []));
  const total = 40 * 50 + 40 * 2 + 1;
  assert.ok(removing.length >= 5, `${removing.length} reports`);
  assert.ok(removing.every((e) => e.step === 'place' && e.path === goroot && e.total === total));
  assert.equal(removing.at(-1)!.removed, total);
  // Reports come between the step's announcement and its undone line, with turns of the event loop among them.
  const first = seen.findIndex((e) => e.type === 'removing');
  const last = seen.length - 1 - [...seen].reverse().findIndex((e) => e.type === 'removing');
  assert.ok(first > seen.findIndex((e) => e.type === 'step-start'));
  assert.ok(last < seen.findIndex((e) => e.type === 'log' && e.step === 'place'));
  assert.ok(seen.slice(first, last).some((e) => e.type === 'turn'), 'the screen can redraw while the tree goes');
});

test('the zh title of an undone step is translated', () => {
  assert.equal(createTranslator('zh')('progress.rollback.title', { title: '放置 Go' }), '撤销：放置 Go');
});
