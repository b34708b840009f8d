// The wizard's questions about the environment a new terminal gets, rendered with ink-testing-library over fake
// services: GOPRIVATE on the GOPROXY screen, goproxy.cn pre-selected after a mainland mirror, keeping a typed proxy
// for new shells and for git, and the done screen's warnings about kept startup lines and what needs a new login.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render, cleanup } from 'ink-testing-library';
import { WizardApp } from '../../src/wizard/app.js';
import { createTranslator, loadLang } from '../../src/i18n/index.js';
import type { InstallOptionKey, InstallOptions, Plan } from '../../src/types.js';
import { DoneScreen } from '../../screens/DoneScreen.js';
import { extraChoices, keptConflicts, loginNote } from '../../src/wizard/view.js';
import { ShellsScreen } from '../../screens/ShellsScreen.js';
import { defaultOptions, fakeDetection, fakePaths, fakePlan, fakeServices } from './fakes.js';
import { KEY, press, type, waitFor, waitForText } from './keys.js';

await loadLang('zh');

const t = createTranslator('en');
const zh = createTranslator('zh');
const temps: string[] = [];
afterEach(() => {
  cleanup();
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function start(opts: { options?: InstallOptions; explicit?: InstallOptionKey[]; plan?: (options: InstallOptions) => Plan } = {}) {
  const home = mkdtempSync(join(tmpdir(), 'gsw-wizard-'));
  temps.push(home);
  const services = fakeServices({ paths: fakePaths(home) });
  if (opts.plan) {
    const make = opts.plan;
    services.preparePlan = async (options) => {
      services.calls.preparePlan.push(options);
      return make(options);
    };
  }
  const ui = render(
    <WizardApp
      t={t}
      options={opts.options ?? defaultOptions()}
      explicit={opts.explicit ?? []}
      remembered={{}}
      services={services}
      colors={false}
      envProxy={null}
      command="npx go-setup-wizard"
      onExit={() => {}}
    />,
  );
  return { ui, services };
}

/** From the recommended plan to the mirror question, taking the pre-selected answers. */
async function toMirror(ui: ReturnType<typeof render>) {
  await waitForText(ui, 'The wizard recommends');
  await press(ui, 'c');
  await waitForText(ui, 'Ubuntu 24.04.1 LTS');
  for (const next of ['How to install', 'Which Go version', 'Where to put Go', 'Where to download from']) {
    await press(ui, KEY.enter);
    await waitForText(ui, next);
  }
}

test('GOPRIVATE is asked on the GOPROXY screen: a bad pattern is refused, typed patterns reach the plan', async () => {
  const { ui, services } = start();
  await toMirror(ui);
  await press(ui, KEY.enter);
  await waitForText(ui, 'Go module proxy');
  await press(ui, KEY.enter);
  await waitForText(ui, 'Company modules that bypass the proxy and the checksum database (GOPRIVATE):');
  assert.match(ui.lastFrame()!, /❯ Keep as is — no private modules, or already set/);
  await press(ui, KEY.down);
  await press(ui, KEY.enter);
  await waitForText(ui, 'GOPRIVATE=');
  await type(ui, 'git.corp.example/*,,x');
  await press(ui, KEY.enter);
  await waitForText(ui, 'is not a GOPRIVATE value');
  for (let i = 0; i < 3; i++) await press(ui, KEY.backspace);
  await type(ui, ',github.com/acme/*');
  await press(ui, KEY.enter);
  await waitForText(ui, 'HTTP(S) proxy for the download');
  assert.match(ui.lastFrame()!, /git\.corp\.example\/\*,github\.com\/acme\/\*/, 'the answer stays in view');
  await press(ui, KEY.enter);
  await waitForText(ui, 'Shells to set up');
  await press(ui, KEY.enter);
  await waitForText(ui, 'Also set up');
  await press(ui, KEY.enter);
  await waitForText(ui, 'Install script');
  assert.equal(services.calls.preparePlan[0]!.goprivate, 'git.corp.example/*,github.com/acme/*');
});

test('a mainland-China mirror chosen in the wizard pre-selects goproxy.cn; a --goproxy flag is kept as given', async () => {
  const chosen = start();
  await toMirror(chosen.ui);
  await press(chosen.ui, KEY.down);
  await press(chosen.ui, KEY.down);
  assert.match(chosen.ui.lastFrame()!, /❯ Aliyun mirror/);
  await press(chosen.ui, KEY.enter);
  await waitForText(chosen.ui, 'Go module proxy');
  assert.match(chosen.ui.lastFrame()!, /❯ goproxy\.cn — fast in mainland China/);
  for (let i = 0; i < 5; i++) await press(chosen.ui, KEY.enter);
  await waitForText(chosen.ui, 'Install script');
  assert.equal(chosen.services.calls.preparePlan[0]!.mirror, 'aliyun');
  assert.equal(chosen.services.calls.preparePlan[0]!.goproxy, 'goproxy.cn');
  cleanup();

  const given = start({ options: defaultOptions({ mirror: 'google-cn', goproxy: 'keep' }), explicit: ['mirror', 'goproxy'] });
  await toMirror(given.ui);
  await press(given.ui, KEY.enter);
  await waitForText(given.ui, 'Go module proxy');
  assert.match(given.ui.lastFrame()!, /❯ Keep as is/);

  const official = start();
  await toMirror(official.ui);
  await press(official.ui, KEY.enter);
  await waitForText(official.ui, 'Go module proxy');
  assert.match(official.ui.lastFrame()!, /❯ Keep as is/, 'the official mirror changes nothing');
});

test('a typed proxy asks whether new shells keep it and whether git uses it; both reach the plan', async () => {
  const { ui, services } = start();
  await toMirror(ui);
  for (const next of ['Go module proxy', 'Company modules', 'HTTP(S) proxy for the download']) {
    await press(ui, KEY.enter);
    await waitForText(ui, next);
  }
  await press(ui, KEY.down);
  await press(ui, KEY.down);
  await press(ui, KEY.enter);
  await type(ui, 'http://127.0.0.1:3128');
  await press(ui, KEY.enter);
  await waitForText(ui, 'Use http://127.0.0.1:3128 beyond this install too?');
  assert.match(ui.lastFrame()!, /\[ \] Keep it for new shells — go get and curl in every new terminal use it \(written with mode 0600\)/);
  assert.match(ui.lastFrame()!, /\[ \] git uses it too/);
  await press(ui, KEY.space);
  await press(ui, KEY.down);
  await press(ui, KEY.space);
  assert.match(ui.lastFrame()!, /\[x\] Keep it for new shells/);
  assert.match(ui.lastFrame()!, /\[x\] git uses it too/);
  await press(ui, KEY.enter);
  await waitForText(ui, 'Shells to set up');
  await press(ui, KEY.enter);
  await waitForText(ui, 'Also set up');
  await press(ui, KEY.enter);
  await waitForText(ui, 'Install script');
  const options = services.calls.preparePlan[0]!;
  assert.equal(options.httpsProxy, 'http://127.0.0.1:3128/');
  assert.equal(options.persistProxy, true);
  assert.equal(options.gitProxy, true);

  // Back on the question and choosing no proxy: nothing is kept and git is left alone.
  await press(ui, KEY.escape);
  await waitForText(ui, 'Shells to set up');
  await press(ui, KEY.escape);
  await waitForText(ui, 'Go module proxy');
  for (let i = 0; i < 2; i++) await press(ui, KEY.enter);
  await waitForText(ui, 'HTTP(S) proxy for the download');
  assert.match(ui.lastFrame()!, /❯ This proxy…/);
  await press(ui, KEY.up);
  assert.match(ui.lastFrame()!, /❯ No proxy/);
  await press(ui, KEY.enter);
  await waitForText(ui, 'Shells to set up');
  await press(ui, KEY.enter);
  await waitForText(ui, 'Also set up');
  await press(ui, KEY.enter);
  await waitForText(ui, 'Install script');
  const again = services.calls.preparePlan.at(-1)!;
  assert.equal(again.noProxy, '*');
  assert.equal(again.persistProxy, false);
  assert.equal(again.gitProxy, undefined);
});

test('the done screen warns about kept startup lines and says what needs a new login (en and zh)', async () => {
  const plan: Plan = {
    ...fakePlan(),
    conflicts: [
      { file: '/home/ada/.bashrc', line: 12, text: 'export GOPROXY=https://proxy.golang.org,direct', variable: 'GOPROXY', overrides: 'GOPROXY=https://goproxy.cn,direct', system: false, action: 'keep' },
      { file: '/home/ada/.profile', line: 3, text: 'export GOROOT=/usr/lib/go', variable: 'GOROOT', overrides: "the new Go's GOROOT", system: false, action: 'comment' },
    ],
  };
  plan.steps = [...plan.steps, { id: 'session-env', title: 'Write go.conf', why: '', root: false, touches: [{ kind: 'path', path: '/home/ada/.config/environment.d/go.conf', root: false }], run: ':', undo: ':' }];
  const { ui, services } = start({ options: defaultOptions({ conflicts: 'keep' }), plan: () => plan });
  await waitForText(ui, 'The wizard recommends');
  await press(ui, KEY.enter);
  await waitForText(ui, 'Install script');
  await press(ui, KEY.enter);
  await waitFor(() => services.run !== null, 'the install to start');
  services.run!.finish({ exitCode: 0, runId: 'r1', backupBytes: 0 });
  await waitForText(ui, 'Go is installed');
  // Long lines wrap at the terminal's width: compared as flowing text.
  const done = ui.lastFrame()!.replace(/\s+/g, ' ');
  assert.match(done, /! Kept, so new terminals do not get what was chosen:/);
  assert.match(done, /\/home\/ada\/\.bashrc:12 `export GOPROXY=https:\/\/proxy\.golang\.org,direct` overrides GOPROXY=https:\/\/goproxy\.cn,direct/);
  assert.doesNotMatch(done, /\.profile:3/, 'a line commented out is not a warning');
  assert.match(done, /log out and in again \(\/home\/ada\/\.config\/environment\.d\/go\.conf\); a new terminal is enough for the shell/);

  const none = render(<DoneScreen t={t} verify={[]} goEnv={null} sourceLine={null} backupBytes={0} undoCommand="x" kept={keptConflicts(fakePlan(), t)} loginNote={loginNote(fakePlan(), t)} onClose={() => {}} />).lastFrame()!;
  assert.doesNotMatch(none, /Kept, so/);
  assert.doesNotMatch(none, /log out/);
  const chinese = render(<DoneScreen t={zh} verify={[]} goEnv={null} sourceLine={null} backupBytes={0} undoCommand="x" kept={keptConflicts(plan, zh)} loginNote={loginNote(plan, zh)} onClose={() => {}} />).lastFrame()!;
  assert.match(chinese, /新终端不会得到所选的设置/);
  assert.match(chinese, /注销并重新登录/);
});

test('after the shells: Go for desktop editors, gopls and (with no C compiler) build-essential, each ticked on purpose', async () => {
  const home = mkdtempSync(join(tmpdir(), 'gsw-wizard-'));
  temps.push(home);
  const base = fakeDetection();
  const services = fakeServices({ paths: fakePaths(home), detect: async () => ({ ...base, cCompiler: null, user: { ...base.user, sudo: 'password' } }) });
  const ui = render(<WizardApp t={t} options={defaultOptions()} explicit={[]} remembered={{}} services={services} colors={false} envProxy={null} command="npx go-setup-wizard" onExit={() => {}} />);
  await toMirror(ui);
  for (const next of ['Go module proxy', 'Company modules', 'HTTP(S) proxy for the download', 'Shells to set up', 'Also set up']) {
    await press(ui, KEY.enter);
    await waitForText(ui, next);
  }
  const frame = ui.lastFrame()!;
  assert.match(frame, /\[ \] Go for editors started from the desktop — environment\.d\/go\.conf, from the next login/);
  assert.match(frame, /\[ \] gopls/);
  assert.match(frame, /\[ \] A C compiler \(build-essential\) — for cgo and go test -race \(apt, sudo\)/);
  await press(ui, KEY.space);
  await press(ui, KEY.down);
  await press(ui, KEY.down);
  await press(ui, KEY.space);
  await press(ui, KEY.enter);
  await waitForText(ui, 'Install script');
  const options = services.calls.preparePlan[0]!;
  assert.equal(options.sessionEnv, true);
  assert.equal(options.gopls, undefined);
  assert.equal(options.buildEssential, true);
  cleanup();

  // Without root or sudo the C compiler cannot be ticked; the reason names the command.
  const noSudo = render(
    <ShellsScreen
      t={t}
      step={null}
      available={['bash']}
      login="bash"
      preselected={['bash']}
      extras={extraChoices({ ...base, cCompiler: null, user: { ...base.user, isRoot: false, sudo: 'none' } }, t)}
      onChoose={() => {}}
      onBack={() => {}}
      onQuit={() => {}}
    />,
  );
  await press(noSudo, KEY.enter);
  await waitForText(noSudo, 'Also set up');
  assert.match(noSudo.lastFrame()!, /\[-\] A C compiler \(build-essential\) — needs root or sudo: an administrator runs `sudo apt/);
  assert.equal(extraChoices({ ...base, cCompiler: '/usr/bin/gcc' }, t).length, 2, 'a compiler found: not offered');
});
