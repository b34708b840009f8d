// buildPlan in many situations: which steps, in which order, touching what, as root or not — computed against
// a real temp HOME. Step scripts that edit files are run with real bash and checked byte for byte.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { buildPlan, defaultScope, resolveShells } from '../../src/plan/build.js';
import { newRunId } from '../../src/plan/prepare.js';
import { BLOCK_BEGIN, BLOCK_END, editWithBlock, shBlock } from '../../src/shell/profiles.js';
import type { Plan, Step } from '../../src/types.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { buildInput, fakeDetection } from './helpers.js';

const ids = (plan: Plan) => plan.steps.map((s) => s.id);
const step = (plan: Plan, id: string): Step => {
  const found = plan.steps.find((s) => s.id === id);
  assert.ok(found, `no step ${id} in ${ids(plan).join(',')}`);
  return found;
};

/** Runs one step's bash as the executor would (set -euo pipefail), in the temp HOME's environment. */
function runStep(home: TempHome, s: Step): void {
  const result = spawnSync('bash', ['-c', `set -euo pipefail\n${s.run}`], { env: home.env, encoding: 'utf8' });
  assert.equal(result.status, 0, `${s.id}: ${result.stderr}`);
}

async function withHome(fn: (home: TempHome) => Promise<void>, skel = false): Promise<void> {
  const home = createTempHome({ skel });
  try {
    await fn(home);
  } finally {
    home.cleanup();
  }
}

describe('tarball steps', () => {
  test('fresh user install: every step in order, nothing as root, target ~/.local/go', () =>
    withHome(async (home) => {
      const plan = await buildPlan(buildInput(home));
      assert.deepEqual(ids(plan), ['check-space', 'prepare-staging', 'download', 'extract', 'place', 'env-files', 'profile-profile', 'profile-bashrc', 'profile-zshenv', 'profile-fish', 'verify']);
      assert.equal(plan.goroot, join(home.home, '.local/go'));
      assert.equal(plan.scope, 'user');
      assert.ok(plan.steps.every((s) => !s.root));
      assert.equal(plan.upToDate, false);
      const download = step(plan, 'download');
      assert.equal(download.native, 'download');
      // The cache is not the user's state: not journaled, so a rollback keeps it for the next attempt.
      assert.deepEqual(download.touches, []);
      const staging = join(home.home, '.local/.go-setup-wizard-staging-20261122-050000-ab12');
      assert.deepEqual(step(plan, 'prepare-staging').touches, [{ kind: 'path', path: staging, root: false, before: 'absent' }]);
      // Streamed: the archive goes through sha256sum and tar into the staging dir as it arrives.
      assert.ok(download.run.includes(`tee >(sha256sum > ${join(home.cacheHome, 'go-setup-wizard', `${'a'.repeat(64)}.tar.gz.digest`)})`), download.run);
      assert.ok(download.run.includes(`tar -xzf - -C ${staging} --no-same-owner`), download.run);
      assert.match(step(plan, 'extract').run, /go-setup-wizard-staging-20261122-050000-ab12\/go\/bin\/go' version|go-setup-wizard-staging-20261122-050000-ab12\/go\/bin\/go version/);
      assert.deepEqual(step(plan, 'place').touches[0], {
        kind: 'move',
        path: join(home.home, '.local/.go-setup-wizard-staging-20261122-050000-ab12/go'),
        to: join(home.home, '.local/go'),
        root: false,
        before: 'dir',
      });
      assert.equal(step(plan, 'verify').native, 'verify');
    }));

  test('an existing Go at the target is moved aside (never untarred over) and its undo renames it back', () =>
    withHome(async (home) => {
      const target = join(home.home, 'sdk/go');
      mkdirSync(join(target, 'bin'), { recursive: true });
      mkdirSync(join(target, 'src'));
      writeFileSync(join(target, 'VERSION'), 'go1.18.1\n');
      writeFileSync(join(target, 'bin/go'), '#!/bin/sh\n', { mode: 0o755 });
      const plan = await buildPlan(buildInput(home, { options: { installDir: target, shells: 'none' } }));
      assert.deepEqual(ids(plan), ['check-space', 'prepare-staging', 'download', 'extract', 'move-aside', 'place', 'env-files', 'verify']);
      const moveAside = step(plan, 'move-aside');
      assert.equal(moveAside.run, `mv -T -- ${target} ${target}.gsw-backup-20261122-050000-ab12`);
      assert.match(moveAside.title, /go1\.18\.1/);
      assert.match(moveAside.undo, new RegExp(`mv -T -- ${target}\\.gsw-backup-20261122-050000-ab12 ${target}`));
      assert.ok(!/tar -x.*-C .*sdk\/go /.test(step(plan, 'download').run), 'never extracts into the target');
    }));

  test('the same version already at the target: no download, extract, move or place', () =>
    withHome(async (home) => {
      const target = join(home.home, '.local/go');
      mkdirSync(join(target, 'bin'), { recursive: true });
      mkdirSync(join(target, 'src'));
      writeFileSync(join(target, 'VERSION'), 'go1.19.8\ntime 2023-04-04\n');
      writeFileSync(join(target, 'bin/go'), '#!/bin/sh\n', { mode: 0o755 });
      const plan = await buildPlan(buildInput(home, { options: { shells: 'none' } }));
      assert.deepEqual(ids(plan), ['env-files', 'verify']);
      assert.match(plan.warnings.join('\n'), /already installed/);
    }));

  test('--archive: verify-archive replaces download and nothing goes to the cache', () =>
    withHome(async (home) => {
      const archive = join(home.root, 'go1.19.8.linux-amd64.tar.gz');
      writeFileSync(archive, 'x');
      const plan = await buildPlan(buildInput(home, { release: { ...buildInput(home).release!, archivePath: archive, url: archive }, options: { shells: 'none' } }));
      assert.deepEqual(ids(plan), ['check-space', 'verify-archive', 'extract', 'place', 'env-files', 'verify']);
      assert.deepEqual(step(plan, 'verify-archive').touches, []);
      assert.match(step(plan, 'extract').run, new RegExp(`tar -xzf ${archive} `));
      assert.ok(!plan.steps.some((s) => s.touches.some((t) => t.path.startsWith(home.cacheHome))));
    }));

  test('system scope: /usr/local/go by default, unpacking, moving and /etc/profile.d run as root; HOME files do not', () =>
    withHome(async (home) => {
      const plan = await buildPlan(buildInput(home, { options: { scope: 'system', shells: ['bash'] } }));
      assert.equal(plan.goroot, '/usr/local/go');
      const roots = plan.steps.filter((s) => s.root).map((s) => s.id);
      assert.deepEqual(roots.filter((id) => id !== 'move-aside'), ['prepare-staging', 'extract', 'place', 'profile-system']);
      // The download runs as the user (its cache is the user's); only tar into the root-owned staging dir uses sudo.
      assert.match(step(plan, 'download').run, /gsw_root=\(sudo --\)/);
      const system = step(plan, 'profile-system');
      assert.deepEqual(system.touches.map((t) => [t.path, t.root]), [['/etc/profile.d/go-setup-wizard.sh', true]]);
      assert.match(system.diff!, /\+case ":\$\{PATH\}:" in \*:\/usr\/local\/go\/bin:\*\)/);
      assert.equal(step(plan, 'profile-bashrc').root, false);
    }));

  test('refuses to install over a system directory or HOME itself', () =>
    withHome(async (home) => {
      for (const installDir of ['/usr', '/usr/local/', home.home]) {
        await assert.rejects(buildPlan(buildInput(home, { options: { installDir } })), /refusing to install Go at/);
      }
    }));
});

describe('scope and shells', () => {
  test('run ids are YYYYMMDD-HHMMSS-xxxx in UTC', () => {
    assert.match(newRunId(new Date('2026-11-22T05:12:03Z')), /^20261122-051203-[0-9a-f]{4}$/);
  });

  test('scope defaults to system for root or passwordless sudo, else user', () => {
    const d = fakeDetection('/home/u');
    assert.equal(defaultScope(d), 'user');
    assert.equal(defaultScope({ ...d, user: { ...d.user, sudo: 'passwordless' } }), 'system');
    assert.equal(defaultScope({ ...d, user: { ...d.user, isRoot: true, sudo: 'root' } }), 'system');
    assert.equal(defaultScope({ ...d, user: { ...d.user, sudo: 'password' } }), 'user');
  });

  test('auto = the login shell first, then every other installed shell; none = no profiles', () => {
    const d = fakeDetection('/home/u', { login: 'fish', available: ['bash', 'fish'] });
    assert.deepEqual(resolveShells('auto', d), ['fish', 'bash']);
    assert.deepEqual(resolveShells('auto', { ...d, shell: { ...d.shell, login: '/usr/bin/zsh' } }), ['zsh', 'bash', 'fish']);
    assert.deepEqual(resolveShells('none', d), []);
    assert.deepEqual(resolveShells(['zsh'], d), ['zsh']);
  });

  test('each shells choice edits exactly its files (bash_profile/bash_login only when they exist; ZDOTDIR honoured)', () =>
    withHome(async (home) => {
      const zdot = join(home.root, 'zdot');
      mkdirSync(zdot);
      home.env.ZDOTDIR = zdot;
      const zshOnly = await buildPlan(buildInput(home, { options: { shells: ['zsh'] } }));
      assert.deepEqual(zshOnly.steps.filter((s) => s.id.startsWith('profile-')).map((s) => s.touches[0]!.path), [join(home.home, '.profile'), join(zdot, '.zshenv')]);
      writeFileSync(join(home.home, '.bash_profile'), '. ~/.profile\n');
      writeFileSync(join(home.home, '.bash_login'), '');
      const bash = await buildPlan(buildInput(home, { options: { shells: ['bash'] } }));
      assert.deepEqual(bash.steps.filter((s) => s.id.startsWith('profile-')).map((s) => s.id), ['profile-profile', 'profile-bash-profile', 'profile-bash-login', 'profile-bashrc']);
      const fish = await buildPlan(buildInput(home, { options: { shells: ['fish'] } }));
      assert.deepEqual(step(fish, 'profile-fish').touches[0]!.path, join(home.configHome, 'fish/conf.d/go-setup-wizard.fish'));
      const none = await buildPlan(buildInput(home, { options: { shells: 'none' } }));
      assert.ok(!none.steps.some((s) => s.id.startsWith('profile-')));
      assert.match(step(none, 'verify').run, /"\$gsw_go" version/);
    }));
});

describe('profile edits (run with real bash, checked byte for byte)', () => {
  const blockFor = (home: TempHome) => shBlock(join(home.configHome, 'go-setup-wizard/env.sh'));

  test('CRLF lines are kept untouched; a missing final newline gets one before the block', () =>
    withHome(async (home) => {
      const profile = join(home.home, '.profile');
      writeFileSync(profile, 'export A=1\r\nexport B=2\r\n', { mode: 0o640 });
      const bashrc = join(home.home, '.bashrc');
      writeFileSync(bashrc, 'alias ll="ls -l"');
      const plan = await buildPlan(buildInput(home, { options: { shells: ['bash'] } }));
      runStep(home, step(plan, 'profile-profile'));
      runStep(home, step(plan, 'profile-bashrc'));
      assert.equal(readFileSync(profile, 'utf8'), `export A=1\r\nexport B=2\r\n${blockFor(home)}\n`);
      assert.equal(statSync(profile).mode & 0o777, 0o640);
      assert.equal(readFileSync(bashrc, 'utf8'), `alias ll="ls -l"\n${blockFor(home)}\n`);
      const again = await buildPlan(buildInput(home, { options: { shells: ['bash'] } }));
      assert.ok(!again.steps.some((s) => s.id === 'profile-profile' || s.id === 'profile-bashrc'), 'block already present: no step');
    }));

  test('an old block is replaced in place (rest kept line for line, extra blocks dropped) exactly as the diff says', () =>
    withHome(async (home) => {
      const profile = join(home.home, '.profile');
      const old = `# top\n${BLOCK_BEGIN}\nexport PATH=/old/go/bin:$PATH\n${BLOCK_END}\n# middle\r\n${BLOCK_BEGIN}\r\nold\r\n${BLOCK_END}\r\n# end`;
      writeFileSync(profile, old);
      const plan = await buildPlan(buildInput(home, { options: { shells: ['zsh'] } }));
      const s = step(plan, 'profile-profile');
      assert.match(s.title, /Update/);
      const expected = `# top\n${blockFor(home)}\n# middle\r\n# end\n`;
      const edit = editWithBlock(old, blockFor(home));
      assert.equal(edit.kind === 'replace' && edit.content, expected);
      assert.match(s.diff!, /-export PATH=\/old\/go\/bin:\$PATH/);
      runStep(home, s);
      assert.equal(readFileSync(profile, 'utf8'), expected);
    }));

  test('a symlinked ~/.bashrc is edited at its target and stays a symlink', () =>
    withHome(async (home) => {
      mkdirSync(join(home.home, 'dotfiles'));
      const target = join(home.home, 'dotfiles/bashrc');
      writeFileSync(target, '# mine\n');
      symlinkSync('dotfiles/bashrc', join(home.home, '.bashrc'));
      const plan = await buildPlan(buildInput(home, { options: { shells: ['bash'] } }));
      const s = step(plan, 'profile-bashrc');
      assert.deepEqual(s.touches.map((t) => t.path), [target]);
      runStep(home, s);
      assert.ok(lstatSync(join(home.home, '.bashrc')).isSymbolicLink());
      assert.equal(readlinkSync(join(home.home, '.bashrc')), 'dotfiles/bashrc');
      assert.equal(readFileSync(target, 'utf8'), `# mine\n${blockFor(home)}\n`);
    }));

  test('a begin marker without its end is refused with a clear error', () =>
    withHome(async (home) => {
      writeFileSync(join(home.home, '.profile'), `${BLOCK_BEGIN}\nexport X=1\n`);
      await assert.rejects(buildPlan(buildInput(home, { options: { shells: ['zsh'] } })), /without its closing/);
    }));

  test('an unwritable profile is refused before anything changes', { skip: process.getuid?.() === 0 ? 'root can write any file' : false }, () =>
    withHome(async (home) => {
      writeFileSync(join(home.home, '.profile'), '# ro\n', { mode: 0o444 });
      await assert.rejects(buildPlan(buildInput(home, { options: { shells: ['zsh'] } })), /cannot write/);
    }));
});

describe('go-env step', () => {
  test('only when Go settings change; presets expanded; keys already set are left out', () =>
    withHome(async (home) => {
      const keep = await buildPlan(buildInput(home, { options: { shells: 'none' } }));
      assert.ok(!ids(keep).includes('go-env'));
      mkdirSync(join(home.configHome, 'go'), { recursive: true });
      writeFileSync(join(home.configHome, 'go/env'), 'GOPROXY=https://goproxy.cn,direct\n');
      const plan = await buildPlan(buildInput(home, { options: { shells: 'none', goproxy: 'goproxy.cn', gosumdb: 'sum.golang.google.cn', goprivate: "git.corp/*,it's" } }));
      const s = step(plan, 'go-env');
      assert.equal(s.run, `env -u GOROOT GOTOOLCHAIN=local ${join(home.home, '.local/go/bin/go')} env -w GOSUMDB=sum.golang.google.cn 'GOPRIVATE=git.corp/*,it'\\''s'`);
      assert.deepEqual(
        s.touches.map((t) => [t.path, t.before]),
        [
          [join(home.configHome, 'go/env'), 'file'],
          [join(home.configHome, 'go/telemetry'), 'absent'],
        ],
      );
      assert.ok(!step(plan, 'verify').touches.some((t) => t.path.endsWith('go/telemetry')), 'listed once, by the first go command');
      assert.match(s.undo, /cat -- "\$GSW_BACKUPS"\/\d+-0 > /);
    }));
});

describe('plan-time state', () => {
  test('undo removes what did not exist, including the directories the step made', () =>
    withHome(async (home) => {
      const plan = await buildPlan(buildInput(home, { options: { shells: ['fish'] } }));
      const fish = step(plan, 'profile-fish');
      const confd = join(home.configHome, 'fish/conf.d');
      assert.equal(fish.undo, [`rm -rf -- ${confd}/go-setup-wizard.fish`, `rmdir -- ${confd} 2>/dev/null || true`, `rmdir -- ${join(home.configHome, 'fish')} 2>/dev/null || true`].join('\n'));
    }));

  test('a target on another path: check-space asks df about the nearest existing directory', () =>
    withHome(async (home) => {
      const dir = mkdtempSync(join(tmpdir(), 'gsw-target-'));
      try {
        const plan = await buildPlan(buildInput(home, { options: { installDir: join(dir, 'a/b/go'), shells: 'none' } }));
        assert.match(step(plan, 'check-space').run, new RegExp(`df -Pk -- ${dir}\\)`));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }));
});
