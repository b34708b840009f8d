// The preview's "save the install script" (s) writes the file to run — renderExport, real proxy values — never the
// masked display copy; with a proxy password in it the file is readable by its owner only (0600), also when a file
// was already there with a wider mode. A real plan (buildPlan), the real renderers and the real saveText.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, render } from 'ink-testing-library';
import { WizardApp } from '../../src/wizard/app.js';
import { createTranslator } from '../../src/i18n/index.js';
import { buildPlan } from '../../src/plan/build.js';
import { exportHoldsSecret, renderExport, renderPlan } from '../../src/plan/render.js';
import type { InstallOptions } from '../../src/types.js';
import { saveText } from '../../src/wizard/services.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { buildInput } from '../plan/helpers.js';
import { defaultOptions, fakePaths, fakeServices } from './fakes.js';
import { KEY, press, type, waitForText } from './keys.js';

const t = createTranslator('en');
const homes: TempHome[] = [];
afterEach(() => {
  cleanup();
  for (const home of homes.splice(0)) home.cleanup();
});

const PROXY = 'http://alice:s3cret@127.0.0.1:3128/';

/** The wizard over a real plan of `options`, from the express screen to the preview; `s` saves to `name`. */
async function saveScript(options: Partial<InstallOptions>, name: string, existingMode?: number) {
  const home = createTempHome();
  homes.push(home);
  const plan = await buildPlan(buildInput(home, { options }));
  const services = fakeServices({
    paths: fakePaths(home.home),
    preparePlan: async () => plan,
    renderPlan,
    renderExport,
    exportHoldsSecret,
    saveText,
  });
  services.cwd = home.home;
  const path = join(home.home, name);
  if (existingMode !== undefined) writeFileSync(path, 'old\n', { mode: existingMode });
  const ui = render(
    <WizardApp t={t} options={defaultOptions(options)} explicit={[]} remembered={{}} services={services} colors={false} envProxy={null} command="npx go-setup-wizard" onExit={() => {}} />,
  );
  await waitForText(ui, 'The wizard recommends');
  await press(ui, KEY.enter);
  await waitForText(ui, 'Install script');
  await press(ui, 's');
  await waitForText(ui, 'Save the install script to:');
  await press(ui, '\x15');
  await type(ui, name);
  await press(ui, KEY.enter);
  await waitForText(ui, `Saved to ${path}`);
  return { plan, path, frame: ui.lastFrame()! };
}

test('s saves the script to run, with the real proxy password, mode 0600 even over an existing 0755 file', async () => {
  const { plan, path } = await saveScript({ httpProxy: PROXY, httpsProxy: PROXY, persistProxy: true }, 'install-go.sh', 0o755);
  const saved = readFileSync(path, 'utf8');
  assert.equal(saved, await renderExport(plan, 'sh', t));
  assert.notEqual(saved, renderPlan(plan, 'sh', t), 'the display copy is masked, the saved one is not');
  assert.ok(saved.includes('alice:s3cret@127.0.0.1:3128'), 'the proxy the script must use');
  assert.ok(!saved.includes('****@127.0.0.1'), 'no masked proxy reaches the file to run');
  assert.equal(statSync(path).mode & 0o777, 0o600);
});

test('s without a secret saves the same export, executable by its owner (0700)', async () => {
  const { plan, path } = await saveScript({ httpProxy: 'http://127.0.0.1:3128/' }, 'go.sh');
  assert.equal(readFileSync(path, 'utf8'), await renderExport(plan, 'sh', t));
  assert.equal(statSync(path).mode & 0o777, 0o700);
});
