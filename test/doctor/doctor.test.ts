// Each doctor finding provoked for real in a temp HOME (real files, real bash, a loopback GOPROXY); the WSL and
// sudo findings use the fixture Host because this machine is neither WSL nor has sudo.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { detect } from '../../src/detect/index.js';
import { doctor, hasError, type Finding } from '../../src/doctor/index.js';
import { createFixtureHost } from '../../src/host/fixture.js';
import { createHost, type Host } from '../../src/host/host.js';
import { createTranslator } from '../../src/i18n/index.js';
import { appPaths } from '../../src/paths.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { goScript, goTree, writeFile } from '../fixtures/trees.js';

const t = createTranslator('en');

async function diagnose(host: Host): Promise<Finding[]> {
  return doctor(host, await detect(host, { t }), { t, timeoutMs: 3000 });
}

/** A temp HOME with a Go tree in ~/.local/go; PATH has it and ~/go/bin; the GOPROXY check is off unless asked. */
function setup(options: { version?: string; env?: NodeJS.ProcessEnv } = {}): TempHome & { goBin: string; gopathBin: string } {
  const home = createTempHome();
  goTree(home.home, '.local/go', options.version ?? 'go1.20.14');
  const goBin = join(home.home, '.local/go/bin');
  const gopathBin = join(home.home, 'go/bin');
  Object.assign(home.env, { PATH: `${goBin}:${gopathBin}:${home.env.PATH}`, GOPROXY: 'off', ...options.env });
  return Object.assign(home, { goBin, gopathBin });
}

const ids = (findings: Finding[]) => findings.map((f) => f.id);

test('a healthy setup has no findings', async (t2) => {
  const home = setup();
  t2.after(home.cleanup);
  const findings = await diagnose(createHost({ env: home.env }));
  assert.deepEqual(findings, []);
  assert.equal(hasError(findings), false);
});

test('no-go: nothing on PATH is an error; a Go that exists elsewhere is named', async (t2) => {
  const home = createTempHome();
  t2.after(home.cleanup);
  const none = await diagnose(createHost({ env: home.env }));
  assert.deepEqual(ids(none), ['no-go']);
  assert.equal(none[0]!.severity, 'error');
  assert.match(none[0]!.fix, /go-setup-wizard/);
  assert.equal(hasError(none), true);

  goTree(home.home, '.local/go', 'go1.27.1');
  const elsewhere = await diagnose(createHost({ env: home.env }));
  assert.deepEqual(ids(elsewhere), ['no-go']);
  assert.ok(elsewhere[0]!.message.includes(join(home.home, '.local/go/bin/go')));
  assert.ok(elsewhere[0]!.fix.includes(join(home.home, '.local/go/bin')));
});

test('shadowed-go: an older go in a /usr/bin-like dir comes first on PATH', async (t2) => {
  const home = setup({ version: 'go1.20.14' });
  t2.after(home.cleanup);
  const usrBin = join(home.root, 'usr-bin');
  writeFile(usrBin, 'go', goScript('go1.18.1'), 0o755);
  home.env.PATH = `${usrBin}:${home.env.PATH}`;
  const findings = await diagnose(createHost({ env: home.env }));
  assert.deepEqual(ids(findings), ['shadowed-go']);
  assert.ok(findings[0]!.message.includes(join(usrBin, 'go')) && findings[0]!.message.includes('go1.18.1'));
  assert.ok(findings[0]!.message.includes(join(home.goBin, 'go')) && findings[0]!.message.includes('go1.20.14'));
});

test('shadowed-go: the go the wizard set up (named in env.sh) is hidden, even by a newer one', async (t2) => {
  const home = setup({ version: 'go1.20.14' });
  t2.after(home.cleanup);
  const other = join(home.root, 'other');
  goTree(other, 'go', 'go1.21.0');
  home.env.PATH = `${join(other, 'go/bin')}:${home.env.PATH}`;
  const noEnvSh = await diagnose(createHost({ env: home.env }));
  assert.ok(!ids(noEnvSh).includes('shadowed-go'), 'without env.sh the newer go first is fine');
  writeFile('/', appPaths(home.env).envSh, `case ":$PATH:" in *":${home.goBin}:"*) ;; *) export PATH="${home.goBin}:$PATH" ;; esac\n`);
  const findings = await diagnose(createHost({ env: home.env }));
  assert.ok(ids(findings).includes('shadowed-go'), JSON.stringify(findings));
});

describe('stale-goroot', () => {
  test('GOROOT pointing nowhere, set in ~/.profile', async (t2) => {
    const home = setup({ env: { GOROOT: '/nonexistent/go' } });
    t2.after(home.cleanup);
    writeFile(home.home, '.profile', 'export GOROOT=/nonexistent/go\nexport PATH=$GOROOT/bin:$PATH\n');
    const findings = await diagnose(createHost({ env: home.env }));
    assert.deepEqual(ids(findings), ['stale-goroot']);
    assert.equal(findings[0]!.severity, 'error');
    assert.ok(findings[0]!.fix.includes(join(home.home, '.profile')), findings[0]!.fix);
  });

  test('GOROOT pointing at another tree than the go in use', async (t2) => {
    const home = setup();
    t2.after(home.cleanup);
    goTree(home.root, 'old-go', 'go1.16.15');
    home.env.GOROOT = join(home.root, 'old-go');
    const findings = await diagnose(createHost({ env: home.env }));
    assert.deepEqual(ids(findings), ['stale-goroot']);
    assert.ok(findings[0]!.message.includes(join(home.home, '.local/go')));
  });

  test('GOROOT naming the go in use is fine', async (t2) => {
    const home = setup();
    t2.after(home.cleanup);
    home.env.GOROOT = join(home.home, '.local/go/');
    assert.deepEqual(await diagnose(createHost({ env: home.env })), []);
  });
});

test('gopath-bin-not-on-path: default ~/go/bin, GOPATH from `go env -w`, and GOBIN', async (t2) => {
  const home = setup();
  t2.after(home.cleanup);
  home.env.PATH = `${home.goBin}:/usr/bin:/bin`;
  const defaults = await diagnose(createHost({ env: home.env }));
  assert.deepEqual(ids(defaults), ['gopath-bin-not-on-path']);
  assert.ok(defaults[0]!.message.includes(home.gopathBin));

  writeFile(home.configHome, 'go/env', 'GOPATH=/srv/gopath\n');
  const fromGoEnv = await diagnose(createHost({ env: home.env }));
  assert.ok(fromGoEnv[0]!.message.includes('/srv/gopath/bin'), fromGoEnv[0]!.message);

  home.env.GOBIN = '/opt/tools/bin';
  home.env.PATH += ':/opt/tools/bin/';
  assert.deepEqual(await diagnose(createHost({ env: home.env })), []);
});

describe('profile-not-loaded (real bash -lc / bash -ic with a clean environment)', () => {
  const block = (envSh: string) => `# >>> go-setup-wizard >>>\n. '${envSh}'\n# <<< go-setup-wizard <<<\n`;

  test('env.sh exists but no profile sources it', async (t2) => {
    const home = setup();
    t2.after(home.cleanup);
    const { envSh } = appPaths(home.env);
    writeFile('/', envSh, `export PATH="${home.goBin}:$PATH"\n`);
    const findings = await diagnose(createHost({ env: home.env }));
    assert.deepEqual(ids(findings), ['profile-not-loaded']);
    assert.match(findings[0]!.message, /new bash login shell, a new interactive bash/);
    assert.ok(findings[0]!.fix.includes(envSh));
  });

  test('only ~/.bashrc sources it: the login shell is the one reported', async (t2) => {
    const home = setup();
    t2.after(home.cleanup);
    const { envSh } = appPaths(home.env);
    writeFile('/', envSh, `export PATH="${home.goBin}:$PATH"\n`);
    writeFile(home.home, '.bashrc', block(envSh));
    const findings = await diagnose(createHost({ env: home.env }));
    assert.deepEqual(ids(findings), ['profile-not-loaded']);
    assert.ok(findings[0]!.message.includes('login shell') && !findings[0]!.message.includes('interactive'), findings[0]!.message);
  });

  test('sourced from ~/.profile and ~/.bashrc: fine', async (t2) => {
    const home = setup();
    t2.after(home.cleanup);
    const { envSh } = appPaths(home.env);
    writeFile('/', envSh, `export PATH="${home.goBin}:$PATH"\n`);
    writeFile(home.home, '.profile', block(envSh));
    writeFile(home.home, '.bashrc', block(envSh));
    assert.deepEqual(await diagnose(createHost({ env: home.env })), []);
  });
});

test('profile-not-loaded: a zsh login shell is checked too (real zsh -lc / zsh -ic)', async (t2) => {
  const home = setup({ env: { SHELL: '/usr/bin/zsh' } });
  t2.after(home.cleanup);
  const { envSh } = appPaths(home.env);
  const block = `# >>> go-setup-wizard >>>\n. '${envSh}'\n# <<< go-setup-wizard <<<\n`;
  writeFile('/', envSh, `export PATH="${home.goBin}:$PATH"\n`);
  writeFile(home.home, '.profile', block);
  writeFile(home.home, '.bashrc', block);
  const findings = await diagnose(createHost({ env: home.env }));
  assert.deepEqual(ids(findings), ['profile-not-loaded']);
  assert.ok(findings[0]!.message.includes('zsh login shell') && findings[0]!.message.includes('interactive zsh'), findings[0]!.message);
  assert.ok(!findings[0]!.message.includes('bash'), findings[0]!.message);
  writeFile(home.home, '.zshenv', block);
  assert.deepEqual(await diagnose(createHost({ env: home.env })), []);
});

describe('goproxy-unreachable (loopback GOPROXY)', () => {
  let server: Server;
  let base: string;
  const authorizations: string[] = [];
  before(async () => {
    server = createServer((req, res) => {
      authorizations.push(req.headers.authorization ?? '');
      res.statusCode = req.url?.startsWith('/broken') ? 503 : 200;
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  test('answering proxy: no finding; `direct` and `off` are not probed', async (t2) => {
    const home = setup({ env: { GOPROXY: `${base}/,direct` } });
    t2.after(home.cleanup);
    assert.deepEqual(await diagnose(createHost({ env: home.env })), []);
    home.env.GOPROXY = 'direct';
    assert.deepEqual(await diagnose(createHost({ env: home.env })), []);
  });

  test('credentials in GOPROXY are sent as basic auth, as the go command does', async (t2) => {
    const home = setup({ env: { GOPROXY: `${base.replace('//', '//ci:p%40ss@')}/auth` } });
    t2.after(home.cleanup);
    authorizations.length = 0;
    assert.deepEqual(await diagnose(createHost({ env: home.env })), []);
    assert.deepEqual(authorizations, [`Basic ${Buffer.from('ci:p@ss').toString('base64')}`]);
  });

  test('a closed port and an HTTP 503 are reported, credentials hidden', async (t2) => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    const home = setup({ env: { GOPROXY: `http://user:hunter2@127.0.0.1:${port}/|https://proxy.golang.org` } });
    t2.after(home.cleanup);
    const refused = await diagnose(createHost({ env: home.env }));
    assert.deepEqual(ids(refused), ['goproxy-unreachable']);
    assert.match(refused[0]!.message, /ECONNREFUSED/);
    assert.ok(!JSON.stringify(refused).includes('hunter2'));
    assert.ok(refused[0]!.message.includes('****@127.0.0.1'));

    home.env.GOPROXY = `${base}/broken,direct`;
    const failing = await diagnose(createHost({ env: home.env }));
    assert.deepEqual(ids(failing), ['goproxy-unreachable']);
    assert.match(failing[0]!.message, /HTTP 503/);
  });
});

describe('toolchain-auto-download', () => {
  test('Go >= 1.21 with GOTOOLCHAIN unset (auto from $GOROOT/go.env) is explained', async (t2) => {
    const home = setup({ version: 'go1.22.2' });
    t2.after(home.cleanup);
    writeFile(home.home, '.local/go/go.env', 'GOPROXY=https://proxy.golang.org,direct\nGOTOOLCHAIN=auto\n');
    const findings = await diagnose(createHost({ env: home.env }));
    assert.deepEqual(findings.map((f) => [f.id, f.severity]), [['toolchain-auto-download', 'info']]);
    assert.equal(hasError(findings), false);
  });

  test('GOTOOLCHAIN=local (environment or go env -w), or Go older than 1.21: nothing to say', async (t2) => {
    const home = setup({ version: 'go1.22.2', env: { GOTOOLCHAIN: 'local' } });
    t2.after(home.cleanup);
    assert.deepEqual(await diagnose(createHost({ env: home.env })), []);
    delete home.env.GOTOOLCHAIN;
    writeFile(home.configHome, 'go/env', 'GOTOOLCHAIN=local\n');
    assert.deepEqual(await diagnose(createHost({ env: home.env })), []);
    const old = setup({ version: 'go1.20.14' });
    t2.after(old.cleanup);
    assert.deepEqual(await diagnose(createHost({ env: old.env })), []);
  });
});

describe('fixture Host (this machine is not WSL and has no sudo)', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'gsw-doctor-fixture-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));
  let count = 0;
  const machine = (kernelRelease = '6.8.0-45-generic') => {
    const root = join(scratch, String(++count));
    writeFile(root, '/etc/os-release', 'ID=ubuntu\nVERSION_ID="24.04"\nUBUNTU_CODENAME=noble\n');
    writeFile(root, '/proc/sys/kernel/osrelease', `${kernelRelease}\n`);
    writeFile(root, '/proc/sys/kernel/arch', 'x86_64\n');
    goTree(root, '/usr/local/go', 'go1.20.14');
    // A C compiler on PATH, so that no-c-compiler (tested in environment.test.ts) stays out of these findings.
    writeFile(root, '/usr/bin/gcc', '', 0o755);
    return root;
  };
  const env = { HOME: '/home/ana', PATH: '/usr/local/go/bin:/home/ana/go/bin:/usr/bin', GOPROXY: 'off' };

  test('wsl-windows-go and wsl-mnt-c', async () => {
    const root = machine('5.15.167.4-microsoft-standard-WSL2');
    writeFile(root, '/mnt/c/Program Files/Go/bin/go.exe', 'MZ', 0o755);
    const host = createFixtureHost({ root, env: { ...env, PATH: `${env.PATH}:/mnt/c/Program Files/Go/bin` }, cwd: '/mnt/c/Users/ana/hello' });
    const findings = await diagnose(host);
    assert.deepEqual(ids(findings).sort(), ['wsl-mnt-c', 'wsl-windows-go']);
  });

  test('sudo-secure-path from /etc/sudoers, fixed by a drop-in', async () => {
    const root = machine();
    writeFile(root, '/etc/sudoers', 'Defaults\tenv_reset\nDefaults\tsecure_path="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/snap/bin"\n');
    const findings = await diagnose(createFixtureHost({ root, env, user: { name: 'ana', uid: 1000 } }));
    assert.deepEqual(ids(findings), ['sudo-secure-path']);
    assert.ok(findings[0]!.message.includes('/usr/local/go/bin'));
    writeFile(root, '/etc/sudoers.d/go', 'Defaults secure_path="/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"\n');
    assert.deepEqual(await diagnose(createFixtureHost({ root, env, user: { name: 'ana', uid: 1000 } })), []);
  });

  test('sudo-secure-path when sudoers is unreadable: asks passwordless sudo which go it runs', async () => {
    const root = machine();
    writeFile(root, '/usr/bin/sudo', '', 0o755);
    const commands = { 'sudo -n true': { code: 0 }, 'sudo -n sh -c command -v go': { stdout: '/usr/bin/go\n' } };
    const findings = await diagnose(createFixtureHost({ root, env, user: { name: 'ana', uid: 1000 }, commands }));
    assert.deepEqual(ids(findings), ['sudo-secure-path']);
    assert.ok(findings[0]!.message.includes('/usr/bin/go'));
    const good = { ...commands, 'sudo -n sh -c command -v go': { stdout: '/usr/local/go/bin/go\n' } };
    assert.deepEqual(await diagnose(createFixtureHost({ root, env, user: { name: 'ana', uid: 1000 }, commands: good })), []);
  });
});
