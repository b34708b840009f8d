// The placed Go tree's manifest is read while the later steps run and journaled as an `after` record once read:
// its lines are those the rollback compares against, and the rollback finds it as the step's after-state.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { JournalRecord, TouchRecord } from '../../src/engine/journal.js';
import { treeManifest } from '../../src/engine/three-way.js';
import { pendingUndo } from '../../src/engine/undo.js';

describe('the Go tree manifest', () => {
  test('lists every entry depth first in name order: directories, files by size and mtime, symlinks by target', async () => {
    const root = mkdtempSync(join(tmpdir(), 'gsw-manifest-'));
    try {
      mkdirSync(join(root, 'src/b'), { recursive: true });
      mkdirSync(join(root, 'bin'));
      writeFileSync(join(root, 'VERSION'), 'go1.19.8\n');
      writeFileSync(join(root, 'bin/go'), 'x'.repeat(10));
      writeFileSync(join(root, 'src/b/z.go'), 'package b\n');
      writeFileSync(join(root, 'src/a.go'), '');
      symlinkSync('../VERSION', join(root, 'src/link'));
      for (const file of ['VERSION', 'bin/go', 'src/b/z.go', 'src/a.go']) utimesSync(join(root, file), 1_680_000_000, 1_680_000_000);
      const lines = (await treeManifest(root)).split('\n').map((line) => JSON.parse(line));
      const mtime = 1_680_000_000_000;
      assert.deepEqual(lines, [
        ['f', 'VERSION', 9, mtime],
        ['d', 'bin'],
        ['f', 'bin/go', 10, mtime],
        ['d', 'src'],
        ['f', 'src/a.go', 0, mtime],
        ['d', 'src/b'],
        ['f', 'src/b/z.go', 10, mtime],
        ['l', 'src/link', '../VERSION'],
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('an after record written later than the done record is the step’s after-state for that touch', () => {
    const at = '2026-11-30T00:00:00.000Z';
    const touches: TouchRecord[] = [
      { touch: { kind: 'move', path: '/s/go', to: '/h/.local/go', root: false }, pre: { kind: 'dir', mode: 0o755, uid: 0, gid: 0 }, createdDirs: [] },
      { touch: { kind: 'path', path: '/h/.profile', root: false }, pre: { kind: 'absent' }, createdDirs: [] },
    ];
    const tree = { kind: 'tree' as const, manifest: '4-0.tree.gz', sha256: 'ab'.repeat(32) };
    const file = { kind: 'file' as const, sha256: 'cd'.repeat(32), size: 3, copy: '4-1.after' };
    const records: JournalRecord[] = [
      { type: 'begin', step: 'place', index: 4, root: false, touches, at },
      { type: 'done', step: 'place', at, after: [null, file] },
      { type: 'begin', step: 'env-files', index: 5, root: false, touches: [], at },
      { type: 'after', step: 'place', touch: 0, after: tree, at },
      { type: 'done', step: 'env-files', at },
    ];
    const place = pendingUndo(records).find((p) => p.step === 'place');
    assert.deepEqual(place?.after, [tree, file]);
    // Without it (a crash before the manifest was read), the tree has no after-state and goes as a whole, as before.
    const crashed = pendingUndo(records.filter((r) => r.type !== 'after')).find((p) => p.step === 'place');
    assert.deepEqual(crashed?.after, [null, file]);
  });
});
