// The whole wizard (ink-testing-library) on a machine without snapd whose apt gives an out-of-support Go: the
// method question shows snap disabled with snap.ts's own reason (mock snap: the real check over a mock `snap`
// command, snapd cannot run here), the apt version question warns naming the tarball's release, and the preview of
// the real apt plan (buildPlan over a mock apt-cache) carries the same warning.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { render, cleanup } from 'ink-testing-library';
import { WizardApp } from '../../src/wizard/app.js';
import { createTranslator } from '../../src/i18n/index.js';
import { snapUnavailable } from '../../src/apt/snap.js';
import { parseAptPolicy } from '../../src/apt/candidates.js';
import { buildPlan } from '../../src/plan/build.js';
import type { CommandQuery } from '../../src/host/query.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { buildInput } from '../plan/helpers.js';
import { defaultOptions, fakeIndex, fakePaths, fakeServices } from '../wizard/fakes.js';
import { KEY, press, waitFor, waitForText } from '../wizard/keys.js';
import { blankDisk } from '../../src/host/disk.js';

const t = createTranslator('en');
const homes: TempHome[] = [];
afterEach(() => {
  cleanup();
  for (const home of homes.splice(0)) home.cleanup();
});

const POLICY = ['golang-go:', '  Installed: (none)', '  Candidate: 2:1.19~1', 'golang-1.19-go:', '  Installed: (none)', '  Candidate: 1.19.8-2', ''].join('\n');
const WARNING = "apt's Go here is 1.19, which is no longer supported (supported: 1.27, 1.26); modules that declare a newer go line will not build with it. The tarball method would give go1.27.1.";

test('mock snap without snapd: snap disabled with the reason; apt 1.19: warned on the version question and in the preview of the real plan', async () => {
  const home = createTempHome();
  homes.push(home);
  // `snap` is on PATH, snapd is not running (no socket on a blank disk, systemctl says inactive).
  const snapQuery: CommandQuery = async (command, args) =>
    command === 'sh' && args.join(' ') === '-c command -v snap' ? { exitCode: 0, stdout: '/usr/bin/snap\n' } : { exitCode: 3, stdout: 'inactive\n' };
  const aptQuery: CommandQuery = async (command) => (command === 'apt-cache' ? { exitCode: 0, stdout: POLICY } : { exitCode: 1, stdout: '' });
  const services = fakeServices({
    snapUnavailable: () => snapUnavailable(snapQuery, t, blankDisk),
    aptCandidates: async () => parseAptPolicy(POLICY),
  });
  const planned: string[][] = [];
  services.preparePlan = async (options) => {
    services.calls.preparePlan.push(options);
    const plan = await buildPlan(buildInput(home, { release: null, releases: fakeIndex().releases, query: aptQuery, options: { ...options, scope: 'user' } }));
    planned.push(plan.warnings);
    return plan;
  };
  services.paths = fakePaths(home.home);
  const ui = render(<WizardApp t={t} options={defaultOptions()} explicit={[]} remembered={{}} services={services} colors={false} envProxy={null} command="npx go-setup-wizard" onExit={() => {}} />);
  await waitForText(ui, 'The wizard recommends');
  await press(ui, 'c');
  await waitForText(ui, 'Your system');
  await press(ui, KEY.enter);
  await waitForText(ui, 'snapd is not running here');
  assert.match(ui.lastFrame()!, /Snap package — snapd is not running here \(no \/run\/snapd\.socket/);
  await press(ui, KEY.down);
  await press(ui, KEY.enter);
  await waitForText(ui, 'no longer supported');
  assert.ok(ui.lastFrame()!.replace(/\s+/g, ' ').includes(WARNING), ui.lastFrame());
  assert.match(ui.lastFrame()!, /golang-go 2:1\.19~1 · out of support/);
  await press(ui, KEY.enter);
  for (const next of ['Go module proxy', 'Company modules', 'HTTP(S) proxy for the download', 'Shells to set up', 'Also set up']) {
    await waitForText(ui, next);
    await press(ui, KEY.enter);
  }
  await waitFor(() => planned.length === 1, 'the plan');
  assert.equal(services.calls.preparePlan[0]!.method, 'apt');
  assert.ok(planned[0]!.includes(WARNING), planned[0]!.join('\n'));
  await waitForText(ui, 'no longer supported');
  assert.ok(ui.lastFrame()!.replace(/\s+/g, ' ').includes("apt's Go here is 1.19, which is no longer supported"), ui.lastFrame());
});
