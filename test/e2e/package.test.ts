// What `npm pack` makes is a working package: built by prepack, with the LICENSE, installable globally and runnable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { minimalPath } from '../helpers/temp-home.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The checkout's files as a fresh clone has them (no dist/), with the installed node_modules linked in. */
function freshCopy(into: string): string {
  const tree = join(into, 'tree');
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) {
    if (!existsSync(join(root, file))) continue;
    mkdirSync(dirname(join(tree, file)), { recursive: true });
    copyFileSync(join(root, file), join(tree, file));
  }
  symlinkSync(join(root, 'node_modules'), join(tree, 'node_modules'));
  return tree;
}

test('npm pack builds the bundle and ships LICENSE; installed globally, go-setup-wizard runs', { timeout: 180_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), 'gsw-pack-'));
  try {
    // Packed in a copy: prepack's build must not swap the dist/ other tests are running.
    const tree = freshCopy(work);
    assert.equal(existsSync(join(tree, 'dist')), false);
    const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: tree, encoding: 'utf8' }))[0] as { filename: string; files: { path: string }[] };
    const files = packed.files.map((f) => f.path);
    assert.ok(files.includes('LICENSE'), `LICENSE is packed: ${files.join(' ')}`);
    assert.ok(files.includes('dist/go-setup-wizard.cjs') && files.includes('dist/cli.cjs'), 'the bundle is packed');
    assert.ok(!files.some((f) => f.startsWith('src/') || f.startsWith('test/')), 'no sources or tests');
    const prefix = join(work, 'prefix');
    // Zero runtime dependencies: installing the tarball needs no registry.
    execFileSync('npm', ['install', '-g', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, join(work, packed.filename)], { encoding: 'utf8' });
    const env = { PATH: `${join(prefix, 'bin')}:${minimalPath()}`, HOME: work };
    assert.match(execFileSync('go-setup-wizard', ['--version'], { env, encoding: 'utf8' }), /^\d+\.\d+\.\d+\n$/);
    assert.match(execFileSync('go-setup-wizard', ['--help'], { env, encoding: 'utf8' }), /go-setup-wizard/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
