// The three-way rollback through the REAL bundled CLI with a REAL Go 1.19.8 tree, in temp HOMEs: weeks after an
// install the user edited ~/.profile, set a Go setting of their own with `go env -w` and put files into GOROOT.
// `rollback` previews which case applies to each path, keeps every edit of the user's (taking out only the run's
// block and the Go key it set), moves what the user added to GOROOT into <goroot>.gsw-kept-<runId>, and restores the
// files nobody touched byte for byte — also when it is killed with -9 half-way and run again.
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, readFileSync, readdirSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { bundle, ensureBuilt, root, runCli } from '../cli/built-cli.js';
import { goFixture, type GoFixture } from '../helpers/go-fixture.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { assertSameTree, describeTree } from '../helpers/tree-hash.js';

const homes: TempHome[] = [];
let fixture: GoFixture;
before(async () => {
  await ensureBuilt();
  fixture = await goFixture();
});
after(() => {
  for (const home of homes) home.cleanup();
});

const MINE = 'export MINE=1 # added by the user after the install\n';

interface Installed {
  home: TempHome;
  runId: string;
  goroot: string;
  profile: string;
  bashrc: string;
  goEnv: string;
  /** HOME and Go's env file before the install. */
  homeBefore: ReturnType<typeof describeTree>;
  configBefore: ReturnType<typeof describeTree>;
  profileBefore: string;
}

/** A real install, then the user's own changes: ~/.profile edited, `go env -w GOPRIVATE`, files put into GOROOT. */
async function installedAndChanged(): Promise<Installed> {
  const home = createTempHome({ skel: true });
  homes.push(home);
  const profile = join(home.home, '.profile');
  const bashrc = join(home.home, '.bashrc');
  const goEnv = join(home.configHome, 'go/env');
  const homeBefore = describeTree(home.home);
  const configBefore = describeTree(home.configHome);
  const profileBefore = readFileSync(profile, 'utf8');
  const install = ['install', '--yes', '--scope', 'user', '--shells', 'bash', '--archive', fixture.tarball, '--sha256', fixture.sha256, '--go-version', '1.19.8', '--goproxy', 'off'];
  const installed = await runCli(install, { env: home.env, timeoutMs: 300_000 });
  assert.equal(installed.code, 0, installed.stdout + installed.stderr);
  const runId = readdirSync(join(home.stateHome, 'go-setup-wizard/runs'))[0]!;
  const goroot = join(home.home, '.local/go');
  assert.match(readFileSync(profile, 'utf8'), /# >>> go-setup-wizard >>>/);
  assert.match(readFileSync(goEnv, 'utf8'), /^GOPROXY=off$/m);

  // Later, the user's own changes.
  appendFileSync(profile, MINE);
  execFileSync(join(goroot, 'bin/go'), ['env', '-w', 'GOPRIVATE=corp.example'], { env: { ...home.env, GOTOOLCHAIN: 'local' } });
  execFileSync('mkdir', ['-p', join(goroot, 'notes')]);
  writeFileSync(join(goroot, 'notes/todo.txt'), 'my notes\n');
  writeFileSync(join(goroot, 'src/mine.go'), 'package mine\n');
  return { home, runId, goroot, profile, bashrc, goEnv, homeBefore, configBefore, profileBefore };
}

/** Everything rollback must leave: the user's edits, their Go setting, their files kept aside; all else as before. */
function assertConverged(s: Installed, label: string): void {
  assert.equal(readFileSync(s.profile, 'utf8'), s.profileBefore + MINE, `${label}: ~/.profile keeps the user's line, loses the block`);
  assert.equal(readFileSync(s.goEnv, 'utf8').trim(), 'GOPRIVATE=corp.example', `${label}: only the key the run set is gone`);
  assert.ok(!existsSync(s.goroot), `${label}: the placed tree is gone`);
  const kept = `${s.goroot}.gsw-kept-${s.runId}`;
  assert.equal(readFileSync(join(kept, 'notes/todo.txt'), 'utf8'), 'my notes\n', label);
  assert.equal(readFileSync(join(kept, 'src/mine.go'), 'utf8'), 'package mine\n', label);
  assert.deepEqual(readdirSync(kept).sort(), ['notes', 'src'], `${label}: only the user's entries are kept`);
  assert.deepEqual(readdirSync(join(kept, 'src')), ['mine.go'], label);

  // With the user's own changes taken away again, HOME and the config dir are exactly as before the install.
  const homeCopy = join(s.home.root, `check-${Math.random().toString(36).slice(2)}`);
  cpSync(s.home.home, homeCopy, { recursive: true, verbatimSymlinks: true });
  writeFileSync(join(homeCopy, '.profile'), s.profileBefore);
  rmSync(join(homeCopy, `.local/go.gsw-kept-${s.runId}`), { recursive: true });
  // ~/.local was made by the run for GOROOT; it stays as long as it holds what the user kept.
  rmdirSync(join(homeCopy, '.local'));
  assertSameTree(s.homeBefore, describeTree(homeCopy), `${label}: HOME`);
  rmSync(homeCopy, { recursive: true });
  const configCopy = join(s.home.root, `check-${Math.random().toString(36).slice(2)}`);
  cpSync(s.home.configHome, configCopy, { recursive: true, verbatimSymlinks: true });
  rmSync(join(configCopy, 'go/env'));
  rmdirSync(join(configCopy, 'go')); // made by the run for go/env; it stays while it holds the user's setting
  assertSameTree(s.configBefore, describeTree(configCopy), `${label}: config dir`);
  rmSync(configCopy, { recursive: true });
}

describe('three-way rollback (real CLI, real Go tree, temp HOME)', { timeout: 900_000 }, () => {
  test('the preview names each case; rollback keeps the edits, the Go setting and the added files; unchanged files come back byte for byte', async () => {
    const s = await installedAndChanged();
    const bashrcInstalled = readFileSync(s.bashrc, 'utf8');
    assert.match(bashrcInstalled, /# >>> go-setup-wizard >>>/);

    // Without --yes and without a terminal: the preview, then exit 2, nothing changed.
    const preview = await runCli(['rollback'], { env: s.home.env, timeoutMs: 120_000 });
    assert.equal(preview.code, 2, preview.stdout + preview.stderr);
    const lines = preview.stdout.split('\n').slice(preview.stdout.split('\n').indexOf('What rollback will do:'));
    const line = (path: string) => lines.find((l) => l.endsWith(`  ${path}`)) ?? '';
    assert.match(line(s.profile), /changed since the run — keep your edits, take out only the run's change/, preview.stdout);
    assert.match(line(s.goEnv), /changed since the run — keep your edits, put back only GOPROXY/, preview.stdout);
    assert.match(line(s.goroot), new RegExp(`keeping the 2 item\\(s\\) you added or changed in ${s.goroot}\\.gsw-kept-${s.runId}`), preview.stdout);
    assert.match(line(s.bashrc), /restore as before the run/, preview.stdout);
    assert.equal(readFileSync(s.bashrc, 'utf8'), bashrcInstalled, 'the preview changed nothing');
    assert.ok(existsSync(join(s.goroot, 'notes/todo.txt')));

    const rolled = await runCli(['rollback', '--yes'], { env: s.home.env, timeoutMs: 300_000 });
    assert.equal(rolled.code, 0, rolled.stdout + rolled.stderr);
    assert.match(rolled.stdout, new RegExp(`kept your edits to ${s.profile}`));
    assert.match(rolled.stdout, new RegExp(`kept your edits to ${s.goEnv}: only the Go settings the run set were put back \\(GOPROXY\\)`));
    assert.match(rolled.stdout, new RegExp(`2 item\\(s\\) you added to or changed in ${s.goroot} since the run are kept in ${s.goroot}\\.gsw-kept-${s.runId}`));
    assertConverged(s, 'rollback');

    const again = await runCli(['rollback', '--yes'], { env: s.home.env, timeoutMs: 120_000 });
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assertConverged(s, 'a second rollback');
  });

  test('kill -9 during the rollback, then rollback again: the same result every time', async () => {
    const s = await installedAndChanged();
    // The state the kills start from: HOME, config and state dirs as the user left them.
    const snapshot = join(s.home.root, 'snapshot');
    const dirs = [s.home.home, s.home.configHome, s.home.stateHome];
    const save = () => dirs.forEach((dir, i) => cpSync(dir, join(snapshot, String(i)), { recursive: true, verbatimSymlinks: true, preserveTimestamps: true }));
    const restore = () =>
      dirs.forEach((dir, i) => {
        rmSync(dir, { recursive: true, force: true });
        cpSync(join(snapshot, String(i)), dir, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
      });
    save();
    let cutShort = 0;
    for (const delayMs of [150, 300, 500, 800, 1200]) {
      restore();
      const child = spawn(process.execPath, [bundle, 'rollback', '--yes'], { cwd: root, env: s.home.env, stdio: 'ignore' });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      child.kill('SIGKILL');
      if ((await exited) === null) cutShort += 1;
      const finish = await runCli(['rollback', '--yes'], { env: s.home.env, timeoutMs: 300_000 });
      assert.equal(finish.code, 0, `after a kill at ${delayMs} ms: ${finish.stdout}${finish.stderr}`);
      assertConverged(s, `killed at ${delayMs} ms`);
    }
    assert.ok(cutShort > 0, 'at least one rollback was killed before it finished');
  });
});
