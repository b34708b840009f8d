// The wizard's first screen when an earlier run was left half-way: a notice naming it, `r` finishes its rollback
// (the real engine on a real journal in a temp state dir), and the notice gives way to the rollback's summary.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render, cleanup } from 'ink-testing-library';
import { WizardApp } from '../../src/wizard/app.js';
import { createTranslator } from '../../src/i18n/index.js';
import { Journal, now } from '../../src/engine/journal.js';
import { incompleteRuns } from '../../src/engine/rollback.js';
import { captureTouches } from '../../src/engine/touches.js';
import { defaultOptions, fakePaths, fakeServices } from './fakes.js';
import { press, waitFor, waitForText } from './keys.js';

const temps: string[] = [];
afterEach(() => {
  cleanup();
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A run whose process died (kill -9) after its first step created `marker`: begun, never finished. */
function leftHalfWay(home: string): { runId: string; marker: string } {
  const paths = fakePaths(home);
  const runId = '20261130-090000-dead';
  const marker = join(home, 'marker');
  const journal = Journal.create(paths, runId);
  const dead = spawnSync('true').pid; // a process that is gone: the run is not running
  journal.append({ type: 'run', runId, createdAt: now(), pid: dead, pidStart: null, method: 'tarball', scope: 'user', goroot: join(home, '.local/go'), version: 'go1.27.1', steps: [{ id: 'marker', title: 'Write the marker', root: false }] });
  const touches = captureTouches([{ kind: 'path', path: marker, root: false }], 0, journal.backupsDir);
  journal.append({ type: 'begin', step: 'marker', index: 0, root: false, touches, at: now() });
  writeFileSync(marker, 'made by the run\n');
  return { runId, marker };
}

function start(home: string) {
  const services = fakeServices();
  services.paths = fakePaths(home);
  const exits: number[] = [];
  const ui = render(
    <WizardApp
      t={createTranslator('en')}
      options={defaultOptions()}
      explicit={[]}
      remembered={{}}
      services={services}
      colors={false}
      envProxy={null}
      command="npx go-setup-wizard"
      onExit={(code) => exits.push(code)}
    />,
  );
  return { ui, services, exits };
}

test('a run left half-way: the first screen names it, r rolls it back for real, then the summary shows', async () => {
  const home = mkdtempSync(join(tmpdir(), 'gsw-wizard-waiting-'));
  temps.push(home);
  const { runId, marker } = leftHalfWay(home);
  assert.deepEqual(incompleteRuns(fakePaths(home)).map((run) => run.id), [runId]);

  const { ui, services } = start(home);
  await waitForText(ui, 'The wizard recommends'); // the recommended plan is still there, below the notice
  const frame = (ui.lastFrame() ?? '').replace(/\s+/g, ' ');
  assert.match(frame, new RegExp(`! Run ${runId} stopped half-way and still holds its changes\\. Press r to finish its rollback now`));
  assert.match(frame, /r finish that rollback/);
  assert.ok(existsSync(marker));

  await press(ui, 'r');
  await waitForText(ui, `Rolled back run ${runId}`, 15_000);
  assert.ok(!existsSync(marker), 'what the run made is gone');
  assert.deepEqual(incompleteRuns(fakePaths(home)), []);
  await waitFor(() => !(ui.lastFrame() ?? '').includes('stopped half-way'), 'the notice is gone');
  assert.equal(services.calls.execute, 0, 'no install ran');
});

test('no run waiting: no notice, and r does nothing', async () => {
  const home = mkdtempSync(join(tmpdir(), 'gsw-wizard-waiting-'));
  temps.push(home);
  const { ui } = start(home);
  await waitForText(ui, 'The wizard recommends');
  assert.doesNotMatch(ui.lastFrame() ?? '', /stopped half-way|finish that rollback/);
  await press(ui, 'r', { changes: false });
  assert.doesNotMatch(ui.lastFrame() ?? '', /Rolling back|Rolled back/);
});
