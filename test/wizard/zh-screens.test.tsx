// The whole wizard in Chinese, every screen from the recommended plan to the finished one (over fake services):
// no English word reaches the screen except what comes from the machine and the plan themselves (paths, versions,
// the system's name, commands), key names, and the Latin words the Chinese catalog itself uses (go get, GiB, …).
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render, cleanup } from 'ink-testing-library';
import { WizardApp } from '../../src/wizard/app.js';
import { allMessages, createTranslator, loadLang } from '../../src/i18n/index.js';
import { defaultOptions, fakeDetection, fakeIndex, fakePaths, fakePlan, fakeServices, APT } from './fakes.js';
import { KEY, press, waitFor, waitForText } from './keys.js';

await loadLang('zh');

const temps: string[] = [];
afterEach(() => {
  cleanup();
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const zh = createTranslator('zh');
const words = (text: string) => text.match(/[A-Za-z][A-Za-z-]{2,}/g) ?? [];

test('in Chinese, every screen of the wizard shows no English beyond names, data and keys', { timeout: 60_000 }, async () => {
  const home = mkdtempSync(join(tmpdir(), 'gsw-wizard-zh-'));
  temps.push(home);
  // apt's Go is here: the side-by-side entry and the question about other Go installs are shown too.
  const detection = fakeDetection({ existingGo: [{ path: '/usr/bin/go', version: 'go1.22.2', source: 'apt', goroot: '/usr/lib/go-1.22', onPath: true, default: true }] });
  const services = fakeServices({ paths: fakePaths(home), detect: async () => detection });
  services.paths = fakePaths(home);
  const ui = render(
    <WizardApp t={zh} options={defaultOptions()} explicit={[]} remembered={{}} services={services} colors={false} envProxy={null} command="npx go-setup-wizard" onExit={() => {}} />,
  );
  const frames: string[] = [];
  const seen = async (text: string) => {
    await waitForText(ui, text);
    frames.push(ui.lastFrame()!);
  };
  await seen(zh('wizard.express.recommended'));
  await press(ui, 'c');
  await seen('Ubuntu 24.04.1 LTS');
  for (const [key, title] of [
    ['wizard.method.title'],
    ['wizard.version.title'],
    ['wizard.location.title'],
    ['otherGo.title'],
    ['wizard.mirror.title'],
    ['wizard.proxies.goproxy'],
    ['extras.wizard.goprivate'],
    ['wizard.proxies.http'],
    ['wizard.shells.title'],
    ['extras.wizard.extras'],
    ['wizard.preview.script'],
  ].map(([key]) => [key, zh(key!).replace(/[（(:：].*$/, '')] as const)) {
    await press(ui, KEY.enter);
    await seen(title).catch((error: Error) => assert.fail(`${key}: ${error.message}`));
  }
  await press(ui, KEY.enter);
  await waitFor(() => services.run !== null, 'the install to start');
  services.run!.emit({ type: 'step-start', step: 'check-space', title: 'Check free space', index: 0, count: 2 });
  await seen('Check free space');
  services.run!.emit({ type: 'verify', check: 'bash -lc go version', ok: true, output: 'go version go1.27.1 linux/amd64' });
  services.run!.finish({ exitCode: 0, runId: 'r1', backupBytes: 2048 });
  await seen(zh('wizard.done.title'));

  // Allowed: the Latin words the zh catalog itself uses on purpose (commands, file and product names, units), and
  // what is not the wizard's own words — the machine, the index, apt and the plan (step titles are the plan's), the
  // command, key names. An English phrase written into a screen, or a message missing in zh, is neither.
  const data = [detection, fakeIndex(), APT, fakePlan(), services.paths, 'npx go-setup-wizard', 'Check free space', 'bash -lc go version linux/amd64'];
  const allowed = new Set(
    [JSON.stringify(data), ...Object.values(allMessages('zh')), 'KiB MiB GiB Enter Esc Space Tab PgUp PgDn Ctrl GOROOT GOPATH GOPROXY GOPRIVATE GOSUMDB HTTP HTTPS PATH'].flatMap(words).map((w) => w.toLowerCase()),
  );
  const english = new Map<string, string>();
  for (const frame of frames) for (const word of words(frame)) if (!allowed.has(word.toLowerCase())) english.set(word, frame);
  assert.deepEqual([...english.keys()], [], [...english.entries()].map(([word, frame]) => `"${word}" in:\n${frame}`).slice(0, 3).join('\n\n'));
});
