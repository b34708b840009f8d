// The path most classroom students take: a NON-ROOT user without sudo. Through the real bundled CLI run as
// uid/gid 65534 (setpriv; no user is added, nothing outside the temp dirs changes) against the loopback mirror
// with the real Go 1.19.8 toolchain: the default scope resolves to user, no sudo is run, every file it creates
// belongs to that user, `go` works in a new login shell, and rollback restores HOME byte for byte. System scope
// without root or sudo is refused before anything changes.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { bundle, ensureBuilt } from '../cli/built-cli.js';
import { goFixture, type GoFixture } from '../helpers/go-fixture.js';
import { startFixtureMirror, type Mirror } from '../helpers/mirror.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { assertSameTree, describeTree, type TreeDescription } from '../helpers/tree-hash.js';

const UID = 65534;
const GID = 65534;
const asUser = ['--reuid', String(UID), '--regid', String(GID), '--clear-groups'];

let fixture: GoFixture;
let mirror: Mirror;
const homes: TempHome[] = [];

const setprivMissing = (() => {
  try {
    execFileSync('setpriv', ['--version'], { stdio: 'ignore' });
    return process.getuid?.() === 0 ? false : 'needs root to switch to uid 65534';
  } catch {
    return 'setpriv is not installed';
  }
})();

before(async () => {
  if (setprivMissing) return;
  await ensureBuilt();
  // The bundle copy is a root-only mkdtemp dir: let the unprivileged user read it.
  chmodSync(dirname(bundle), 0o755);
  fixture = await goFixture();
  mirror = await startFixtureMirror(fixture);
});
after(async () => {
  await mirror?.close();
  for (const home of homes) home.cleanup();
});

/**
 * A temp HOME + XDG dirs (with /etc/skel) owned by 65534, plus a `sudo` on PATH (tracedPath) that only records
 * being run and refuses; with `sudoSays`, that is what it answers on stderr (e.g. sudo's "a password is required").
 */
function userHome(sudoSays = 'sudo: traced, refusing'): TempHome & { sudoLog: string; tracedPath: string } {
  const base = createTempHome({ skel: true, env: { USER: 'nobody', LOGNAME: 'nobody' } });
  homes.push(base);
  const traceDir = join(base.root, 'trace-bin');
  mkdirSync(traceDir);
  const sudoLog = join(base.root, 'sudo.log');
  writeFileSync(join(traceDir, 'sudo'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${sudoLog}'\necho '${sudoSays}' >&2\nexit 1\n`, { mode: 0o755 });
  const chownTree = (path: string) => {
    chownSync(path, UID, GID);
    if (lstatSync(path).isDirectory()) for (const name of readdirSync(path)) chownTree(join(path, name));
  };
  chownTree(base.root);
  return { ...base, sudoLog, tracedPath: `${traceDir}:${base.env.PATH}` };
}

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command as uid/gid 65534 without supplementary groups, asynchronously (the mirror lives in this process). */
function runAs(home: TempHome, command: string[], env: NodeJS.ProcessEnv = {}): Promise<Result> {
  return new Promise((resolve) => {
    execFile('setpriv', [...asUser, '--', ...command], { env: { ...home.env, ...env }, cwd: home.home, timeout: 300_000, maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout: String(stdout), stderr: String(stderr) }),
    );
  });
}

const cli = (home: TempHome, args: string[], env: NodeJS.ProcessEnv = {}) => runAs(home, [process.execPath, bundle, ...args], env);
const mirrorArgs = () => ['--mirror', mirror.url, '--index-url', `${mirror.url}index.json`];
const show = (r: Result) => `exit ${r.code}\n--- stdout\n${r.stdout.slice(-3000)}\n--- stderr\n${r.stderr.slice(-3000)}`;

/** HOME plus config and data dirs; not the journal (state) nor the download cache. */
const userTree = (home: TempHome): TreeDescription => describeTree(home.root, { exclude: (p) => p === 'xdg-state' || p === 'xdg-cache' || p === 'sudo.log' });
/** Everything, journal and cache included (not the fake sudo's own log). */
const wholeTree = (home: TempHome): TreeDescription => describeTree(home.root, { exclude: (p) => p === 'sudo.log' });

describe('a non-root user without sudo, through the real CLI', { timeout: 900_000, skip: setprivMissing }, () => {
  test('the child really is unprivileged', async () => {
    const home = userHome();
    const id = await runAs(home, ['sh', '-c', 'id -u; id -g; id -G; test -w /usr/local && echo writable || echo read-only']);
    assert.equal(id.code, 0, show(id));
    assert.deepEqual(id.stdout.trim().split('\n'), [String(UID), String(GID), String(GID), 'read-only']);
  });

  test('detect --json: user.isRoot false, user.sudo none', async () => {
    const home = userHome();
    const result = await cli(home, ['detect', '--json']);
    assert.equal(result.code, 0, show(result));
    const d = JSON.parse(result.stdout) as { user: { isRoot: boolean; sudo: string; uid: number; home: string } };
    assert.equal(d.user.isRoot, false);
    assert.equal(d.user.sudo, 'none');
    assert.equal(d.user.uid, UID);
    assert.equal(d.user.home, home.home);
  });

  test('install --yes (no --scope) goes to ~/.local/go without sudo; files are the user\'s; go works; rollback restores HOME', async () => {
    const home = userHome();
    const beforeTree = userTree(home);
    const installed = await cli(home, ['install', '--yes', '--json', ...mirrorArgs()], { PATH: home.tracedPath });
    assert.equal(installed.code, 0, show(installed));
    const events = installed.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; plan?: { scope: string; goroot: string; steps: { id: string; root: boolean }[] } });
    const plan = events.find((e) => e.type === 'plan')!.plan!;
    assert.equal(plan.scope, 'user', 'the default scope without root or sudo is user');
    assert.equal(plan.goroot, join(home.home, '.local/go'));
    assert.deepEqual(plan.steps.filter((s) => s.root).map((s) => s.id), [], 'no step needs root');
    const sudoCalls = existsSync(home.sudoLog) ? readFileSync(home.sudoLog, 'utf8').trim().split('\n').filter(Boolean) : [];
    assert.deepEqual(sudoCalls.filter((args) => args !== '-n true'), [], 'sudo was never run, beyond the detection probe');
    assert.ok(existsSync(join(home.home, '.local/go/bin/go')));

    const notOurs = describeTree(home.root).filter((e) => e.uid !== UID || e.gid !== GID);
    assert.deepEqual(notOurs.map((e) => `${e.path} ${e.uid}:${e.gid}`), [], 'everything in HOME and the XDG dirs belongs to the user');

    const shellEnv = { HOME: home.home, USER: 'nobody', LOGNAME: 'nobody', TERM: 'dumb', PATH: '/usr/bin:/bin', SHELL: '/bin/bash' };
    const xdg = { XDG_CONFIG_HOME: home.configHome, XDG_DATA_HOME: home.dataHome, XDG_STATE_HOME: home.stateHome, XDG_CACHE_HOME: home.cacheHome };
    const goVersion = await new Promise<Result>((resolve) =>
      execFile('setpriv', [...asUser, '--', 'bash', '-lc', 'command -v go; go version'], { env: { ...shellEnv, ...xdg }, cwd: home.home, timeout: 60_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout: String(stdout), stderr: String(stderr) }),
      ),
    );
    assert.equal(goVersion.code, 0, show(goVersion));
    assert.match(goVersion.stdout, new RegExp(`^${home.home}/\\.local/go/bin/go\\ngo version go1\\.19\\.8 linux/amd64`, 'm'));

    const rolledBack = await cli(home, ['rollback', '--yes'], { PATH: home.tracedPath });
    assert.equal(rolledBack.code, 0, show(rolledBack));
    assertSameTree(beforeTree, userTree(home), 'HOME after rollback as the user');
    const sudoAfter = existsSync(home.sudoLog) ? readFileSync(home.sudoLog, 'utf8').trim().split('\n').filter(Boolean) : [];
    assert.deepEqual(sudoAfter.filter((args) => args !== '-n true'), [], 'rollback ran no sudo either');
  });

  test('install --yes --scope system without root or sudo: exit 2, one clear line, nothing changed', async () => {
    const home = userHome();
    const beforeAll = wholeTree(home);
    const systemBefore = ['/usr/local/go', '/etc/profile.d/go-setup-wizard.sh'].map((p) => [p, existsSync(p)]);
    const downloadsBefore = mirror.requestsFor(`/${fixture.filename}`).length;
    const refused = await cli(home, ['install', '--yes', '--scope', 'system', ...mirrorArgs()]);
    assert.equal(refused.code, 2, show(refused));
    const lines = refused.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `one line: ${show(refused)}`);
    assert.match(lines[0]!, /root|sudo/i);
    assert.match(lines[0]!, /--scope user/, 'and says what to do instead');
    assert.doesNotMatch(refused.stdout, /step-start|\[1\//, 'no step ran');
    assertSameTree(beforeAll, wholeTree(home), 'HOME, XDG dirs, journal and cache');
    assert.deepEqual(['/usr/local/go', '/etc/profile.d/go-setup-wizard.sh'].map((p) => [p, existsSync(p)]), systemBefore);
    assert.equal(mirror.requestsFor(`/${fixture.filename}`).length, downloadsBefore, 'nothing was downloaded');
  });

  test('system scope with sudo that wants a password it does not get: sudo is asked once, before anything changes', async () => {
    const home = userHome('sudo: a password is required');
    const beforeAll = wholeTree(home);
    const downloadsBefore = mirror.requestsFor(`/${fixture.filename}`).length;
    const refused = await cli(home, ['install', '--yes', '--json', '--scope', 'system', ...mirrorArgs()], { PATH: home.tracedPath });
    assert.equal(refused.code, 1, show(refused));
    const sudoCalls = readFileSync(home.sudoLog, 'utf8').trim().split('\n');
    assert.deepEqual(sudoCalls.filter((args) => args !== '-n true'), ['-v'], 'only `sudo -v`, once');
    const types = refused.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { type: string }).type);
    assert.deepEqual(types, ['plan', 'done'], 'no step started');
    assert.match(refused.stdout, /sudo -v failed.*Nothing was changed/);
    assertSameTree(beforeAll, wholeTree(home), 'HOME, XDG dirs, journal and cache');
    assert.equal(mirror.requestsFor(`/${fixture.filename}`).length, downloadsBefore, 'nothing was downloaded');
  });
});
