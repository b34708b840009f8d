// Each screen's states rendered on their own (props in, frame out), in English and Chinese.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import type { ReactElement } from 'react';
import { renderPaced, cleanupPaced } from './paced.js';
import { createTranslator, loadLang } from '../../src/i18n/index.js';
import { wizardMessages } from '../../src/i18n/messages/wizard.js';
import { SystemScreen } from '../../screens/SystemScreen.js';
import { MethodScreen } from '../../screens/MethodScreen.js';
import { VersionScreen } from '../../screens/VersionScreen.js';
import { InstallingScreen } from '../../screens/InstallingScreen.js';
import { DoneScreen } from '../../screens/DoneScreen.js';
import { FailedScreen } from '../../screens/FailedScreen.js';
import { ShellsScreen } from '../../screens/ShellsScreen.js';
import type { InstallState } from '../../src/wizard/machine.js';
import { versionChoices } from '../../src/wizard/view.js';
import { fakeDetection, fakeIndex } from './fakes.js';
import { KEY, press, waitForText } from './keys.js';

await loadLang('zh');

const t = createTranslator('en');
const zh = createTranslator('zh');
const step = { step: 1, count: 8 };
const nothing = () => {};
/** A screen on its own, with the key input the wizard gives it. */
const render = (element: ReactElement) => renderPaced(element);
afterEach(() => cleanupPaced());

test('system screen: looking, failed, and a 32-bit userland on WSL with every Go and the warnings', () => {
  assert.match(render(<SystemScreen t={t} step={step} detection={{ status: 'loading' }} onNext={nothing} onBack={nothing} onQuit={nothing} />).lastFrame()!, /Looking at your system/);
  assert.match(render(<SystemScreen t={t} step={step} detection={{ status: 'failed', error: 'boom' }} onNext={nothing} onBack={nothing} onQuit={nothing} />).lastFrame()!, /Could not read your system: boom/);
  const detection = fakeDetection({
    arch: { machine: 'aarch64', goArch: 'arm64', userlandGoArch: 'armv6l' },
    wsl: { isWsl: true, version: 2, windowsGoOnPath: false, underMntC: true },
    existingGo: [
      { path: '/usr/bin/go', version: 'go1.22.2', source: 'apt', onPath: true },
      { path: '/snap/bin/go', version: null, source: 'snap' },
    ],
    warnings: ['The apt Go 1.22 in /usr/bin comes first on PATH; the new Go will be put ahead of it.'],
  });
  const frame = render(<SystemScreen t={t} step={step} detection={{ status: 'ready', value: detection }} onNext={nothing} onBack={nothing} onQuit={nothing} />).lastFrame()!;
  assert.match(frame, /Step 1 of 8/);
  assert.match(frame, /aarch64: arm64 kernel with a armv6l userland/);
  assert.match(frame, /yes, WSL 2/);
  assert.match(frame, /bash \(also installed: zsh\)/);
  assert.match(frame, /sudo with your password/);
  assert.match(frame, /go1\.22\.2 \/usr\/bin\/go \(apt package\) ← runs when you type go/);
  assert.match(frame, /\(version unknown\) \/snap\/bin\/go \(snap\)/);
  assert.match(frame, /! The apt Go 1\.22/);
  assert.match(frame, /Enter continue/);
});

test('system screen in Chinese', () => {
  const frame = render(<SystemScreen t={zh} step={step} detection={{ status: 'ready', value: fakeDetection() }} onNext={nothing} onBack={nothing} onQuit={nothing} />).lastFrame()!;
  assert.match(frame, /你的系统/);
  assert.match(frame, /第 1 步，共 8 步/);
  assert.match(frame, /sudo 需要你的密码/);
});

test('method screen: what apt gives and how far behind, while loading and when unknown', () => {
  const props = { t, step, selected: 'tarball', latest: 'go1.27.1', onChoose: nothing, onBack: nothing, onQuit: nothing };
  const behind = render(<MethodScreen {...props} apt={{ goVersion: '1.22', behind: 5 }} />).lastFrame()!;
  assert.match(behind, /❯ Official tarball \(recommended\) — the newest release, go1\.27\.1/);
  assert.match(behind, /gives Go 1\.22, 5 releases behind the latest/);
  assert.match(render(<MethodScreen {...props} apt="loading" />).lastFrame()!, /asking apt which Go it has/);
  assert.match(render(<MethodScreen {...props} apt="unknown" />).lastFrame()!, /could not say which Go it offers/);
  assert.match(render(<MethodScreen {...props} selected="apt" apt={{ goVersion: '1.27', behind: 0 }} />).lastFrame()!, /❯ Ubuntu\/Debian package \(apt\) — gives Go 1\.27, updated with the system/);
});

test('method screen: snap where snapd does not run is shown with the reason and cannot be chosen', async () => {
  const chosen: string[] = [];
  const reason = t('apt.snap.noDaemon', { socket: '/run/snapd.socket' });
  const ui = render(<MethodScreen t={t} step={step} selected="tarball" latest="go1.27.1" apt="unknown" snapProblem={reason} onChoose={(m) => chosen.push(m)} onBack={nothing} onQuit={nothing} />);
  await waitForText(ui, 'snapd is not running here');
  assert.doesNotMatch(ui.lastFrame()!, /updates itself/);
  // Down from tarball: apt, then the disabled snap, shown with its reason; Enter on it only says the reason again.
  await press(ui, KEY.down);
  assert.match(ui.lastFrame()!, /❯ Ubuntu\/Debian package/);
  await press(ui, KEY.down);
  assert.match(ui.lastFrame()!, /❯ Snap package — snapd is not running here/);
  await press(ui, KEY.enter);
  assert.equal(ui.lastFrame()!.split('snapd is not running here').length - 1, 2, `the reason is said again below the list:\n${ui.lastFrame()}`);
  assert.deepEqual(chosen, []);
  await press(ui, KEY.down);
  await press(ui, KEY.enter, { changes: false });
  assert.deepEqual(chosen, ['tarball']);
});

test('version screen: latest first, then the two supported majors; a snapshot says so', () => {
  const props = { t, step, selected: 'latest', validate: () => null, onChoose: nothing, onBack: nothing, onQuit: nothing };
  const frame = render(<VersionScreen {...props} versions={versionChoices({ status: 'ready', value: fakeIndex() })} />).lastFrame()!;
  const lines = frame.split('\n').filter((l) => /Latest stable|Go 1\.\d+|Another version/.test(l));
  assert.deepEqual(
    lines.map((l) => l.trim()),
    ['❯ Latest stable — go1.27.1', 'Go 1.27 — newest patch go1.27.1', 'Go 1.26 — newest patch go1.26.3', 'Another version…'],
  );
  const snapshot = { ...fakeIndex(), source: 'snapshot' as const, snapshotDate: '2026-10-01', fallbackReason: 'timeout' };
  assert.match(render(<VersionScreen {...props} versions={versionChoices({ status: 'ready', value: snapshot })} />).lastFrame()!, /Offline list from 2026-10-01 \(the live list did not answer: timeout\)/);
  assert.match(render(<VersionScreen {...props} versions={{ status: 'loading' }} />).lastFrame()!, /Fetching the list of Go releases/);
});

test('shells screen: Space toggles, Enter confirms the ticked ones, none is allowed', async () => {
  const chosen: string[][] = [];
  const ui = render(<ShellsScreen t={t} step={step} available={['bash', 'zsh', 'fish']} login="zsh" preselected={['zsh']} onChoose={(s) => chosen.push(s)} onBack={nothing} onQuit={nothing} />);
  await waitForText(ui, '[x] zsh (your login shell)');
  await press(ui, KEY.space);
  await press(ui, KEY.down);
  await press(ui, KEY.space);
  await press(ui, KEY.down);
  await press(ui, KEY.space);
  await press(ui, KEY.enter, { changes: false });
  assert.deepEqual(chosen, [['bash', 'fish']]);
});

function install(overrides: Partial<InstallState> = {}): InstallState {
  return {
    startedAt: 0,
    steps: [
      { id: 'check-space', title: 'Check free space', status: 'done' },
      { id: 'download', title: 'Download', status: 'running' },
      { id: 'extract', title: 'Unpack', status: 'pending' },
    ],
    progress: null,
    tail: [],
    verify: [],
    failure: null,
    rollback: null,
    confirmingStop: false,
    stopping: false,
    ...overrides,
  };
}

test('installing screen: progress without a known size, the stop question, the rollback', () => {
  const props = { t, now: 75_000, onStop: nothing, onResume: nothing };
  const unknownSize = render(<InstallingScreen {...props} install={install({ progress: { bytes: 3 * 1024 * 1024, total: null, bytesPerSecond: 1024, etaSeconds: null } })} />).lastFrame()!;
  assert.match(unknownSize, /3\.0 MiB {2}1\.0 KiB\/s/);
  assert.doesNotMatch(unknownSize, /left/);
  assert.match(unknownSize, /Elapsed 1:15/);
  assert.match(unknownSize, /Ctrl-C stop/);
  const streaming = render(<InstallingScreen {...props} install={install({ progress: { bytes: 40 * 1024 * 1024, total: 100 * 1024 * 1024, bytesPerSecond: 10 * 1024 * 1024, etaSeconds: 4000, entries: 3926 } })} />).lastFrame()!;
  assert.match(streaming, /40\.0 MiB \/ 100\.0 MiB {2}10\.0 MiB\/s {2}1h06m left {2}3926 files unpacked/, 'files unpacked while the archive arrives');
  const unpacking = render(
    <InstallingScreen
      {...props}
      install={install({ steps: [{ id: 'extract', title: 'Unpack', status: 'running' }], progress: { bytes: 35 * 1024 * 1024, total: 70 * 1024 * 1024, bytesPerSecond: 0, etaSeconds: 4 } })}
    />,
  ).lastFrame()!;
  assert.match(unpacking, /50%/, 'unpacking shows its progress too');
  assert.match(unpacking, /35\.0 MiB \/ 70\.0 MiB  4s left/);
  assert.match(render(<InstallingScreen {...props} install={install({ confirmingStop: true })} />).lastFrame()!, /Stop now and undo everything done so far\? \(y\/n\)/);
  const rolling = render(
    <InstallingScreen
      {...props}
      install={install({ stopping: true, rollback: { status: 'running', reason: 'interrupted', problems: [] }, steps: [{ id: 'check-space', title: 'Check free space', status: 'undone' }] })}
    />,
  ).lastFrame()!;
  assert.match(rolling, /Rolling back/);
  assert.match(rolling, /↺ Check free space/);
  const undoing = render(
    <InstallingScreen
      {...props}
      install={install({
        rollback: { status: 'running', reason: 'interrupted', problems: [], undoing: { index: 1, count: 4 } },
        steps: [
          { id: 'extract', title: 'Unpack', status: 'undoing' },
          { id: 'place', title: 'Put Go in place', status: 'undone' },
        ],
      })}
    />,
  ).lastFrame()!;
  assert.match(undoing, /‹ Unpack/);
  assert.match(undoing, /Undoing step 2 of 4: Unpack/);
  const removing = render(
    <InstallingScreen
      {...props}
      install={install({
        rollback: { status: 'running', reason: 'interrupted', problems: [], undoing: { index: 0, count: 4 }, removing: { path: '/home/u/.local/go', removed: 3000, total: 12000 } },
        steps: [{ id: 'place', title: 'Put Go in place', status: 'undoing' }],
      })}
    />,
  ).lastFrame()!;
  assert.match(removing, /25%/);
  assert.match(removing, /removing \/home\/u\/\.local\/go: 3,000 of 12,000 entries/);
  const zh = createTranslator('zh');
  const removingZh = render(
    <InstallingScreen
      {...props}
      t={zh}
      install={install({
        rollback: { status: 'running', reason: 'interrupted', problems: [], undoing: { index: 0, count: 4 }, removing: { path: '/usr/local/go', removed: 6000, total: 12000 } },
        steps: [{ id: 'place', title: 'Put Go in place', status: 'undoing' }],
      })}
    />,
  ).lastFrame()!;
  assert.match(removingZh, /50%/);
  assert.match(removingZh, /正在删除 \/usr\/local\/go：已删除 6,000 \/ 12,000 项/);
});

test('done screen without profiles says to set PATH; failed screen that could not restore says how to finish', () => {
  const done = render(<DoneScreen t={t} verify={[{ check: 'zsh -ic', ok: false, output: '(no go found)' }]} goEnv={null} sourceLine={null} backupBytes={0} undoCommand="npx go-setup-wizard rollback --run r" onClose={nothing} />).lastFrame()!;
  assert.match(done, /✘ zsh -ic: \(no go found\)/);
  const skipped = render(<DoneScreen t={t} verify={[{ check: 'hello-world', ok: true, output: 'hello, world' }, { check: 'modules', ok: true, warning: true, output: 'skipped: no network' }]} goEnv={null} sourceLine={null} backupBytes={0} undoCommand="rollback" onClose={nothing} />).lastFrame()!;
  const late = render(<DoneScreen t={t} verify={[]} goEnv={null} sourceLine={null} backupBytes={0} undoCommand="go-setup-wizard rollback" stopTooLate onClose={nothing} />).lastFrame()!;
  assert.match(late.replace(/\s+/g, ' '), /had already finished when you chose to stop, so nothing was rolled back/);
  assert.doesNotMatch(done.replace(/\s+/g, ' '), /chose to stop/);
  assert.match(skipped, /✔ hello-world: hello, world/);
  assert.match(skipped, /! modules: skipped: no network/, 'a check passed with a caveat is marked ! as in the CLI');
  assert.match(done, /No startup file was changed/);
  const failed = render(
    <FailedScreen
      t={t}
      reason="failed"
      step="Put Go in place"
      error="EACCES"
      restored={false}
      problems={['/usr/local/go: still moved aside']}
      journal="/s/runs/r/journal.ndjson"
      rollbackCommand="npx go-setup-wizard rollback --run r"
      advice={t('wizard.advice.permissions')}
      onClose={nothing}
    />,
  ).lastFrame()!;
  assert.match(failed, /Step "Put Go in place" failed: EACCES/);
  assert.match(failed, /Run npx go-setup-wizard rollback --run r to finish/);
  assert.match(failed, /! \/usr\/local\/go: still moved aside/);
  assert.match(failed, /Journal: \/s\/runs\/r\/journal\.ndjson/);
});

test('the wizard catalog has the same keys in English and Chinese, none empty', () => {
  assert.deepEqual(Object.keys(wizardMessages.zh).sort(), Object.keys(wizardMessages.en).sort());
  for (const [key, text] of [...Object.entries(wizardMessages.en), ...Object.entries(wizardMessages.zh)]) assert.ok(text.trim(), key);
});
