// The `sh` export run alone, with bash, in a temp HOME against the loopback mirror serving a real Go 1.19.8:
// it installs a Go that fresh bash/zsh/fish shells find, re-planning afterwards gives nothing to do, the uninstall
// script it leaves uninstalls byte for byte, and a forced failure makes its own trap restore everything byte for byte.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTranslator } from '../../src/i18n/index.js';
import { buildPlan } from '../../src/plan/build.js';
import { portablePlan } from '../../src/plan/portable.js';
import { renderExport, renderRollbackScript } from '../../src/plan/render.js';
import type { Plan, ResolvedRelease } from '../../src/types.js';
import { goFixture } from '../helpers/go-fixture.js';
import { startMirror, type Mirror } from '../helpers/mirror.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { assertSameTree, describeTree } from '../helpers/tree-hash.js';
import { buildInput, shellcheck } from './helpers.js';

const t = createTranslator('en');
let mirror: Mirror;
let release: ResolvedRelease;

before(async () => {
  const fixture = await goFixture();
  mirror = await startMirror({ files: { [fixture.filename]: { path: fixture.tarball } } });
  release = {
    version: fixture.version,
    filename: fixture.filename,
    sha256: fixture.sha256,
    size: fixture.size,
    url: `${mirror.dlUrl}${fixture.filename}`,
    sha256Source: mirror.indexUrl,
  };
});

after(async () => {
  await mirror?.close();
});

/** Runs the script with bash; asynchronously, so the loopback mirror in this process can answer its curl. */
function runScript(home: TempHome, script: string): Promise<{ status: number | null; output: string }> {
  const file = join(home.root, 'plan.sh');
  writeFileSync(file, script, { mode: 0o755 });
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [file], { env: home.env, cwd: home.root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output }));
  });
}

/** HOME and the XDG dirs, without the script, the run's journal and the download cache (not user state: rollback keeps it). */
function snapshot(home: TempHome) {
  const cache = relative(home.root, join(home.cacheHome, 'go-setup-wizard'));
  const state = relative(home.root, join(home.stateHome, 'go-setup-wizard'));
  return describeTree(home.root, {
    exclude: (path) => path === 'plan.sh' || [cache, state].some((dir) => path === dir || path.startsWith(`${dir}/`)),
  });
}

/** What the download cache holds: names only. */
function cacheFiles(home: TempHome): string[] {
  const dir = join(home.cacheHome, 'go-setup-wizard');
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

/** What a brand-new terminal sees: only HOME, USER, TERM, a bare PATH and the XDG config dir. */
function freshShell(home: TempHome, args: string[]): string {
  const env = { HOME: home.home, USER: 'user', TERM: 'dumb', PATH: '/usr/bin:/bin', XDG_CONFIG_HOME: home.configHome, XDG_DATA_HOME: home.dataHome };
  const result = spawnSync(args[0]!, [...args.slice(1), 'command -v go; go version'], { env, encoding: 'utf8', input: '' });
  return result.stdout;
}

/** An awkward HOME: CRLF ~/.profile, symlinked ~/.bashrc without a final newline, an older Go at the target. */
function awkwardHome(home: TempHome): void {
  writeFileSync(join(home.home, '.profile'), 'export EDITOR=vi\r\n# keep me\r\n', { mode: 0o640 });
  mkdirSync(join(home.home, 'dotfiles'));
  writeFileSync(join(home.home, 'dotfiles/bashrc'), 'alias ll="ls -l"');
  symlinkSync('dotfiles/bashrc', join(home.home, '.bashrc'));
  mkdirSync(join(home.home, '.local/go/bin'), { recursive: true });
  writeFileSync(join(home.home, '.local/go/VERSION'), 'go1.18.1\ntime 2022\n');
  writeFileSync(join(home.home, '.local/go/bin/go'), '#!/bin/sh\necho "go version go1.18.1 linux/amd64"\n', { mode: 0o755 });
  mkdirSync(join(home.home, '.local/go/src'));
  mkdirSync(join(home.configHome, 'go'), { recursive: true });
  writeFileSync(join(home.configHome, 'go/env'), 'GOPRIVATE=example.com\n');
  chmodSync(join(home.configHome, 'go/env'), 0o600);
}

describe('sh export run alone (bash, real Go 1.19.8 from the loopback mirror)', { timeout: 300_000 }, () => {
  test('installs a Go that fresh bash, zsh and fish shells find; re-planning finds nothing to do; its uninstall script uninstalls byte for byte', async () => {
    const home = createTempHome({ skel: true });
    try {
      const beforeInstall = snapshot(home);
      const plan = await buildPlan(buildInput(home, { release, options: { shells: ['bash', 'zsh', 'fish'], goproxy: 'goproxy.cn' } }));
      const script = await renderExport(plan, 'sh', t);
      assert.equal(shellcheck(script), '');
      assert.equal(shellcheck(renderRollbackScript(plan)), '');

      const run = await runScript(home, script);
      assert.equal(run.status, 0, run.output);
      assert.match(run.output, /hello world: hello, world/);

      const goBinary = join(home.home, '.local/go/bin/go');
      for (const shell of [['bash', '-lc'], ['bash', '-ic'], ['zsh', '-lc'], ['zsh', '-ic'], ['fish', '-c']]) {
        const out = freshShell(home, shell);
        assert.ok(out.includes(`${goBinary}\ngo version go1.19.8 linux/amd64`), `${shell.join(' ')} → ${out}`);
      }
      assert.match(readFileSync(join(home.configHome, 'go/env'), 'utf8'), /GOPROXY=https:\/\/goproxy.cn,direct/);

      const again = await buildPlan(buildInput(home, { release, options: { shells: ['bash', 'zsh', 'fish'], goproxy: 'goproxy.cn' } }));
      assert.equal(again.upToDate, true, again.steps.map((s) => s.id).join(','));
      assert.deepEqual(
        again.steps.map((s) => s.id),
        ['verify'],
      );

      const uninstall = /or bash (\S+\/uninstall\.sh)/.exec(run.output)?.[1];
      assert.ok(uninstall?.startsWith(plan.paths.stateDir), run.output);
      const undo = spawnSync('bash', [uninstall!], { env: home.env, encoding: 'utf8' });
      assert.equal(undo.status, 0, undo.stdout + undo.stderr);
      assertSameTree(beforeInstall, snapshot(home), 'HOME after the uninstall script');
      // The verified archive stays in the cache for the next install (prune clears it); nothing else is left there.
      assert.deepEqual(cacheFiles(home), [`${release.sha256}.tar.gz`]);
    } finally {
      home.cleanup();
    }
  });

  test('a wrong sha256 fails the download and the trap restores everything byte for byte', async () => {
    const home = createTempHome();
    try {
      awkwardHome(home);
      const beforeRun = snapshot(home);
      const plan = await buildPlan(buildInput(home, { release: { ...release, sha256: 'f'.repeat(64), sha256Source: '--sha256' } }));
      const run = await runScript(home, await renderExport(plan, 'sh', t));
      assert.equal(run.status, 1, run.output);
      assert.match(run.output, /checksum mismatch/);
      assertSameTree(beforeRun, snapshot(home), 'HOME after a checksum failure');
      assert.deepEqual(cacheFiles(home), [], 'the wrong bytes are not kept');
    } finally {
      home.cleanup();
    }
  });

  test('a 404 fails the download with a clear message and the trap restores everything byte for byte', async () => {
    const home = createTempHome();
    try {
      awkwardHome(home);
      const beforeRun = snapshot(home);
      const plan = await buildPlan(buildInput(home, { release: { ...release, url: `${mirror.dlUrl}missing/${release.filename}` } }));
      const run = await runScript(home, await renderExport(plan, 'sh', t));
      assert.equal(run.status, 1, run.output);
      assert.match(run.output, /could not download http:\/\/127\.0\.0\.1:\d+\/dl\/missing\/go1\.19\.8\.linux-amd64\.tar\.gz/);
      assertSameTree(beforeRun, snapshot(home), 'HOME after a 404');
      assert.deepEqual(cacheFiles(home), []);
    } finally {
      home.cleanup();
    }
  });

  test('a failing verify (the last step) rolls back every step: old Go back, CRLF and symlinked profiles, go env byte for byte', async () => {
    const home = createTempHome({ skel: false });
    try {
      awkwardHome(home);
      const beforeRun = snapshot(home);
      const plan: Plan = await buildPlan(buildInput(home, { release, options: { shells: ['bash', 'zsh'], goproxy: 'official', gopath: join(home.home, 'work') } }));
      assert.deepEqual(
        plan.steps.map((s) => s.id),
        ['check-space', 'prepare-staging', 'download', 'extract', 'move-aside', 'place', 'env-files', 'profile-profile', 'profile-bashrc', 'profile-zshenv', 'go-env', 'verify'],
      );
      // Force the proof to fail after every change was made: it now expects a version that is not there.
      const verify = portablePlan(plan).steps.at(-1)!;
      verify.run = verify.run.replace("gsw_want='go version go1.19.8 '", "gsw_want='go version go1.99.0 '");
      const run = await runScript(home, await renderExport(plan, 'sh', t));
      assert.equal(run.status, 1, run.output);
      assert.match(run.output, /everything this script changed was restored/);
      assertSameTree(beforeRun, snapshot(home), 'HOME after a failed verify');
    } finally {
      home.cleanup();
    }
  });
});
