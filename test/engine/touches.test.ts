// Recording touched paths and undoing them: each undo is idempotent and safe on a half-done step.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { sudoOps } from '../../src/engine/file-ops.js';
import { captureTouches, undoTouches } from '../../src/engine/touches.js';
import { assertSameTree, describeTree } from '../helpers/tree-hash.js';
import { touchMove, touchPath } from './support.js';

let root: string;
let backups: string;
let area: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'gsw-touches-'));
  backups = join(root, 'backups');
  area = join(root, 'area');
  mkdirSync(backups);
  mkdirSync(area);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const tree = () => describeTree(area);

test('a file: changed content, mode and owner come back byte for byte; twice is the same as once', async () => {
  const file = join(area, 'profile');
  writeFileSync(file, 'line 1\r\nno final newline');
  chmodSync(file, 0o640);
  const before = tree();
  const records = captureTouches([touchPath(file)], 0, backups);
  assert.equal(records[0]!.pre.kind, 'file');
  writeFileSync(file, 'rewritten\n');
  chmodSync(file, 0o600);
  assert.deepEqual(await undoTouches(records, backups), []);
  assertSameTree(before, tree());
  assert.deepEqual(await undoTouches(records, backups), []);
  assertSameTree(before, tree());
});

test('a restore cut short after its copy leaves no temp file behind on the next undo', async () => {
  const file = join(area, 'bashrc');
  writeFileSync(file, 'original\n');
  const before = tree();
  const records = captureTouches([touchPath(file)], 0, backups);
  writeFileSync(`${file}.gsw-restore`, 'original\n'); // the crash happened right before the rename
  assert.deepEqual(await undoTouches(records, backups), []);
  assertSameTree(before, tree());
});

test('a symlinked dotfile: the file it points to and the link itself are restored', async () => {
  mkdirSync(join(area, 'dotfiles'));
  writeFileSync(join(area, 'dotfiles/zshenv'), 'export A=1\n');
  symlinkSync('dotfiles/zshenv', join(area, '.zshenv'));
  const before = tree();
  const records = captureTouches([touchPath(join(area, '.zshenv'))], 2, backups);
  writeFileSync(join(area, '.zshenv'), 'export A=1\n# block\n'); // written through the link
  assert.deepEqual(await undoTouches(records, backups), []);
  assertSameTree(before, tree());
  rmSync(join(area, '.zshenv')); // a step that replaced the link by a file
  writeFileSync(join(area, '.zshenv'), 'plain file now\n');
  assert.deepEqual(await undoTouches(records, backups), []);
  assertSameTree(before, tree());
});

test('absent before: whatever is there goes, with the parent dirs the step created (only when empty)', async () => {
  const created = join(area, 'a/b/c/env.sh');
  const before = tree();
  const records = captureTouches([touchPath(created)], 0, backups);
  assert.deepEqual(records[0]!.createdDirs, [join(area, 'a'), join(area, 'a/b'), join(area, 'a/b/c')]);
  assert.deepEqual(await undoTouches(records, backups), [], 'nothing was created yet: nothing to do');
  mkdirSync(join(area, 'a/b/c'), { recursive: true });
  writeFileSync(created, 'x');
  assert.deepEqual(await undoTouches(records, backups), []);
  assertSameTree(before, tree());
  mkdirSync(join(area, 'a/b/c'), { recursive: true });
  writeFileSync(created, 'x');
  writeFileSync(join(area, 'a/user-file'), 'created by someone else later');
  assert.deepEqual(await undoTouches(records, backups), []);
  assert.equal(readFileSync(join(area, 'a/user-file'), 'utf8'), 'created by someone else later');
});

test('a move: undone when it happened, left alone when it did not, reported when both sides exist', async () => {
  const goroot = join(area, 'go');
  const aside = join(area, 'go.gsw-backup-1');
  mkdirSync(join(goroot, 'bin'), { recursive: true });
  writeFileSync(join(goroot, 'VERSION'), 'go1.20\n');
  const before = tree();
  const records = captureTouches([touchMove(goroot, aside)], 3, backups);
  assert.deepEqual(await undoTouches(records, backups), [], 'rename never happened');
  assertSameTree(before, tree());
  renameSync(goroot, aside);
  assert.deepEqual(await undoTouches(records, backups), []);
  assertSameTree(before, tree());
  assert.deepEqual(await undoTouches(records, backups), [], 'again: harmless');
  mkdirSync(aside);
  const problems = await undoTouches(records, backups);
  assert.equal(problems.length, 1);
  assert.match(problems[0]!.message, /both .* exist/);
});

test('a backup that is gone is reported as lost, not as an error to retry', async () => {
  const file = join(area, 'profile');
  writeFileSync(file, 'v1\n');
  const records = captureTouches([touchPath(file)], 0, backups);
  rmSync(join(backups, '0-0'));
  writeFileSync(file, 'v2\n');
  assert.deepEqual(await undoTouches(records, backups), [{ message: file, lost: true }]);
});

test('a directory tree the step created goes with its progress told: entries removed of the total, as it goes', async () => {
  const goroot = join(area, 'go');
  const outside = join(root, 'outside');
  mkdirSync(outside);
  writeFileSync(join(outside, 'keep'), 'not the tree\n');
  const records = captureTouches([touchPath(goroot)], 0, backups);
  let entries = 0;
  for (let d = 0; d < 30; d++) {
    mkdirSync(join(goroot, `src/pkg${d}/internal`), { recursive: true });
    entries += d === 0 ? 3 : 2;
    for (let f = 0; f < 30; f++) writeFileSync(join(goroot, `src/pkg${d}/internal`, `f${f}.go`), 'package x\n');
    entries += 30;
    symlinkSync(outside, join(goroot, `src/pkg${d}/link`));
    entries++;
  }
  const before = describeTree(join(root, 'backups'));
  const seen: [string, number, number][] = [];
  let turns = 0;
  const ticker = setInterval(() => turns++, 0);
  try {
    assert.deepEqual(await undoTouches(records, backups, undefined, undefined, (path, removed, total) => seen.push([path, removed, total])), []);
  } finally {
    clearInterval(ticker);
  }
  assert.equal(readdirSync(area).length, 0, 'the tree is gone');
  assertSameTree(before, describeTree(join(root, 'backups')));
  assert.ok(seen.length >= 5, `${seen.length} reports`);
  assert.ok(seen.every(([path, , total]) => path === goroot && total === entries));
  assert.deepEqual(seen.at(-1), [goroot, entries, entries]);
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i]![1] > seen[i - 1]![1], 'removed only grows');
  assert.ok(turns > 0, 'the event loop had turns while the tree went');
  assert.equal(readFileSync(join(outside, 'keep'), 'utf8'), 'not the tree\n', 'a symbolic link is removed, not followed');
});

test('mock sudo (none on this machine: a stand-in that runs the command as is): a root-owned tree goes through `sudo -n rm -rfv`, its lines counted as progress', async () => {
  const bin = join(root, 'bin');
  mkdirSync(bin);
  const log = join(root, 'sudo.log');
  writeFileSync(join(bin, 'sudo'), `#!/bin/sh\nprintf '%s\\n' "$*" >> ${JSON.stringify(log)}\n[ "$1" = -n ] && shift\n[ "$1" = -- ] && shift\nexec "$@"\n`, { mode: 0o755 });
  const goroot = join(area, 'go');
  for (let d = 0; d < 10; d++) {
    mkdirSync(join(goroot, `pkg${d}`), { recursive: true });
    for (let f = 0; f < 100; f++) writeFileSync(join(goroot, `pkg${d}`, `f${f}`), '');
  }
  const total = 10 + 10 * 100;
  const path = process.env.PATH;
  process.env.PATH = `${bin}:${path}`;
  const seen: [number, number][] = [];
  try {
    await sudoOps.removeTree(goroot, (removed, all) => seen.push([removed, all]));
  } finally {
    process.env.PATH = path;
  }
  assert.equal(readdirSync(area).length, 0);
  assert.equal(readFileSync(log, 'utf8'), `-n -- rm -rfv -- ${goroot}\n`);
  assert.ok(seen.length >= 2, `${seen.length} reports`);
  assert.deepEqual(seen.at(-1), [total, total]);
  assert.ok(seen.every(([removed, all]) => all === total && removed <= total));
  // A sudo that refuses (no cached credentials): an error naming the tree and sudo's words, nothing counted as done.
  writeFileSync(join(bin, 'sudo'), `#!/bin/sh\necho 'sudo: a password is required' >&2\nexit 1\n`, { mode: 0o755 });
  mkdirSync(join(area, 'kept/inner'), { recursive: true });
  process.env.PATH = `${bin}:${path}`;
  const refused: number[] = [];
  try {
    await assert.rejects(sudoOps.removeTree(join(area, 'kept'), (removed) => refused.push(removed)), /sudo rm -rf .*kept: sudo: a password is required/);
  } finally {
    process.env.PATH = path;
  }
  assert.deepEqual(refused, []);
  assert.ok(readdirSync(join(area, 'kept')).length === 1);
});
