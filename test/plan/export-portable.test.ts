// The sh export is portable: planned once (as root, for a temp "planner" HOME) and run by other users
// (setpriv --reuid/--regid, temp HOMEs with Ubuntu's 0750 mode), against the loopback mirror serving a real Go
// 1.19.8. Each run installs into that user's HOME (not the planner's), records itself so `go-setup-wizard rollback`
// (or the uninstall script it leaves) restores HOME byte for byte, and a second run exits 0 with nothing to do.
// With a proxy that demands credentials, the real password is used for the download and reaches env.sh (0600).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTranslator } from '../../src/i18n/index.js';
import { buildPlan } from '../../src/plan/build.js';
import { renderExport, renderPlan } from '../../src/plan/render.js';
import type { ResolvedRelease } from '../../src/types.js';
import { bundle, ensureBuilt } from '../cli/built-cli.js';
import { goFixture } from '../helpers/go-fixture.js';
import { startFixtureMirror, startProxy, type Mirror, type Proxy } from '../helpers/mirror.js';
import { createTempHome, minimalPath, type TempHome } from '../helpers/temp-home.js';
import { assertSameTree, describeTree } from '../helpers/tree-hash.js';
import { buildInput, shellcheck } from './helpers.js';

const t = createTranslator('en');
let mirror: Mirror;
let release: ResolvedRelease;
let planner: TempHome;
let scratch: string;

before(async () => {
  const fixture = await goFixture();
  mirror = await startFixtureMirror(fixture);
  release = {
    version: fixture.version,
    filename: fixture.filename,
    sha256: fixture.sha256,
    size: fixture.size,
    url: `${mirror.dlUrl}${fixture.filename}`,
    sha256Source: mirror.indexUrl,
    // A second arch with another digest: the script must pick the host's.
    archives: [
      { arch: 'arm64', filename: fixture.filename.replace('amd64', 'arm64'), sha256: 'b'.repeat(64), size: fixture.size },
      { arch: 'amd64', filename: fixture.filename, sha256: fixture.sha256, size: fixture.size },
    ],
  };
  planner = createTempHome({ skel: true });
  scratch = mkdtempSync(join(tmpdir(), 'gsw-portable-'));
  chmodSync(scratch, 0o755);
  await ensureBuilt();
  chmodSync(dirname(bundle), 0o755);
});

after(async () => {
  await mirror?.close();
  planner?.cleanup();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

interface User {
  uid: number;
  root: string;
  home: string;
  env: NodeJS.ProcessEnv;
}

/** A user who exists only by number, with Ubuntu's skeleton HOME (mode 0750), owned by them. */
function makeUser(uid: number, options: { xdgOutside?: boolean } = {}): User {
  const root = join(scratch, `user-${uid}`);
  const home = join(root, 'home dir');
  mkdirSync(home, { recursive: true });
  cpSync('/etc/skel', home, { recursive: true });
  const env: NodeJS.ProcessEnv = { HOME: home, PATH: minimalPath(), LANG: 'C.UTF-8', TERM: 'dumb' };
  if (options.xdgOutside) {
    for (const [name, dir] of [
      ['XDG_STATE_HOME', 'state'],
      ['XDG_CACHE_HOME', 'cache'],
    ] as const) {
      mkdirSync(join(root, dir));
      env[name] = join(root, dir);
    }
  }
  spawnSync('chown', ['-R', `${uid}:${uid}`, root]);
  chmodSync(root, 0o755);
  chmodSync(home, 0o750);
  return { uid, root, home, env };
}

function asUser(user: User, argv: string[]): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('setpriv', [`--reuid=${user.uid}`, `--regid=${user.uid}`, '--clear-groups', ...argv], { env: user.env, cwd: user.root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output }));
  });
}

function saveScript(name: string, text: string): string {
  const file = join(scratch, name);
  writeFileSync(file, text, { mode: 0o644 });
  return file;
}

/** HOME as the user's files see it; the wizard's own state and cache (journal, verified archive) are left out. */
function homeTree(user: User) {
  return describeTree(user.home, { exclude: (path) => path === '.local' || path === '.local/state' || path.startsWith('.local/state/') || path === '.cache' || path.startsWith('.cache/') });
}

function runDirs(stateHome: string): string[] {
  const dir = join(stateHome, 'go-setup-wizard/runs');
  return existsSync(dir) ? readdirSync(dir) : [];
}

describe('portable sh export: planned once, run by other users (real Go 1.19.8 from the loopback mirror)', { timeout: 1_200_000 }, () => {
  test('two users, twice each: installs into their own HOME, second run has nothing to do; rollback and uninstall.sh restore HOME byte for byte', async () => {
    const plan = await buildPlan(buildInput(planner, { release, options: { shells: ['bash', 'zsh'], goproxy: 'goproxy.cn' } }));
    const text = await renderExport(plan, 'sh', t);
    assert.equal(shellcheck(text), '');
    assert.ok(!text.includes(planner.home), 'the planner HOME is not in the script');
    assert.match(text, /\n {2}arm64\) GSW_FILENAME=\S+ GSW_SHA256=b{64} /);
    const script = saveScript('install-go.sh', text);

    const alice = makeUser(61001, { xdgOutside: true });
    const bob = makeUser(61002);
    for (const user of [alice, bob]) {
      const before = homeTree(user);
      const first = await asUser(user, ['bash', script]);
      assert.equal(first.status, 0, first.output);
      assert.match(first.output, /hello world: hello, world/);
      const goroot = join(user.home, '.local/go');
      const version = spawnSync(join(goroot, 'bin/go'), ['version'], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin', HOME: user.home } });
      assert.match(version.stdout, /go version go1\.19\.8 linux\/amd64/);
      assert.equal(statSync(goroot).uid, user.uid, 'the tree belongs to the user who ran the script');
      assert.equal(statSync(user.home).mode & 0o777, 0o750, 'HOME keeps its mode');
      assert.ok(!existsSync(join(planner.home, '.local/go')), 'nothing lands in the planner HOME');
      const stateHome = user.env.XDG_STATE_HOME ?? join(user.home, '.local/state');
      const runs = runDirs(stateHome);
      assert.equal(runs.length, 1);
      const uninstall = join(stateHome, 'go-setup-wizard/runs', runs[0]!, 'uninstall.sh');
      assert.ok(first.output.includes(uninstall), first.output);
      const fresh = spawnSync('bash', ['-lc', 'command -v go'], { encoding: 'utf8', env: { HOME: user.home, PATH: '/usr/bin:/bin', TERM: 'dumb' } });
      assert.equal(fresh.stdout.trim(), join(goroot, 'bin/go'));

      const installed = homeTree(user);
      const second = await asUser(user, ['bash', script]);
      assert.equal(second.status, 0, second.output);
      assert.match(second.output, /nothing to do/);
      assert.deepEqual(runDirs(stateHome), runs, 'a second run records nothing');
      assertSameTree(installed, homeTree(user), 'HOME after a second run');

      if (user === alice) {
        const undo = await asUser(user, [process.execPath, bundle, 'rollback', '--yes']);
        assert.equal(undo.status, 0, undo.output);
      } else {
        const undo = await asUser(user, ['bash', uninstall]);
        assert.equal(undo.status, 0, undo.output);
        const again = await asUser(user, [process.execPath, bundle, 'rollback', '--yes']);
        assert.equal(again.status, 0, again.output);
        assert.match(again.output, /nothing to (do|undo)/i);
      }
      assertSameTree(before, homeTree(user), 'HOME after undoing the run');
    }
  });

  test('an older Go is moved aside and comes back; a proxy with a password is used for real and written only to env files (0600)', async () => {
    const proxy: Proxy = await startProxy({ auth: { username: 'gsw', password: 'pa$s w@rd' } });
    try {
      const plan = await buildPlan(buildInput(planner, { release, options: { shells: ['bash'], persistProxy: true, httpProxy: proxy.urlWithCredentials, noProxy: 'localhost' } }));
      const text = await renderExport(plan, 'sh', t);
      assert.equal(shellcheck(text), '');
      assert.match(text.split('\n')[1]!, /^# SECRET: this file holds a proxy password/);
      const shown = renderPlan(plan, 'sh', t);
      assert.ok(!shown.includes('pa$s') && !shown.includes('pa%24s'), 'the preview masks the password');
      const script = saveScript('install-go-proxy.sh', text);

      const carol = makeUser(61003);
      const old = join(carol.home, '.local/go');
      mkdirSync(join(old, 'bin'), { recursive: true });
      mkdirSync(join(old, 'src'));
      writeFileSync(join(old, 'VERSION'), 'go1.18.1\ntime 2022\n');
      writeFileSync(join(old, 'bin/go'), '#!/bin/sh\necho "go version go1.18.1 linux/amd64"\n', { mode: 0o755 });
      spawnSync('chown', ['-R', `${carol.uid}:${carol.uid}`, join(carol.home, '.local')]);
      const before = homeTree(carol);

      const run = await asUser(carol, ['bash', script]);
      assert.equal(run.status, 0, run.output);
      assert.ok(proxy.seen.some((s) => s.allowed && s.credentials === 'gsw:pa$s w@rd' && s.target.includes(release.filename)), JSON.stringify(proxy.seen));
      assert.match(readFileSync(join(old, 'VERSION'), 'utf8'), /^go1\.19\.8/);
      const aside = readdirSync(join(carol.home, '.local')).filter((name) => name.startsWith('go.gsw-backup-'));
      assert.equal(aside.length, 1, 'the old tree is kept aside');
      const envSh = join(carol.home, '.config/go-setup-wizard/env.sh');
      assert.equal(statSync(envSh).mode & 0o777, 0o600);
      const exported = spawnSync('sh', ['-c', `. "$1"; printf '%s' "$http_proxy"`, 'sh', envSh], { encoding: 'utf8' });
      assert.equal(exported.stdout, proxy.urlWithCredentials, 'env.sh holds the real proxy URL');
      const journal = readFileSync(join(carol.home, '.local/state/go-setup-wizard/runs', runDirs(join(carol.home, '.local/state'))[0]!, 'journal.ndjson'), 'utf8');
      assert.ok(!journal.includes('pa$s') && !journal.includes('pa%24s'), 'the journal holds no password');

      const undo = await asUser(carol, [process.execPath, bundle, 'rollback', '--yes']);
      assert.equal(undo.status, 0, undo.output);
      assertSameTree(before, homeTree(carol), 'HOME after rollback (the old Go back in place)');
    } finally {
      await proxy.close();
    }
  });

  test('Ctrl-C during the download, then again during the undo: exit 130 and HOME restored', async () => {
    mirror.setFault(release.filename, { bytesPerSecond: 2 * 1024 * 1024 });
    try {
      const plan = await buildPlan(buildInput(planner, { release, options: { shells: ['bash'] } }));
      const script = saveScript('install-go-slow.sh', await renderExport(plan, 'sh', t));
      const dave = makeUser(61004, { xdgOutside: true });
      const before = homeTree(dave);
      const child = spawn('setpriv', [`--reuid=${dave.uid}`, `--regid=${dave.uid}`, '--clear-groups', 'bash', script], {
        env: dave.env,
        cwd: dave.root,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk));
      const closed = new Promise<number | null>((resolve) => child.on('close', (status) => resolve(status)));
      // Up to 60 s: on a busy machine the steps before the download can take a while.
      for (let i = 0; i < 1200 && !output.includes('==> Download'); i++) await new Promise((r) => setTimeout(r, 50));
      assert.match(output, /==> Download/);
      await new Promise((r) => setTimeout(r, 500));
      // Both to the whole process group, as a terminal does.
      process.kill(-child.pid!, 'SIGINT');
      for (let i = 0; i < 100 && !output.includes('undoing'); i++) await new Promise((r) => setTimeout(r, 10));
      process.kill(-child.pid!, 'SIGINT');
      const status = await closed;
      assert.equal(status, 130, output);
      assert.match(output, /everything this script changed was restored/);
      assertSameTree(before, homeTree(dave), 'HOME after two Ctrl-C');
    } finally {
      mirror.setFault(release.filename, undefined);
    }
  });
});
