// `prune` also empties the download cache (verified archives and partial downloads, which survive rollback on
// purpose) through the real CLI, says how much it freed, and leaves anything in that folder it did not name itself.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { formatBytes } from '../../src/format.js';
import { appPaths, cachedArchivePath } from '../../src/paths.js';
import { ensureBuilt, runCli } from '../cli/built-cli.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { assertSameTree, describeTree } from '../helpers/tree-hash.js';

const homes: TempHome[] = [];
before(() => ensureBuilt());
after(() => {
  for (const home of homes) home.cleanup();
});

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

test('prune drops cached archives and partial downloads, says how much, and keeps files it did not write', { timeout: 120_000 }, async () => {
  const home = createTempHome();
  homes.push(home);
  const paths = appPaths(home.env);
  assert.match((await runCli(['prune', '--yes'], { env: home.env })).stdout, /No backups/, 'no cache folder yet: nothing to do');

  mkdirSync(paths.cacheDir, { recursive: true });
  const archive = randomBytes(70_000);
  const partial = randomBytes(12_345);
  writeFileSync(cachedArchivePath(paths, sha(archive)), archive);
  writeFileSync(`${cachedArchivePath(paths, sha(partial))}.partial`, partial);
  writeFileSync(join(paths.cacheDir, 'notes.txt'), 'mine\n');

  // No terminal and no --yes: it lists what it would drop, then stops without changing anything.
  const beforeTree = describeTree(home.root);
  const asked = await runCli(['prune'], { env: home.env });
  assert.equal(asked.code, 2, asked.stdout + asked.stderr);
  assert.ok(asked.stdout.includes(`The download cache ${paths.cacheDir} holds ${formatBytes(82_345)} in 2 file(s)`), asked.stdout);
  assertSameTree(beforeTree, describeTree(home.root), 'a prune that was not confirmed');

  const pruned = await runCli(['prune', '--yes'], { env: home.env });
  assert.equal(pruned.code, 0, pruned.stdout + pruned.stderr);
  assert.ok(pruned.stdout.includes(`Freed ${formatBytes(82_345)} of download cache (2 file(s)).`), pruned.stdout);
  assert.deepEqual(readdirSync(paths.cacheDir), ['notes.txt']);
  assert.ok(existsSync(join(paths.cacheDir, 'notes.txt')));
  assert.match((await runCli(['prune', '--yes'], { env: home.env })).stdout, /No backups/, 'a second prune has nothing left');
});
