// Recording touched paths and undoing them: each undo is idempotent and safe on a half-done step.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
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

test('a file: changed content, mode and owner come back byte for byte; twice is the same as once', () => {
  const file = join(area, 'profile');
  writeFileSync(file, 'line 1\r\nno final newline');
  chmodSync(file, 0o640);
  const before = tree();
  const records = captureTouches([touchPath(file)], 0, backups);
  assert.equal(records[0]!.pre.kind, 'file');
  writeFileSync(file, 'rewritten\n');
  chmodSync(file, 0o600);
  assert.deepEqual(undoTouches(records, backups), []);
  assertSameTree(before, tree());
  assert.deepEqual(undoTouches(records, backups), []);
  assertSameTree(before, tree());
});

test('a restore cut short after its copy leaves no temp file behind on the next undo', () => {
  const file = join(area, 'bashrc');
  writeFileSync(file, 'original\n');
  const before = tree();
  const records = captureTouches([touchPath(file)], 0, backups);
  writeFileSync(`${file}.gsw-restore`, 'original\n'); // the crash happened right before the rename
  assert.deepEqual(undoTouches(records, backups), []);
  assertSameTree(before, tree());
});

test('a symlinked dotfile: the file it points to and the link itself are restored', () => {
  mkdirSync(join(area, 'dotfiles'));
  writeFileSync(join(area, 'dotfiles/zshenv'), 'export A=1\n');
  symlinkSync('dotfiles/zshenv', join(area, '.zshenv'));
  const before = tree();
  const records = captureTouches([touchPath(join(area, '.zshenv'))], 2, backups);
  writeFileSync(join(area, '.zshenv'), 'export A=1\n# block\n'); // written through the link
  assert.deepEqual(undoTouches(records, backups), []);
  assertSameTree(before, tree());
  rmSync(join(area, '.zshenv')); // a step that replaced the link by a file
  writeFileSync(join(area, '.zshenv'), 'plain file now\n');
  assert.deepEqual(undoTouches(records, backups), []);
  assertSameTree(before, tree());
});

test('absent before: whatever is there goes, with the parent dirs the step created (only when empty)', () => {
  const created = join(area, 'a/b/c/env.sh');
  const before = tree();
  const records = captureTouches([touchPath(created)], 0, backups);
  assert.deepEqual(records[0]!.createdDirs, [join(area, 'a'), join(area, 'a/b'), join(area, 'a/b/c')]);
  assert.deepEqual(undoTouches(records, backups), [], 'nothing was created yet: nothing to do');
  mkdirSync(join(area, 'a/b/c'), { recursive: true });
  writeFileSync(created, 'x');
  assert.deepEqual(undoTouches(records, backups), []);
  assertSameTree(before, tree());
  mkdirSync(join(area, 'a/b/c'), { recursive: true });
  writeFileSync(created, 'x');
  writeFileSync(join(area, 'a/user-file'), 'created by someone else later');
  assert.deepEqual(undoTouches(records, backups), []);
  assert.equal(readFileSync(join(area, 'a/user-file'), 'utf8'), 'created by someone else later');
});

test('a move: undone when it happened, left alone when it did not, reported when both sides exist', () => {
  const goroot = join(area, 'go');
  const aside = join(area, 'go.gsw-backup-1');
  mkdirSync(join(goroot, 'bin'), { recursive: true });
  writeFileSync(join(goroot, 'VERSION'), 'go1.20\n');
  const before = tree();
  const records = captureTouches([touchMove(goroot, aside)], 3, backups);
  assert.deepEqual(undoTouches(records, backups), [], 'rename never happened');
  assertSameTree(before, tree());
  renameSync(goroot, aside);
  assert.deepEqual(undoTouches(records, backups), []);
  assertSameTree(before, tree());
  assert.deepEqual(undoTouches(records, backups), [], 'again: harmless');
  mkdirSync(aside);
  const problems = undoTouches(records, backups);
  assert.equal(problems.length, 1);
  assert.match(problems[0]!.message, /both .* exist/);
});

test('a backup that is gone is reported as lost, not as an error to retry', () => {
  const file = join(area, 'profile');
  writeFileSync(file, 'v1\n');
  const records = captureTouches([touchPath(file)], 0, backups);
  rmSync(join(backups, '0-0'));
  writeFileSync(file, 'v2\n');
  assert.deepEqual(undoTouches(records, backups), [{ message: file, lost: true }]);
});
