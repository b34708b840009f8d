// The file changes the executor makes itself (place, env-files, the profile edits: Step.changes) against their bash,
// the `run` the preview shows and sudo and the exported script run: the same bytes, modes and inodes, and the same
// failures, on real plans and on the awk edge cases (CRLF lines, bytes that are not UTF-8, no final newline).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { checkStagedTree, runNativeStep } from '../../src/engine/native-steps.js';
import { createTranslator } from '../../src/i18n/index.js';
import { buildPlan } from '../../src/plan/build.js';
import { changesScript } from '../../src/plan/file-changes.js';
import { BLOCK_BEGIN, BLOCK_END } from '../../src/shell/profiles.js';
import type { FileChange, Plan, Step } from '../../src/types.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { describeTree } from '../helpers/tree-hash.js';
import { buildInput } from '../plan/helpers.js';

const t = createTranslator('en');
let homes: TempHome[] = [];

beforeEach(() => {
  homes = [];
});
afterEach(() => {
  for (const home of homes) home.cleanup();
});

function newHome(): TempHome {
  const home = createTempHome({ skel: true });
  homes.push(home);
  return home;
}

/** The step's bash, as the executor would run it (set -euo pipefail). */
function bash(script: string): { code: number | null; stderr: string } {
  const run = spawnSync('bash', ['-c', `set -euo pipefail\n${script}`], { encoding: 'utf8' });
  return { code: run.status, stderr: run.stderr.trim() };
}

function native(step: Pick<Step, 'id' | 'title' | 'native' | 'changes'>): { ok: true } | { ok: false; error: string } {
  try {
    runNativeStep(step as Step, t);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

const asStep = (changes: FileChange[]) => ({ id: 'edit', title: 'Edit', native: 'file-changes' as const, changes });

/** The home's files, with the temp root written as /ROOT so that two homes compare. */
function treeOf(home: TempHome) {
  return describeTree(home.root, {
    normalise: (content) => Buffer.from(content.toString('latin1').split(home.root).join('/ROOT'), 'latin1'),
  }).map(({ uid: _uid, gid: _gid, ...rest }) => rest);
}

const fileSteps = (plan: Plan) => plan.steps.filter((step) => step.id === 'env-files' || step.id.startsWith('profile-'));

describe('a real plan: env-files and the profile edits', () => {
  for (const [name, options] of [
    ['bash, zsh and fish', { shells: ['bash', 'zsh', 'fish'] as const }],
    ['a persisted proxy (env.sh and env.fish private)', { shells: ['bash', 'fish'] as const, persistProxy: true, httpsProxy: "http://u:p$'x@127.0.0.1:1" }],
  ] as const) {
    test(`${name}: the steps are native, their run is written from their changes, and both leave the same files`, async () => {
      const viaBash = newHome();
      const viaNative = newHome();
      const planFor = (home: TempHome) => buildPlan(buildInput(home, { options: { ...options, shells: [...options.shells] } }));
      const [bashPlan, nativePlan] = await Promise.all([planFor(viaBash), planFor(viaNative)]);
      assert.ok(fileSteps(bashPlan).length >= 3, fileSteps(bashPlan).map((s) => s.id).join(' '));
      for (const step of fileSteps(bashPlan)) {
        assert.equal(step.native, 'file-changes', step.id);
        assert.equal(step.run, changesScript(step.changes!), step.id);
        const run = bash(step.run);
        assert.equal(run.code, 0, `${step.id}: ${run.stderr}`);
      }
      for (const step of fileSteps(nativePlan)) assert.deepEqual(native(step), { ok: true }, step.id);
      assert.deepEqual(treeOf(viaNative), treeOf(viaBash));
    });
  }

  test('a profile step of a root file stays bash (through sudo) unless the wizard is root', async () => {
    const home = newHome();
    const system = { options: { scope: 'system' as const, installDir: join(home.root, 'opt/go') } };
    const step = (await buildPlan(buildInput(home, system))).steps.find((s) => s.id === 'profile-system');
    assert.ok(step, 'a system install edits the system profile');
    assert.equal(step.native, undefined);
    assert.ok(step.changes?.length, 'the changes are still data');
    const asRoot = buildInput(home, system);
    const rootPlan = await buildPlan({ ...asRoot, detection: { ...asRoot.detection, user: { ...asRoot.detection.user, uid: 0, isRoot: true } } });
    assert.equal(rootPlan.steps.find((s) => s.id === 'profile-system')?.native, 'file-changes');
  });

  test('place: native, the staged tree renamed into place and the staging directory removed, as mv -T and rmdir do', async () => {
    const step = (await buildPlan(buildInput(newHome()))).steps.find((s) => s.id === 'place')!;
    assert.equal(step.native, 'file-changes');
    assert.deepEqual(
      step.changes!.map((c) => c.kind),
      ['rename', 'rmdir'],
    );
    assert.equal(step.run, changesScript(step.changes!));
  });
});

describe('each change, natively and in bash, in two directories', () => {
  /** Makes `setup(dir)` in two fresh dirs, applies `changes(dir)` by bash in one and natively in the other. */
  function both(setup: (dir: string) => void, changes: (dir: string) => FileChange[]) {
    const home = newHome();
    const [a, b] = [join(home.root, 'a'), join(home.root, 'b')];
    for (const dir of [a, b]) {
      mkdirSync(dir);
      setup(dir);
    }
    const inodes = (dir: string) => changes(dir).flatMap((c) => ('path' in c && existsSync(c.path) ? [[c.path.slice(dir.length), statSync(c.path).ino]] : []));
    const before = { a: inodes(a), b: inodes(b) };
    const byBash = bash(changesScript(changes(a)));
    const byNative = native(asStep(changes(b)));
    const tree = (dir: string) => describeTree(dir).map(({ uid: _uid, gid: _gid, ...rest }) => rest);
    const kept = (dir: string, was: (string | number)[][]) => was.every(([rel, ino]) => statSync(dir + rel).ino === ino);
    return { byBash, byNative, same: () => assert.deepEqual(tree(b), tree(a)), a, b, inodesKept: () => [kept(a, before.a), kept(b, before.b)] };
  }

  const block = [BLOCK_BEGIN, '# new block, é', 'if [ -f /x/env.sh ]; then . /x/env.sh; fi', BLOCK_END].join('\n');
  const oldBlock = [BLOCK_BEGIN, 'old', BLOCK_END].join('\n');

  const replaceCases: [string, Buffer][] = [
    ['LF lines, text after the block', Buffer.from(`# mine\n${oldBlock}\nalias ll='ls -l'\n`)],
    ['CRLF lines and no final newline', Buffer.from(`# mine\r\n${oldBlock.split('\n').join('\r\n')}\r\nexport A=1`)],
    ['bytes that are not UTF-8, and a second block', Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9, 0xff]), Buffer.from(`\n${oldBlock}\nmiddle\n${oldBlock}\nend\n`)])],
    ['only the block, then an empty line', Buffer.from(`${oldBlock}\n\n`)],
    ['no block any more (the user removed it since the plan)', Buffer.from('# mine\nno final newline')],
    ['empty', Buffer.alloc(0)],
  ];
  for (const [name, content] of replaceCases) {
    test(`replace-block, ${name}: same bytes, the mode and the inode kept`, () => {
      const run = both(
        (dir) => {
          writeFileSync(join(dir, '.bashrc'), content);
          chmodSync(join(dir, '.bashrc'), 0o640);
        },
        (dir) => [{ kind: 'replace-block', path: join(dir, '.bashrc'), block }],
      );
      assert.equal(run.byBash.code, 0, run.byBash.stderr);
      assert.deepEqual(run.byNative, { ok: true });
      run.same();
      assert.deepEqual(run.inodesKept(), [true, true]);
      assert.deepEqual(readFileSync(join(run.b, '.bashrc')), readFileSync(join(run.a, '.bashrc')));
    });
  }

  for (const separator of ['', '\n'] as const) {
    test(`append-block${separator ? ' after a separator' : ''}, to an existing file and to a missing one in a new directory`, () => {
      const run = both(
        (dir) => writeFileSync(join(dir, '.profile'), separator ? '# no final newline' : '# mine\n'),
        (dir) => [
          { kind: 'append-block', path: join(dir, '.profile'), block, separator },
          { kind: 'mkdir', path: join(dir, 'conf/fish/conf.d') },
          { kind: 'append-block', path: join(dir, 'conf/fish/conf.d/go.fish'), block, separator: '' },
        ],
      );
      assert.equal(run.byBash.code, 0, run.byBash.stderr);
      assert.deepEqual(run.byNative, { ok: true });
      run.same();
    });
  }

  test('write: a secret file is 0600 before its content arrives, an existing 0644 one too; a plain one keeps its mode', () => {
    const run = both(
      (dir) => {
        writeFileSync(join(dir, 'old.sh'), 'old\n');
        chmodSync(join(dir, 'old.sh'), 0o644);
        writeFileSync(join(dir, 'plain.sh'), 'a much longer old content\n');
        chmodSync(join(dir, 'plain.sh'), 0o604);
      },
      (dir) => [
        { kind: 'mkdir', path: dir },
        { kind: 'write', path: join(dir, 'new.sh'), content: "export https_proxy='http://u:p@h:1'\n", secret: true },
        { kind: 'write', path: join(dir, 'old.sh'), content: 'secret\n', secret: true },
        { kind: 'write', path: join(dir, 'plain.sh'), content: "# $PATH, `x` and 'quotes'\\", secret: false },
        { kind: 'write', path: join(dir, 'fresh.sh'), content: 'x', secret: false },
      ],
    );
    assert.equal(run.byBash.code, 0, run.byBash.stderr);
    assert.deepEqual(run.byNative, { ok: true });
    run.same();
    assert.equal(statSync(join(run.b, 'old.sh')).mode & 0o777, 0o600);
    assert.deepEqual(run.inodesKept(), [true, true]);
  });

  test('rename and rmdir: the staged tree goes into place; a target that is not empty makes both fail and changes nothing', () => {
    const setup = (dir: string) => {
      mkdirSync(join(dir, 'staging/go/bin'), { recursive: true });
      writeFileSync(join(dir, 'staging/go/bin/go'), '#!/bin/sh\n');
    };
    const place = (dir: string): FileChange[] => [
      { kind: 'rename', from: join(dir, 'staging/go'), to: join(dir, 'go') },
      { kind: 'rmdir', path: join(dir, 'staging') },
    ];
    const ok = both(setup, place);
    assert.equal(ok.byBash.code, 0, ok.byBash.stderr);
    assert.deepEqual(ok.byNative, { ok: true });
    ok.same();
    assert.ok(!existsSync(join(ok.b, 'staging')) && existsSync(join(ok.b, 'go/bin/go')));

    const blocked = both((dir) => {
      setup(dir);
      mkdirSync(join(dir, 'go'));
      writeFileSync(join(dir, 'go/user-file'), 'mine');
    }, place);
    assert.notEqual(blocked.byBash.code, 0);
    assert.equal(blocked.byNative.ok, false);
    assert.match((blocked.byNative as { error: string }).error, /^Edit failed: ENOTEMPTY/);
    blocked.same();
    assert.ok(existsSync(join(blocked.b, 'staging/go/bin/go')) && existsSync(join(blocked.b, 'go/user-file')));
  });
});

describe('check-tree (the staged go version), natively and in bash', () => {
  /** A staged `go` that reports `version` and the environment it was given. */
  async function stagedStep(version: string): Promise<Step> {
    const home = newHome();
    const step = (await buildPlan(buildInput(home))).steps.find((s) => s.id === 'extract')!;
    assert.equal(step.native, 'check-tree');
    mkdirSync(dirname(step.staged!.go), { recursive: true });
    writeFileSync(step.staged!.go, `#!/bin/sh\necho "go version ${version} linux/amd64 HOME=$HOME GOTOOLCHAIN=$GOTOOLCHAIN GOROOT=\${GOROOT-unset} XDG=\${XDG_CONFIG_HOME-unset}"\n`, { mode: 0o755 });
    return step;
  }
  const env = { ...process.env, GOROOT: '/elsewhere', XDG_CONFIG_HOME: '/config', GOTOOLCHAIN: 'go1.99.0' };
  const byBash = (step: Step) => {
    const run = spawnSync('bash', ['-c', `set -euo pipefail\n${step.run}`], { encoding: 'utf8', env });
    return { code: run.status, stdout: run.stdout.trim(), stderr: run.stderr.trim() };
  };
  const byNative = async (step: Step) => {
    const lines: string[] = [];
    try {
      await checkStagedTree(step, env, (line) => lines.push(line), t);
      return { ok: true, lines };
    } catch (error) {
      return { ok: false, error: (error as Error).message, lines };
    }
  };

  test('the release it names: both pass and print the same line, with the same environment', async () => {
    const step = await stagedStep('go1.19.8');
    const bash = byBash(step);
    assert.equal(bash.code, 0, bash.stderr);
    assert.match(bash.stdout, /HOME=\/nonexistent GOTOOLCHAIN=local GOROOT=unset XDG=unset$/);
    assert.deepEqual(await byNative(step), { ok: true, lines: [bash.stdout] });
  });

  test('another release: both fail with the same reason', async () => {
    const step = await stagedStep('go1.19.80');
    const bash = byBash(step);
    assert.equal(bash.code, 1);
    const native = await byNative(step);
    assert.equal(native.ok, false);
    assert.equal(native.error, `Check the unpacked tree failed: ${bash.stderr}`);
  });

  test('a go that does not run: both fail', async () => {
    const step = await stagedStep('go1.19.8');
    writeFileSync(step.staged!.go, '#!/bin/sh\necho broken >&2\nexit 3\n');
    assert.equal(byBash(step).code, 3);
    const native = await byNative(step);
    assert.equal(native.ok, false);
    assert.equal(native.error, 'Check the unpacked tree failed: broken');
  });
});
