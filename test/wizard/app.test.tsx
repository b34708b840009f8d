// The whole wizard rendered with ink-testing-library over fake services: keys in, frames and effects out.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render, cleanup } from 'ink-testing-library';
import { WizardApp, type WizardAppProps } from '../../src/wizard/app.js';
import { createTranslator } from '../../src/i18n/index.js';
import { EXIT, type InstallOptionKey, type InstallOptions } from '../../src/types.js';
import { saveText } from '../../src/wizard/services.js';
import { defaultOptions, fakeIndex, fakePaths, fakeServices, type FakeServices } from './fakes.js';
import { KEY, press, type, waitFor, waitForText } from './keys.js';

const temps: string[] = [];
afterEach(() => {
  cleanup();
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function start(opts: { options?: InstallOptions; explicit?: InstallOptionKey[]; services?: FakeServices; props?: Partial<WizardAppProps> } = {}) {
  const home = mkdtempSync(join(tmpdir(), 'gsw-wizard-'));
  temps.push(home);
  const services = opts.services ?? fakeServices({ paths: fakePaths(home) });
  services.paths = fakePaths(home);
  const exits: number[] = [];
  const ui = render(
    <WizardApp
      t={createTranslator('en')}
      options={opts.options ?? defaultOptions()}
      explicit={opts.explicit ?? []}
      remembered={{}}
      services={services}
      colors={false}
      envProxy={null}
      command="npx go-setup-wizard"
      onExit={(code) => exits.push(code)}
      {...opts.props}
    />,
  );
  return { ui, services, exits, home };
}

/** From the recommended plan to the questions: `c`, then the system screen. */
async function customise(ui: ReturnType<typeof render>) {
  await waitForText(ui, 'The wizard recommends');
  await press(ui, 'c');
  await waitForText(ui, 'Ubuntu 24.04.1 LTS');
}

/** From the system screen to the preview, taking every pre-selected answer. */
async function acceptDefaults(ui: ReturnType<typeof render>) {
  await customise(ui);
  await press(ui, KEY.enter);
  await waitForText(ui, 'How to install');
  await press(ui, KEY.enter);
  await waitForText(ui, 'Which Go version');
  await press(ui, KEY.enter);
  await waitForText(ui, 'Where to put Go');
  await press(ui, KEY.enter);
  await waitForText(ui, 'Where to download from');
  await press(ui, KEY.enter);
  await waitForText(ui, 'Go module proxy');
  await press(ui, KEY.enter);
  await waitForText(ui, 'Company modules');
  await press(ui, KEY.enter);
  await waitForText(ui, 'HTTP(S) proxy for the download');
  await press(ui, KEY.enter);
  await waitForText(ui, 'Shells to set up');
  await press(ui, KEY.enter);
  await waitForText(ui, 'Also set up');
  await press(ui, KEY.enter);
  await waitForText(ui, 'Install script');
}

test('defaults all the way: preview, install with progress, proof on the finished screen, exit 0', async () => {
  const { ui, services, exits, home } = start();
  await acceptDefaults(ui);
  assert.match(ui.lastFrame()!, /Step 8 of 8/);
  assert.equal(services.calls.preparePlan.length, 1);
  const options = services.calls.preparePlan[0];
  assert.equal(options.method, 'tarball');
  assert.equal(options.goVersion, 'latest');
  assert.equal(options.scope, 'user', 'sudo needs a password: user scope is the default');
  assert.deepEqual(options.shells, ['bash', 'zsh']);
  assert.equal(services.calls.execute, 0, 'nothing runs before Enter on the preview');

  await press(ui, KEY.enter);
  await waitFor(() => services.run !== null, 'the install to start');
  const run = services.run!;
  run.emit({ type: 'step-start', step: 'check-space', title: 'Check free space', index: 0, count: 6 });
  run.emit({ type: 'step-done', step: 'check-space', durationMs: 1 });
  run.emit({ type: 'step-start', step: 'download', title: 'Download go1.27.1', index: 1, count: 6 });
  run.emit({ type: 'progress', step: 'download', bytes: 35 * 1024 * 1024, total: 70 * 1024 * 1024, bytesPerSecond: 5 * 1024 * 1024, etaSeconds: 7 });
  run.emit({ type: 'log', step: 'download', stream: 'info', line: 'connected to 127.0.0.1' });
  await waitForText(ui, '35.0 MiB / 70.0 MiB');
  const frame = ui.lastFrame()!;
  assert.match(frame, /✔ Check free space/);
  assert.match(frame, /› Download go1\.27\.1/);
  assert.match(frame, /50%/);
  assert.match(frame, /5\.0 MiB\/s/);
  assert.match(frame, /7s left/);
  assert.match(frame, /connected to 127\.0\.0\.1/);
  assert.match(frame, /Elapsed 0:0\d/);

  run.emit({ type: 'step-done', step: 'download', durationMs: 1 });
  run.emit({ type: 'verify', check: 'bash -lc go version', ok: true, output: 'go version go1.27.1 linux/amd64' });
  run.emit({ type: 'verify', check: 'hello world', ok: true, output: 'hello, world' });
  run.finish({ exitCode: 0, runId: 'r1', backupBytes: 2048 });
  await waitForText(ui, 'Go is installed');
  await waitForText(ui, 'https://proxy.golang.org,direct');
  const done = ui.lastFrame()!;
  assert.match(done, /✔ bash -lc go version: go version go1\.27\.1/);
  assert.match(done, /✔ hello world: hello, world/);
  assert.match(done, /Open a new terminal, or run this in this one:\n {2}\. \S*env\.sh/, 'the command on a line of its own');
  assert.match(done, /Backups kept for undo: 2\.0 KiB/);
  assert.match(done, /rollback --run r1/);
  // The answers were remembered for next time.
  const remembered = JSON.parse(readFileSync(join(home, '.config/go-setup-wizard/config.json'), 'utf8'));
  assert.equal(remembered.answers.goVersion, 'latest');
  await press(ui, KEY.enter, { changes: false });
  assert.deepEqual(exits, [EXIT.ok]);
});

test('Esc goes back from every question to the one before, keeping the answers', async () => {
  const { ui } = start();
  await acceptDefaults(ui);
  const titles = ['Shells to set up', 'Proxies', 'Where to download from', 'Where to put Go', 'Which Go version', 'How to install', 'Your system', 'Recommended setup'];
  for (const title of titles) {
    await press(ui, KEY.escape);
    await waitForText(ui, title);
  }
  // The proxies screen's second question goes back to its first.
  await press(ui, 'c');
  for (let i = 0; i < 5; i++) await press(ui, KEY.enter);
  await waitForText(ui, 'Go module proxy');
  await press(ui, KEY.enter);
  await waitForText(ui, 'Company modules');
  await press(ui, KEY.enter);
  await waitForText(ui, 'HTTP(S) proxy for the download');
  await press(ui, KEY.escape);
  await waitFor(() => !ui.lastFrame()!.includes('HTTP(S) proxy for the download'), 'the GOPRIVATE question');
  assert.match(ui.lastFrame()!, /❯ Keep as is — no private modules/);
  await press(ui, KEY.escape);
  await waitFor(() => !ui.lastFrame()!.includes('Company modules'), 'the first proxy question');
});

test('express: with an index of its own (--index-url) the checksum is credited to that index, not called official', async () => {
  const services = fakeServices({ loadIndex: async () => ({ ...fakeIndex(), url: 'http://127.0.0.1:8000/index.json' }) });
  const { ui } = start({ options: defaultOptions({ mirror: 'http://127.0.0.1:8000/', indexUrl: 'http://127.0.0.1:8000/index.json' }), explicit: ['mirror'], services });
  await waitForText(ui, 'Go 1.27.1');
  const frame = ui.lastFrame()!;
  assert.match(frame, /From +http:\/\/127\.0\.0\.1:8000\/, checked against the checksum in http:\/\/127\.0\.0\.1:8000\/index\.json/);
  assert.match(frame, /Install +Go 1\.27\.1, the release archive/);
  assert.doesNotMatch(frame, /official/);
});

test('express: the recommended plan in a few lines; Enter goes to the preview and installs from there; q says nothing changed', async () => {
  const { ui, services, exits } = start({ options: defaultOptions({ goproxy: 'goproxy.cn', mirror: 'aliyun' }), explicit: ['goproxy', 'mirror'] });
  await waitForText(ui, 'The wizard recommends');
  await waitForText(ui, 'Go 1.27.1');
  const frame = ui.lastFrame()!;
  assert.match(frame, /Found Ubuntu 24\.04\.1 LTS · x86_64 \(amd64\) · bash/);
  assert.match(frame, /Install +Go 1\.27\.1, the official release/);
  assert.match(frame, /Into +\/\S+\/\.local\/go — just for you, no sudo/);
  assert.match(frame, /From +Aliyun mirror, checked against the official checksum/, 'a flag is reflected');
  assert.match(frame, /Shells +bash, zsh/);
  assert.match(frame, /Go proxy +goproxy\.cn/);
  assert.match(frame, /Enter install \(preview first\)  ·  c customise  ·  q quit/);
  await press(ui, KEY.enter);
  await waitForText(ui, 'Install script');
  assert.equal(services.calls.preparePlan[0].mirror, 'aliyun');
  assert.equal(services.calls.execute, 0, 'nothing runs before the preview is confirmed');
  await press(ui, KEY.escape);
  await waitForText(ui, 'The wizard recommends');
  await press(ui, 'q');
  await waitForText(ui, 'Nothing was changed.');
  assert.deepEqual(exits, [EXIT.ok]);
});

test('q before the install quits with 0, runs nothing and writes nothing', async () => {
  const { ui, services, exits, home } = start();
  await customise(ui);
  await press(ui, KEY.enter);
  await waitForText(ui, 'How to install');
  await press(ui, KEY.down);
  await press(ui, 'q', { changes: false });
  assert.deepEqual(exits, [EXIT.ok]);
  assert.equal(services.calls.execute, 0);
  assert.equal(existsSync(join(home, '.config')), false, 'no preferences written');
});

test('Ctrl-C on the preview quits with 0 and nothing run', async () => {
  const { ui, services, exits } = start();
  await acceptDefaults(ui);
  await press(ui, KEY.ctrlC, { changes: false });
  assert.deepEqual(exits, [EXIT.ok]);
  assert.equal(services.calls.execute, 0);
});

test('flags pre-fill answers: the question is shown with the given answer selected', async () => {
  const { ui, services } = start({ options: defaultOptions({ goVersion: '1.26', mirror: 'aliyun', shells: ['zsh'] }), explicit: ['goVersion', 'mirror', 'shells'] });
  await customise(ui);
  await press(ui, KEY.enter);
  await press(ui, KEY.enter);
  await waitForText(ui, 'Which Go version');
  assert.match(ui.lastFrame()!, /❯ Go 1\.26/);
  await press(ui, KEY.enter);
  await press(ui, KEY.enter);
  await waitForText(ui, 'Where to download from');
  assert.match(ui.lastFrame()!, /❯ Aliyun mirror/);
  await press(ui, KEY.enter);
  await waitForText(ui, 'Go module proxy');
  assert.match(ui.lastFrame()!, /❯ goproxy\.cn/, 'a mainland mirror pre-selects goproxy.cn');
  await press(ui, KEY.enter);
  await press(ui, KEY.enter);
  await press(ui, KEY.enter);
  await waitForText(ui, 'Shells to set up');
  assert.match(ui.lastFrame()!, /\[ \] bash/);
  assert.match(ui.lastFrame()!, /\[x\] zsh/);
  await press(ui, KEY.enter);
  await waitForText(ui, 'Also set up');
  await press(ui, KEY.enter);
  await waitForText(ui, 'Install script');
  const options = services.calls.preparePlan[0];
  assert.equal(options.goVersion, '1.26');
  assert.equal(options.mirror, 'aliyun');
  assert.deepEqual(options.shells, ['zsh']);
});

test('a typed version is validated: bad text and unknown versions are refused, a good one is taken', async () => {
  const { ui, services } = start();
  await customise(ui);
  await press(ui, KEY.enter);
  await press(ui, KEY.enter);
  await waitForText(ui, 'Another version');
  for (let i = 0; i < 3; i++) await press(ui, KEY.down);
  await press(ui, KEY.enter);
  await waitForText(ui, 'Version:');
  await type(ui, '1.x');
  await press(ui, KEY.enter);
  await waitForText(ui, '"1.x" is not a Go version');
  for (let i = 0; i < 3; i++) await press(ui, KEY.backspace);
  await type(ui, '1.99');
  await press(ui, KEY.enter);
  await waitForText(ui, 'Go 1.99 is not in the index');
  await press(ui, KEY.backspace);
  await press(ui, KEY.backspace);
  await type(ui, '25.9');
  await press(ui, KEY.enter);
  await waitForText(ui, 'Where to put Go');
  // Esc on the next screen comes back with the typed answer kept.
  await press(ui, KEY.escape);
  await waitForText(ui, '❯ Another version');
  await press(ui, KEY.enter);
  await waitForText(ui, 'Version: 1.25.9');
  for (let i = 0; i < 5; i++) await press(ui, KEY.enter);
  await waitForText(ui, 'HTTP(S) proxy for the download');
  for (let i = 0; i < 3; i++) await press(ui, KEY.enter);
  await waitForText(ui, 'Install script');
  assert.equal(services.calls.preparePlan.at(-1)?.goVersion, '1.25.9');
});

test('a typed location, mirror and proxy with a masked password reach the plan', async () => {
  const { ui, services, home } = start();
  await customise(ui);
  await press(ui, KEY.enter);
  await press(ui, KEY.enter);
  await press(ui, KEY.enter);
  await waitForText(ui, 'Another folder');
  assert.match(ui.lastFrame()!, /❯ Just for me/, 'no passwordless sudo: the user location is preselected');
  assert.match(ui.lastFrame()!, /↑↓ move  ·  Enter choose  ·  Esc back  ·  q quit/);
  await press(ui, KEY.down);
  await press(ui, KEY.enter);
  await waitForText(ui, 'Enter confirm  ·  Esc cancel');
  assert.doesNotMatch(ui.lastFrame()!, /q quit/, 'in the text field q is a letter, and the footer says so');
  await type(ui, 'relative');
  await press(ui, KEY.enter);
  await waitForText(ui, 'give an absolute folder path');
  for (let i = 0; i < 8; i++) await press(ui, KEY.backspace);
  await type(ui, '~/sdk/go');
  await press(ui, KEY.enter);
  await waitForText(ui, 'Where to download from');
  for (let i = 0; i < 6; i++) await press(ui, KEY.down);
  await press(ui, KEY.enter);
  await type(ui, 'ftp://x');
  await press(ui, KEY.enter);
  await waitForText(ui, 'is not an http(s) URL');
  for (let i = 0; i < 7; i++) await press(ui, KEY.backspace);
  await type(ui, 'http://127.0.0.1:9/golang');
  await press(ui, KEY.enter);
  await waitForText(ui, 'Go module proxy');
  await press(ui, KEY.down);
  await press(ui, KEY.down);
  await press(ui, KEY.enter);
  await waitForText(ui, 'Company modules');
  await press(ui, KEY.enter);
  await waitForText(ui, 'HTTP(S) proxy for the download');
  await press(ui, KEY.down);
  await press(ui, KEY.down);
  await press(ui, KEY.enter);
  await type(ui, 'http://bob@proxy.test:3128');
  await press(ui, KEY.enter);
  await waitForText(ui, 'Password for http://bob@proxy.test:3128');
  await type(ui, "s3'c r$t");
  assert.match(ui.lastFrame()!, /\*{8}/);
  assert.doesNotMatch(ui.lastFrame()!, /s3'c/);
  await press(ui, KEY.enter);
  await waitForText(ui, 'Use http://bob@proxy.test:3128 beyond this install too?');
  await press(ui, KEY.enter);
  await waitForText(ui, 'Shells to set up');
  await press(ui, KEY.enter);
  await waitForText(ui, 'Also set up');
  await press(ui, KEY.enter);
  await waitForText(ui, 'Install script');
  const options = services.calls.preparePlan[0];
  assert.equal(options.installDir, join(home, 'sdk/go'));
  assert.equal(options.scope, 'user');
  assert.equal(options.mirror, 'http://127.0.0.1:9/golang/');
  assert.equal(options.goproxy, 'goproxy.cn');
  assert.equal(new URL(options.httpsProxy!).password, "s3'c%20r$t");
  assert.equal(decodeURIComponent(new URL(options.httpProxy!).password), "s3'c r$t");
});

test('a typed location gets the install guard\'s answer before the preview: home and a non-Go folder are refused', async () => {
  const { ui, services, home } = start();
  mkdirSync(join(home, 'projects/app'), { recursive: true });
  writeFileSync(join(home, 'projects/app/main.go'), 'package main\n');
  await customise(ui);
  for (let i = 0; i < 3; i++) await press(ui, KEY.enter);
  await waitForText(ui, 'Another folder');
  await press(ui, KEY.down);
  await press(ui, KEY.enter);
  await type(ui, '~');
  await press(ui, KEY.enter);
  await waitForText(ui, 'holds your home directory');
  assert.match(ui.lastFrame()!, /Where to put Go/, 'still on the location screen');
  await press(ui, KEY.backspace);
  await type(ui, '~/projects');
  await press(ui, KEY.enter);
  await waitForText(ui, 'something that is not a');
  assert.match(ui.lastFrame()!, new RegExp(`refusing to install Go at ${join(home, 'projects')}`));
  for (let i = 0; i < '~/projects'.length; i++) await press(ui, KEY.backspace);
  await type(ui, '~/sdk/go');
  await press(ui, KEY.enter);
  await waitForText(ui, 'Where to download from');
  for (let i = 0; i < 6; i++) await press(ui, KEY.enter);
  await waitForText(ui, 'Install script');
  assert.equal(services.calls.preparePlan[0].installDir, join(home, 'sdk/go'));
  assert.ok(existsSync(join(home, 'projects/app/main.go')));
});

test('choosing "No proxy" is written as NO_PROXY=* so nothing goes through a proxy', async () => {
  const { ui, services } = start();
  await customise(ui);
  for (let i = 0; i < 7; i++) await press(ui, KEY.enter);
  await waitForText(ui, 'HTTP(S) proxy for the download');
  await press(ui, KEY.down);
  await press(ui, KEY.enter);
  await press(ui, KEY.enter);
  await press(ui, KEY.enter);
  await waitForText(ui, 'Install script');
  const options = services.calls.preparePlan[0];
  assert.equal(options.noProxy, '*');
  assert.equal(options.httpProxy, undefined);
});

test('preview: tabs show the script, the rollback and each profile diff; s saves the script', async () => {
  const { ui, services, home } = start();
  await acceptDefaults(ui);
  assert.match(ui.lastFrame()!, /1\. Check free space/);
  await press(ui, KEY.right);
  assert.match(ui.lastFrame()!, /set -euo pipefail/);
  await press(ui, KEY.right);
  assert.match(ui.lastFrame()!, /echo undo verify/);
  await press(ui, KEY.right);
  assert.match(ui.lastFrame()!, /\+# >>> go-setup-wizard >>>/);
  await press(ui, 's');
  await waitForText(ui, 'Save the install script to:');
  for (let i = 0; i < 80; i++) ui.stdin.write(KEY.backspace);
  await waitFor(() => !/install-go\.sh/.test(ui.lastFrame()!), 'the field to empty');
  await type(ui, `${home}/out.sh`);
  await press(ui, KEY.enter);
  await waitForText(ui, `Saved to ${home}/out.sh`);
  assert.equal(services.calls.saved[0].path, `${home}/out.sh`);
  assert.match(services.calls.saved[0].content, /^#!\/usr\/bin\/env bash/);
  assert.equal(services.calls.execute, 0);
});

test('preview: r saves the rollback script; a path in a missing folder is refused and creates nothing', async () => {
  const home = mkdtempSync(join(tmpdir(), 'gsw-save-'));
  temps.push(home);
  const services = fakeServices({ paths: fakePaths(home), saveText });
  services.cwd = home;
  const { ui } = start({ services });
  await acceptDefaults(ui);
  await press(ui, 'r');
  await waitForText(ui, 'Save the rollback script to:');
  assert.match(ui.lastFrame()!, new RegExp(`${home}/rollback-go\\.sh`), 'offered in the folder the wizard started in');
  // Ctrl-U clears the field; the path names a folder that does not exist.
  await press(ui, '\x15');
  await type(ui, 'wor/tmp/x.sh');
  await press(ui, KEY.enter);
  await waitForText(ui, `the folder ${home}/wor/tmp does not exist`);
  assert.equal(existsSync(join(home, 'wor')), false, 'no folder was created');
  await press(ui, 'r');
  await press(ui, '\x15');
  await type(ui, 'undo.sh');
  await press(ui, KEY.enter);
  await waitForText(ui, `Saved to ${home}/undo.sh`);
  assert.match(readFileSync(join(home, 'undo.sh'), 'utf8'), /echo undo verify/);
});

test('a failed step ends on the failed screen: which step, why, restored, journal, advice; exit 1', async () => {
  const { ui, services, exits, home } = start();
  await acceptDefaults(ui);
  await press(ui, KEY.enter);
  await waitFor(() => services.run !== null, 'the install to start');
  const run = services.run!;
  run.emit({ type: 'step-start', step: 'download', title: 'Download go1.27.1', index: 1, count: 6 });
  run.emit({ type: 'step-failed', step: 'download', error: 'the file does not match its sha256.' });
  run.emit({ type: 'rollback-start', runId: 'r2', reason: 'failed' });
  run.emit({ type: 'rollback-done', runId: 'r2', complete: true, problems: [] });
  run.finish({ exitCode: EXIT.failedRestored, runId: 'r2', backupBytes: 0 });
  await waitForText(ui, 'The install failed');
  const frame = ui.lastFrame()!;
  assert.match(frame, /Step "Download go1\.27\.1" failed: the file does not match its sha256/);
  assert.match(frame, /put back as it was/);
  assert.ok(frame.includes(join(home, '.local/state/go-setup-wizard/runs/r2/journal.ndjson')));
  assert.match(frame, /another mirror/);
  await press(ui, KEY.enter, { changes: false });
  assert.deepEqual(exits, [EXIT.failedRestored]);
});

test('Ctrl-C while installing asks; n continues; y aborts the engine and shows the rollback; exit 130', async () => {
  const { ui, services, exits } = start();
  await acceptDefaults(ui);
  await press(ui, KEY.enter);
  await waitFor(() => services.run !== null, 'the install to start');
  const run = services.run!;
  run.emit({ type: 'step-start', step: 'download', title: 'Download go1.27.1', index: 1, count: 6 });
  await waitForText(ui, '› Download');
  await press(ui, KEY.ctrlC);
  await waitForText(ui, 'Stop now and undo everything');
  await press(ui, 'n');
  assert.doesNotMatch(ui.lastFrame()!, /Stop now/);
  assert.equal(run.signal.aborted, false);
  await press(ui, KEY.ctrlC);
  await press(ui, 'y');
  await waitFor(() => run.signal.aborted, 'the engine to be told to stop');
  run.emit({ type: 'rollback-start', runId: 'r3', reason: 'interrupted' });
  await waitForText(ui, 'Rolling back');
  run.emit({ type: 'rollback-done', runId: 'r3', complete: true, problems: [] });
  run.finish({ exitCode: EXIT.interrupted, runId: 'r3', backupBytes: 0 });
  await waitForText(ui, 'The install was stopped');
  assert.match(ui.lastFrame()!, /put back as it was/);
  await press(ui, KEY.enter, { changes: false });
  assert.deepEqual(exits, [EXIT.interrupted]);
});

test('a signal from outside during the install stops it without asking', async () => {
  const stop = new AbortController();
  const { ui, services } = start({ props: { externalStop: stop.signal } });
  await acceptDefaults(ui);
  await press(ui, KEY.enter);
  await waitFor(() => services.run !== null, 'the install to start');
  stop.abort();
  await waitFor(() => services.run!.signal.aborted, 'the engine to be told to stop');
  assert.doesNotMatch(ui.lastFrame()!, /Stop now and undo/);
});

test('engine events are batched: a flood of progress events makes only a few redraws', async () => {
  const { ui, services } = start();
  await acceptDefaults(ui);
  await press(ui, KEY.enter);
  await waitFor(() => services.run !== null, 'the install to start');
  const run = services.run!;
  run.emit({ type: 'step-start', step: 'download', title: 'Download go1.27.1', index: 1, count: 6 });
  const framesBefore = ui.frames.length;
  const started = Date.now();
  for (let i = 1; i <= 2000; i++) {
    run.emit({ type: 'progress', step: 'download', bytes: i * 1000, total: 2_000_000, bytesPerSecond: 1e6, etaSeconds: 1 });
    if (i % 200 === 0) await new Promise((r) => setTimeout(r, 30));
  }
  await waitForText(ui, '100%');
  const seconds = (Date.now() - started) / 1000;
  const redraws = ui.frames.length - framesBefore;
  assert.ok(redraws <= Math.ceil(seconds * 10) + 12, `${redraws} redraws in ${seconds}s for 2000 events`);
});

test('--save-config writes every answer as an answers file when the install starts', async () => {
  const home = mkdtempSync(join(tmpdir(), 'gsw-answers-'));
  temps.push(home);
  const file = join(home, 'answers.json');
  const { ui, services } = start({ options: defaultOptions({ gopath: '/srv/go' }), explicit: ['gopath'], props: { saveConfig: file } });
  await acceptDefaults(ui);
  assert.equal(existsSync(file), false, 'nothing written before Enter on the preview');
  await press(ui, KEY.enter);
  await waitFor(() => services.run !== null, 'the install to start');
  const saved = JSON.parse(readFileSync(file, 'utf8'));
  assert.deepEqual(saved, { method: 'tarball', goVersion: 'latest', mirror: 'official', goproxy: 'keep', persistProxy: false, shells: ['bash', 'zsh'], gopath: '/srv/go', scope: 'user' });
});
