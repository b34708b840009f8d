// The real Host: commands through execa (never throwing), which, symlink resolution kept inside a root.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createHost, resolveUnder } from '../../src/host/host.js';
import { createTempHome } from '../helpers/temp-home.js';
import { writeFile } from '../fixtures/trees.js';

const home = createTempHome();
after(() => home.cleanup());
const host = createHost({ env: home.env });

test('run: exit code and output, with only the given environment', async () => {
  const result = await host.run('bash', ['-c', 'echo "$HOME"; echo err >&2; echo "${SECRET-unset}"; exit 3']);
  assert.deepEqual(result, { code: 3, stdout: `${home.home}\nunset\n`, stderr: 'err\n', timedOut: false });
});

test('run: a missing program and a hanging one never throw', async () => {
  const missing = await host.run('/nonexistent/program', []);
  assert.equal(missing.code, null);
  assert.match(missing.stderr, /ENOENT/);
  const started = Date.now();
  const hanging = await host.run('sleep', ['10'], { timeoutMs: 150 });
  assert.equal(hanging.code, null);
  assert.equal(hanging.timedOut, true);
  assert.ok(Date.now() - started < 3000);
});

test('which: every executable along PATH in order, skipping relative entries and non-executables', async () => {
  const a = writeFile(home.root, 'a/go', '#!/bin/sh\n', 0o755);
  writeFile(home.root, 'b/go', 'not executable', 0o644);
  const c = writeFile(home.root, 'c/go', '#!/bin/sh\n', 0o755);
  const pathValue = [join(home.root, 'a'), 'relative', '', join(home.root, 'b'), join(home.root, 'c'), join(home.root, 'a')].join(':');
  assert.deepEqual(await host.which('go', pathValue), [a, c]);
});

test('resolveUnder: absolute and relative links, in any component, never above the root', async () => {
  const root = mkdtempSync(join(tmpdir(), 'gsw-resolve-'));
  try {
    mkdirSync(join(root, 'usr/bin'), { recursive: true });
    writeFileSync(join(root, 'usr/bin/dash'), '');
    symlinkSync('usr/bin', join(root, 'bin'));
    symlinkSync('dash', join(root, 'usr/bin/sh'));
    symlinkSync('/usr/bin/dash', join(root, 'usr/bin/abs'));
    symlinkSync('../../../../../../../usr/bin/dash', join(root, 'usr/bin/climb'));
    symlinkSync('loop', join(root, 'loop'));
    assert.equal(await resolveUnder(root, '/bin/sh'), '/usr/bin/dash');
    assert.equal(await resolveUnder(root, '/bin/abs'), '/usr/bin/dash');
    assert.equal(await resolveUnder(root, '/bin/climb'), '/usr/bin/dash');
    assert.equal(await resolveUnder(root, '/bin/missing/x'), '/usr/bin/missing/x');
    await assert.rejects(resolveUnder(root, '/loop'), /too many symbolic links/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('freeBytes of a path that does not exist yet comes from its nearest existing ancestor', async () => {
  const free = await host.freeBytes(join(home.home, 'not/yet/there'));
  assert.ok(free !== null && free > 0);
});
