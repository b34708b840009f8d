// The proof checks what a new terminal gets, not only `go version`: in each fresh shell `go env GOROOT` is the
// installed tree and `go env GOPROXY` is what the run chose. A line the user kept is a warning that names it; a line
// nobody could see (hidden behind eval) fails the proof and the install is rolled back. Real Go 1.19.8, real bash,
// native proof and the sh export alike.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readStartupEnvironment, startupPlaces } from '../../src/detect/startup-env.js';
import { executePlan } from '../../src/engine/executor.js';
import { createHost } from '../../src/host/host.js';
import { createTranslator } from '../../src/i18n/index.js';
import { buildPlan } from '../../src/plan/build.js';
import { renderPlan } from '../../src/plan/render.js';
import { PROOF_MODULE } from '../../src/plan/proof.js';
import type { EngineEvent, InstallOptions, Plan, ResolvedRelease } from '../../src/types.js';
import { goFixture } from '../helpers/go-fixture.js';
import { startMirror, type Mirror } from '../helpers/mirror.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { assertSameTree, describeTree } from '../helpers/tree-hash.js';
import { buildInput, fakeDetection } from '../plan/helpers.js';

const t = createTranslator('en');
let mirror: Mirror;
let release: ResolvedRelease;
const homes: TempHome[] = [];

before(async () => {
  const fixture = await goFixture();
  mirror = await startMirror({ files: { [fixture.filename]: { path: fixture.tarball } } });
  release = { version: fixture.version, filename: fixture.filename, sha256: fixture.sha256, size: fixture.size, url: `${mirror.dlUrl}${fixture.filename}`, sha256Source: mirror.indexUrl };
});
after(async () => {
  await mirror?.close();
  for (const home of homes) home.cleanup();
});

function guideHome(bashrcLines: string): TempHome {
  const home = createTempHome({ skel: true });
  homes.push(home);
  appendFileSync(join(home.home, '.bashrc'), bashrcLines);
  return home;
}

async function planFor(home: TempHome, options: Partial<InstallOptions>): Promise<Plan> {
  const found = await readStartupEnvironment(createHost({ env: home.env }), startupPlaces(home.env, home.home));
  const detection = { ...fakeDetection(home.home, { available: ['bash'] }), startupEnv: found.filter((s) => s.file.startsWith(home.root)) };
  return buildPlan(buildInput(home, { release, detection, options: { shells: ['bash'], goproxy: 'goproxy.cn', ...options } }));
}

async function install(home: TempHome, plan: Plan, env: NodeJS.ProcessEnv = {}): Promise<{ exitCode: number; verify: Extract<EngineEvent, { type: 'verify' }>[] }> {
  const events: EngineEvent[] = [];
  const { exitCode } = await executePlan(plan, { env: { ...home.env, ...env }, proxy: {}, onEvent: (e) => events.push(e) });
  return { exitCode, verify: events.filter((e): e is Extract<EngineEvent, { type: 'verify' }> => e.type === 'verify') };
}

/** `go env GOPROXY` in a brand-new interactive bash. */
function newTerminalGoproxy(home: TempHome): string {
  const env = { HOME: home.home, USER: 'user', TERM: 'dumb', PATH: '/usr/bin:/bin', XDG_CONFIG_HOME: home.configHome, XDG_DATA_HOME: home.dataHome };
  return spawnSync('setsid', ['-w', 'bash', '-ic', 'go env GOPROXY'], { env, encoding: 'utf8' }).stdout.trim().split('\n').at(-1)!;
}

/** Runs an exported script with bash, asynchronously: the loopback mirror serving Go lives in this process. */
function runScript(file: string, env: NodeJS.ProcessEnv): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', [file], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.on('close', (status) => resolve({ status, output }));
  });
}

const GUIDE = '\nexport GOROOT=/usr/local/go\nexport GOPROXY=https://proxy.golang.org,direct\n';
/** Only the proxy line: a kept stale GOROOT would stop go from starting at all (the warning then says no go ran). */
const PROXY_LINE = '\nexport GOPROXY=https://proxy.golang.org,direct\n';

describe('the proof reads go env in fresh shells', { timeout: 300_000 }, () => {
  test('comment (default): the lines are commented out; every shell reports the installed GOROOT and the chosen GOPROXY', async () => {
    const home = guideHome(GUIDE);
    const { exitCode, verify } = await install(home, await planFor(home, {}));
    assert.equal(exitCode, 0, JSON.stringify(verify));
    for (const check of ['bash -lc', 'bash -ic']) {
      const event = verify.find((e) => e.check === check)!;
      assert.equal(event.ok, true);
      assert.equal(event.warning, undefined);
      assert.match(event.output, /go env GOROOT GOPROXY as chosen/);
    }
    assert.equal(newTerminalGoproxy(home), 'https://goproxy.cn,direct');
  });

  test('keep: the install succeeds with a warning naming the kept line, and a new terminal really keeps the old proxy', async () => {
    const home = guideHome(PROXY_LINE);
    const plan = await planFor(home, { conflicts: 'keep' });
    const { exitCode, verify } = await install(home, plan);
    assert.equal(exitCode, 0, JSON.stringify(verify));
    const interactive = verify.find((e) => e.check === 'bash -ic')!;
    assert.equal(interactive.ok, true);
    assert.equal(interactive.warning, true);
    const bashrc = join(home.home, '.bashrc');
    const line = readFileSync(bashrc, 'utf8').split('\n').indexOf('export GOPROXY=https://proxy.golang.org,direct') + 1;
    assert.ok(interactive.output.includes(`go env GOPROXY is https://proxy.golang.org,direct, expected https://goproxy.cn,direct (kept ${bashrc}:${line})`), interactive.output);
    assert.ok(!interactive.output.includes('go env GOROOT is'), 'GOROOT is the installed tree');
    assert.equal(newTerminalGoproxy(home), 'https://proxy.golang.org,direct');
  });

  test('a GOPROXY set where no reader can see it (through eval) fails the proof: exit 1, everything restored', async () => {
    const home = guideHome('\neval "$(printf "export GOPROXY=%s" https://proxy.golang.org,direct)"\n');
    const before = describeTree(home.root, { exclude: (p) => p === 'xdg-state' || p === 'xdg-cache' });
    const plan = await planFor(home, {});
    assert.deepEqual(plan.conflicts, []);
    const { exitCode, verify } = await install(home, plan);
    assert.equal(exitCode, 1);
    const interactive = verify.find((e) => e.check === 'bash -ic')!;
    assert.equal(interactive.ok, false);
    assert.match(interactive.output, /go env GOPROXY is https:\/\/proxy\.golang\.org,direct, expected https:\/\/goproxy\.cn,direct/);
    assertSameTree(before, describeTree(home.root, { exclude: (p) => p === 'xdg-state' || p === 'xdg-cache' }));
  });

  test('the sh export proves the same: with the line kept it warns on stderr and finishes', async () => {
    const home = guideHome(PROXY_LINE);
    const script = renderPlan(await planFor(home, { conflicts: 'keep' }), 'sh', t);
    const file = join(home.root, 'plan.sh');
    writeFileSync(file, script, { mode: 0o755 });
    const result = await runScript(file, home.env);
    assert.equal(result.status, 0, result.output);
    assert.match(result.output, /warning: bash -ic: go env GOPROXY is https:\/\/proxy\.golang\.org,direct, expected https:\/\/goproxy\.cn,direct \(kept .*\.bashrc:\d+\)/);
  });
});

/**
 * A loopback GOPROXY (`python3 -m http.server` over a directory in the GOPROXY layout) serving a tiny fake module
 * under the proof module's path: the product fetches a real module; the test cannot reach a public proxy.
 */
async function loopbackGoproxy(root: string): Promise<{ url: string; log: () => string; stop: () => void }> {
  const dir = join(root, 'goproxy');
  const [path, version] = PROOF_MODULE.split('@') as [string, string];
  const versionDir = join(dir, path, '@v');
  mkdirSync(versionDir, { recursive: true });
  writeFileSync(join(versionDir, 'list'), `${version}\n`);
  writeFileSync(join(versionDir, `${version}.info`), JSON.stringify({ Version: version, Time: '2024-01-23T18:54:04Z' }));
  writeFileSync(join(versionDir, `${version}.mod`), `module ${path}\n`);
  const zip = spawnSync('python3', ['-c', `import sys, zipfile
z = zipfile.ZipFile(sys.argv[1], 'w')
z.writestr(sys.argv[2] + '/go.mod', 'module ${path}\\n')
z.writestr(sys.argv[2] + '/uuid.go', 'package uuid\\n')
z.close()`, join(versionDir, `${version}.zip`), PROOF_MODULE]);
  assert.equal(zip.status, 0, String(zip.stderr));
  let log = '';
  const server: ChildProcess = spawn('python3', ['-m', 'http.server', '--bind', '127.0.0.1', '0', '--directory', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('http.server did not start')), 10_000);
    server.stdout!.on('data', (chunk: Buffer) => {
      const match = /port (\d+)/.exec(chunk.toString());
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
  });
  server.stderr!.on('data', (chunk: Buffer) => (log += chunk));
  return { url: `http://127.0.0.1:${port}`, log: () => log, stop: () => server.kill() };
}

describe('modules really download (loopback GOPROXY with a tiny fake module)', { timeout: 300_000 }, () => {
  test('native proof and the sh export fetch the module through GOPROXY into a scratch GOPATH and clean up', async () => {
    const home = guideHome('');
    const proxy = await loopbackGoproxy(home.root);
    try {
      const env = { GOPROXY: proxy.url, GOSUMDB: 'off' };
      const { exitCode, verify } = await install(home, await planFor(home, { goproxy: 'keep' }), env);
      assert.equal(exitCode, 0, JSON.stringify(verify));
      const modules = verify.find((e) => e.check === 'modules')!;
      assert.deepEqual({ ok: modules.ok, warning: modules.warning, output: modules.output }, { ok: true, warning: undefined, output: `fetched ${PROOF_MODULE}` });
      assert.match(proxy.log(), /GET \/github\.com\/google\/uuid\/@v\/v1\.6\.0\.zip/);
      assert.equal(spawnSync('test', ['-e', join(home.home, 'go')]).status, 1, 'the user\'s GOPATH is left alone');

      const other = guideHome('');
      const script = renderPlan(await planFor(other, { goproxy: 'keep' }), 'sh', t);
      writeFileSync(join(other.root, 'plan.sh'), script);
      const run = await runScript(join(other.root, 'plan.sh'), { ...other.env, ...env });
      assert.equal(run.status, 0, run.output);
      assert.ok(run.output.includes(`modules: fetched ${PROOF_MODULE}`), run.output);
    } finally {
      proxy.stop();
    }
  });

  test('GOPROXY=off, from the environment or from the run itself: skipped at once, without starting go (native and sh)', async () => {
    const skipped = `skipped: could not fetch ${PROOF_MODULE} through GOPROXY (GOPROXY=off)`;
    // (go itself would say "module lookup disabled by GOPROXY=off" in the parentheses.)
    for (const [goproxy, env] of [
      ['keep', { GOPROXY: 'off' }],
      ['off', { GOPROXY: '' }],
    ] as const) {
      const home = guideHome('');
      const { exitCode, verify } = await install(home, await planFor(home, { goproxy }), env);
      assert.equal(exitCode, 0);
      const modules = verify.find((e) => e.check === 'modules')!;
      assert.deepEqual({ ok: modules.ok, warning: modules.warning, output: modules.output }, { ok: true, warning: true, output: skipped }, goproxy);

      const other = guideHome('');
      writeFileSync(join(other.root, 'plan.sh'), renderPlan(await planFor(other, { goproxy }), 'sh', t));
      const run = await runScript(join(other.root, 'plan.sh'), { ...other.env, ...env });
      assert.equal(run.status, 0, run.output);
      assert.ok(run.output.includes(`warning: modules: ${skipped}\n`), run.output);
    }
  });

  test('unreachable GOPROXY: the module check is skipped with the reason, the install still succeeds', async () => {
    const home = guideHome('');
    const { exitCode, verify } = await install(home, await planFor(home, { goproxy: 'keep' }), { GOPROXY: 'http://127.0.0.1:9', GOSUMDB: 'off' });
    assert.equal(exitCode, 0);
    const modules = verify.find((e) => e.check === 'modules')!;
    assert.equal(modules.ok, true);
    assert.equal(modules.warning, true);
    assert.match(modules.output, /^skipped: could not fetch github\.com\/google\/uuid@v1\.6\.0 through GOPROXY \(.*connection refused/);

    const other = guideHome('');
    writeFileSync(join(other.root, 'plan.sh'), renderPlan(await planFor(other, { goproxy: 'keep' }), 'sh', t));
    const run = await runScript(join(other.root, 'plan.sh'), { ...other.env, GOPROXY: 'http://127.0.0.1:9', GOSUMDB: 'off' });
    assert.equal(run.status, 0, run.output);
    assert.match(run.output, /warning: modules: skipped: could not fetch github\.com\/google\/uuid@v1\.6\.0 through GOPROXY \(.*connection refused\)/);
  });
});
