// Plans that only make sense on this machine — side by side (~/sdk, this user's files) and other Go installs removed
// from it — have no portable script: the preview's script tab shows their own steps as they run here (every step,
// valid bash), and saving or exporting one is refused with the reason instead of writing a script that would
// silently do something else.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, test } from 'node:test';
import { buildPlan } from '../../src/plan/build.js';
import { exportRefusal, renderExport, renderPlan } from '../../src/plan/render.js';
import { createTranslator } from '../../src/i18n/index.js';
import type { CommandQuery } from '../../src/host/query.js';
import { createTempHome } from '../helpers/temp-home.js';
import { buildInput, fakeDetection } from './helpers.js';

const t = createTranslator('en');
const home = createTempHome();
after(() => home.cleanup());

test('side by side: the script tab lists its own steps; the export is refused with the reason', async () => {
  const plan = await buildPlan(buildInput(home, { options: { alongside: true, shells: 'none' } }));
  assert.match(exportRefusal(plan, t) ?? '', /has no portable script/);
  const script = renderPlan(plan, 'sh', t);
  for (const step of plan.steps) assert.ok(script.includes(`# ${step.id}: ${step.title}`), `${step.id} is in the script`);
  assert.ok(script.includes(step(plan, 'link-command').run));
  const syntax = spawnSync('bash', ['-n'], { input: script, encoding: 'utf8' });
  assert.equal(syntax.status, 0, syntax.stderr);
  await assert.rejects(renderExport(plan, 'sh', t), /has no portable script/);
  await assert.rejects(renderExport(plan, 'ansible', t), /has no portable script/);
});

test('the go snap removed (mock snap): local script with the removal as root; a plain install keeps its portable script', async () => {
  const query: CommandQuery = async (command, args) =>
    command === 'snap' && args.join(' ') === 'list go' ? { exitCode: 0, stdout: 'Name  Version  Rev    Tracking     Publisher  Notes\ngo    1.22.5   10660  1.22/stable  mwhudson   classic\n' } : { exitCode: 1, stdout: '' };
  const detection = { ...fakeDetection(home.home, { isRoot: true }), existingGo: [{ path: '/snap/bin/go', version: 'go1.22.5', source: 'snap' as const, goroot: '/snap/go/current' }] };
  const removing = await buildPlan(buildInput(home, { detection, query, options: { otherGo: 'remove', shells: 'none' } }));
  const script = renderPlan(removing, 'sh', t);
  const index = removing.steps.findIndex((s) => s.id === 'remove-snap-go');
  assert.ok(index >= 0);
  assert.match(script, new RegExp(`^gsw_as_root gsw_step_${index}$`, 'm'));
  await assert.rejects(renderExport(removing, 'sh', t), /has no portable script/);

  const keeping = await buildPlan(buildInput(home, { detection, query, options: { otherGo: 'keep', shells: 'none' } }));
  assert.equal(exportRefusal(keeping, t), null);
  assert.match(renderPlan(keeping, 'sh', t), /Portable: HOME, the user/);
});

function step(plan: { steps: { id: string; run: string }[] }, id: string) {
  const found = plan.steps.find((s) => s.id === id);
  assert.ok(found, id);
  return found;
}
