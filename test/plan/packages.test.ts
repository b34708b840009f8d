// apt and snap: the steps from what `apt-cache policy` offers (the real one on this machine, read-only, and canned
// texts; reading it is tested in test/apt), and the snap steps (snap itself cannot run here: those tests use a mock and say so).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { buildPlan } from '../../src/plan/build.js';
import { parseAptPolicy } from '../../src/apt/candidates.js';
import { commandQuery, type CommandQuery } from '../../src/host/query.js';
import { createTempHome } from '../helpers/temp-home.js';
import { buildInput } from './helpers.js';

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
        return { exitCode: 1, stdout: '' };
      };
      const latest = await buildPlan(buildInput(home, { release: null, query, options: { method: 'snap', shells: 'none' } }));
      assert.equal(latest.steps[0]!.run, 'snap install go --classic --channel=latest/stable');
      assert.deepEqual(latest.steps[0]!.packages, ['go']);
      assert.equal(latest.steps[0]!.root, true);
      assert.equal(latest.goroot, '/snap/go/current');
      assert.deepEqual(calls, ['snap list go']);
    } finally {
      home.cleanup();
    }
  });

  test('mock snap: already installed → no install step, a note instead', async () => {
    const home = createTempHome();
    try {
      const query: CommandQuery = async () => ({ exitCode: 0, stdout: 'Name  Version  Rev    Tracking       Publisher   Notes\ngo    1.22.5   10660  1.22/stable    mwhudson    classic\n' });
      const plan = await buildPlan(buildInput(home, { release: null, query, options: { method: 'snap', goVersion: '1.22', shells: 'none' } }));
      assert.ok(!plan.steps.some((s) => s.id === 'snap-install'));
      assert.match(plan.warnings.join(' '), /already installed/);
      assert.match(plan.steps.at(-1)!.run, /gsw_want='go version go1\.22'/);
    } finally {
      home.cleanup();
    }
  });
});
