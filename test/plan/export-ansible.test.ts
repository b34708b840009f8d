// The Ansible export run for real: ansible-playbook with a local connection, as root, for a temp user who exists
// only in a private copy of /etc/passwd (unshare -m), against the loopback mirror serving a real Go 1.19.8.
// Fresh install, a second run with changed=0, check mode on the installed host; ansible-lint's production profile.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTranslator } from '../../src/i18n/index.js';
import { buildPlan } from '../../src/plan/build.js';
import { renderExport } from '../../src/plan/render.js';
import type { ResolvedRelease } from '../../src/types.js';
import { goFixture } from '../helpers/go-fixture.js';
import { startFixtureMirror, type Mirror } from '../helpers/mirror.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { buildInput } from './helpers.js';

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
    archives: [
      { arch: 'arm64', filename: fixture.filename.replace('amd64', 'arm64'), sha256: 'b'.repeat(64), size: fixture.size },
      { arch: 'amd64', filename: fixture.filename, sha256: fixture.sha256, size: fixture.size },
    ],
  };
  planner = createTempHome({ skel: true });
  scratch = mkdtempSync(join(tmpdir(), 'gsw-ansible-'));
  chmodSync(scratch, 0o755);
});

after(async () => {
  await mirror?.close();
  planner?.cleanup();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** ansible-playbook inside a mount namespace where /etc/passwd and /etc/group also list the test user. */
function playbook(args: string[], passwd: string, group: string): Promise<{ status: number | null; output: string }> {
  const script = 'mount --bind "$1" /etc/passwd && mount --bind "$2" /etc/group && shift 2 && exec ansible-playbook "$@"';
  const env = {
    PATH: '/usr/bin:/bin:/usr/sbin:/sbin',
    HOME: join(scratch, 'controller'),
    ANSIBLE_LOCAL_TEMP: join(scratch, 'controller/tmp'),
    ANSIBLE_REMOTE_TEMP: join(scratch, 'controller/remote-tmp'),
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_FORCE_COLOR: '0',
    ANSIBLE_RETRY_FILES_ENABLED: '0',
    LANG: 'C.UTF-8',
  };
  return new Promise((resolve, reject) => {
    const child = spawn('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script, 'sh', passwd, group, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output }));
  });
}

function recap(output: string, host = 'localhost'): { changed: number; failed: number; rescued: number } {
  const line = new RegExp(`^${host}\\s+: ok=\\d+\\s+changed=(\\d+)\\s+unreachable=\\d+\\s+failed=(\\d+)\\s+skipped=\\d+\\s+rescued=(\\d+)`, 'm').exec(output);
  assert.ok(line, output);
  return { changed: Number(line[1]), failed: Number(line[2]), rescued: Number(line[3]) };
}

/** A user of the private /etc/passwd: a HOME made from /etc/skel, owned by them, mode 0750 as on Ubuntu. */
function makeUser(name: string, uid: number): { name: string; uid: number; home: string; passwd: string; group: string } {
  const home = join(scratch, `home-${name}`);
  mkdirSync(home);
  cpSync('/etc/skel', home, { recursive: true });
  spawnSync('chown', ['-R', `${uid}:${uid}`, home]);
  chmodSync(home, 0o750);
  return { name, uid, home, passwd: `${name}:x:${uid}:${uid}::${home}:/bin/bash\n`, group: `${name}:x:${uid}:\n` };
}

/** An older Go tree in the user's default install directory (what an upgrade moves aside). */
function olderGo(home: string, uid: number): string {
  const goroot = join(home, '.local/go');
  mkdirSync(join(goroot, 'bin'), { recursive: true });
  writeFileSync(join(goroot, 'VERSION'), 'go1.18.10\ntime 2023-01-10T00:00:00Z\n');
  writeFileSync(join(goroot, 'bin/go'), '#!/bin/sh\necho go version go1.18.10 linux/amd64\n', { mode: 0o755 });
  spawnSync('chown', ['-R', `${uid}:${uid}`, join(home, '.local')]);
  return goroot;
}

describe('ansible export, real runs (local connection, Go 1.19.8 from the loopback mirror)', { timeout: 900_000 }, () => {
  test('passes ansible-lint --profile production; fresh install, second run changed=0, check mode; HOME mode kept', async () => {
    const plan = await buildPlan(buildInput(planner, { release, options: { shells: ['bash'], goproxy: 'goproxy.cn', goprivate: "{{ lookup('pipe', 'touch /tmp/gsw-pwned') }}" } }));
    const file = join(scratch, 'go.yml');
    writeFileSync(file, await renderExport(plan, 'ansible', t));
    const lint = spawnSync('ansible-lint', ['--profile', 'production', '--nocolor', file], { encoding: 'utf8', cwd: scratch, env: { ...process.env, HOME: join(scratch, 'controller') } });
    assert.equal(lint.status, 0, lint.stdout + lint.stderr);

    const uid = 61021;
    const home = join(scratch, 'home-gswans');
    mkdirSync(home);
    cpSync('/etc/skel', home, { recursive: true });
    spawnSync('chown', ['-R', `${uid}:${uid}`, home]);
    chmodSync(home, 0o750);
    const passwd = join(scratch, 'passwd');
    const group = join(scratch, 'group');
    writeFileSync(passwd, `${readFileSync('/etc/passwd', 'utf8')}gswans:x:${uid}:${uid}::${home}:/bin/bash\n`);
    writeFileSync(group, `${readFileSync('/etc/group', 'utf8')}gswans:x:${uid}:\n`);
    const inventory = join(scratch, 'inventory.ini');
    writeFileSync(inventory, 'localhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n');
    const extra = JSON.stringify({ gsw_users: ['gswans'], gsw_mirror: mirror.dlUrl });
    const args = ['-i', inventory, file, '-e', extra];

    const first = await playbook(args, passwd, group);
    assert.equal(first.status, 0, first.output);
    assert.ok(recap(first.output).changed > 0);
    const goBinary = join(home, '.local/go/bin/go');
    assert.match(spawnSync(goBinary, ['version'], { encoding: 'utf8' }).stdout, /go version go1\.19\.8 /);
    assert.equal(statSync(join(home, '.local/go')).uid, uid);
    assert.equal(statSync(home).mode & 0o777, 0o750, 'HOME keeps its mode');
    assert.match(readFileSync(join(home, '.config/go/env'), 'utf8'), /^GOPRIVATE=\{\{ lookup\('pipe', 'touch \/tmp\/gsw-pwned'\) \}\}$/m, 'a user value is data');
    assert.equal(spawnSync('test', ['-e', '/tmp/gsw-pwned']).status, 1, 'nothing ran on the controller');
    const login = spawnSync('bash', ['-lc', 'command -v go'], { encoding: 'utf8', env: { HOME: home, PATH: '/usr/bin:/bin', TERM: 'dumb' } });
    assert.equal(login.stdout.trim(), goBinary);

    const second = await playbook(args, passwd, group);
    assert.equal(second.status, 0, second.output);
    assert.equal(recap(second.output).changed, 0, second.output);

    const check = await playbook([...args, '--check', '--diff'], passwd, group);
    assert.equal(check.status, 0, check.output);
    assert.equal(recap(check.output).changed, 0, check.output);
  });
  test('an inventory of several hosts: group vars override the plan, one host fails and is restored, the others install', async () => {
    // The plan's mirror is unreachable: only the inventory's group var (over the plan's default) makes it work.
    const unreachable = { ...release, url: `http://127.0.0.1:9/dl/${release.filename}` };
    const plan = await buildPlan(buildInput(planner, { release: unreachable, options: { shells: ['bash'] } }));
    const file = join(scratch, 'fleet.yml');
    writeFileSync(file, await renderExport(plan, 'ansible', t));

    const fresh = makeUser('gswfresh', 61031);
    const upgrade = makeUser('gswupgr', 61032);
    const broken = makeUser('gswbroke', 61033);
    const upgradeOld = olderGo(upgrade.home, upgrade.uid);
    const brokenOld = olderGo(broken.home, broken.uid);
    const brokenBashrc = readFileSync(join(broken.home, '.bashrc'));
    const users = [fresh, upgrade, broken];
    const passwd = join(scratch, 'passwd-fleet');
    const group = join(scratch, 'group-fleet');
    writeFileSync(passwd, readFileSync('/etc/passwd', 'utf8') + users.map((u) => u.passwd).join(''));
    writeFileSync(group, readFileSync('/etc/group', 'utf8') + users.map((u) => u.group).join(''));
    const host = (user: { name: string }, extra = '') =>
      `    ${user.name}:\n      ansible_connection: local\n      ansible_python_interpreter: /usr/bin/python3\n      gsw_users: [${user.name}]\n${extra}`;
    const inventory = join(scratch, 'fleet-inventory.yml');
    writeFileSync(
      inventory,
      [
        'all:',
        '  vars:',
        `    gsw_mirror: ${JSON.stringify(mirror.dlUrl)}`,
        '  hosts:',
        host(fresh),
        host(upgrade),
        // This host's mirror is down (a host var over the group var): its install fails, and the rescue restores it.
        host(broken, '      gsw_mirror: "http://127.0.0.1:9/dl/"\n'),
      ].join('\n'),
    );

    const run = await playbook(['-i', inventory, file], passwd, group);
    assert.equal(run.status, 2, `a failed host makes the run fail\n${run.output}`);
    for (const user of [fresh, upgrade]) {
      const summary = recap(run.output, user.name);
      assert.equal(summary.failed, 0, run.output);
      assert.equal(summary.rescued, 0);
      assert.ok(summary.changed > 0);
      const goBinary = join(user.home, '.local/go/bin/go');
      assert.match(spawnSync(goBinary, ['version'], { encoding: 'utf8' }).stdout, /go version go1\.19\.8 /, user.name);
      const login = spawnSync('bash', ['-lc', 'command -v go'], { encoding: 'utf8', env: { HOME: user.home, PATH: '/usr/bin:/bin', TERM: 'dumb' } });
      assert.equal(login.stdout.trim(), goBinary, user.name);
      assert.equal(statSync(user.home).mode & 0o777, 0o750, 'HOME keeps its mode');
    }
    const aside = readdirSync(join(upgrade.home, '.local')).filter((name) => name.startsWith('go.gsw-backup-'));
    assert.equal(aside.length, 1, 'the older Go was moved aside, not deleted');
    assert.match(readFileSync(join(upgrade.home, '.local', aside[0]!, 'VERSION'), 'utf8'), /^go1\.18\.10$/m);
    assert.match(readFileSync(join(upgradeOld, 'VERSION'), 'utf8'), /^go1\.19\.8$/m);

    const failed = recap(run.output, broken.name);
    assert.equal(failed.failed, 1, run.output);
    assert.equal(failed.rescued, 1, 'the failure went through the rescue');
    assert.match(run.output, /Go go1\.19\.8 was not installed; the previous Go is back in place/);
    assert.match(readFileSync(join(brokenOld, 'VERSION'), 'utf8'), /^go1\.18\.10$/m, 'the older Go is still in place');
    assert.deepEqual(readdirSync(join(broken.home, '.local')), ['go'], 'no staging or backup left behind');
    assert.deepEqual(readFileSync(join(broken.home, '.bashrc')), brokenBashrc, 'its profile untouched');
    assert.equal(existsSync(join(broken.home, '.config/go-setup-wizard')), false);
  });
});
