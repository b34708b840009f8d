// dpkg's listing in its one shape (apt/dpkg.ts): the bash every apt step keeps and the reader rollback uses agree with
// dpkg-query itself, and a record in the older shape (no version) reads to the same packages and states.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DPKG_LIST_SCRIPT, isInstalled, parseDpkgList } from '../../src/apt/dpkg.js';
import { interruptedAptAdded } from '../../src/engine/apt.js';

test('the listing the apt steps keep reads back as dpkg-query reports each package (this machine, read-only)', () => {
  const listed = spawnSync('bash', ['-c', DPKG_LIST_SCRIPT], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  assert.equal(listed.status, 0, listed.stderr);
  const packages = parseDpkgList(listed.stdout);
  assert.ok(packages.size > 10, `${packages.size} packages`);
  for (const name of ['dpkg', 'bash', 'coreutils']) {
    const own = spawnSync('dpkg-query', ['-W', '-f', '${Version} ${db:Status-Abbrev}', name], { encoding: 'utf8' });
    const [version, state] = own.stdout.trim().split(' ');
    assert.deepEqual(packages.get(name), { version, state }, name);
    assert.ok(isInstalled(packages.get(name)!.state), name);
  }
});

test('a -before record without versions (the older shape) reads to the same states as one with them', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'gsw-dpkg-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const now = parseDpkgList('gcc\t4:13.2.0-7\tii \nlibfoo\t1.0\tii \nmake\t4.3-4\tii \nold\t2.0\tii \n');
  const shapes = {
    current: 'gcc\t\tun \nlibfoo\t1.0\trc \nmake\t4.3-4\tii \n',
    older: 'gcc\tun \nlibfoo\trc \nmake\tii \n',
  };
  const found = Object.entries(shapes).map(([shape, before]) => {
    writeFileSync(join(dir, `${shape}-apt-before`), before);
    writeFileSync(join(dir, `${shape}-apt-will-add`), 'gcc\nlibfoo\nmake\n');
    return interruptedAptAdded(dir, `${shape}-apt`, now);
  });
  assert.deepEqual(found[0], [
    { name: 'gcc', before: 'un' },
    { name: 'libfoo', before: 'rc' },
  ]);
  assert.deepEqual(found[1], found[0]);
});
