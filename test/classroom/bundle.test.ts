// `bundle DIR` through the REAL built CLI: written from a loopback fixture mirror, moved to another path, then
// installed with no network at all (inside `unshare -n`, where only a down loopback exists) both ways: the wizard's
// `install --config <moved>/answers.json` and `bash <moved>/install-go.sh`.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { bundle, ensureBuilt } from '../cli/built-cli.js';
import { goFixture, type GoFixture } from '../helpers/go-fixture.js';
import { startFixtureMirror, type Mirror } from '../helpers/mirror.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';

let fixture: GoFixture;
let mirror: Mirror;
const homes: TempHome[] = [];

before(async () => {
  await ensureBuilt();
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

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { env, cwd, timeout: 600_000, maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout: String(stdout), stderr: String(stderr) }),
    );
  });
}

/** Runs a command in a new network namespace: no interface but a down loopback, so nothing can be reached. */
const offline = (command: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string) => run('unshare', ['-n', '--', command, ...args], env, cwd);

const show = (r: { code: number; stdout: string; stderr: string }) => `exit ${r.code}\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`;

describe('bundle: a folder for a room with no network', { timeout: 1_200_000 }, () => {
  let stick: string;
  let teacher: TempHome;

  before(async () => {
    teacher = newHome();
    const written = join(teacher.root, 'usb');
    const result = await run(process.execPath, [bundle, 'bundle', written, '--mirror', mirror.url, '--index-url', `${mirror.url}index.json`, '--scope', 'user'], teacher.env);
    assert.equal(result.code, 0, show(result));
    assert.match(result.stdout, /answers\.json/);
    // The stick is mounted somewhere else on the student's laptop.
    stick = join(newHome().root, 'media', 'usb-stick');
    mkdirSync(join(stick, '..'), { recursive: true });
    renameSync(written, stick);
  });

  test('holds the verified archive, answers.json naming it relative to itself, install-go.sh, SHA256SUMS and a README', () => {
    assert.deepEqual(readdirSync(stick).sort(), ['README.md', 'SHA256SUMS', 'answers.json', 'install-go.sh', fixture.filename].sort());
    assert.equal(execFileSync('sha256sum', [join(stick, fixture.filename)]).toString().split(' ')[0], fixture.sha256);
    assert.deepEqual(JSON.parse(readFileSync(join(stick, 'answers.json'), 'utf8')), {
      method: 'tarball',
      goVersion: fixture.version.slice(2),
      sha256: fixture.sha256,
      archive: fixture.filename,
      scope: 'user',
      pinnedDigests: { source: `${mirror.url}index.json`, files: { [fixture.filename]: fixture.sha256 } },
    });
    assert.equal(statSync(join(stick, 'install-go.sh')).mode & 0o111, 0o111);
    execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: stick });
    assert.match(readFileSync(join(stick, 'README.md'), 'utf8'), /bash \/media\/usb\/install-go\.sh/);
  });

  test('with no network, the wizard installs from the moved folder (install --yes --config <stick>/answers.json)', async () => {
    const student = newHome();
    const result = await offline(process.execPath, [bundle, 'install', '--yes', '--config', join(stick, 'answers.json'), '--shells', 'bash'], student.env);
    assert.equal(result.code, 0, show(result));
    const version = execFileSync(join(student.home, '.local/go/bin/go'), ['version']).toString();
    assert.match(version, /go1\.19\.8 linux\/amd64/);
    const login = execFileSync('bash', ['-lc', 'command -v go'], { env: { HOME: student.home, PATH: '/usr/bin:/bin', XDG_CONFIG_HOME: student.configHome } }).toString();
    assert.equal(login.trim(), join(student.home, '.local/go/bin/go'));
  });

  test('a damaged archive on the stick changes nothing and says so', async () => {
    const student = newHome();
    const damaged = join(student.root, 'damaged');
    mkdirSync(damaged);
    for (const name of readdirSync(stick)) writeFileSync(join(damaged, name), readFileSync(join(stick, name)));
    const archive = join(damaged, fixture.filename);
    const bytes = readFileSync(archive);
    bytes[bytes.length >> 1]! ^= 0xff;
    writeFileSync(archive, bytes);
    const result = await offline(process.execPath, [bundle, 'install', '--yes', '--config', join(damaged, 'answers.json'), '--shells', 'bash'], student.env);
    assert.notEqual(result.code, 0);
    assert.match(result.stdout + result.stderr, /sha256|checksum/i);
    assert.ok(!existsSync(join(student.home, '.local/go')), 'nothing installed');
  });

  test('with no network, bash <stick>/install-go.sh installs for another user on another path', async () => {
    const student = newHome();
    const env = { ...student.env };
    const result = await offline('bash', [join(stick, 'install-go.sh')], env, student.home);
    assert.equal(result.code, 0, show(result));
    const version = execFileSync(join(student.home, '.local/go/bin/go'), ['version']).toString();
    assert.match(version, /go1\.19\.8 linux\/amd64/);
  });

  test('refuses a folder that is not empty, and writes nothing into it', async () => {
    const home = newHome();
    const full = join(home.root, 'full');
    mkdirSync(full);
    writeFileSync(join(full, 'keep.txt'), 'mine\n');
    const result = await run(process.execPath, [bundle, 'bundle', full, '--mirror', mirror.url, '--index-url', `${mirror.url}index.json`], home.env);
    assert.equal(result.code, 2, show(result));
    assert.deepEqual(readdirSync(full), ['keep.txt']);
    const missing = await run(process.execPath, [bundle, 'bundle'], home.env);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /DIR/);
  });

  test('a persisted proxy with a password: install-go.sh carries the real value (not the masked preview), mode 0700', async () => {
    const home = newHome();
    const stick = join(home.root, 'proxy-stick');
    const proxy = 'http://teacher:s3cret@127.0.0.1:3128';
    const result = await run(process.execPath, [bundle, 'bundle', stick, '--mirror', mirror.url, '--index-url', `${mirror.url}index.json`, '--scope', 'user', '--http-proxy', proxy, '--no-proxy', '127.0.0.1', '--persist-proxy'], home.env);
    assert.equal(result.code, 0, show(result));
    const script = join(stick, 'install-go.sh');
    assert.ok(readFileSync(script, 'utf8').includes(proxy), 'the real proxy URL is in the script');
    assert.equal(statSync(script).mode & 0o777, 0o700);
  });
});
