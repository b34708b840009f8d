// WSL, shells, user and sudo, environment and disk, on fixture machines and on the real Host with a temp HOME.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { detect } from '../../src/detect/index.js';
import { wslVersionOfKernel } from '../../src/detect/wsl.js';
import { createFixtureHost } from '../../src/host/fixture.js';
import { createHost } from '../../src/host/host.js';
import { createTempHome } from '../helpers/temp-home.js';
import { buildSysroot, SYSTEMS } from '../fixtures/sysroots.js';
import { goTree, writeFile } from '../fixtures/trees.js';

const scratch = mkdtempSync(join(tmpdir(), 'gsw-machine-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let count = 0;
const freshRoot = () => join(scratch, String(++count));

test('WSL kernel releases', () => {
  assert.equal(wslVersionOfKernel('4.4.0-19041-Microsoft'), 1);
  assert.equal(wslVersionOfKernel('5.15.167.4-microsoft-standard-WSL2'), 2);
  assert.equal(wslVersionOfKernel('6.6.36.3-microsoft-standard-WSL2+'), 2);
  assert.equal(wslVersionOfKernel('6.8.0-45-generic'), null);
});

test('WSL2: Windows go.exe on PATH through interop, working under /mnt/c', async () => {
  const root = freshRoot();
  buildSysroot(root, SYSTEMS['wsl2-ubuntu-24.04']!.spec);
  writeFile(root, '/mnt/c/Program Files/Go/bin/go.exe', 'MZ', 0o755);
  const host = createFixtureHost({
    root,
    env: { HOME: '/home/user', PATH: '/usr/bin:/mnt/c/Program Files/Go/bin:/mnt/c/WINDOWS', WSL_DISTRO_NAME: 'Ubuntu', WSL_INTEROP: '/run/WSL/1_interop' },
    cwd: '/mnt/c/Users/me/project',
  });
  const d = await detect(host);
  assert.deepEqual(d.wsl, { isWsl: true, version: 2, windowsGoOnPath: true, underMntC: true });
  assert.ok(d.warnings.some((w) => w.includes('go.exe')));
  assert.ok(d.warnings.some((w) => w.includes('/mnt/c/Users/me/project')));
});

test('WSL: go.exe found by file in a lower-case Windows dir; /mnt/wsl is not a drive', async () => {
  const root = freshRoot();
  buildSysroot(root, SYSTEMS['wsl1-ubuntu-22.04']!.spec);
  writeFile(root, '/mnt/d/tools/golang/bin/go.exe', 'MZ', 0o755);
  const host = createFixtureHost({ root, env: { HOME: '/home/user', PATH: '/usr/bin:/mnt/d/tools/golang/bin' }, cwd: '/mnt/wsl/shared' });
  const d = await detect(host);
  assert.deepEqual(d.wsl, { isWsl: true, version: 1, windowsGoOnPath: true, underMntC: false });
});

test('WSL from the environment alone (live system whose kernel release hides it)', async () => {
  const root = freshRoot();
  buildSysroot(root, { ...SYSTEMS['ubuntu-24.04']!.spec, kernelRelease: '6.6.0-custom' });
  const base = { HOME: '/home/user', PATH: '/usr/bin', WSL_DISTRO_NAME: 'Ubuntu' };
  assert.equal((await detect(createFixtureHost({ root, env: { ...base, WSL_INTEROP: '/run/WSL/8_interop' } }))).wsl.version, 2);
  assert.equal((await detect(createFixtureHost({ root, env: base }))).wsl.version, 1);
  assert.equal((await detect(createFixtureHost({ root, env: base, liveSystem: false }))).wsl.isWsl, false, 'a sysroot ignores this shell\'s env');
});

test('shells: login from SHELL, else passwd; installed via PATH or /etc/shells; startup files incl. ZDOTDIR and fish conf.d', async () => {
  const root = freshRoot();
  buildSysroot(root, SYSTEMS['ubuntu-24.04']!.spec);
  writeFile(root, '/usr/bin/bash', '', 0o755);
  writeFile(root, '/opt/fish/bin/fish', '', 0o755);
  writeFile(root, '/etc/shells', '# /etc/shells\n/bin/sh\n/usr/bin/bash\n/opt/fish/bin/fish\n/usr/bin/zsh\n');
  for (const file of ['.profile', '.bashrc', '.bash_login', '.config/fish/config.fish', '.config/fish/conf.d/z.fish', '.config/fish/conf.d/notes.txt', 'zdot/.zshenv', '.zshrc']) {
    writeFile(root, `/home/user/${file}`, '# x\n');
  }
  const env = { HOME: '/home/user', PATH: '/usr/bin', ZDOTDIR: '/home/user/zdot', SHELL: '/usr/bin/fish' };
  const d = await detect(createFixtureHost({ root, env }));
  assert.equal(d.shell.login, 'fish');
  assert.deepEqual(d.shell.available, ['bash', 'fish'], 'zsh is listed in /etc/shells but not installed');
  assert.equal(d.shell.zdotdir, '/home/user/zdot');
  assert.deepEqual(d.shell.startupFiles, [
    '/home/user/.profile',
    '/home/user/.bash_login',
    '/home/user/.bashrc',
    '/home/user/zdot/.zshenv',
    '/home/user/.config/fish/config.fish',
    '/home/user/.config/fish/conf.d/z.fish',
  ]);

  const { SHELL: _unused, ...withoutShell } = env;
  const passwd = await detect(
    createFixtureHost({ root, env: withoutShell, user: { name: 'ana', shell: '' }, commands: { 'getent passwd ana': { stdout: 'ana:x:1000:1000::/home/ana:/usr/bin/zsh\n' } } }),
  );
  assert.equal(passwd.shell.login, 'zsh');
});

const sudoCases: [string, Record<string, { code?: number | null; stdout?: string; stderr?: string }>, boolean, string][] = [
  ['passwordless', { 'sudo -n true': { code: 0 } }, true, 'passwordless'],
  ['password required', { 'sudo -n true': { code: 1, stderr: 'sudo: a password is required\n' } }, true, 'password'],
  ['in the sudo group, sudo says something else', { 'sudo -n true': { code: 1, stderr: 'sudo: unable to resolve host' }, 'id -Gn': { stdout: 'ana adm sudo\n' } }, true, 'password'],
  ['not in any admin group', { 'sudo -n true': { code: 1, stderr: 'sudo: unable to resolve host' }, 'id -Gn': { stdout: 'ana users\n' } }, true, 'none'],
  ['no sudo installed', {}, false, 'none'],
];
for (const [name, commands, sudoInstalled, expected] of sudoCases) {
  test(`sudo: ${name} → ${expected}`, async () => {
    const root = freshRoot();
    buildSysroot(root, SYSTEMS['ubuntu-24.04']!.spec);
    if (sudoInstalled) writeFile(root, '/usr/bin/sudo', '', 0o755);
    const d = await detect(createFixtureHost({ root, env: { HOME: '/home/ana', PATH: '/usr/bin' }, user: { name: 'ana', uid: 1000 }, commands }));
    assert.equal(d.user.sudo, expected);
    assert.equal(d.user.isRoot, false);
  });
}

test('root needs no sudo', async () => {
  const root = freshRoot();
  buildSysroot(root, SYSTEMS['ubuntu-24.04']!.spec);
  const host = createFixtureHost({ root, env: { HOME: '/root', PATH: '/usr/bin' }, user: { name: 'root', uid: 0 } });
  const d = await detect(host);
  assert.deepEqual([d.user.isRoot, d.user.sudo, d.user.home], [true, 'root', '/root']);
  assert.ok(!host.commandLog.some((line) => line.startsWith('sudo')));
});

test('environment: Go variables kept, proxy credentials redacted, unrelated variables dropped', async () => {
  const home = createTempHome({
    env: {
      GOPATH: '/work/gopath',
      GOPROXY: 'https://goproxy.cn,direct',
      GOTOOLCHAIN: 'local',
      https_proxy: 'http://alice:s3cr%24t@proxy.corp:3128',
      HTTP_PROXY: 'http://bob:pw@10.0.0.1:8080/',
      NO_PROXY: 'localhost,127.0.0.1',
      AWS_SECRET_ACCESS_KEY: 'nope',
    },
  });
  try {
    const d = await detect(createHost({ env: home.env }));
    assert.deepEqual(d.env, {
      GOPATH: '/work/gopath',
      GOPROXY: 'https://goproxy.cn,direct',
      GOTOOLCHAIN: 'local',
      HTTP_PROXY: 'http://****@10.0.0.1:8080/',
      https_proxy: 'http://****@proxy.corp:3128',
      NO_PROXY: 'localhost,127.0.0.1',
    });
    assert.ok(!JSON.stringify(d).includes('s3cr'));
  } finally {
    home.cleanup();
  }
});

test('stale GOROOT: pointing nowhere, and pointing at a tree that is not the go in use', async () => {
  const root = freshRoot();
  buildSysroot(root, SYSTEMS['ubuntu-24.04']!.spec);
  goTree(root, '/usr/local/go', 'go1.27.1');
  goTree(root, '/usr/lib/go-1.22', 'go1.22.2');
  const env = { HOME: '/home/user', PATH: '/usr/local/go/bin:/usr/bin' };
  const nowhere = await detect(createFixtureHost({ root, env: { ...env, GOROOT: '/opt/go-gone' } }));
  assert.ok(nowhere.warnings.some((w) => w.includes('/opt/go-gone') && w.includes('holds no Go')), nowhere.warnings.join('\n'));
  const other = await detect(createFixtureHost({ root, env: { ...env, GOROOT: '/usr/lib/go-1.22' } }));
  assert.ok(other.warnings.some((w) => w.includes('/usr/lib/go-1.22') && w.includes('not the Go in use')), other.warnings.join('\n'));
  const right = await detect(createFixtureHost({ root, env: { ...env, GOROOT: '/usr/local/go/' } }));
  assert.ok(!right.warnings.some((w) => w.includes('GOROOT')), right.warnings.join('\n'));
});

test('disk: free space of the install places and the cache dir, measured at the nearest existing ancestor', async () => {
  const home = createTempHome();
  try {
    const d = await detect(createHost({ env: home.env }));
    assert.deepEqual(
      d.disk.map((entry) => entry.path),
      ['/usr/local', join(home.home, '.local'), join(home.cacheHome, 'go-setup-wizard')],
    );
    for (const entry of d.disk) assert.ok(typeof entry.freeBytes === 'number' && entry.freeBytes > 0, entry.path);
  } finally {
    home.cleanup();
  }
});

test('a probe that hangs is cut off and reported; the rest of detect still answers', async () => {
  const root = freshRoot();
  buildSysroot(root, SYSTEMS['ubuntu-24.04']!.spec);
  writeFile(root, '/usr/bin/sudo', '', 0o755);
  const host = createFixtureHost({ root, env: { HOME: '/home/ana', PATH: '/usr/bin' }, user: { name: 'ana', uid: 1000 } });
  const slowRun = host.run;
  host.run = (file, args, options) => (file === 'sudo' ? new Promise(() => {}) : slowRun(file, args, options));
  const started = Date.now();
  // The limit leaves the other probes (fixture file reads) room to answer on a loaded machine.
  const d = await detect(host, { probeTimeoutMs: 1500 });
  assert.ok(Date.now() - started < 10_000);
  assert.equal(d.os.id, 'ubuntu');
  assert.deepEqual(d.problems.map((p) => p.probe), ['user']);
  assert.equal(d.user.sudo, 'none');
});

test('the architecture is never thrown away by the probe limit: its reads are bounded on their own', async () => {
  const root = freshRoot();
  buildSysroot(root, SYSTEMS['ubuntu-24.04']!.spec);
  const host = createFixtureHost({ root, env: { HOME: '/home/ana', PATH: '/usr/bin' }, user: { name: 'ana', uid: 1000 } });
  const readSystemFile = host.readSystemFile.bind(host);
  // A machine so loaded that reading /bin/sh takes longer than the limit every other probe gets.
  host.readSystemFile = async (path, maxBytes) => {
    if (path === '/bin/sh') await new Promise((resolve) => setTimeout(resolve, 400));
    return readSystemFile(path, maxBytes);
  };
  const d = await detect(host, { probeTimeoutMs: 100 });
  assert.equal(d.arch.goArch, 'amd64');
  assert.ok(!d.problems.some((p) => p.probe === 'arch'), JSON.stringify(d.problems));
});
