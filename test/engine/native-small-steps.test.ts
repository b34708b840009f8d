// check-space and prepare-staging as the executor performs them itself (statfs, mkdir — no bash, no df): the same
// verdicts, messages and directories as their `run`, the bash the exported script runs, on one real plan.
// (test/plan/space.test.ts compares the two on tmpfs mounts of known sizes, as root.)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { runNativeStep } from '../../src/engine/native-steps.js';
import { createTranslator } from '../../src/i18n/index.js';
import { buildPlan } from '../../src/plan/build.js';
import type { Plan, Step } from '../../src/types.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { buildInput, FAKE_RELEASE } from '../plan/helpers.js';

const t = createTranslator('en');
let home: TempHome;

beforeEach(() => {
  home = createTempHome();
});
afterEach(() => home.cleanup());

async function plan(options: Parameters<typeof buildInput>[1] = {}): Promise<Plan> {
  return buildPlan(buildInput(home, options));
}

const stepOf = (p: Plan, id: string): Step => p.steps.find((s) => s.id === id)!;

/** The step's bash, as the executor would run it (set -euo pipefail). */
function bash(step: Step): { code: number | null; stderr: string } {
  const run = spawnSync('bash', ['-c', `set -euo pipefail\n${step.run}`], { encoding: 'utf8' });
  return { code: run.status, stderr: run.stderr.trim() };
}

function native(step: Step): { ok: true } | { ok: false; error: string } {
  try {
    runNativeStep(step, t);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

describe('check-space, natively and in bash', () => {
  test('the plan marks it native, with its figures as data, and its bash asks df about the same directories', async () => {
    const p = await plan();
    const step = stepOf(p, 'check-space');
    assert.equal(step.native, 'check-space');
    assert.ok(step.space && step.space.places.length > 0);
    for (const { dir } of step.space.places) assert.ok(step.run.includes(`df -Pk -- ${dir}`), `${dir} in ${step.run}`);
  });

  test('room enough: both pass', async () => {
    const step = stepOf(await plan({ release: { ...FAKE_RELEASE, size: 1024 } }), 'check-space');
    assert.equal(bash(step).code, 0, bash(step).stderr);
    assert.deepEqual(native(step), { ok: true });
  });

  test('an archive no filesystem can hold: both refuse with the same figures', async () => {
    // 1 PiB: unpacked 3.5 PiB beside the target, and the archive twice in the cache.
    const step = stepOf(await plan({ release: { ...FAKE_RELEASE, size: 2 ** 50 } }), 'check-space');
    const run = bash(step);
    assert.equal(run.code, 1);
    const figures = /^not enough free space in (\S+): (\d+) MiB needed, (\d+) MiB free$/;
    const byBash = figures.exec(run.stderr);
    assert.ok(byBash, run.stderr);
    const result = native(step);
    assert.equal(result.ok, false);
    const error = (result as { error: string }).error;
    assert.ok(error.startsWith('Check free disk space failed: '), error);
    const byNative = figures.exec(error.slice('Check free disk space failed: '.length));
    assert.ok(byNative, error);
    // The same place and need; the free space may have moved a little in between (the machine is shared).
    assert.deepEqual(byNative.slice(1, 3), byBash.slice(1, 3));
    assert.ok(Math.abs(Number(byNative[3]) - Number(byBash[3])) <= 64, `${byNative[3]} MiB free natively, ${byBash[3]} MiB by df`);
  });

  test('the cache share is worked out when it runs: a verified archive already cached needs no room in the cache', async () => {
    // One filesystem for the tree and the cache: an archive whose tree (3.5×) fits but not with the archive and the
    // parts fetched ahead (2× more) — 20% of the free space either way, so that other writers do not change the verdict.
    const { bavail, bsize } = statfsSync(home.root);
    const size = Math.floor((bavail * bsize) / 4.5);
    const step = stepOf(await plan({ release: { ...FAKE_RELEASE, size } }), 'check-space');
    assert.equal(step.space!.places.length, 1, 'one filesystem');
    assert.equal(bash(step).code, 1, 'the archive does not fit beside the tree');
    assert.equal(native(step).ok, false);
    const cached = step.space!.cache!.file;
    mkdirSync(dirname(cached), { recursive: true });
    writeFileSync(cached, 'verified');
    assert.equal(bash(step).code, 0, bash(step).stderr);
    assert.deepEqual(native(step), { ok: true });
  });
});

describe('prepare-staging, natively and in bash', () => {
  test('native for a user install, and for a system install only when the wizard is root (else sudo runs its bash)', async () => {
    assert.equal(stepOf(await plan(), 'prepare-staging').native, 'prepare-staging');
    const system = { options: { scope: 'system' as const, installDir: join(home.root, 'opt/go') } };
    assert.equal(stepOf(await plan(system), 'prepare-staging').native, undefined);
    const asRoot = await buildPlan({ ...buildInput(home, system), detection: { ...buildInput(home).detection, user: { ...buildInput(home).detection.user, uid: 0, isRoot: true } } });
    assert.equal(stepOf(asRoot, 'prepare-staging').native, 'prepare-staging');
  });

  test('both make the missing parents and the staging directory, with the same modes', async () => {
    const step = stepOf(await plan(), 'prepare-staging');
    const staging = step.touches[0]!.path;
    assert.ok(!existsSync(dirname(staging)), 'the parent (~/.local) does not exist yet');
    assert.equal(bash(step).code, 0);
    const byBash = [statSync(dirname(staging)).mode, statSync(staging).mode];
    spawnSync('rm', ['-rf', dirname(staging)]);
    assert.deepEqual(native(step), { ok: true });
    assert.deepEqual([statSync(dirname(staging)).mode, statSync(staging).mode], byBash);
  });

  test('a staging directory already there: both fail and leave it as it is', async () => {
    const step = stepOf(await plan(), 'prepare-staging');
    const staging = step.touches[0]!.path;
    mkdirSync(staging, { recursive: true });
    writeFileSync(join(staging, 'kept'), 'x');
    assert.equal(bash(step).code, 1);
    const result = native(step);
    assert.equal(result.ok, false);
    assert.match((result as { error: string }).error, /^Make a staging directory beside the target failed: EEXIST/);
    assert.ok(existsSync(join(staging, 'kept')));
  });
});
