// The wizard's side-by-side choice ("keep the current Go and add this one") and its question about other Go
// installs: the reducer's flow, the view helpers, the two screens in en and zh, and the whole app over fake services
// (ink-testing-library) down to the options the plan is asked for and the answers file written.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render, cleanup } from 'ink-testing-library';
import { createTranslator, loadLang } from '../../src/i18n/index.js';
import { initialState, otherGoFor, reducer, stepNumber, type WizardAction, type WizardState } from '../../src/wizard/machine.js';
import { otherGoFound } from '../../src/plan/other-go-found.js';
import { alongsideChoice, alongsideDone, expressPlan, otherGoAnswer, otherGoChoice, otherGoRemoveProblem, otherGoRow } from '../../src/wizard/view.js';
import { WizardApp } from '../../src/wizard/app.js';
import { LocationScreen } from '../../screens/LocationScreen.js';
import { OtherGoScreen } from '../../screens/OtherGoScreen.js';
import type { Detection, InstallOptionKey, InstallOptions, StartupSetting } from '../../src/types.js';
import { defaultOptions, fakeDetection, fakeIndex, fakePaths, fakePlan, fakeServices } from './fakes.js';
import { renderPaced, cleanupPaced } from './paced.js';
import { KEY, press, waitFor, waitForText } from './keys.js';

await loadLang('zh');

const t = createTranslator('en');
const zh = createTranslator('zh');
const temps: string[] = [];
afterEach(() => {
  cleanup();
  cleanupPaced();
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const APT_GO = { path: '/usr/bin/go', version: 'go1.22.2', source: 'apt' as const, goroot: '/usr/lib/go-1.22', onPath: true, default: true };
const LOCAL_GO = { path: '/usr/local/go/bin/go', version: 'go1.18.1', source: 'tarball' as const, goroot: '/usr/local/go' };
const SNAP_GO = { path: '/snap/bin/go', version: 'go1.23.4', source: 'snap' as const, goroot: '/snap/go/current' };
const USER_GO = { path: '/home/ada/.local/go/bin/go', version: 'go1.26.3', source: 'tarball' as const, goroot: '/home/ada/.local/go', onPath: true, default: true };

function gorootLine(file: string, value: string, system = false): StartupSetting {
  return { file, line: 3, text: `export GOROOT=${value}`, variable: 'GOROOT', value, resolved: value, syntax: 'sh', system, nested: false };
}

const run = (state: WizardState, ...actions: WizardAction[]) => actions.reduce(reducer, state);
/** On the first question with `detection` known. */
function questions(detection: Detection, options: InstallOptions = defaultOptions()): WizardState {
  return run(initialState(options, [], {}), { type: 'customise' }, { type: 'detected', detection }, { type: 'index-loaded', index: fakeIndex() });
}
/** The screens visited from the first question to the preview, each answered with `answers[screen]` (or as it stands). */
function walk(state: WizardState, answers: Partial<Record<string, Partial<WizardState['answers']>>> = {}): { seen: string[]; end: WizardState } {
  let s = state;
  const seen: string[] = [];
  while (s.screen !== 'preview') {
    seen.push(s.screen);
    s = reducer(s, s.screen === 'system' ? { type: 'next' } : { type: 'answer', patch: answers[s.screen] ?? {} });
  }
  return { seen, end: s };
}

test('which other Go installs are in the way: apt, snap, an old /usr/local/go (not when it is the target), a GOROOT naming another tree', () => {
  const detection = fakeDetection({ existingGo: [APT_GO, LOCAL_GO, SNAP_GO], startupEnv: [gorootLine('/home/ada/.bashrc', '/opt/go1.17'), gorootLine('/home/ada/.profile', '/home/ada/.local/go')] });
  const forUser = otherGoFound(detection, 'tarball', '/home/ada/.local/go');
  assert.deepEqual(
    forUser.map((item) => [item.kind, item.path, item.version, item.root]),
    [
      ['apt', '/usr/bin/go', 'go1.22.2', true],
      ['snap', '/snap/bin/go', 'go1.23.4', true],
      ['local', '/usr/local/go', 'go1.18.1', true],
      ['goroot', '/home/ada/.bashrc:3', '/opt/go1.17', false],
    ],
    'the GOROOT that names the new tree is not in the way',
  );
  assert.deepEqual(otherGoFound(detection, 'tarball', '/usr/local/go').map((item) => item.kind), ['apt', 'snap', 'goroot', 'goroot'], '/usr/local/go is the target: replaced (moved aside) by the install itself');
  assert.deepEqual(otherGoFound(detection, 'apt', null).map((item) => item.kind), ['snap', 'local', 'goroot', 'goroot'], "apt's own Go is what apt installs");
  assert.deepEqual(otherGoFound(fakeDetection({ existingGo: [USER_GO] }), 'tarball', '/home/ada/.local/go'), [], 'a Go in the target itself is replaced, not in the way');
});

test('reducer: the other-Go question comes after the location only when another Go is in the way; side by side skips it and the shells', () => {
  const withApt = fakeDetection({ existingGo: [APT_GO] });
  const { seen, end } = walk(questions(withApt));
  assert.deepEqual(seen, ['system', 'method', 'version', 'location', 'other-go', 'mirror', 'proxies', 'shells']);
  assert.deepEqual(stepNumber(end), { step: 9, count: 9 });

  const none = walk(questions(fakeDetection()));
  assert.ok(!none.seen.includes('other-go'), 'no other Go: not asked');
  assert.deepEqual(stepNumber(none.end), { step: 8, count: 8 });

  const side = walk(questions(withApt), { location: { alongside: true, scope: 'user', installDir: undefined } });
  assert.deepEqual(side.seen, ['system', 'method', 'version', 'location', 'mirror', 'proxies'], 'side by side keeps every Go and edits no profile');
  assert.equal(side.end.answers.alongside, true);
  assert.deepEqual(stepNumber(side.end), { step: 7, count: 7 });
  assert.equal(reducer(side.end, { type: 'back' }).screen, 'proxies');

  // apt: no location question; apt's own Go is not "other", an old /usr/local/go is.
  const apt = walk(questions(fakeDetection({ existingGo: [APT_GO, LOCAL_GO] })), { method: { method: 'apt' } });
  assert.deepEqual(apt.seen, ['system', 'method', 'version', 'other-go', 'proxies', 'shells']);
  assert.deepEqual(walk(questions(withApt), { method: { method: 'apt' } }).seen, ['system', 'method', 'version', 'proxies', 'shells']);

  // Choosing /usr/local/go itself as the target: the old tree there is moved aside by the install, not asked about.
  const local = fakeDetection({ existingGo: [LOCAL_GO], user: { ...fakeDetection().user, sudo: 'passwordless' } });
  assert.ok(!walk(questions(local)).seen.includes('other-go'), 'system scope (passwordless sudo) targets /usr/local/go');
  assert.ok(walk(questions(local), { location: { scope: 'user' } }).seen.includes('other-go'), 'a user install leaves /usr/local/go in the way');
});

test('reducer: choosing apt or snap after side by side drops it (side by side is a go.dev tarball)', () => {
  const s = questions(fakeDetection({ existingGo: [USER_GO] }), defaultOptions({ alongside: true }));
  assert.equal(s.answers.alongside, true);
  const apt = reducer(reducer(s, { type: 'next' }), { type: 'answer', patch: { method: 'apt' } });
  assert.equal(apt.answers.alongside, undefined);
  assert.equal(otherGoFor(apt.answers, fakeDetection({ existingGo: [USER_GO] })).length, 0);
});

test('view: the other-Go answer as the plan acts on it; GOROOT lines follow the installs; remove needs root for installs only', () => {
  const detection = fakeDetection({ existingGo: [APT_GO], startupEnv: [gorootLine('/home/ada/.bashrc', '/opt/go1.17')] });
  const found = otherGoFound(detection, 'tarball', '/home/ada/.local/go');
  const answers = initialState(defaultOptions({ conflicts: 'comment' }), [], {}).answers;
  assert.equal(otherGoChoice(answers, found), 'keep', 'installs are kept unless asked');
  assert.equal(otherGoChoice(answers, found.filter((item) => item.kind === 'goroot')), 'remove', 'a lone GOROOT line is commented out by default');
  assert.deepEqual(otherGoAnswer('remove', found), { otherGo: 'remove', conflicts: 'comment' });
  assert.deepEqual(otherGoAnswer('keep', found), { otherGo: 'keep', conflicts: 'keep' });
  assert.deepEqual(otherGoAnswer('keep', found.filter((item) => item.kind === 'apt')), { otherGo: 'keep' }, 'no GOROOT line: --conflicts is not touched');

  assert.equal(otherGoRow(answers, found, t), "removed or moved aside (rollback puts them back): GOROOT=/opt/go1.17 set in /home/ada/.bashrc:3 · kept: apt's Go: /usr/bin/go (go1.22.2)");
  assert.equal(otherGoRow({ ...answers, otherGo: 'remove' }, found, t), "removed or moved aside (rollback puts them back): apt's Go: /usr/bin/go (go1.22.2), GOROOT=/opt/go1.17 set in /home/ada/.bashrc:3");
  assert.equal(otherGoRow(answers, [], t), null);

  const noSudo = { ...detection, user: { ...detection.user, sudo: 'none' as const } };
  assert.equal(otherGoRemoveProblem(found.filter((item) => item.kind === 'apt'), noSudo, t), 'needs root or sudo, which this user does not have');
  assert.equal(otherGoRemoveProblem(found, noSudo, t), null, 'the GOROOT line in the user\'s own file can still be commented out');
  assert.equal(otherGoRemoveProblem(found, detection, t), null);
});

test('view: side by side is offered where a Go is there to keep; the express screen says where it goes and that the default stays', () => {
  const detection = fakeDetection({ existingGo: [USER_GO] });
  const answers = initialState(defaultOptions(), [], {}).answers;
  assert.equal(alongsideChoice(answers, fakeDetection(), 'go1.27.1', '/home/ada', t), null, 'no Go here: nothing to keep');
  assert.deepEqual(alongsideChoice(answers, detection, 'go1.27.1', '/home/ada', t), { dir: '/home/ada/sdk/go1.27.1', command: 'go1.27.1', current: 'go1.26.3 in /home/ada/.local/go' });
  assert.deepEqual(alongsideChoice({ ...answers, alongside: true }, fakeDetection(), null, '/home/ada', t)?.dir, '/home/ada/sdk/go1.N.P', 'given by flag: offered anyway');

  const rows = expressPlan({ answers: { ...answers, alongside: true }, detection, index: fakeIndex(), userDir: '/home/ada/.local/go', home: '/home/ada', release: 'go1.27.1', otherGo: [], t });
  assert.deepEqual(rows.slice(0, 4), [
    ['Install', 'Go 1.27.1, the official release'],
    ['Into', '/home/ada/sdk/go1.27.1, run as go1.27.1; the default go stays (go1.26.3 in /home/ada/.local/go)'],
    ['From', rows[2]![1]],
    ['Shells', 'unchanged (side by side edits no startup file)'],
  ]);
  const withApt = fakeDetection({ existingGo: [APT_GO] });
  const plain = expressPlan({ answers, detection: withApt, index: fakeIndex(), userDir: '/home/ada/.local/go', home: '/home/ada', release: 'go1.27.1', otherGo: otherGoFor(answers, withApt), t });
  assert.deepEqual(plain.at(-1), ['Other Go', "kept: apt's Go: /usr/bin/go (go1.22.2)"]);

  const plan = { ...fakePlan(defaultOptions({ alongside: true })), gopath: '/home/ada/go', release: { ...fakePlan().release!, version: 'go1.27.1' } };
  assert.equal(alongsideDone(plan, 'npx go-setup-wizard', t), 'Run this version as go1.27.1 (/home/ada/go/bin/go1.27.1); the default go is unchanged. `npx go-setup-wizard use go1.27.1` makes it the default (rollback undoes that).');
  assert.equal(alongsideDone(fakePlan(), 'npx go-setup-wizard', t), null);
});

test('location screen: the side-by-side entry with its command and the default it keeps, and the toolchain-line advice (en, zh)', async () => {
  const chosen: string[] = [];
  const props = {
    step: { step: 4, count: 8 },
    systemDir: '/usr/local/go',
    userDir: '/home/ada/.local/go',
    free: { system: null, user: null },
    selected: 'user',
    sudo: 'password' as const,
    validate: () => null,
    alongside: { dir: '/home/ada/sdk/go1.27.1', command: 'go1.27.1', current: 'go1.26.3 in /home/ada/.local/go' },
    onChoose: (choice: string) => chosen.push(choice),
    onBack: () => {},
    onQuit: () => {},
  };
  const ui = renderPaced(<LocationScreen t={t} {...props} />);
  const frame = ui.lastFrame()!;
  assert.match(frame, /Keep the current Go and add this one: \/home\/ada\/sdk\/go1\.27\.1 — run it as go1\.27\.1\n/);
  assert.match(frame, /Side by side keeps the default go as it is \(go1\.26\.3 in \/home\/ada\/\.local\/go\)/);
  assert.match(frame.replace(/\s+/g, ' '), /A `toolchain go1\.27\.1` line in its go\.mod .* GOTOOLCHAIN=auto, the default since Go 1\.21/);
  await press(ui, KEY.down);
  await press(ui, KEY.enter, { changes: false });
  assert.deepEqual(chosen, ['alongside']);
  cleanupPaced();

  const without = renderPaced(<LocationScreen t={t} {...props} alongside={null} />).lastFrame()!;
  assert.doesNotMatch(without, /Keep the current Go|toolchain/);
  cleanupPaced();

  const chinese = renderPaced(<LocationScreen t={zh} {...props} />).lastFrame()!;
  assert.match(chinese, /保留现有的 Go，再添加这个版本：\/home\/ada\/sdk\/go1\.27\.1/);
  assert.match(chinese.replace(/\s+/g, ''), /toolchaingo1\.27\.1/);
});

test('other-Go screen: what is in the way, remove (disabled with the reason without root) or keep (en, zh)', async () => {
  const chosen: string[] = [];
  const props = {
    step: { step: 5, count: 9 },
    found: ["apt's Go: /usr/bin/go (go1.22.2)", 'an older Go in /usr/local/go (go1.18.1)'],
    selected: 'keep' as const,
    removeProblem: null,
    onChoose: (choice: string) => chosen.push(choice),
    onBack: () => {},
    onQuit: () => {},
  };
  const ui = renderPaced(<OtherGoScreen t={t} {...props} />);
  const frame = ui.lastFrame()!;
  assert.match(frame, /Other Go on this machine +Step 5 of 9/);
  assert.match(frame, /! apt's Go: \/usr\/bin\/go \(go1\.22\.2\)/);
  assert.match(frame, /! an older Go in \/usr\/local\/go \(go1\.18\.1\)/);
  assert.match(frame, /❯ Keep them/);
  await press(ui, KEY.up);
  await press(ui, KEY.enter, { changes: false });
  assert.deepEqual(chosen, ['remove']);
  cleanupPaced();

  const refused = renderPaced(<OtherGoScreen t={t} {...props} removeProblem="needs root or sudo, which this user does not have" />);
  assert.match(refused.lastFrame()!, /Remove them or move them aside — needs root or sudo, which this user does not have/);
  cleanupPaced();

  const chinese = renderPaced(<OtherGoScreen t={zh} {...props} />).lastFrame()!;
  assert.match(chinese, /本机上的其他 Go/);
  assert.match(chinese, /保留它们/);
});

function startApp(detection: Detection, opts: { options?: InstallOptions; explicit?: InstallOptionKey[]; saveConfig?: string } = {}) {
  const home = mkdtempSync(join(tmpdir(), 'gsw-alongside-'));
  temps.push(home);
  const services = fakeServices({ detect: async () => detection });
  services.paths = fakePaths(home);
  const ui = render(
    <WizardApp
      t={t}
      options={opts.options ?? defaultOptions()}
      explicit={opts.explicit ?? []}
      remembered={{}}
      services={services}
      saveConfig={opts.saveConfig}
      colors={false}
      envProxy={null}
      command="npx go-setup-wizard"
      onExit={() => {}}
    />,
  );
  return { ui, services, home };
}

/** `c`, then Enter through the system, method and version questions: on the location question. */
async function toLocation(ui: ReturnType<typeof render>) {
  await waitForText(ui, 'The wizard recommends');
  await press(ui, 'c');
  await waitForText(ui, 'Your system');
  for (const next of ['How to install', 'Which Go version', 'Where to put Go']) {
    await press(ui, KEY.enter);
    await waitForText(ui, next);
  }
}

test('app: "keep the current Go and add this one" asks for a side-by-side plan (user, no shells question) and writes alongside to the answers file', async () => {
  const detection = fakeDetection({ existingGo: [USER_GO] });
  const saveConfig = join(mkdtempSync(join(tmpdir(), 'gsw-answers-')), 'answers.json');
  temps.push(join(saveConfig, '..'));
  // The fake index resolves version specs, not 'latest'.
  const { ui, services } = startApp(detection, { saveConfig, options: defaultOptions({ goVersion: '1.27' }) });
  services.preparePlan = async (options, known) => {
    services.calls.preparePlan.push(options);
    const release = services.resolve(known.index ?? fakeIndex(), options, 'amd64');
    return { ...fakePlan(options), goroot: join(services.paths.home, 'sdk', release.version), release };
  };
  await toLocation(ui);
  assert.match(ui.lastFrame()!, /Keep the current Go and add this one: .*\/sdk\/go1\.27\.1/);
  assert.match(ui.lastFrame()!.replace(/\s+/g, ' '), /toolchain go1\.27\.1/);
  await press(ui, KEY.down);
  await press(ui, KEY.enter);
  await waitForText(ui, 'Where to download from');
  assert.match(ui.lastFrame()!, /Step 5 of 7/);
  await press(ui, KEY.enter);
  await waitForText(ui, 'Go module proxy');
  await press(ui, KEY.enter);
  await waitForText(ui, 'Company modules');
  await press(ui, KEY.enter);
  await waitForText(ui, 'HTTP(S) proxy for the download');
  await press(ui, KEY.enter);
  await waitForText(ui, 'Install script');
  assert.match(ui.lastFrame()!, /Step 7 of 7/);
  const asked = services.calls.preparePlan[0]!;
  assert.equal(asked.alongside, true);
  assert.equal(asked.scope, 'user');
  assert.equal(asked.installDir, undefined);

  await press(ui, KEY.enter);
  await waitFor(() => services.run !== null, 'the install to start');
  const answers = JSON.parse(readFileSync(saveConfig, 'utf8')) as Record<string, unknown>;
  assert.equal(answers.alongside, true);
  assert.equal(answers.otherGo, undefined, 'not asked, not written');
  // Side by side is about this machine as it is now: the preferences offer it again only where a Go is there to keep.
  const remembered = JSON.parse(readFileSync(services.paths.preferences, 'utf8')) as { answers: Record<string, unknown> };
  assert.equal(remembered.answers.goVersion, '1.27');
  assert.ok(!('alongside' in remembered.answers) && !('otherGo' in remembered.answers) && !('conflicts' in remembered.answers), JSON.stringify(remembered));
  services.run!.finish({ exitCode: 0, runId: 'r1', backupBytes: 0 });
  await waitForText(ui, 'Go is installed');
  assert.match(ui.lastFrame()!.replace(/\s+/g, ' '), /Run this version as go1\.27\.1 \(.*\/go\/bin\/go1\.27\.1\); the default go is unchanged/);
  assert.doesNotMatch(ui.lastFrame()!, /add the Go bin folder to PATH yourself/);
});

test('app: with apt\'s Go in the way the express screen says it stays; the question removes it and the plan is asked for --other-go remove', async () => {
  const detection = fakeDetection({ existingGo: [APT_GO], user: { ...fakeDetection().user, sudo: 'password' } });
  const { ui, services } = startApp(detection);
  await waitForText(ui, 'The wizard recommends');
  assert.match(ui.lastFrame()!, /Other Go +kept: apt's Go: \/usr\/bin\/go \(go1\.22\.2\)/);
  await toLocation(ui);
  // The default go here is apt's: side by side is offered too.
  assert.match(ui.lastFrame()!, /keeps the default go as it is \(go1\.22\.2 in \/usr\/lib\/go-1\.22\)/);
  await press(ui, KEY.enter);
  await waitForText(ui, 'Other Go on this machine');
  assert.match(ui.lastFrame()!, /Step 5 of 9/);
  assert.match(ui.lastFrame()!, /❯ Keep them/);
  await press(ui, KEY.up);
  await press(ui, KEY.enter);
  await waitForText(ui, 'Where to download from');
  await press(ui, KEY.escape);
  await waitForText(ui, 'Other Go on this machine');
  assert.match(ui.lastFrame()!, /❯ Remove them or move them aside/, 'the answer is kept when going back');
  await press(ui, KEY.enter);
  for (const next of ['Where to download from', 'Go module proxy', 'Company modules', 'HTTP(S) proxy for the download', 'Shells to set up', 'Also set up']) {
    await waitForText(ui, next);
    await press(ui, KEY.enter);
  }
  await waitForText(ui, 'Install script');
  await waitFor(() => services.calls.preparePlan.length === 1, 'the plan');
  assert.equal(services.calls.preparePlan[0]!.otherGo, 'remove');
  assert.notEqual(services.calls.preparePlan[0]!.alongside, true);
});
