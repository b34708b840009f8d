// The optional steps carried out by the REAL bundled CLI with the real Go 1.19.8 fixture from a loopback mirror, in
// temp HOMEs: environment.d's go.conf read by systemd's own generator, git sending its requests through the proxy
// with the credentials, gopls-style `go install` through a loopback GOPROXY; rollback restores HOME byte for byte.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { bundle, ensureBuilt } from '../cli/built-cli.js';
import { goFixture } from '../helpers/go-fixture.js';
import { startFixtureMirror, startProxy, type Mirror } from '../helpers/mirror.js';
import { startPythonHttpServer } from '../helpers/servers.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { assertSameTree, describeTree, type TreeDescription } from '../helpers/tree-hash.js';

const GENERATOR = '/usr/lib/systemd/user-environment-generators/30-systemd-environment-d-generator';
let mirror: Mirror;
const homes: TempHome[] = [];

before(async () => {
  await ensureBuilt();
  mirror = await startFixtureMirror(await goFixture());
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

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Asynchronous: the loopback servers live in this process. */
function exec(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(command, args, { env, timeout: 300_000, maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout: String(stdout), stderr: String(stderr) }),
    );
  });
}

const run = (home: TempHome, args: string[], env: NodeJS.ProcessEnv = {}) => exec(process.execPath, [bundle, ...args], { ...home.env, ...env });
const install = (...extra: string[]) => ['install', '--yes', '--scope', 'user', '--shells', 'bash', '--mirror', mirror.url, '--index-url', `${mirror.url}index.json`, ...extra];
const show = (r: CliResult) => `exit ${r.code}\n--- stdout\n${r.stdout.slice(-3000)}\n--- stderr\n${r.stderr.slice(-3000)}`;

/** HOME and the config/data dirs: not the journal nor the download cache. */
const userTree = (home: TempHome): TreeDescription => describeTree(home.root, { exclude: (p) => p === 'xdg-state' || p === 'xdg-cache' });

describe('optional steps through the real CLI', { timeout: 900_000 }, () => {
  test('--session-env and --git-proxy: systemd reads go.conf, git goes through the proxy with its password; rollback restores HOME', async (t) => {
    const home = newHome();
    writeFileSync(join(home.home, '.gitconfig'), '[user]\n\tname = Student\n', { mode: 0o644 });
    const proxy = await startProxy({ auth: { username: 'bob', password: 'pa;ss word' } });
    t.after(() => proxy.close());
    const beforeTree = userTree(home);

    const installed = await run(home, install('--session-env', '--git-proxy', '--https-proxy', proxy.urlWithCredentials));
    assert.equal(installed.code, 0, show(installed));
    assert.doesNotMatch(installed.stdout + installed.stderr, /pa;ss|pa%3Bss/, 'the password is never printed');

    // systemd's own environment.d generator, as the user session runs it at login.
    const goBin = join(home.home, '.local/go/bin');
    if (existsSync(GENERATOR)) {
      const generated = spawnSync(GENERATOR, [], { env: { HOME: home.home, XDG_CONFIG_HOME: home.configHome, PATH: '/usr/bin:/bin' }, encoding: 'utf8' });
      const path = /^PATH=(.*)$/m.exec(generated.stdout)?.[1] ?? '';
      assert.equal(path, `${goBin}:${join(home.home, 'go/bin')}:/usr/bin:/bin`, generated.stdout + generated.stderr);
      assert.doesNotMatch(generated.stdout, /^GOROOT=/m);
      const version = spawnSync('go', ['version'], { env: { HOME: home.home, PATH: path }, encoding: 'utf8' });
      assert.match(version.stdout, /go version go1\.19\.8 /);
    } else {
      t.diagnostic(`${GENERATOR} is absent: go.conf checked as text only`);
      assert.match(readFileSync(join(home.configHome, 'environment.d/go.conf'), 'utf8'), new RegExp(`^PATH=${goBin}:`, 'm'));
    }

    // git itself reads the value back and sends its requests through the proxy, with the credentials.
    const gitEnv = { HOME: home.home, XDG_CONFIG_HOME: home.configHome, PATH: '/usr/bin:/bin', GIT_TERMINAL_PROMPT: '0' };
    const value = spawnSync('git', ['config', '--global', '--get', 'http.proxy'], { env: gitEnv, encoding: 'utf8' });
    assert.equal(value.stdout.trim(), proxy.urlWithCredentials.replace(/\/?$/, '/'));
    assert.equal(statSync(join(home.home, '.gitconfig')).mode & 0o777, 0o600, 'a file holding the password is private');
    const lsRemote = await exec('git', ['ls-remote', `${mirror.url}module.git`], gitEnv);
    assert.notEqual(lsRemote.code, 0, 'the mirror has no such repository');
    const viaProxy = proxy.seen.filter((s) => s.target.startsWith(`${mirror.url}module.git`));
    assert.ok(viaProxy.some((s) => s.credentials === 'bob:pa;ss word' && s.allowed), JSON.stringify(proxy.seen));

    const rolledBack = await run(home, ['rollback', '--yes']);
    assert.equal(rolledBack.code, 0, show(rolledBack));
    assertSameTree(beforeTree, userTree(home), 'HOME after rollback (.gitconfig with its mode, no environment.d)');
  });

  test('--gopls with a loopback GOPROXY serving a stand-in gopls module (a tiny main package, not the real gopls): built, then removed by rollback', async (t) => {
    const home = newHome();
    const served = buildStandInModule();
    t.after(() => rmSync(served, { recursive: true, force: true }));
    const goproxy = await startPythonHttpServer(served);
    t.after(() => goproxy.close());
    const beforeTree = userTree(home);

    const installed = await run(home, install('--gopls', '--goproxy', goproxy.url, '--gosumdb', 'off'));
    assert.equal(installed.code, 0, show(installed));
    const gopls = join(home.home, 'go/bin/gopls');
    assert.equal(spawnSync(gopls, [], { encoding: 'utf8' }).stdout, 'stand-in gopls v0.0.1\n');
    assert.ok(!existsSync(join(home.home, 'go/pkg')), 'the module cache was a scratch one, gone');

    const rolledBack = await run(home, ['rollback', '--yes']);
    assert.equal(rolledBack.code, 0, show(rolledBack));
    assertSameTree(beforeTree, userTree(home), 'HOME after rollback (no gopls, no ~/go)');
  });
});

/** A GOPROXY folder (the module proxy protocol's files) serving golang.org/x/tools/gopls v0.0.1 as a tiny main package. */
function buildStandInModule(): string {
  const root = mkdtempSync(join(tmpdir(), 'gsw-goproxy-'));
  const dir = join(root, 'golang.org/x/tools/gopls/@v');
  mkdirSync(dir, { recursive: true });
  const mod = 'module golang.org/x/tools/gopls\n\ngo 1.19\n';
  writeFileSync(join(dir, 'list'), 'v0.0.1\n');
  writeFileSync(join(dir, 'v0.0.1.info'), JSON.stringify({ Version: 'v0.0.1', Time: '2026-01-01T00:00:00Z' }));
  writeFileSync(join(dir, 'v0.0.1.mod'), mod);
  const main = 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("stand-in gopls v0.0.1") }\n';
  const zip = spawnSync(
    'python3',
    [
      '-c',
      'import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], "w") as z:\n  z.writestr("golang.org/x/tools/gopls@v0.0.1/go.mod", sys.argv[2])\n  z.writestr("golang.org/x/tools/gopls@v0.0.1/main.go", sys.argv[3])\n',
      join(dir, 'v0.0.1.zip'),
      mod,
      main,
    ],
    { encoding: 'utf8' },
  );
  if (zip.status !== 0) throw new Error(zip.stderr);
  return root;
}
