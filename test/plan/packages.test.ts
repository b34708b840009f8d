// apt and snap: the steps from what `apt-cache policy` offers (the real one on this machine, read-only, and canned
// texts; reading it is tested in test/apt), and the snap steps (snap itself cannot run here: those tests use a mock and say so).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, test } from 'node:test';
import { ensureBuilt, runCli } from '../cli/built-cli.js';
import { buildPlan } from '../../src/plan/build.js';
import { parseAptPolicy } from '../../src/apt/candidates.js';
import { commandQuery, type CommandQuery } from '../../src/host/query.js';
import { createTempHome } from '../helpers/temp-home.js';
import { buildInput } from './helpers.js';
import { localDisk, type DiskView } from '../../src/host/disk.js';
import { SNAPD_SOCKET } from '../../src/apt/snap.js';

/** This machine's files, but with snapd's socket present or absent as the mock says. */
function withSnapSocket(present: boolean): DiskView {
  return { ...localDisk, stat: (path) => (path !== SNAPD_SOCKET ? localDisk.stat(path) : present ? { kind: 'other', size: 0, mode: 0o666, device: 0 } : null) };
}

const noble = [
  'golang-go:',
  '  Installed: (none)',
  '  Candidate: 2:1.22~2build1',
  '  Version table:',
  '     2:1.22~2build1 500',
  'golang-1.21-go:',
  '  Installed: 1.21.1-1',
  '  Candidate: 1.21.1-1',
  'golang-1.22-go:',
  '  Installed: (none)',
  '  Candidate: 1.22.2-2ubuntu0.1',
  'golang-1.23-go:',
  '  Installed: (none)',
  '  Candidate: (none)',
  '',
].join('\n');

describe('apt-cache policy', () => {
  test('an already installed package: no apt steps, nothing to undo', async () => {
    const home = createTempHome();
    try {
      const query: CommandQuery = async () => ({ exitCode: 0, stdout: noble });
      const plan = await buildPlan(buildInput(home, { release: null, query, options: { method: 'apt', goVersion: '1.21', shells: 'none' } }));
      assert.deepEqual(plan.steps.map((s) => s.id), ['env-files', 'verify']);
      assert.equal(plan.goroot, '/usr/lib/go-1.21');
      // Both proofs hold the new go to the chosen minor: the native one reads the step's prefix, the exported one has it.
      const verify = plan.steps.find((s) => s.id === 'verify')!;
      assert.equal(verify.versionPrefix, 'go version go1.21');
      assert.ok(verify.run.includes("gsw_want='go version go1.21'"), verify.run);
      await assert.rejects(buildPlan(buildInput(home, { release: null, query, options: { method: 'apt', goVersion: '1.27' } })), /apt offers no Go 1\.27 here \(it has: 1\.22, 1\.21\)/);
    } finally {
      home.cleanup();
    }
  });

  test('the real apt-cache of this machine (read-only query)', { skip: spawnSync('apt-cache', ['--version']).error ? 'apt-cache is not installed' : false }, async () => {
    const home = createTempHome();
    try {
      const query = commandQuery();
      const plan = await buildPlan(buildInput(home, { release: null, query, options: { method: 'apt', shells: 'none' } }));
      const real = parseAptPolicy((await query('apt-cache', ['policy', 'golang-go', 'golang-1.*-go'])).stdout);
      const best = Math.max(...real.map((c) => c.minor));
      assert.equal(plan.goroot, `/usr/lib/go-1.${best}`);
      const install = plan.steps.find((s) => s.id === 'apt-install');
      // The step lists what apt says it would add: the package itself and its Depends (no Recommends).
      if (real.find((c) => c.minor === best && c.name === 'golang-go' && !c.installed)) assert.ok(install?.packages?.includes('golang-go'), String(install?.packages));
      assert.match(install?.run ?? '', /apt-get install -y --no-install-recommends -- golang-go\n/);
    } finally {
      home.cleanup();
    }
  });
});

describe('snap (mock snap: snapd cannot run here)', () => {
  test('mock snap: not installed → snap install with the channel of the request; undo snap remove', async () => {
    const home = createTempHome();
    try {
      const calls: string[] = [];
      const query: CommandQuery = async (command, args) => {
        calls.push([command, ...args].join(' '));
        return command === 'sh' ? { exitCode: 0, stdout: '/usr/bin/snap\n' } : { exitCode: 1, stdout: '' };
      };
      const latest = await buildPlan(buildInput(home, { release: null, query, disk: withSnapSocket(true), options: { method: 'snap', shells: 'none' } }));
      assert.equal(latest.steps[0]!.run, 'snap install go --classic --channel=latest/stable');
      assert.deepEqual(latest.steps[0]!.packages, ['go']);
      assert.equal(latest.steps[0]!.root, true);
      assert.equal(latest.goroot, '/snap/go/current');
      assert.deepEqual(calls, ['sh -c command -v snap', 'snap list go']);
    } finally {
      home.cleanup();
    }
  });

  test('mock snap: already installed → no install step, a note instead', async () => {
    const home = createTempHome();
    try {
      // snapd answers through systemctl here (no socket in the mock's file system).
      const query: CommandQuery = async (command) =>
        command === 'systemctl'
          ? { exitCode: 0, stdout: 'active\n' }
          : { exitCode: 0, stdout: 'Name  Version  Rev    Tracking       Publisher   Notes\ngo    1.22.5   10660  1.22/stable    mwhudson    classic\n' };
      const plan = await buildPlan(buildInput(home, { release: null, query, disk: withSnapSocket(false), options: { method: 'snap', goVersion: '1.22', shells: 'none' } }));
      assert.ok(!plan.steps.some((s) => s.id === 'snap-install'));
      assert.match(plan.warnings.join(' '), /already installed/);
      assert.match(plan.steps.at(-1)!.run, /gsw_want='go version go1\.22'/);
    } finally {
      home.cleanup();
    }
  });

  test('snap unavailable → plan refuses (exit 2) with the reason: no snap command; snap without a running snapd (mock snap)', async () => {
    const home = createTempHome();
    try {
      const noSnap: CommandQuery = async () => ({ exitCode: 1, stdout: '' });
      const input = (query: CommandQuery) => buildInput(home, { release: null, query, disk: withSnapSocket(false), options: { method: 'snap', shells: 'none' } });
      await assert.rejects(buildPlan(input(noSnap)), (error: Error & { exitCode?: number }) => {
        assert.match(error.message, /^--method snap cannot work here: snap is not installed here \(no snap command on PATH\)/);
        return true;
      });
      const noDaemon: CommandQuery = async (command) =>
        command === 'sh' ? { exitCode: 0, stdout: '/usr/bin/snap\n' } : { exitCode: 3, stdout: command === 'systemctl' ? 'inactive\n' : '' };
      await assert.rejects(buildPlan(input(noDaemon)), /snapd is not running here \(no \/run\/snapd\.socket/);
    } finally {
      home.cleanup();
    }
  });

  test('this machine (real): snap unavailable unless snapd runs; the CLI exits 2 with the reason', { skip: existsSync('/run/snapd.socket') ? 'snapd runs here' : false }, async () => {
    await ensureBuilt();
    const home = createTempHome();
    try {
      const result = await runCli(['plan', '--method', 'snap', '--shells', 'none'], { env: home.env });
      assert.equal(result.code, 2, result.stdout + result.stderr);
      assert.match(result.stderr, /--method snap cannot work here: (snap is not installed|snapd is not running)/);
      assert.equal(result.stdout, '');
    } finally {
      home.cleanup();
    }
  });
});

describe("apt's Go against the supported releases", () => {
  const releases = ['go1.27.1', 'go1.27.0', 'go1.26.3', 'go1.25.9'].map((version) => ({ version, stable: true, files: [] }));

  test('an unsupported apt Go is warned about, naming what the tarball would give; a supported one is not', async () => {
    const home = createTempHome();
    try {
      const policy = (minor: number) => `golang-go:\n  Installed: (none)\n  Candidate: 2:1.${minor}~1\n`;
      const query = (minor: number): CommandQuery => async (command) => (command === 'apt-cache' ? { exitCode: 0, stdout: policy(minor) } : { exitCode: 1, stdout: '' });
      const old = await buildPlan(buildInput(home, { release: null, releases, query: query(19), options: { method: 'apt', shells: 'none' } }));
      assert.ok(
        old.warnings.includes(
          "apt's Go here is 1.19, which is no longer supported (supported: 1.27, 1.26); modules that declare a newer go line will not build with it. The tarball method would give go1.27.1.",
        ),
        old.warnings.join('\n'),
      );
      const current = await buildPlan(buildInput(home, { release: null, releases, query: query(26), options: { method: 'apt', shells: 'none' } }));
      assert.ok(!current.warnings.some((w) => /no longer supported/.test(w)), current.warnings.join('\n'));
    } finally {
      home.cleanup();
    }
  });
});
