// Benchmarks (figures, not pass/fail): `npm run bench`.
//  1. start-up of `--help`, `--version` and `detect` against `node -e 0` (median of 10 runs each);
//  2. `install --yes` against the plain-shell baseline (curl + sha256sum -c + tar -xzf + go version + go run hello.go)
//     on the same loopback mirror serving the real Go toolchain fixture (median of alternating runs);
//  3. peak memory (VmHWM) of the wizard's own process during install;
//  4. the packed size and the number of runtime dependencies;
//  5. what a person sees after typing the command in a terminal (a tmux pane polled from outside): the wizard's first
//     text and its detected system, against `node -e 'console.log(…)'` in the same kind of pane.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { goFixture, type GoFixture } from '../test/helpers/go-fixture.js';
import { buildIndex, startFixtureMirror } from '../test/helpers/mirror.js';
import { startPythonServer } from '../test/helpers/servers.js';
import { classroom } from './bench-classroom.js';
import { createTempHome } from '../test/helpers/temp-home.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist/go-setup-wizard.cjs');
const installRuns = Number(process.env.BENCH_INSTALL_RUNS ?? 3);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function timeOnce(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

/**
 * Runs a command asynchronously (the loopback mirror lives in this process and must keep serving), sampling the
 * peak resident memory (VmHWM) of that process (not its children) until it exits.
 */
function runSampled(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ ms: number; peakKiB: number }> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let peakKiB = 0;
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const sample = () => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const match = /VmHWM:\s+(\d+) kB/.exec(status);
        if (match) peakKiB = Math.max(peakKiB, Number(match[1]));
      } catch {
        // the process has just exited
      }
    };
    const timer = setInterval(sample, 20);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr}`));
      else resolve({ ms, peakKiB });
    });
  });
}

function fmt(ms: number): string {
  return `${ms.toFixed(0)} ms`;
}

async function startup(): Promise<void> {
  const cases: [string, string[]][] = [
    ['--help', [cli, '--help']],
    ['--version', [cli, '--version']],
    ['detect --json', [cli, 'detect', '--json']],
  ];
  const baseline: number[] = [];
  const times = new Map<string, number[]>(cases.map(([name]) => [name, []]));
  for (let i = 0; i < 10; i++) {
    baseline.push(timeOnce(process.execPath, ['-e', '0']));
    for (const [name, args] of cases) times.get(name)!.push(timeOnce(process.execPath, args));
  }
  const base = median(baseline);
  console.log('Start-up (median of 10)');
  console.log(`  node -e 0            ${fmt(base)}`);
  for (const [name] of cases) {
    const m = median(times.get(name)!);
    console.log(`  ${name.padEnd(20)} ${fmt(m)}  (${(m / base).toFixed(2)}x node -e 0)`);
  }
}

/**
 * Each install run writes a ~320 MB tree of ~13,000 files: the filesystem's writeback of the last run must not be
 * charged to the next one (baseline and wizard alternate, so either side would pay for the other).
 */
function settleDisk(): void {
  spawnSync('sync', { stdio: 'ignore' });
}

/**
 * The install against the plain-shell baseline on one mirror: `installRuns` alternated runs of each, medians and
 * their ratio, and the wizard's peak memory. The wizard proves the result in bash (login and interactive shells)
 * and with hello world, as the baseline does with `go version` and `go run`.
 */
async function installAgainst(label: string, fixture: GoFixture, baseUrl: string, indexUrl: string, hello: string): Promise<void> {
  const baselineScript = [
    'set -euo pipefail',
    'cd "$WORK"',
    'curl -fsSL -o "$FILE" "$URL"',
    'echo "$SHA  $FILE" | sha256sum -c --quiet',
    'tar -xzf "$FILE"',
    './go/bin/go version',
    'GOPATH="$WORK/gopath" GOCACHE="$WORK/gocache" GOPROXY=off ./go/bin/go run "$HELLO/hello.go"',
  ].join('\n');

  const baselineMs: number[] = [];
  const wizardMs: number[] = [];
  const peaks: number[] = [];
  // Every run's tree stays until the series ends: on this project's test machine (ext4 mounted with `discard`)
  // unpacking right after removing a previous tree took 2–3× the system time, whichever side came next.
  const leftovers: (() => void)[] = [];
  settleDisk();
  for (let i = 0; i < installRuns; i++) {
    const work = mkdtempSync(join(tmpdir(), 'gsw-bench-base-'));
    const baseline = await runSampled('bash', ['-c', baselineScript], {
      ...process.env,
      WORK: work,
      FILE: fixture.filename,
      URL: `${baseUrl}${fixture.filename}`,
      SHA: fixture.sha256,
      HELLO: hello,
    });
    baselineMs.push(baseline.ms);
    leftovers.push(() => rmSync(work, { recursive: true, force: true }));
    settleDisk();

    const temp = createTempHome({ skel: true });
    const args = [cli, 'install', '--yes', '--scope', 'user', '--shells', 'bash', '--go-version', fixture.version.slice(2), '--mirror', baseUrl, '--index-url', indexUrl];
    const run = await runSampled(process.execPath, args, temp.env);
    wizardMs.push(run.ms);
    peaks.push(run.peakKiB);
    leftovers.push(temp.cleanup);
    settleDisk();
  }
  for (const remove of leftovers) remove();
  settleDisk();
  const base = median(baselineMs);
  const wiz = median(wizardMs);
  console.log(`Install, ${label} (median of ${installRuns} alternated runs; archive ${(fixture.size / 1e6).toFixed(0)} MB)`);
  console.log(`  baseline curl, sha256sum -c, tar -xzf, go version, go run   ${fmt(base)}   runs: ${baselineMs.map(fmt).join(', ')}`);
  console.log(`  go-setup-wizard install --yes --shells bash                 ${fmt(wiz)}   runs: ${wizardMs.map(fmt).join(', ')}`);
  console.log(`  ratio                                                       ${(wiz / base).toFixed(2)}x`);
  console.log(`  peak memory of the wizard process (VmHWM)                   ${(Math.max(...peaks) / 1024).toFixed(0)} MiB`);
}

async function install(): Promise<void> {
  const fixture = await goFixture();
  const hello = mkdtempSync(join(tmpdir(), 'gsw-bench-hello-'));
  writeFileSync(join(hello, 'hello.go'), 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello") }\n');
  // The throttled mirror: Python's threaded server pacing each connection's file body at 10 MB/s and honouring Range,
  // as nginx-based mirrors do (serve.py --rate --ranges); the baseline's curl uses one connection.
  const served = mkdtempSync(join(tmpdir(), 'gsw-bench-served-'));
  symlinkSync(fixture.tarball, join(served, fixture.filename));
  const index = buildIndex([{ version: fixture.version, files: [{ filename: fixture.filename, sha256: fixture.sha256, size: fixture.size }] }]);
  writeFileSync(join(served, 'index.json'), JSON.stringify(index));
  const mirror = await startFixtureMirror(fixture);
  const throttled = await startPythonServer(served, { keepAlive: true, rate: 10 * 1000 * 1000, ranges: true });
  try {
    await installAgainst('unthrottled loopback mirror', fixture, mirror.url, mirror.indexUrl, hello);
    await installAgainst('mirror throttled to 10 MB/s per connection, with Range', fixture, throttled.url, `${throttled.url}index.json`, hello);
  } finally {
    await Promise.all([mirror.close(), throttled.close()]);
    rmSync(hello, { recursive: true, force: true });
    rmSync(served, { recursive: true, force: true });
  }
}

function packaging(): void {
  const pack = spawnSync('npm', ['pack', '--dry-run', '--json'], { cwd: root, encoding: 'utf8' });
  const info = JSON.parse(pack.stdout)[0] as { size: number; unpackedSize: number; entryCount: number };
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  console.log('Package');
  console.log(`  packed size    ${(info.size / 1024).toFixed(0)} KiB (${info.entryCount} files, ${(info.unpackedSize / 1024).toFixed(0)} KiB unpacked)`);
  console.log(`  runtime deps   ${Object.keys(pkg.dependencies ?? {}).length}`);
}

/**
 * Types `command` at a shell prompt in a fresh tmux pane and polls the pane from outside until each mark shows;
 * returns the milliseconds from pressing Enter to each mark.
 */
async function paneTimes(command: string, marks: RegExp[], env: NodeJS.ProcessEnv): Promise<number[]> {
  const socket = `gsw-bench-${randomBytes(4).toString('hex')}`;
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8', env });
  tmux('new-session', '-d', '-s', 'b', '-x', '100', '-y', '30', 'env', 'PS1=$ ', 'sh');
  try {
    for (let i = 0; i < 200 && !tmux('capture-pane', '-p', '-t', 'b').includes('$'); i++) await delay(10);
    tmux('send-keys', '-t', 'b', '-l', command);
    await delay(100);
    const start = process.hrtime.bigint();
    tmux('send-keys', '-t', 'b', 'Enter');
    const seen: (number | null)[] = marks.map(() => null);
    const deadline = Date.now() + 10_000;
    while (seen.some((s) => s === null) && Date.now() < deadline) {
      // The command line itself is on the first row: only what the program printed below it counts.
      const screen = tmux('capture-pane', '-p', '-t', 'b').split('\n').slice(1).join('\n');
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      marks.forEach((mark, i) => {
        if (seen[i] === null && mark.test(screen)) seen[i] = ms;
      });
    }
    if (seen.some((s) => s === null)) throw new Error(`${command}: not all of ${marks.join(', ')} appeared:\n${tmux('capture-pane', '-p', '-t', 'b')}`);
    return seen as number[];
  } finally {
    tmux('kill-server');
  }
}

async function firstScreen(): Promise<void> {
  const runs = 7;
  const home = createTempHome({ env: { TERM: 'xterm-256color' } });
  // The index URL points at a closed loopback port so nothing leaves the machine.
  const wizard = `${process.execPath} ${cli} --index-url http://127.0.0.1:9/index.json`;
  const baseline: number[] = [];
  const first: number[] = [];
  const system: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      baseline.push((await paneTimes(`${process.execPath} -e 'console.log("hel"+"lo")'`, [/^hello$/m], home.env))[0]!);
      const [text, found] = await paneTimes(wizard, [/\S/, /Found .+ · .+ · /], home.env);
      first.push(text!);
      system.push(found!);
    }
  } finally {
    home.cleanup();
  }
  const base = median(baseline);
  console.log(`What a person sees in a terminal (tmux pane polled from outside, median of ${runs})`);
  console.log(`  node -e 'console.log(…)' prints        ${fmt(base)}`);
  console.log(`  wizard: first text                      ${fmt(median(first))}  (${(median(first) / base).toFixed(2)}x)   runs: ${first.map(fmt).join(', ')}`);
  console.log(`  wizard: the detected system             ${fmt(median(system))}   runs: ${system.map(fmt).join(', ')}`);
}

// `npm run bench -- first-screen packaging` runs just those parts; no names: all of them.
const parts: Record<string, () => unknown> = { startup, 'first-screen': firstScreen, packaging, install, classroom };
const chosen = process.argv.slice(2);
const unknown = chosen.filter((name) => !(name in parts));
if (unknown.length) throw new Error(`unknown bench part ${unknown.join(', ')}; the parts: ${Object.keys(parts).join(', ')}`);
mkdirSync(join(root, 'dist'), { recursive: true });
spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
console.log(`load: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
for (const [name, run] of Object.entries(parts)) if (!chosen.length || chosen.includes(name)) await run();
