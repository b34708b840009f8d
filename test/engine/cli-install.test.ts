// `install`, `rollback` and `prune` through the REAL bundled CLI with a REAL Go 1.19.8 toolchain from a loopback
// mirror, in temp HOMEs: proof in real shells, uninstall byte for byte, idempotence, failures, kill -9, signals,
// system scope inside `unshare -m` with copy-on-write overlays, the sh export vs the executor, and secrets.
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { shQuote } from '../../src/shell/quote.js';
import type { Plan } from '../../src/types.js';
import { bundle, ensureBuilt } from '../cli/built-cli.js';
import { goFixture, type GoFixture } from '../helpers/go-fixture.js';
import { startFixtureMirror, startProxy, type Mirror } from '../helpers/mirror.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { assertSameTree, describeTree, type TreeDescription } from '../helpers/tree-hash.js';
import { waitFor } from './support.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
let cli: string;
let fixture: GoFixture;
let mirror: Mirror;
const homes: TempHome[] = [];

before(async () => {
  await ensureBuilt();
  cli = bundle;
  fixture = await goFixture();
  mirror = await startFixtureMirror(fixture);
});
after(async () => {
  await mirror?.close();
  for (const home of homes) home.cleanup();
});

function newHome(): TempHome {
  const home = createTempHome({ skel: true });
  homes.push(home);
  return home;
}

const mirrorArgs = () => ['--mirror', mirror.url, '--index-url', `${mirror.url}index.json`];
const userInstall = (...extra: string[]) => ['install', '--scope', 'user', '--shells', 'bash,zsh,fish', ...mirrorArgs(), ...extra];

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command asynchronously: the loopback mirror lives in this process, so a synchronous child that
 * downloads from it would wait forever on a blocked event loop.
 */
function exec(command: string, args: string[], env: NodeJS.ProcessEnv, cwd = repo): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(command, args, { env, cwd, timeout: 300_000, maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout: String(stdout), stderr: String(stderr) }),
    );
  });
}

function run(home: TempHome, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return exec(process.execPath, [cli, ...args], { ...home.env, ...env });
}

/** HOME plus the config and data dirs; not the journal (state) nor the download cache. */
function userTree(home: TempHome): TreeDescription {
  return describeTree(home.root, { exclude: (p) => p === 'xdg-state' || p === 'xdg-cache' });
}

const show = (r: CliResult) => `exit ${r.code}\n--- stdout\n${r.stdout.slice(-3000)}\n--- stderr\n${r.stderr.slice(-3000)}`;

/** A new terminal's view: `go` found first and its version, in a fresh shell with a clean environment. */
function goInFreshShell(home: TempHome, shell: string, flag: string): string {
  const env = { HOME: home.home, USER: home.env.USER, LOGNAME: home.env.LOGNAME, TERM: 'dumb', PATH: '/usr/bin:/bin', SHELL: '/bin/bash' };
  const xdg = { XDG_CONFIG_HOME: home.configHome, XDG_DATA_HOME: home.dataHome, XDG_STATE_HOME: home.stateHome, XDG_CACHE_HOME: home.cacheHome };
  return execFileSync(shell, [flag, 'command -v go; go version'], { env: { ...env, ...xdg }, timeout: 30_000, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
}

function cacheEntries(home: TempHome): string[] {
  const dir = join(home.cacheHome, 'go-setup-wizard');
  return existsSync(dir) ? readdirSync(dir) : [];
}

function journalFiles(home: TempHome): string[] {
  const runs = join(home.stateHome, 'go-setup-wizard/runs');
  return existsSync(runs) ? readdirSync(runs).map((id) => join(runs, id, 'journal.ndjson')).filter((f) => existsSync(f)) : [];
}

describe('install / rollback / prune through the real CLI', { timeout: 900_000 }, () => {
  test('user scope: proven in new bash/zsh/fish shells; re-run changes nothing; rollback restores HOME byte for byte; twice is harmless', async () => {
    const home = newHome();
    const beforeTree = userTree(home);
    const installed = await run(home, userInstall('--yes'));
    assert.equal(installed.code, 0, show(installed));
    assert.match(installed.stdout, /rollback/, 'the end says how to undo');

    const goroot = join(home.home, '.local/go');
    for (const [shell, flag] of [['bash', '-lc'], ['bash', '-ic'], ['zsh', '-lc'], ['zsh', '-ic'], ['fish', '-c']] as const) {
      const out = goInFreshShell(home, shell, flag);
      assert.match(out, new RegExp(`^${goroot}/bin/go\\ngo version go1\\.19\\.8 linux/amd64`, 'm'), `${shell} ${flag}: ${out}`);
    }

    const installedTree = userTree(home);
    const again = await run(home, userInstall('--yes', '--json'));
    assert.equal(again.code, 0, show(again));
    const events = again.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; plan?: Plan; check?: string; ok?: boolean });
    const replan = events.find((e) => e.type === 'plan')!.plan!;
    assert.deepEqual(replan.steps.filter((s) => s.native !== 'verify').map((s) => s.id), [], 'the second plan changes nothing');
    assert.ok(!events.some((e) => e.type === 'step-start'), 'and runs no step');
    assert.ok(events.some((e) => e.type === 'verify' && e.check === 'fish -c' && e.ok), 'but still proves the install');
    assertSameTree(installedTree, userTree(home), 'HOME after a second install');
    assert.equal(journalFiles(home).length, 1, 'no second run recorded: rollback still means the install');

    const list = await run(home, ['rollback', '--list']);
    assert.match(list.stdout, /installed/);
    const rolledBack = await run(home, ['rollback', '--yes']);
    assert.equal(rolledBack.code, 0, show(rolledBack));
    assertSameTree(beforeTree, userTree(home), 'HOME after rollback');
    const twice = await run(home, ['rollback', '--yes']);
    assert.equal(twice.code, 0, show(twice));
    assert.match(twice.stdout, /nothing to do/);
    assertSameTree(beforeTree, userTree(home), 'HOME after a second rollback');
  });

  test('--json prints NDJSON events of the contract only; no terminal and no --yes: exit 2, nothing changed', async () => {
    const home = newHome();
    const beforeAll = describeTree(home.root);
    const refused = await run(home, userInstall());
    assert.equal(refused.code, 2, show(refused));
    assert.match(refused.stderr, /--yes/);
    assertSameTree(beforeAll, describeTree(home.root), 'everything, state and cache included');

    const result = await run(home, userInstall('--yes', '--json'));
    assert.equal(result.code, 0, show(result));
    const allowed = new Set(['plan', 'step-start', 'progress', 'log', 'step-done', 'step-failed', 'rollback-start', 'rollback-done', 'verify', 'done']);
    const types = result.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { type: string }).type);
    for (const type of types) assert.ok(allowed.has(type), `unexpected event type ${type}`);
    for (const needed of ['plan', 'step-start', 'progress', 'step-done', 'verify', 'done']) assert.ok(types.includes(needed), `no ${needed} event`);
    assert.equal(types[0], 'plan');
    assert.equal(types.at(-1), 'done');
    const undo = await run(home, ['rollback', '--yes', '--json']);
    assert.equal(undo.code, 0, show(undo));
    const undoTypes = undo.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { type: string }).type);
    assert.deepEqual([undoTypes[0], undoTypes.at(-2), undoTypes.at(-1)], ['rollback-start', 'rollback-done', 'done']);
  });

  test('on a terminal install and rollback ask first: "n" changes nothing, "y" goes ahead', async () => {
    const home = newHome();
    const onTerminal = (args: string[], answer: string) =>
      new Promise<CliResult>((resolve) => {
        // `script` gives the CLI a real pseudo-terminal; the answer is typed into it.
        const command = [process.execPath, cli, ...args].map(shQuote).join(' ');
        const child = spawn('script', ['-qec', command, '/dev/null'], { env: { ...home.env, COLUMNS: '100' }, stdio: ['pipe', 'pipe', 'pipe'] });
        let stdout = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.on('close', (code) => resolve({ code, stdout, stderr: '' }));
        child.stdin.end(`${answer}\n`);
      });
    const beforeAll = describeTree(home.root);
    const declined = await onTerminal(userInstall(), 'n');
    assert.equal(declined.code, 0, show(declined));
    assert.match(declined.stdout, /Carry out this plan\? \[y\/N\]/);
    assert.match(declined.stdout, /Nothing was changed/);
    assertSameTree(beforeAll, describeTree(home.root), 'everything after "n"');

    const beforeTree = userTree(home);
    const accepted = await onTerminal(userInstall(), 'y');
    assert.equal(accepted.code, 0, show(accepted));
    // On 80 columns the label gives way to the numbers (bytes, speed, ETA, files unpacked so far).
    assert.match(accepted.stdout, /\r\x1b\[2K\[3\/\d+\] Download\S*( \S+)*…?( \[#*-*\])? [\d.]+ [KM]iB of 97\.5 MiB, [\d.]+ [KM]iB\/s, ETA \S+, [1-9]\d* files unpacked/, 'an updating progress line');
    assert.ok(existsSync(join(home.home, '.local/go/bin/go')));
    const kept = await onTerminal(['rollback'], 'n');
    assert.match(kept.stdout, /Roll back run \S+\? \[y\/N\]/);
    assert.ok(existsSync(join(home.home, '.local/go/bin/go')), 'still installed after "n"');
    assert.equal((await onTerminal(['rollback'], 'y')).code, 0);
    assertSameTree(beforeTree, userTree(home), 'HOME after rollback on a terminal');
  });

  test('failures restore everything: corrupt bytes and a 404 exit 1; a dropped connection resumes and succeeds', async () => {
    const home = newHome();
    const beforeTree = userTree(home);
    const beforeAll = describeTree(home.root);
    const conflicting = await run(home, userInstall('--yes', '--sha256', '0'.repeat(64)));
    assert.equal(conflicting.code, 2, show(conflicting));
    assertSameTree(beforeAll, describeTree(home.root), 'a --sha256 the index contradicts is refused before anything');

    mirror.setFault(fixture.filename, { corrupt: true });
    try {
      const wrong = await run(home, userInstall('--yes'));
      assert.equal(wrong.code, 1, show(wrong));
      assert.match(wrong.stdout + wrong.stderr, /sha256|checksum/i);
      assertSameTree(beforeTree, userTree(home), 'HOME after a checksum mismatch');
      assert.deepEqual(cacheEntries(home), [], 'no unverified archive kept');
    } finally {
      mirror.setFault(fixture.filename, undefined);
    }

    mirror.setFault(fixture.filename, { notFound: true });
    try {
      const missing = await run(home, userInstall('--yes'));
      assert.equal(missing.code, 1, show(missing));
      assert.match(missing.stdout + missing.stderr, /404/);
      assertSameTree(beforeTree, userTree(home), 'HOME after a 404');
    } finally {
      mirror.setFault(fixture.filename, undefined);
    }

    mirror.setFault(fixture.filename, { dropAfterBytes: 20_000_000, dropTimes: 1 });
    const requestsBefore = mirror.requestsFor(`/${fixture.filename}`).length;
    try {
      const resumed = await run(home, userInstall('--yes'));
      assert.equal(resumed.code, 0, show(resumed));
      const requests = mirror.requestsFor(`/${fixture.filename}`).slice(requestsBefore);
      // The resume starts where the client's partial file ends: at most the 20 MB sent before the drop (a few KiB
      // in flight can be lost with the connection), and far past the start.
      const resumedAt = requests.map((r) => /^bytes=(\d+)-$/.exec(String(r.headers.range ?? ''))?.[1]).filter(Boolean).map(Number);
      assert.ok(resumedAt.some((offset) => offset > 10_000_000 && offset <= 20_000_000), JSON.stringify(requests.map((r) => r.headers.range)));
    } finally {
      mirror.setFault(fixture.filename, undefined);
    }
    assert.equal((await run(home, ['rollback', '--yes'])).code, 0);
    assertSameTree(beforeTree, userTree(home), 'HOME after rollback of the resumed install');
  });

  test('a proxy password with $, quote and spaces never appears in stdout, stderr, the journal or JSON', async () => {
    const password = `p$a 'ss w"rd`;
    const proxy = await startProxy({ auth: { username: 'bob', password } });
    const home = newHome();
    try {
      const proxyArgs = ['--http-proxy', proxy.urlWithCredentials, '--https-proxy', proxy.urlWithCredentials];
      const json = await run(home, userInstall('--yes', '--json', ...proxyArgs));
      assert.equal(json.code, 0, show(json));
      assert.ok(proxy.seen.some((s) => s.credentials === `bob:${password}` && s.allowed), 'the download went through the proxy');
      const text = await run(home, [...userInstall('--yes', ...proxyArgs), '--go-version', '1.19.8']);
      mirror.setFault(fixture.filename, { corrupt: true });
      const failed = await run(newHome(), userInstall('--yes', ...proxyArgs));
      mirror.setFault(fixture.filename, undefined);
      assert.equal(failed.code, 1, show(failed));
      const undo = await run(home, ['rollback', '--yes', '--json']);
      const journals = journalFiles(home).map((f) => readFileSync(f, 'utf8')).join('\n');
      const everything = [json, text, failed, undo].map((r) => r.stdout + r.stderr).join('\n') + journals;
      for (const secret of [password, encodeURIComponent(password), 'ss w', `w"rd`]) {
        assert.ok(!everything.includes(secret), `leaked ${JSON.stringify(secret)}`);
      }
      assert.match(json.stdout, /\*\*\*\*/);
    } finally {
      await proxy.close();
    }
  });

  test('an existing ~/.local/go is moved aside and kept; prune drops it and says what rollback can no longer restore', async () => {
    const home = newHome();
    const empty = await run(home, ['rollback', '--yes']);
    assert.equal(empty.code, 0, show(empty));
    assert.match(empty.stdout, /No runs/);
    assert.equal((await run(home, ['rollback', '--yes', '--run', '20261122-010101-abcd'])).code, 2, 'an unknown --run is bad input');
    assert.match((await run(home, ['prune', '--yes'])).stdout, /No backups/);

    const oldGo = join(home.home, '.local/go');
    mkdirSync(join(oldGo, 'bin'), { recursive: true });
    mkdirSync(join(oldGo, 'src'));
    writeFileSync(join(oldGo, 'VERSION'), 'go1.18.1\ntime 2022-04-12T00:00:00Z\n');
    writeFileSync(join(oldGo, 'bin/go'), '#!/bin/sh\necho "go version go1.18.1 linux/amd64"\n', { mode: 0o755 });
    const beforeTree = userTree(home);
    const installed = await run(home, userInstall('--yes'));
    assert.equal(installed.code, 0, show(installed));
    assert.match(installed.stdout, /Backups kept for rollback hold [\d.]+ (B|KiB)/, 'the end says what backups hold');
    const aside = readdirSync(join(home.home, '.local')).filter((n) => n.startsWith('go.gsw-backup-'));
    assert.equal(aside.length, 1, 'the old tree is kept beside the new one');
    assert.equal(readFileSync(join(home.home, '.local', aside[0]!, 'VERSION'), 'utf8').split('\n')[0], 'go1.18.1');

    const list = await run(home, ['rollback', '--list', '--json']);
    const runs = (JSON.parse(list.stdout) as { runs: { status: string; version: string }[] }).runs;
    assert.deepEqual(runs.map((r) => [r.status, r.version]), [['installed', 'go1.19.8']]);

    const pruned = await run(home, ['prune', '--yes']);
    assert.equal(pruned.code, 0, show(pruned));
    assert.match(pruned.stdout, /Freed [\d.]+ KiB from 1 run/);
    assert.ok(!existsSync(join(home.home, '.local', aside[0]!)));

    const undo = await run(home, ['rollback', '--yes']);
    assert.equal(undo.code, 0, show(undo));
    assert.match(undo.stdout, /pruned/);
    assert.match(undo.stdout, new RegExp(`cannot be restored.*${oldGo}`));
    assert.ok(!existsSync(oldGo), 'what the run installed is gone; the pruned old tree cannot come back');
    const after = userTree(home);
    assert.ok(!after.some((e) => e.path.startsWith('home/.local/go')));
    assert.ok(beforeTree.some((e) => e.path === 'home/.local/go/VERSION'));
  });

  test('SIGINT during the download: rolls back and exits 130, HOME unchanged; the partial download is kept and the next install resumes it', async () => {
    const home = newHome();
    const beforeTree = userTree(home);
    mirror.setFault(fixture.filename, { bytesPerSecond: 5_000_000 });
    try {
      const child = spawn(process.execPath, [cli, ...userInstall('--yes', '--json')], { env: home.env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      await waitFor(() => out.includes('"type":"progress"'), 60_000);
      child.kill('SIGINT');
      assert.equal(await exited, 130, out.slice(-3000));
      assertSameTree(beforeTree, userTree(home), 'HOME after SIGINT');
      // The cache is not the user's state: what was downloaded survives the rollback, for the next attempt.
      assert.deepEqual(cacheEntries(home), [`${fixture.sha256}.tar.gz.partial`]);
      mirror.setFault(fixture.filename, undefined);
      const seen = mirror.requestsFor(`/${fixture.filename}`).length;
      const again = await run(home, userInstall('--yes'));
      assert.equal(again.code, 0, show(again));
      const resumed = mirror.requestsFor(`/${fixture.filename}`).slice(seen);
      assert.match(resumed[0]?.headers.range ?? '', /^bytes=[1-9]\d*-$/, 'the second install resumed the partial download');
      assert.deepEqual(cacheEntries(home), [`${fixture.sha256}.tar.gz`]);
    } finally {
      mirror.setFault(fixture.filename, undefined);
    }
  });

  test('kill -9 of the process group after every journal record, then rollback: HOME equal each time', async () => {
    const probe = newHome();
    const full = await run(probe, userInstall('--yes'));
    assert.equal(full.code, 0, show(full));
    const total = readFileSync(journalFiles(probe)[0]!, 'utf8').trim().split('\n').length;
    assert.ok(total >= 10, `a full run writes ${total} records`);
    for (let n = 1; n <= total; n++) {
      const home = createTempHome({ skel: true });
      try {
        const beforeTree = userTree(home);
        const child = spawn(process.execPath, [cli, ...userInstall('--yes', '--json')], { env: home.env, stdio: 'ignore', detached: true });
        const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
        const lines = () => journalFiles(home).reduce((sum, f) => sum + readFileSync(f, 'utf8').split('\n').filter(Boolean).length, 0);
        await waitFor(() => lines() >= n || child.exitCode !== null, 120_000, 2);
        process.kill(-child.pid!, 'SIGKILL');
        await exited;
        const undo = await run(home, ['rollback', '--yes']);
        assert.equal(undo.code, 0, `after kill at record ${n}: ${show(undo)}`);
        assertSameTree(beforeTree, userTree(home), `HOME after kill -9 at journal record ${n} and rollback`);
      } finally {
        home.cleanup();
      }
    }
  });

  test('the sh export run alone by bash gives the same tree as the executor', async () => {
    const viaScript = newHome();
    const viaEngine = newHome();
    const plan = await run(viaScript, ['plan', ...userInstall().slice(1), '--format', 'sh']);
    assert.equal(plan.code, 0, show(plan));
    const script = join(viaScript.root, 'install.sh');
    writeFileSync(script, plan.stdout);
    const scripted = await exec('bash', [script], viaScript.env);
    assert.equal(scripted.code, 0, show(scripted));
    const engine = await run(viaEngine, userInstall('--yes'));
    assert.equal(engine.code, 0, show(engine));
    const normalised = (home: TempHome) =>
      describeTree(home.root, {
        exclude: (p) => p === 'xdg-state' || p === 'xdg-cache' || p === 'install.sh',
        normalise: (content) => Buffer.from(content.toString('latin1').split(home.root).join('/ROOT'), 'latin1'),
      });
    assertSameTree(normalised(viaEngine), normalised(viaScript), 'sh export vs executor');
  });

  test('system scope inside unshare -m (overlays on /usr/local and /etc): the old /usr/local/go is moved aside, rollback restores all', async () => {
    const home = newHome();
    const work = join(home.root, 'ns');
    mkdirSync(work);
    const describeScript = join(repo, 'test/engine/fixtures/describe.ts');
    const describeCmd = (out: string) =>
      `GSW_DESCRIBE_EXCLUDE='^cuda' ${shQuote(process.execPath)} --import tsx ${shQuote(describeScript)} ${shQuote(join(work, out))} /usr/local /etc ${shQuote(home.home)} ${shQuote(home.configHome)}`;
    const overlay = (dir: string, name: string) =>
      `mkdir -p ${work}/${name}-upper ${work}/${name}-work\nmount -t overlay overlay -o lowerdir=${dir},upperdir=${work}/${name}-upper,workdir=${work}/${name}-work ${dir}`;
    const cliCmd = (args: string[]) => [shQuote(process.execPath), shQuote(cli), ...args.map(shQuote)].join(' ');
    const script = [
      'set -uo pipefail',
      overlay('/usr/local', 'usr-local'),
      overlay('/etc', 'etc'),
      'rm -rf /usr/local/go && mkdir -p /usr/local/go/bin /usr/local/go/src',
      `printf 'go1.18-old\\n' > /usr/local/go/VERSION && printf '#!/bin/sh\\necho old\\n' > /usr/local/go/bin/go && chmod 755 /usr/local/go/bin/go`,
      describeCmd('before.json'),
      `cd ${shQuote(repo)}`,
      `${cliCmd(['install', '--yes', '--scope', 'system', '--shells', 'bash', ...mirrorArgs()])}; echo "install-exit=$?"`,
      'cat /usr/local/go/VERSION; echo; ls -d /usr/local/go.gsw-backup-*; cat /usr/local/go.gsw-backup-*/VERSION',
      `${cliCmd(['rollback', '--yes'])}; echo "rollback-exit=$?"`,
      describeCmd('after.json'),
    ].join('\n');
    const result = await exec('unshare', ['-m', 'bash', '-c', script], home.env);
    const out = result.stdout;
    assert.equal(result.code, 0, show(result));
    assert.match(out, /install-exit=0/, out.slice(-3000));
    assert.match(out, /^go1\.19\.8$/m, 'the new tree is in place');
    assert.match(out, /\/usr\/local\/go\.gsw-backup-\S+\ngo1\.18-old/, 'the old tree was moved aside, not deleted');
    assert.match(out, /rollback-exit=0/);
    const beforeTrees = JSON.parse(readFileSync(join(work, 'before.json'), 'utf8')) as Record<string, TreeDescription>;
    const afterTrees = JSON.parse(readFileSync(join(work, 'after.json'), 'utf8')) as Record<string, TreeDescription>;
    for (const dir of Object.keys(beforeTrees)) assertSameTree(beforeTrees[dir]!, afterTrees[dir]!, `${dir} after rollback`);
  });
});
