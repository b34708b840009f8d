// The native proof and the exported script's proof give `go` the same environment: the hello world's (complete,
// clean) and the module check's (the user's, with scratch caches). A stand-in `go` writes down what it was given
// each way; the two records must be the same but for the scratch dir's name.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { verifyInstall } from '../../src/engine/verify.js';
import { buildPlan } from '../../src/plan/build.js';
import { createTempHome } from '../helpers/temp-home.js';
import { buildInput, FAKE_RELEASE } from '../plan/helpers.js';

/** Variables a shell adds by itself when it runs the stand-in (not part of what the proof set). */
const SHELL_OWN = new Set(['PWD', 'OLDPWD', 'SHLVL', '_']);

function standInGo(goroot: string, records: string): void {
  mkdirSync(join(goroot, 'bin'), { recursive: true });
  mkdirSync(join(goroot, 'src'), { recursive: true });
  writeFileSync(join(goroot, 'VERSION'), `${FAKE_RELEASE.version}\n`);
  const go = join(goroot, 'bin/go');
  writeFileSync(
    go,
    [
      '#!/bin/sh',
      `side=$(cat ${records}/side)`,
      'case "$1" in',
      `  version) echo 'go version ${FAKE_RELEASE.version} linux/amd64' ;;`,
      `  run) env > ${records}/$side.hello; pwd -P >> ${records}/$side.hello.dir; echo 'hello, world' ;;`,
      `  mod) env > ${records}/$side.modules; pwd -P >> ${records}/$side.modules.dir; echo '{"Zip": "/x.zip"}' ;;`,
      '  *) exit 1 ;;',
      'esac',
      '',
    ].join('\n'),
  );
  chmodSync(go, 0o755);
}

/** The environment a record holds, with its scratch dir named <scratch> and the shell's own variables left out. */
function record(records: string, name: string): string[] {
  const dir = readFileSync(join(records, `${name}.dir`), 'utf8').trim();
  return readFileSync(join(records, name), 'utf8')
    .split('\n')
    .filter((line) => line && !SHELL_OWN.has(line.slice(0, line.indexOf('='))))
    .map((line) => line.split(dir).join('<scratch>'))
    .sort();
}

test('hello world and module check: the same environment natively and in the exported verify step', async (t) => {
  const home = createTempHome();
  t.after(() => home.cleanup());
  const records = join(home.root, 'records');
  mkdirSync(records);
  const goroot = join(home.root, 'go');
  standInGo(goroot, records);
  const plan = await buildPlan(buildInput(home, { options: { shells: 'none', installDir: goroot } }));
  const verify = plan.steps.find((step) => step.id === 'verify');
  assert.ok(verify, plan.steps.map((step) => step.id).join(', '));
  const env = { PATH: '/usr/bin:/bin', HOME: home.home, LANG: 'C.UTF-8', GOPROXY: 'http://127.0.0.1:9/mod' };

  writeFileSync(join(records, 'side'), 'native');
  const failed = await verifyInstall(plan, env, () => {});
  assert.deepEqual(failed, []);

  writeFileSync(join(records, 'side'), 'export');
  const exported = spawnSync('bash', ['-c', verify.run], { env, encoding: 'utf8' });
  assert.equal(exported.status, 0, exported.stderr);

  assert.deepEqual(readdirSync(records).sort(), ['export.hello', 'export.hello.dir', 'export.modules', 'export.modules.dir', 'native.hello', 'native.hello.dir', 'native.modules', 'native.modules.dir', 'side']);
  const hello = record(records, 'native.hello');
  assert.deepEqual(record(records, 'export.hello'), hello);
  assert.ok(hello.includes('GOPROXY=off') && hello.includes('HOME=<scratch>'), hello.join('\n'));
  const modules = record(records, 'native.modules');
  assert.deepEqual(record(records, 'export.modules'), modules);
  assert.ok(modules.includes('GOPROXY=http://127.0.0.1:9/mod') && modules.includes('GOCACHE=<scratch>/cache'), modules.join('\n'));
});
