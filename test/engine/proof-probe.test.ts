// What each fresh proof shell runs: from go1.16 on one `go env` gives the version (GOVERSION, GOHOSTOS, GOHOSTARCH)
// and the settings — one go process per shell; before go1.16, and when the plan pins no release, `go version` and
// then `go env`. The native proof and the exported script read the answer the same way and show the same
// `go version` line. A stand-in `go` (first on PATH through the temp HOME's .profile and .bashrc) answers like the
// real one — an older one has no GOVERSION and prints an empty line for it — and writes down each call.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { verifyInstall } from '../../src/engine/verify.js';
import { buildPlan } from '../../src/plan/build.js';
import { probeVersionLine, shellProbe } from '../../src/plan/proof.js';
import { shQuote } from '../../src/shell/quote.js';
import type { EngineEvent, Plan } from '../../src/types.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { buildInput, FAKE_RELEASE } from '../plan/helpers.js';

const homes: TempHome[] = [];
after(() => homes.forEach((home) => home.cleanup()));

const proofPlan = (version: string | null) => ({
  goroot: '/opt/go',
  method: 'tarball' as const,
  conflicts: [],
  options: { method: 'tarball' as const, goVersion: 'latest', mirror: 'official', goproxy: 'keep', persistProxy: false, shells: 'auto' as const, sysroot: '/' },
  release: version === null ? null : { version },
});

describe('the probe each proof shell runs', () => {
  test('go1.16 and later: one go env for the version and the settings; before, or no pinned release: go version', () => {
    for (const version of ['go1.16', 'go1.19.8', 'go1.27.1']) {
      assert.deepEqual(shellProbe(proofPlan(version)), { command: 'command -v go; go env GOVERSION GOHOSTOS GOHOSTARCH GOROOT', versionFromEnv: true, lines: 5 }, version);
    }
    for (const version of [null, 'go1.15.15', 'go1.13.8', 'go1.16rc1', 'not a release']) {
      assert.deepEqual(shellProbe(proofPlan(version)), { command: 'command -v go; go version; go env GOROOT', versionFromEnv: false, lines: 3 }, String(version));
    }
  });

  test('the go version line: as go version printed it, or rebuilt from go env (empty when go has no GOVERSION)', () => {
    const fromEnv = shellProbe(proofPlan('go1.19.8'));
    assert.equal(probeVersionLine(['go1.19.8', 'linux', 'amd64'], fromEnv), 'go version go1.19.8 linux/amd64');
    assert.equal(probeVersionLine(['', 'linux', 'amd64'], fromEnv), '');
    assert.equal(probeVersionLine([], fromEnv), '');
    assert.equal(probeVersionLine(['go version go1.15.15 linux/amd64 '], shellProbe(proofPlan('go1.15.15'))), 'go version go1.15.15 linux/amd64');
  });
});

/** A `go` that answers `version` and `env KEY…` as release `version` would (GOVERSION only from go1.16), logging each call. */
function standInGo(goroot: string, version: string, reportedRoot: string, calls: string): void {
  mkdirSync(join(goroot, 'bin'), { recursive: true });
  mkdirSync(join(goroot, 'src'), { recursive: true });
  writeFileSync(join(goroot, 'VERSION'), `${version}\n`);
  const knowsGoversion = !/^go1\.(\d|1[0-5])(\D|$)/.test(version);
  const go = join(goroot, 'bin/go');
  writeFileSync(
    go,
    [
      '#!/bin/sh',
      `echo "$*" >> ${shQuote(calls)}`,
      'case "$1" in',
      `  version) echo 'go version ${version} linux/amd64' ;;`,
      '  env) shift; for key in "$@"; do case $key in',
      `    GOVERSION) ${knowsGoversion ? `echo ${version}` : 'echo'} ;;`,
      '    GOHOSTOS) echo linux ;;',
      '    GOHOSTARCH) echo amd64 ;;',
      `    GOROOT) echo ${shQuote(reportedRoot)} ;;`,
      '    *) echo ;;',
      '  esac; done ;;',
      "  run) echo 'hello, world' ;;",
      `  mod) echo '{"Error": "offline"}'; exit 1 ;;`,
      '  *) exit 2 ;;',
      'esac',
      '',
    ].join('\n'),
  );
  chmodSync(go, 0o755);
}

interface Proved {
  ok: boolean;
  /** What each shell check showed: natively its event's output, in the export its line. */
  shown: string[];
  /** The stand-in's calls from the shells (the hello world's and the module check's left out). */
  calls: string[];
}

/** What the stand-in's `go env GOROOT` reports: the installed tree, another tree, or a path that does not exist. */
type ReportedRoot = 'installed' | 'other' | 'missing';

async function prove(
  version: string,
  reported: ReportedRoot,
  versionPrefix?: string,
): Promise<{ native: Proved; exported: Proved; otherRoot: string; missingRoot: string; goroot: string }> {
  const home = createTempHome({ skel: true });
  homes.push(home);
  const goroot = join(home.root, 'go');
  const calls = join(home.root, 'calls');
  // Another Go tree that exists (both sides compare resolved paths).
  const otherRoot = join(home.root, 'other-go');
  mkdirSync(otherRoot);
  const missingRoot = join(home.root, 'no-such-dir/go');
  standInGo(goroot, version, { installed: goroot, other: otherRoot, missing: missingRoot }[reported], calls);
  for (const file of ['.profile', '.bashrc']) appendFileSync(join(home.home, file), `\nexport PATH=${shQuote(`${goroot}/bin`)}:"$PATH"\n`);
  const plan: Plan = await buildPlan(buildInput(home, { release: { ...FAKE_RELEASE, version }, options: { shells: ['bash'], installDir: goroot } }));
  const verify = plan.steps.find((step) => step.id === 'verify')!;
  if (versionPrefix) verify.versionPrefix = versionPrefix;
  const env = { PATH: '/usr/bin:/bin', HOME: home.home, LANG: 'C.UTF-8', XDG_CONFIG_HOME: home.configHome, XDG_DATA_HOME: home.dataHome };
  const shellCalls = () => {
    const lines = readFileSync(calls, 'utf8').split('\n').filter((line) => line && !/^(run|mod) /.test(line));
    writeFileSync(calls, '');
    return lines;
  };

  writeFileSync(calls, '');
  const events: EngineEvent[] = [];
  const failed = await verifyInstall(plan, env, (e) => events.push(e));
  const native = {
    ok: failed.length === 0,
    shown: events.flatMap((e) => (e.type === 'verify' && e.check.startsWith('bash') ? [`${e.check}: ${e.output}`] : [])),
    calls: shellCalls(),
  };
  // As the exported script runs its steps: under set -euo pipefail.
  const script = spawnSync('bash', ['-c', `set -euo pipefail\n${verify.run}`], { env, encoding: 'utf8' });
  const exported = {
    ok: script.status === 0,
    shown: `${script.stdout}${script.stderr}`.split('\n').filter((line) => line.startsWith('bash ')),
    calls: shellCalls(),
  };
  return { native, exported, otherRoot, missingRoot, goroot };
}

describe('native proof and exported script with a stand-in go in fresh bash shells', { timeout: 120_000 }, () => {
  for (const [version, calls] of [
    ['go1.19.8', ['env GOVERSION GOHOSTOS GOHOSTARCH GOROOT']],
    ['go1.15.15', ['version', 'env GOROOT']],
  ] as const) {
    test(`${version}: each shell runs ${calls.map((c) => `go ${c}`).join(', then ')}; both show go version ${version}`, async () => {
      const { native, exported } = await prove(version, 'installed');
      for (const side of [native, exported]) assert.equal(side.ok, true, side.shown.join('\n'));
      // The native proof starts both shells at once, so their calls may interleave; the exported script runs one, then the other.
      assert.deepEqual([...native.calls].sort(), [...calls, ...calls].sort(), 'bash -lc and bash -ic');
      assert.deepEqual(exported.calls, [...calls, ...calls], 'bash -lc, then bash -ic');
      const line = `go version ${version} linux/amd64`;
      for (const check of ['bash -lc', 'bash -ic']) {
        assert.ok(native.shown.some((shown) => shown.startsWith(`${check}: `) && shown.includes(`/go/bin/go: ${line}; go env GOROOT as chosen`)), native.shown.join('\n'));
        assert.ok(exported.shown.includes(`${check}: ${line}`), exported.shown.join('\n'));
      }
    });

    test(`${version}: a go env GOROOT that is not the installed tree fails both`, async () => {
      const { native, exported, otherRoot } = await prove(version, 'other');
      assert.equal(native.ok, false);
      assert.equal(exported.ok, false);
      for (const side of [native, exported]) {
        assert.ok(side.shown.length && side.shown.every((shown) => shown.includes(`go env GOROOT is ${otherRoot}, expected`)), side.shown.join('\n'));
      }
      assert.equal(exported.shown.length, 1, 'the script stops at the first shell that fails');
    });

    test(`${version}: the native proof holds go version to the verify step's prefix (apt's chosen minor, say)`, async () => {
      const { native } = await prove(version, 'installed', 'go version go1.21');
      assert.equal(native.ok, false);
      for (const check of ['bash -lc', 'bash -ic']) {
        assert.ok(native.shown.some((shown) => shown.startsWith(`${check}: `) && shown.endsWith(`/go/bin/go: go version ${version} linux/amd64`)), native.shown.join('\n'));
      }
    });

    test(`${version}: a go env GOROOT that does not exist fails both, each naming it as go reported it`, async () => {
      const { native, exported, missingRoot, goroot } = await prove(version, 'missing');
      assert.equal(native.ok, false);
      assert.equal(exported.ok, false);
      for (const side of [native, exported]) {
        assert.ok(side.shown.length && side.shown.every((shown) => shown.includes(`go env GOROOT is ${missingRoot}, expected ${goroot}`)), side.shown.join('\n'));
      }
    });
  }
});
