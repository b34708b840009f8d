// The environment findings, each provoked for real: startup files read by real fresh bash/fish shells, `go env -w`
// files, a PATH with and without gcc (and the fixture's real go failing to build cgo without it), and GOPATH or
// caches owned by root (a fixture Host whose user is uid 1000, since the tests run as root).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { detect } from '../../src/detect/index.js';
import { doctor, type Finding } from '../../src/doctor/index.js';
import { createFixtureHost } from '../../src/host/fixture.js';
import { createHost, type Host } from '../../src/host/host.js';
import { createTranslator } from '../../src/i18n/index.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { goFixture } from '../helpers/go-fixture.js';
import { goTree, writeFile } from '../fixtures/trees.js';

const t = createTranslator('en');
const homes: TempHome[] = [];
after(() => homes.forEach((home) => home.cleanup()));

async function diagnose(host: Host): Promise<Finding[]> {
  return doctor(host, await detect(host, { t }), { t, timeoutMs: 8000 });
}

/** A temp HOME with a Go tree first on PATH; GOPROXY=off through `go env -w`, so no check goes to the network. */
function setup(options: { shell?: string; goEnv?: string; env?: NodeJS.ProcessEnv } = {}): TempHome & { goBin: string } {
  const home = createTempHome({ shell: options.shell });
  homes.push(home);
  goTree(home.home, '.local/go', 'go1.27.1');
  const goBin = join(home.home, '.local/go/bin');
  writeFile(home.configHome, 'go/env', options.goEnv ?? 'GOPROXY=off\n');
  Object.assign(home.env, { PATH: `${goBin}:${join(home.home, 'go/bin')}:${home.env.PATH}`, ...options.env });
  return Object.assign(home, { goBin });
}

const byId = (findings: Finding[], id: string) => findings.find((f) => f.id === id);

test('env-overrides-go-env: GOPROXY exported by ~/.bashrc defeats `go env -w GOPROXY`; the fix is that line, never go env -w', async () => {
  const home = setup({ goEnv: 'GOPROXY=off\n' });
  writeFile(home.home, '.bashrc', '# added from a blog post\nexport GOPROXY=https://proxy.golang.org,direct\n');
  const finding = byId(await diagnose(createHost({ env: home.env })), 'env-overrides-go-env');
  assert.ok(finding, 'finding expected');
  assert.equal(finding.severity, 'warning');
  assert.match(finding.message, /GOPROXY is set to https:\/\/proxy\.golang\.org,direct in a new interactive bash/);
  assert.ok(finding.message.includes('go env -w GOPROXY=off'));
  assert.ok(finding.fix.includes(`${join(home.home, '.bashrc')}:2 \`export GOPROXY=https://proxy.golang.org,direct\``), finding.fix);
  assert.doesNotMatch(finding.fix, /go env -w GOPROXY=[a-z]/, 'never recommends the go env -w that cannot win');

  // This terminal's own environment counts too.
  home.env.GOPROXY = 'direct';
  const here = byId(await diagnose(createHost({ env: home.env })), 'env-overrides-go-env');
  assert.match(here!.message, /set to direct in this terminal/);
});

test('env-overrides-go-env: nothing when the exported value agrees with go env -w', async () => {
  const home = setup({ goEnv: 'GOPROXY=off\n' });
  writeFile(home.home, '.bashrc', 'export GOPROXY=off\n');
  assert.equal(byId(await diagnose(createHost({ env: home.env })), 'env-overrides-go-env'), undefined);
});

test('go111module-off from ~/.profile, seen by a fresh login shell; the fix names the line', async () => {
  const home = setup();
  writeFile(home.home, '.profile', 'export GO111MODULE=off\n');
  const finding = byId(await diagnose(createHost({ env: home.env })), 'go111module-off');
  assert.ok(finding);
  assert.match(finding.message, /GO111MODULE=off in a new bash login shell/);
  assert.ok(finding.fix.includes(`${join(home.home, '.profile')}:1`));
});

test('gosumdb-off through go env -w: the fix is go env -u GOSUMDB', async () => {
  const home = setup({ goEnv: 'GOPROXY=off\nGOSUMDB=off\n' });
  const finding = byId(await diagnose(createHost({ env: home.env })), 'gosumdb-off');
  assert.ok(finding);
  assert.match(finding.fix, /`go env -u GOSUMDB`/);
  assert.match(finding.fix, /GOPRIVATE/);
});

test('cgo-disabled from a fish conf.d file, seen by fresh fish shells when fish is the login shell', async () => {
  const home = setup({ shell: '/usr/bin/fish' });
  writeFile(home.configHome, 'fish/conf.d/go.fish', 'set -gx CGO_ENABLED 0\n');
  const finding = byId(await diagnose(createHost({ env: home.env })), 'cgo-disabled');
  assert.ok(finding);
  assert.match(finding.message, /CGO_ENABLED=0 in a new fish login shell, a new interactive fish/);
  assert.ok(finding.fix.includes(join(home.configHome, 'fish/conf.d/go.fish:1')));
});

test('no-c-compiler: with gcc off PATH the finding says how to install it, and the real go fails to build cgo', async () => {
  const home = setup();
  // A PATH with the tools detection runs, but no gcc or cc.
  const tools = join(home.root, 'tools');
  mkdirSync(tools);
  for (const name of ['bash', 'sh', 'env', 'uname', 'id', 'getent', 'zsh', 'fish']) symlinkSync(`/usr/bin/${name}`, join(tools, name));
  const withGcc = await diagnose(createHost({ env: home.env }));
  assert.equal(byId(withGcc, 'no-c-compiler'), undefined, 'gcc is on PATH here');
  home.env.PATH = `${home.goBin}:${tools}`;
  const finding = byId(await diagnose(createHost({ env: home.env })), 'no-c-compiler');
  assert.ok(finding);
  assert.match(finding.message, /C compiler "gcc" not found/);
  assert.equal(finding.fix, 'Install one with `sudo apt install build-essential`.');

  // What the user would meet: the fixture's real go, a cgo package, the same PATH.
  const fixture = await goFixture();
  const goroot = join(home.root, 'realgo');
  mkdirSync(goroot);
  execFileSync('tar', ['-xzf', fixture.tarball, '-C', goroot, '--strip-components=1']);
  const project = join(home.root, 'cgo');
  writeFile(project, 'main.go', 'package main\n\n// int answer(void) { return 42; }\nimport "C"\n\nfunc main() { println(C.answer()) }\n');
  writeFile(project, 'go.mod', 'module example.com/cgo\n\ngo 1.19\n');
  const build = spawnSync(join(goroot, 'bin/go'), ['build', '-o', join(project, 'out'), '.'], {
    cwd: project,
    encoding: 'utf8',
    env: { ...home.env, PATH: `${join(goroot, 'bin')}:${tools}`, CGO_ENABLED: '1', GOCACHE: join(home.root, 'gocache'), GOPROXY: 'off', GOTOOLCHAIN: 'local', GOFLAGS: '-modcacherw' },
  });
  assert.notEqual(build.status, 0);
  assert.match(build.stderr, /C compiler "gcc" not found/);
});

test('gopath-not-writable: GOPATH\'s module cache and the build cache owned by root; the fix is the exact chown', async () => {
  const root = mkdtempSync(join(tmpdir(), 'gsw-owned-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const home = '/home/ada';
  goTree(root, `${home}/.local/go`, 'go1.27.1');
  for (const dir of ['go/bin', 'go/pkg/mod/cache/download', '.cache/go-build', '.config']) mkdirSync(join(root, home, dir), { recursive: true });
  const host = () =>
    createFixtureHost({ root, env: { HOME: home, PATH: `${home}/.local/go/bin:/usr/bin`, GOPROXY: 'off', SHELL: '/bin/bash' }, user: { name: 'ada', uid: 1000, home } });
  spawnSync('chown', ['-R', '1000:1000', join(root, home)]);
  assert.equal(byId(await diagnose(host()), 'gopath-not-writable'), undefined, 'all owned by ada');

  // `sudo go get` as ada leaves the module cache to root, `sudo go build` the build cache.
  for (const dir of ['go/pkg/mod', 'go/pkg/mod/cache', 'go/pkg/mod/cache/download', '.cache/go-build']) chownSync(join(root, home, dir), 0, 0);
  const finding = byId(await diagnose(host()), 'gopath-not-writable');
  assert.ok(finding);
  assert.equal(finding.severity, 'error');
  assert.ok(finding.message.includes(`${home}/go/pkg/mod, ${home}/.cache/go-build`), finding.message);
  assert.ok(finding.fix.includes(`sudo chown -R ada: ${home}/go/pkg/mod`), finding.fix);
  assert.ok(finding.fix.includes('go clean -modcache'));
  assert.ok(finding.fix.includes(`sudo chown -R ada: ${home}/.cache/go-build`));
});
