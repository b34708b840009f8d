// The real wizard in a real terminal (tmux) the way people meet it: typing and pasting while both cores are busy,
// resizing mid-flow, small and large terminals, and Chinese. Nothing is installed here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import stringWidth from 'string-width';
import { startFixtureMirror, type Mirror } from '../helpers/mirror.js';
import { goFixture, type GoFixture } from '../helpers/go-fixture.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { shQuote } from '../../src/shell/quote.js';
import { CLI, startCli, type TmuxSession } from './tmux.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let fixture: GoFixture;
let mirror: Mirror;
const cleanups: (() => void)[] = [];

before(async () => {
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  fixture = await goFixture();
  mirror = await startFixtureMirror(fixture);
});

after(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  await mirror?.close();
});

function launch(size: { columns: number; rows: number }, extraEnv: NodeJS.ProcessEnv = {}): { home: TempHome; cli: TmuxSession } {
  const home = createTempHome({ skel: true, env: { TERM: 'xterm-256color', ...extraEnv } });
  const cli = startCli(['--scope', 'user', '--mirror', mirror.dlUrl, '--index-url', mirror.indexUrl], home.env, size);
  cleanups.push(() => home.cleanup(), () => cli.kill());
  return { home, cli };
}

/** Two processes that keep both cores busy until stopped. */
function burnCpu(): () => void {
  const burners: ChildProcess[] = [0, 1].map(() => spawn('sh', ['-c', 'exec yes >/dev/null'], { stdio: 'ignore' }));
  const stop = () => burners.forEach((b) => b.kill('SIGKILL'));
  cleanups.push(stop);
  return stop;
}

/** Polls the screen until `ok` holds for it (then returns it), or fails with the last screen. */
async function settle(cli: TmuxSession, ok: (screen: string) => boolean, what: string, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const screen = cli.screen();
    if (ok(screen)) return screen;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the screen:\n${screen}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const widest = (screen: string) => Math.max(...screen.split('\n').map((l) => stringWidth(l.trimEnd())));

/** Each frame is drawn once: the header of the screen appears exactly once. */
function assertOneFrame(screen: string, header: string): void {
  const count = screen.split(header).length - 1;
  assert.equal(count, 1, `"${header}" appears ${count} times:\n${screen}`);
}

test('typed and pasted text under a CPU-burning load arrives exactly, Backspace bursts included', { timeout: 120_000 }, async () => {
  const { home, cli } = launch({ columns: 100, rows: 30 });
  const stop = burnCpu();
  try {
    await cli.waitFor('The wizard recommends', 30_000);
    cli.send('c');
    await cli.waitFor('Processor', 30_000);
    cli.send('Enter');
    await cli.waitFor('How to install', 30_000);
    cli.send('Enter');
    await cli.waitFor('Which Go version', 30_000);
    cli.send('Enter');
    await cli.waitFor('Another folder', 30_000);
    cli.send('Down', 'Enter');
    await cli.waitFor('Folder (the GOROOT itself):', 30_000);
    // Typed a few characters per write, the way a busy terminal delivers keys, then three Backspaces in one write.
    const typed = `${home.home}/sdk/goXYZ`;
    for (let i = 0; i < typed.length; i += 3) cli.sendText(typed.slice(i, i + 3));
    cli.sendText('\x7f\x7f\x7f');
    cli.paste('-中文/toolchain');
    cli.send('Enter');
    await cli.waitFor('Where to download from', 30_000);
    // Back on the question, the field holds exactly what the wizard took.
    cli.send('Escape');
    await cli.waitFor('❯ Another folder', 30_000);
    cli.send('Enter');
    const screen = await cli.waitFor('Folder (the GOROOT itself):', 30_000);
    const line = screen.split('\n').find((l) => l.includes('Folder (the GOROOT itself):'))!;
    assert.equal(line.replace(/^.*Folder \(the GOROOT itself\): /, '').trimEnd(), `${home.home}/sdk/go-中文/toolchain`);
  } finally {
    stop();
  }
  cli.send('Escape', 'q');
  assert.equal(await cli.exitCode(), 0);
});

test('a plain line is on screen before Ink loads (the detected system when it is quick), and the first frame takes its place', { timeout: 60_000 }, async () => {
  const home = createTempHome({ env: { TERM: 'xterm-256color' } });
  cleanups.push(() => home.cleanup());
  // The raw bytes the terminal receives, through a pty of util-linux `script`.
  const command = `stty cols 100 rows 30; ${shQuote(process.execPath)} ${shQuote(CLI)} --index-url http://127.0.0.1:9/index.json`;
  const child = spawn('script', ['-qfec', command, '/dev/null'], { env: home.env, stdio: ['pipe', 'pipe', 'ignore'] });
  cleanups.push(() => child.kill('SIGKILL'));
  let seen = '';
  child.stdout.on('data', (chunk: Buffer) => (seen += chunk.toString()));
  await settleOn(() => seen.includes('Recommended setup'), () => seen);
  child.kill('SIGTERM');
  const inkStarts = seen.indexOf('\x1b[?2004h');
  assert.ok(seen.slice(0, inkStarts).endsWith('\r\x1b[2K'), 'the line is cleared just before the first frame');
  const plain = seen.slice(0, inkStarts - '\r\x1b[2K'.length);
  assert.match(plain, /Go setup · (Looking at your system…|Found .+ · .+ · .+)$/, JSON.stringify(seen.slice(0, 400)));
  assert.ok(!plain.includes('\n'), 'the plain line has no line break: the first frame is drawn over it');

  // In a real terminal, the first frame's header is the top line: nothing of the plain line is left above it.
  const { cli } = launch({ columns: 100, rows: 30 });
  const screen = await cli.waitFor('The wizard recommends');
  assert.match(screen.split('\n')[0]!, /^Go setup · Recommended setup\s*$/, screen);
  cli.send('q');
  assert.equal(await cli.exitCode(), 0);
});

async function settleOn(ok: () => boolean, shown: () => string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out; the output:\n${JSON.stringify(shown())}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('the answer lists (ink-select-input) take every arrow of a burst under a CPU-burning load', { timeout: 120_000 }, async () => {
  const { cli } = launch({ columns: 100, rows: 30 });
  const stop = burnCpu();
  try {
    await cli.waitFor('The wizard recommends', 30_000);
    cli.send('c');
    await cli.waitFor('Processor', 30_000);
    cli.send('Enter');
    await cli.waitFor('How to install', 30_000);
    cli.send('Enter');
    await cli.waitFor('Which Go version', 30_000);
    cli.send('Enter');
    await cli.waitFor('❯ Just for me', 30_000);
    cli.send('Enter');
    // The --mirror URL puts the cursor on the last entry (7 entries). Three Downs in one write wrap round to the
    // third; then j, Up, Down each in a write of their own without waiting; then Down Down Up in one write.
    await cli.waitFor('❯ Another mirror URL', 30_000);
    cli.sendText('\x1b[B\x1b[B\x1b[B');
    cli.sendText('j');
    cli.sendText('\x1b[A');
    cli.sendText('\x1b[B');
    cli.sendText('\x1b[B\x1b[B\x1b[A');
    cli.send('Enter');
    await cli.waitFor('Go module proxy', 30_000);
    // Back on the question, the answer taken is the one the keys led to.
    cli.send('Escape');
    const screen = await cli.waitFor('Where to download from', 30_000);
    assert.match(screen, /❯ NJU mirror/, screen);
  } finally {
    stop();
  }
  cli.send('q');
  assert.equal(await cli.exitCode(), 0);
});

test('resizing mid-flow redraws at the new size with no stale or doubled frame; the preview uses the full width', { timeout: 120_000 }, async () => {
  const { cli } = launch({ columns: 80, rows: 24 });
  await cli.waitFor('The wizard recommends');
  cli.send('c');
  await cli.waitFor('Processor');
  cli.resize(60, 15);
  let screen = await settle(cli, (s) => /Your system +Step 1 of 8/.test(s) && s.split('Your system').length === 2, 'one frame at 60 columns');
  await new Promise((r) => setTimeout(r, 300));
  screen = cli.screen();
  assertOneFrame(screen, 'Your system');
  assert.ok(widest(screen) <= 60, `no line wider than 60 columns:\n${screen}`);
  cli.resize(200, 60);
  // The step count moves to the right edge of 200 columns.
  screen = await settle(cli, (s) => /Your system {100,}Step 1 of 8/.test(s), 'the frame at 200 columns');
  await new Promise((r) => setTimeout(r, 300));
  assertOneFrame(cli.screen(), 'Your system');
  // Back to the recommended plan, and from there to the preview.
  cli.send('Escape');
  await cli.waitFor('The wizard recommends');
  cli.send('Enter');
  await cli.waitFor(/Install script[\s\S]*lines 1–/, 30_000);
  cli.send('Right');
  // Script lines use more than 100 of the 200 columns (the preview used to cut them at 100).
  screen = await settle(cli, (s) => s.includes('set -') && widest(s) > 100, 'script lines wider than 100 columns');
  assertOneFrame(screen, 'Preview: nothing has changed yet');
  // Narrowed on the preview: long lines wrap (↪) instead of being cut.
  cli.resize(60, 15);
  screen = await settle(cli, (s) => s.includes('↪ ') && widest(s) <= 60 && s.split('Preview').length === 2, 'wrapped lines at 60 columns');
  await new Promise((r) => setTimeout(r, 300));
  assertOneFrame(cli.screen(), 'Preview');
  cli.send('q');
  assert.equal(await cli.exitCode(), 0);
});

/** The display column where the value starts on each `label   value` line (labels may be double-width). */
function valueColumns(lines: string[]): Set<number> {
  return new Set(
    lines
      .map((l) => /^(\s*\S+?)(\s{2,})\S/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => stringWidth(m[1]) + m[2].length),
  );
}

test('in Chinese the labels line up whatever their width (the plan and the system screen), at 80×24', { timeout: 60_000 }, async () => {
  const { cli } = launch({ columns: 80, rows: 24 }, { LANG: 'zh_CN.UTF-8' });
  let screen = await cli.waitFor(/向导推荐：[\s\S]*Go 模块代理/);
  const planRows = screen.split('\n').slice(screen.split('\n').findIndex((l) => l.includes('向导推荐'))+ 1).filter((l) => /^  \S/.test(l));
  assert.ok(planRows.length >= 4, `the plan rows:\n${screen}`);
  assert.equal(valueColumns(planRows).size, 1, `every value of the plan starts in the same column:\n${planRows.join('\n')}`);
  cli.send('c');
  screen = await cli.waitFor('处理器');
  const rows = screen.split('\n').filter((l) => /^(系统|处理器|WSL|Shell|管理员)/.test(l));
  assert.ok(rows.length >= 4, `the label rows:\n${screen}`);
  assert.equal(valueColumns(rows).size, 1, `every value starts in the same column:\n${rows.join('\n')}`);
  cli.send('q');
  assert.equal(await cli.exitCode(), 0);
  assert.match(cli.screen(), /未做任何修改/);
});
