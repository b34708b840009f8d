// The install-target guard on real directories: what it resolves, what it refuses and why, and what undo may remove.
import assert from 'node:assert/strict';
import { mkdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { localDisk } from '../../src/host/disk.js';
import { checkInstallTarget, isGoTree, mayRemove, resolvePhysical, targetRule } from '../../src/install-target.js';
import { appPaths } from '../../src/paths.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';

const homes: TempHome[] = [];
afterEach(() => {
  for (const home of homes.splice(0)) home.cleanup();
});

function newHome(env: NodeJS.ProcessEnv = {}) {
  const home = createTempHome({ env });
  homes.push(home);
  return { home, paths: appPaths(home.env) };
}

function goTree(dir: string): void {
  mkdirSync(join(dir, 'bin'), { recursive: true });
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'VERSION'), 'go1.20.1\n');
  writeFileSync(join(dir, 'bin/go'), '#!/bin/sh\n', { mode: 0o755 });
}

const problemOf = (verdict: ReturnType<typeof checkInstallTarget>) => (verdict.ok ? `ok:${verdict.state}` : verdict.problem);

test('allowed: an absent path, an empty directory and a Go tree', () => {
  const { home, paths } = newHome();
  assert.equal(problemOf(checkInstallTarget(join(home.home, '.local/go'), paths, localDisk)), 'ok:absent');
  assert.equal(problemOf(checkInstallTarget(join(home.home, 'a/b/c/go'), paths, localDisk)), 'ok:absent');
  mkdirSync(join(home.home, 'empty'));
  assert.equal(problemOf(checkInstallTarget(join(home.home, 'empty'), paths, localDisk)), 'ok:empty');
  goTree(join(home.home, 'sdk/go'));
  assert.equal(problemOf(checkInstallTarget(join(home.home, 'sdk/go'), paths, localDisk)), 'ok:go');
});

test('refused: HOME, its ancestors and /, with or without trailing slashes and ..', () => {
  const { home, paths } = newHome();
  for (const target of ['/', home.home, `${home.home}/`, `${home.home}//`, home.root, `${home.home}/..`, `${home.home}/x/../`, '/home']) {
    const verdict = checkInstallTarget(target, paths, localDisk);
    assert.equal(problemOf(verdict), target === '/home' ? 'system' : 'home', target);
  }
});

test('HOME given with a trailing slash or through a symlink is normalised before comparing', () => {
  const { home } = newHome();
  const link = join(home.root, 'home-link');
  symlinkSync(home.home, link);
  for (const value of [`${home.home}/`, link, `${link}/`]) {
    const paths = appPaths({ ...home.env, HOME: value });
    assert.equal(problemOf(checkInstallTarget(home.home, paths, localDisk)), 'home', `HOME=${value}`);
    assert.equal(problemOf(checkInstallTarget(`${value}`, paths, localDisk)), 'home', `HOME=${value}, target the same`);
  }
});

test("refused: the tool's own state, config and cache dirs, what holds them and what lies inside them", () => {
  const { home, paths } = newHome({ XDG_STATE_HOME: undefined, XDG_CONFIG_HOME: undefined, XDG_CACHE_HOME: undefined });
  for (const target of [join(home.home, '.local'), join(home.home, '.local/state'), paths.stateDir, join(paths.stateDir, 'go'), join(home.home, '.config'), join(home.home, '.cache')]) {
    assert.equal(problemOf(checkInstallTarget(target, paths, localDisk)), 'own-dir', target);
  }
  assert.equal(problemOf(checkInstallTarget(join(home.home, '.local/go'), paths, localDisk)), 'ok:absent');
});

test('refused: system directories and what holds them, even empty or absent ones; nothing inside /proc, /sys, /dev, /run', () => {
  const { paths } = newHome();
  for (const target of ['/usr', '/usr/local', '/usr/local/', '/usr/local/bin', '/srv', '/opt', '/var/lib', '/etc', '/mnt', '/usr/lib/../local']) {
    assert.equal(problemOf(checkInstallTarget(target, paths, localDisk)), 'system', target);
  }
  for (const target of ['/proc/go', '/sys/go', '/dev/shm/go', '/run/go']) assert.equal(problemOf(checkInstallTarget(target, paths, localDisk)), 'system', target);
  assert.equal(problemOf(checkInstallTarget('/usr/local/go-nonexistent-test', paths, localDisk)), 'ok:absent');
});

test('refused: a directory holding anything that is not a Go tree, and a file', () => {
  const { home, paths } = newHome();
  mkdirSync(join(home.home, 'projects/app'), { recursive: true });
  writeFileSync(join(home.home, 'projects/app/main.go'), 'package main\n');
  assert.equal(problemOf(checkInstallTarget(join(home.home, 'projects'), paths, localDisk)), 'not-go');
  // Almost a Go tree: each marker missing in turn.
  for (const missing of ['VERSION', 'bin/go', 'src']) {
    const dir = join(home.home, `partial-${missing.replace('/', '-')}`);
    goTree(dir);
    rmSync(join(dir, missing), { recursive: true });
    assert.equal(problemOf(checkInstallTarget(dir, paths, localDisk)), 'not-go', missing);
    assert.equal(isGoTree(dir, localDisk), false);
  }
  writeFileSync(join(home.home, 'notes.txt'), 'mine\n');
  const file = checkInstallTarget(join(home.home, 'notes.txt'), paths, localDisk);
  assert.equal(problemOf(file), 'not-directory');
  assert.equal(problemOf(checkInstallTarget(join(home.home, 'notes.txt/go'), paths, localDisk)), 'not-directory', 'a file on the way');
});

test('symlinks are resolved first: a link into /usr is /usr; a symlinked Go tree is judged where it lives', () => {
  const { home, paths } = newHome();
  symlinkSync('/usr', join(home.home, 'lnk'));
  const verdict = checkInstallTarget(join(home.home, 'lnk/local'), paths, localDisk);
  assert.deepEqual([problemOf(verdict), verdict.resolved], ['system', '/usr/local']);
  assert.equal(resolvePhysical(join(home.home, 'lnk/local/go-new/x/..'), localDisk), '/usr/local/go-new');
  symlinkSync(home.home, join(home.root, 'h'));
  assert.equal(problemOf(checkInstallTarget(join(home.root, 'h'), paths, localDisk)), 'home');
  goTree(join(home.root, 'real-go'));
  symlinkSync(join(home.root, 'real-go'), join(home.home, 'go-link'));
  const linked = checkInstallTarget(join(home.home, 'go-link'), paths, localDisk);
  assert.deepEqual([problemOf(linked), linked.resolved], ['ok:go', realpathSync(join(home.root, 'real-go'))]);
});

test('the rule as data names HOME, the own dirs and the system dirs; undo may never remove them', () => {
  const { home, paths } = newHome();
  const rule = targetRule(paths, localDisk);
  for (const p of ['/', home.home, paths.stateDir, paths.configDir, paths.cacheDir, '/usr/local', '/srv']) assert.ok(rule.protectedPaths.includes(p), p);
  assert.deepEqual(rule.goTree, { file: 'VERSION', executable: 'bin/go', dir: 'src' });
  for (const p of ['/', '/usr', '/usr/local', home.home, `${home.home}/`, home.root, paths.stateDir]) assert.equal(mayRemove(p, paths, localDisk), false, p);
  assert.equal(mayRemove(join(home.home, '.local/go'), paths, localDisk), true);
});
