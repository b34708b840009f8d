// The executor's native steps with a REAL Go 1.19.8 toolchain: the download (loopback mirror, sha256, progress),
// the proof in fresh bash/zsh/fish shells plus an offline hello-world, and rollback of all of it.
// The plan is hand-built here in the tarball layout so this tests the engine alone, whatever the planner does.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { executePlan } from '../../src/engine/executor.js';
import { rollbackRun } from '../../src/engine/rollback.js';
import { shQuote } from '../../src/shell/quote.js';
import type { EngineEvent, Plan } from '../../src/types.js';
import { goFixture, type GoFixture } from '../helpers/go-fixture.js';
import { startFixtureMirror, type Mirror } from '../helpers/mirror.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { assertSameTree, describeTree } from '../helpers/tree-hash.js';
import { exitOf, makePlan, spawnPlan, step, touchMove, touchPath, waitFor } from './support.js';

let fixture: GoFixture;
let mirror: Mirror;

before(async () => {
  fixture = await goFixture();
  mirror = await startFixtureMirror(fixture);
});
after(() => mirror?.close());

function userSnapshot(home: TempHome) {
  return describeTree(home.root, { exclude: (p) => p === 'xdg-state' || p === 'xdg-cache' || p.endsWith('.plan.json') });
}

/** download → extract → place → env files → profiles for bash, zsh and fish → verify. */
function tarballPlan(home: TempHome, sha256 = fixture.sha256): Plan {
  const plan = makePlan(home, [], { shells: ['bash', 'zsh', 'fish'] });
  const q = shQuote;
  const goroot = plan.goroot;
  const cacheFile = join(plan.paths.cacheDir, `${sha256}.tar.gz`);
  const staging = join(home.home, `.local/.staging-${plan.runId}`);
  const envSh = plan.paths.envSh;
  const envFish = plan.paths.envFish;
  const fishConf = join(home.configHome, 'fish/conf.d/go-setup-wizard.fish');
  const block = (line: string) => `\\n# >>> go-setup-wizard >>>\\n${line}\\n# <<< go-setup-wizard <<<\\n`;
  plan.release = {
    version: fixture.version,
    filename: fixture.filename,
    sha256,
    size: fixture.size,
    url: `${mirror.url}${fixture.filename}`,
    sha256Source: mirror.indexUrl,
  };
  plan.steps = [
    step('download', 'true', [touchPath(cacheFile), touchPath(`${cacheFile}.partial`)], { native: 'download' }),
    step('extract', `mkdir -p ${q(staging)}\ntar -xzf ${q(cacheFile)} -C ${q(staging)} --no-same-owner`, [touchPath(staging)]),
    step('place', `mv -T ${q(join(staging, 'go'))} ${q(goroot)}\nrmdir ${q(staging)}`, [touchMove(join(staging, 'go'), goroot), touchPath(staging)]),
    step(
      'env-files',
      `mkdir -p ${q(plan.paths.configDir)}\n` +
        `printf '%s\\n' 'case ":$PATH:" in *:${goroot}/bin:*) ;; *) export PATH="${goroot}/bin:$PATH" ;; esac' > ${q(envSh)}\n` +
        `printf '%s\\n' 'contains ${goroot}/bin $PATH; or set -gx PATH ${goroot}/bin $PATH' > ${q(envFish)}`,
      [touchPath(envSh), touchPath(envFish)],
    ),
    step(
      'profiles',
      ['.profile', '.bashrc', '.zshenv'].map((f) => `printf '${block(`. ${envSh}`)}' >> ${q(join(home.home, f))}`).join('\n') +
        `\nmkdir -p ${q(join(home.configHome, 'fish/conf.d'))}\nprintf 'source %s\\n' ${q(envFish)} > ${q(fishConf)}`,
      ['.profile', '.bashrc', '.zshenv'].map((f) => touchPath(join(home.home, f))).concat(touchPath(fishConf)),
    ),
    step('verify', 'true', [], { native: 'verify' }),
  ];
  return plan;
}

function collect(): { events: EngineEvent[]; onEvent: (e: EngineEvent) => void } {
  const events: EngineEvent[] = [];
  return { events, onEvent: (e) => events.push(e) };
}

describe('native download and verify with a real Go toolchain', { timeout: 240_000 }, () => {
  test('install is proven in bash -lc/-ic, zsh -lc/-ic, fish -c and hello-world; rollback restores HOME', async () => {
    const home = createTempHome({ skel: true });
    try {
      const beforeTree = userSnapshot(home);
      const plan = tarballPlan(home);
      const { events, onEvent } = collect();
      const result = await executePlan(plan, { env: home.env, proxy: {}, onEvent });
      const verify = events.filter((e) => e.type === 'verify');
      assert.equal(result.exitCode, 0, JSON.stringify(events.filter((e) => e.type === 'step-failed' || e.type === 'verify')));
      assert.deepEqual(
        verify.map((e) => e.type === 'verify' && [e.check, e.ok]),
        [['bash -lc', true], ['bash -ic', true], ['zsh -lc', true], ['zsh -ic', true], ['fish -c', true], ['hello-world', true], ['modules', true]],
      );
      for (const e of verify) {
        if (e.type !== 'verify' || e.check === 'hello-world') continue;
        // The temp HOME sets GOPROXY=off, so the module check says it was skipped and why.
        if (e.check === 'modules') assert.match(e.output, /^skipped: .*GOPROXY=off/);
        else assert.match(e.output, new RegExp(`^${plan.goroot}/bin/go: go version go1.19.8 `));
      }
      const progress = events.filter((e) => e.type === 'progress');
      assert.ok(progress.length >= 1 && progress.at(-1)!.type === 'progress');
      const last = progress.at(-1) as Extract<EngineEvent, { type: 'progress' }>;
      assert.equal(last.bytes, fixture.size);
      // The proof leaves no traces: fish's own dirs were created by the proof only, and are gone again.
      assert.ok(!existsSync(join(home.dataHome, 'fish')), 'fish data dir left by the proof');
      assert.deepEqual(readdirSync(join(home.configHome, 'fish')), ['conf.d']);

      const undo = collect();
      assert.equal((await rollbackRun({ paths: plan.paths, onEvent: undo.onEvent })).exitCode, 0);
      assertSameTree(beforeTree, userSnapshot(home), 'HOME after uninstall');
    } finally {
      home.cleanup();
    }
  });

  test('a wrong checksum fails the download, changes nothing, keeps no file: exit 1', async () => {
    const home = createTempHome({ skel: true });
    try {
      const beforeTree = describeTree(home.root, { exclude: (p) => p === 'xdg-state' });
      const plan = tarballPlan(home, '0'.repeat(64));
      const { events, onEvent } = collect();
      assert.equal((await executePlan(plan, { env: home.env, proxy: {}, onEvent })).exitCode, 1);
      const failed = events.find((e) => e.type === 'step-failed');
      assert.ok(failed?.type === 'step-failed' && failed.step === 'download');
      assert.match(failed.error, /sha256|checksum/i);
      assertSameTree(beforeTree, describeTree(home.root, { exclude: (p) => p === 'xdg-state' }), 'everything, cache included');
    } finally {
      home.cleanup();
    }
  });

  /** Runs the plan in a mount namespace prepared by `setup`; returns the exit code and the in-namespace tree diff. */
  async function runInNamespace(home: TempHome, plan: Plan, setup: string) {
    const child = spawnPlan(home, plan, {
      unshareSetup: setup,
      env: { GSW_COMPARE_ROOT: home.root, GSW_COMPARE_EXCLUDE: 'xdg-state,xdg-cache' },
    });
    const { code, stdout } = await exitOf(child);
    const diffLine = stdout.split('\n').find((l) => l.startsWith('{"type":"tree-diff"'));
    assert.ok(diffLine, stdout.slice(-2000));
    return { code, stdout, diff: (JSON.parse(diffLine) as { lines: string[] }).lines };
  }

  test('a full disk (a 40 MB tmpfs as the target parent, inside unshare -m) fails the extract and restores: exit 1', async () => {
    const home = createTempHome({ skel: true });
    try {
      const plan = tarballPlan(home);
      plan.steps = plan.steps.filter((s) => s.id !== 'verify');
      const local = shQuote(join(home.home, '.local'));
      const { code, stdout, diff } = await runInNamespace(home, plan, `mkdir -p ${local}\nmount -t tmpfs -o size=40m tmpfs ${local}`);
      assert.equal(code, 1, stdout.slice(-2000));
      assert.match(stdout, /"type":"step-failed","step":"extract"/);
      assert.match(stdout, /No space left on device/);
      assert.deepEqual(diff, [], 'tree inside the namespace after the failed run');
    } finally {
      home.cleanup();
    }
  });

  test('an unwritable profile (read-only bind mount, inside unshare -m): clear error, nothing half-done: exit 1', async () => {
    const home = createTempHome({ skel: true });
    try {
      const plan = tarballPlan(home);
      const bashrc = shQuote(join(home.home, '.bashrc'));
      const { code, stdout, diff } = await runInNamespace(home, plan, `mount --bind ${bashrc} ${bashrc}\nmount -o remount,bind,ro ${bashrc}`);
      assert.equal(code, 1, stdout.slice(-2000));
      assert.match(stdout, /"type":"step-failed","step":"profiles","error":"[^"]*Read-only file system/);
      assert.deepEqual(diff, [], 'tree inside the namespace after the failed run');
    } finally {
      home.cleanup();
    }
  });

  test('SIGINT during a slow download: exit 130, everything restored, no partial left', async () => {
    const home = createTempHome({ skel: true });
    mirror.setFault(fixture.filename, { bytesPerSecond: 2_000_000 });
    try {
      const beforeTree = describeTree(home.root, { exclude: (p) => p === 'xdg-state' || p.endsWith('.plan.json') });
      const plan = tarballPlan(home);
      const child = spawnPlan(home, plan);
      const exited = exitOf(child);
      let output = '';
      child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
      await waitFor(() => output.includes('"type":"progress"'), 30_000);
      process.kill(child.pid!, 'SIGINT');
      const { code } = await exited;
      assert.equal(code, 130, output.slice(-2000));
      assertSameTree(beforeTree, describeTree(home.root, { exclude: (p) => p === 'xdg-state' || p.endsWith('.plan.json') }), 'after SIGINT');
      assert.match(readFileSync(join(plan.paths.stateDir, 'runs', plan.runId, 'journal.ndjson'), 'utf8'), /"status":"rolled-back","reason":"interrupt"/);
    } finally {
      mirror.setFault(fixture.filename, undefined);
      home.cleanup();
    }
  });
});
