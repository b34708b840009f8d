// The placed Go tree's manifest is read while the later steps run and journaled as an `after` record once read:
// its lines are those the rollback compares against, and the rollback finds it as the step's after-state.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import type { JournalRecord, TouchRecord } from '../../src/engine/journal.js';
import { findManifest, manifestEntries, treeManifest, walkManifest } from '../../src/engine/three-way.js';
import { pendingUndo } from '../../src/engine/undo.js';
import { executePlan } from '../../src/engine/executor.js';
import { shQuote } from '../../src/shell/quote.js';
import { EXIT, type EngineEvent } from '../../src/types.js';
import { createTempHome } from '../helpers/temp-home.js';
import { journalFile, makePlan, step, touchMove, touchPath } from './support.js';
import { goFixture } from '../helpers/go-fixture.js';

describe('the Go tree manifest', () => {
  test('lists every entry: directories, files by size and mtime, symlinks by target (walked depth first in name order)', async () => {
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
      const walked = (await walkManifest(root)).split('\n').map((line) => JSON.parse(line));
      const mtime = 1_680_000_000_000;
      assert.deepEqual(walked, [
        ['f', 'VERSION', 9, mtime],
        ['d', 'bin'],
        ['f', 'bin/go', 10, mtime],
        ['d', 'src'],
        ['f', 'src/a.go', 0, mtime],
        ['d', 'src/b'],
        ['f', 'src/b/z.go', 10, mtime],
        ['l', 'src/link', '../VERSION'],
      ]);
      const found = manifestEntries(await treeManifest(root));
      assert.deepEqual(found, manifestEntries(await walkManifest(root)));
      assert.deepEqual([...found!.values()].map((line) => JSON.parse(line)).sort(), [...walked].sort());
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('read by find, it is entry for entry the walk by readdir and lstat, over the real Go tree', async () => {
    const fixture = await goFixture();
    const root = mkdtempSync(join(tmpdir(), 'gsw-manifest-'));
    try {
      const untar = spawnSync('tar', ['-xzf', fixture.tarball, '-C', root]);
      assert.equal(untar.status, 0, String(untar.stderr));
      const tree = join(root, 'go');
      const [byFind, byWalk] = [await findManifest(tree), await walkManifest(tree)];
      assert.ok(byWalk.split('\n').length > 10_000, 'the whole Go tree');
      assert.ok(byFind !== null, 'find can say');
      assert.deepEqual(manifestEntries(byFind), manifestEntries(byWalk));
      assert.equal(await treeManifest(tree), byFind);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('the same on awkward names, modes and times; a name that is not UTF-8 or a time before 1970 is walked', async () => {
    const root = mkdtempSync(join(tmpdir(), 'gsw-manifest-'));
    try {
      for (const dir of ['a b', 'a', 'a-b', 'a/b\nc', 'Z', 'é', '日本', '\u{1F600}', 'ﬀ']) mkdirSync(join(root, dir), { recursive: true });
      const files: [string, number][] = [
        ['a/b\nc/new\nline', 1_680_000_000.999999999],
        ['a b/x', 1_680_000_000.0005],
        ['a-b/y', 1_700_000_000.123456789],
        ['é/ü', 1],
        ['日本/語', 1_680_566_400],
        ['\u{1F600}/smile', 2_000_000_000.5],
        ['ﬀ/z', 1_680_566_400.999],
        ['Z/empty', 1_680_566_400],
      ];
      for (const [file, time] of files) {
        writeFileSync(join(root, file), file.repeat(3));
        utimesSync(join(root, file), time, time);
      }
      symlinkSync('../é/ü', join(root, 'a/link to ü'));
      symlinkSync('nowhere\nat all', join(root, 'a/dangling'));
      symlinkSync('a', join(root, 'dir-link'));
      const fifo = spawnSync('mkfifo', [join(root, 'Z/pipe')]);
      assert.equal(fifo.status, 0);
      const byFind = await findManifest(root);
      assert.ok(byFind !== null, 'find can say');
      const entries = manifestEntries(byFind);
      assert.deepEqual(entries, manifestEntries(await walkManifest(root)));
      const lines = [...entries!.values()].map((line) => JSON.parse(line));
      assert.ok(lines.some((entry) => entry[0] === 'o' && entry[1] === 'Z/pipe'));
      assert.ok(lines.some((entry) => entry[0] === 'l' && entry[2] === 'nowhere\nat all'));

      assert.equal(spawnSync('touch', ['-d', '@-86400.25', join(root, 'Z/empty')]).status, 0);
      assert.equal(await findManifest(root), null, 'a time before 1970: find cannot say');
      assert.equal(await treeManifest(root), await walkManifest(root), 'a time before 1970');
      writeFileSync(join(root, Buffer.from([0x61, 0xff, 0x62]).toString('latin1')), '');
      writeFileSync(Buffer.concat([Buffer.from(`${root}/`), Buffer.from([0x63, 0xff])]), '');
      const walked = await walkManifest(root).then(
        (text) => ({ text }),
        (error: Error) => ({ error: error.message }),
      );
      const found = await treeManifest(root).then(
        (text) => ({ text }),
        (error: Error) => ({ error: error.message }),
      );
      assert.deepEqual(found, walked, 'a name that is not UTF-8');
      assert.equal(await findManifest(root), null, 'a name that is not UTF-8: find cannot say');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('a manifest kept in either form reads as the same entries; one cut short or garbled reads as none', async () => {
    const root = mkdtempSync(join(tmpdir(), 'gsw-manifest-'));
    try {
      mkdirSync(join(root, 'bin'));
      writeFileSync(join(root, 'bin/go'), 'go');
      symlinkSync('bin/go', join(root, 'go-link'));
      const byFind = await findManifest(root);
      assert.ok(byFind !== null);
      const entries = manifestEntries(byFind);
      assert.equal(entries?.size, 3);
      assert.deepEqual(manifestEntries(await walkManifest(root)), entries);
      assert.equal(manifestEntries(byFind.slice(0, -1)), null, 'cut short');
      assert.equal(manifestEntries(byFind.replace(/(f\0\d+\0)[\d.]+\0/, '$1yesterday\0')), null, 'a time find does not print');
      assert.equal(manifestEntries('not a manifest'), null);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('the run journals the tree as it placed it: read from the staged tree, not after a later step changed it', async () => {
    const home = createTempHome();
    try {
      const plan = makePlan(home, []);
      const staging = join(home.home, `.local/.staging-${plan.runId}`);
      const staged = join(staging, 'go');
      const q = shQuote;
      plan.steps = [
        step('stage', `mkdir -p ${q(join(staged, 'bin'))} ${q(join(staged, 'src/fmt'))}\nprintf 'go1.19.8\\n' > ${q(join(staged, 'VERSION'))}\nprintf 'package fmt\\n' > ${q(join(staged, 'src/fmt/print.go'))}`, [touchPath(staging)]),
        step('place', `mv -T ${q(staged)} ${q(plan.goroot)}\nrmdir ${q(staging)}`, [touchMove(staged, plan.goroot), touchPath(staging)]),
        // What the run did not place (as a user might add it while the run goes on): not in the manifest.
        // (made by the wizard itself, at once after place: no bash to start first)
        step('later', '', [], { native: 'file-changes', changes: [{ kind: 'write', path: join(plan.goroot, 'src/fmt/mine.go'), content: 'mine\n', secret: false }] }),
      ];
      const events: EngineEvent[] = [];
      const result = await executePlan(plan, { env: home.env, proxy: {}, onEvent: (e) => events.push(e) });
      assert.equal(result.exitCode, EXIT.ok, JSON.stringify(events.filter((e) => e.type === 'step-failed')));
      const records = readFileSync(journalFile(plan), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as JournalRecord);
      const after = records.find((r): r is Extract<JournalRecord, { type: 'after' }> => r.type === 'after');
      assert.ok(after && after.after.kind === 'tree', 'the tree is recorded');
      const manifest = gunzipSync(readFileSync(join(dirname(journalFile(plan)), 'backups', after.after.manifest))).toString('utf8');
      rmSync(join(plan.goroot, 'src/fmt/mine.go'));
      assert.deepEqual(manifestEntries(manifest), manifestEntries(await walkManifest(plan.goroot)));
    } finally {
      home.cleanup();
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
