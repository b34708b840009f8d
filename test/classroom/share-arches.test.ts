// `share` for a room of mixed laptops, through the REAL built CLI: the teacher (amd64) verifies its own archive up
// front; the index lists every Linux arch with the official digest; a student whose machine reports arm64 (a
// --sysroot of an aarch64 Ubuntu) plans the arm64 archive from the teacher, its digest credited to the official
// index as pinned by the teacher's answers file; the teacher fetches that archive once for every arm64 student.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ensureBuilt, runCli } from '../cli/built-cli.js';
import { buildSysroot, SYSTEMS } from '../fixtures/sysroots.js';
import { goFixture, type GoFixture } from '../helpers/go-fixture.js';
import { buildIndex, startMirror, type Mirror } from '../helpers/mirror.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { startTeacher, type Teacher } from './teacher.js';

let fixture: GoFixture;
let mirror: Mirror;
let scratch: string;
let arm64: { filename: string; sha256: string; size: number };
const homes: TempHome[] = [];
const teachers: Teacher[] = [];

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

before(async () => {
  await ensureBuilt();
  fixture = await goFixture();
  scratch = mkdtempSync(join(tmpdir(), 'gsw-share-arches-'));
  // An arm64 "release" archive: a real gzip tarball of a go/ tree (this machine cannot run an arm64 Go anyway).
  mkdirSync(join(scratch, 'tree/go/bin'), { recursive: true });
  writeFileSync(join(scratch, 'tree/go/VERSION'), `${fixture.version}\n`);
  writeFileSync(join(scratch, 'tree/go/bin/go'), Buffer.alloc(2 << 20, 7));
  const filename = fixture.filename.replace('amd64', 'arm64');
  const tarball = join(scratch, filename);
  assert.equal(spawnSync('tar', ['-czf', tarball, '-C', join(scratch, 'tree'), 'go']).status, 0);
  const bytes = readFileSync(tarball);
  arm64 = { filename, sha256: sha256(bytes), size: bytes.length };
  mirror = await startMirror({
    files: { [fixture.filename]: { path: fixture.tarball }, [filename]: { path: tarball } },
    index: buildIndex([{ version: fixture.version, files: [{ filename: fixture.filename, sha256: fixture.sha256, size: fixture.size }, arm64] }]),
  });
});
after(async () => {
  for (const teacher of teachers) await teacher.stop('SIGKILL');
  await mirror?.close();
  for (const home of homes) home.cleanup();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

function get(url: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

describe('share: every arch of the release', { timeout: 600_000 }, () => {
  test('an arm64 student gets the arm64 archive (fetched once), its digest pinned from the official index by the answers file', async () => {
    const teacherHome = createTempHome({ skel: true });
    homes.push(teacherHome);
    const share = await startTeacher(teacherHome, mirror, ['--scope', 'user']);
    teachers.push(share);
    const { url, answersUrl, indexUrl } = share.listening;
    const officialIndex = `${mirror.url}index.json`;
    assert.equal(mirror.downloadsOf(`/${arm64.filename}`).length, 0, 'another arch is fetched only when a student needs it');

    const index = JSON.parse((await get(indexUrl)).body.toString());
    assert.deepEqual(
      index[0].files.map((f: { arch: string; sha256: string; size: number }) => [f.arch, f.sha256, f.size]),
      [
        ['amd64', fixture.sha256, fixture.size],
        ['arm64', arm64.sha256, arm64.size],
      ],
    );
    const answers = JSON.parse((await get(answersUrl)).body.toString());
    assert.equal(answers.sha256, undefined, 'no one digest for the whole room');
    assert.deepEqual(answers.pinnedDigests, { source: officialIndex, files: { [fixture.filename]: fixture.sha256, [arm64.filename]: arm64.sha256 } });

    // The student's machine reports aarch64 (kernel and /bin/sh): its preview.
    const sysroot = join(scratch, 'arm64-root');
    buildSysroot(sysroot, SYSTEMS['ubuntu-25.04-arm64']!.spec);
    const student = createTempHome({ skel: true });
    homes.push(student);
    const preview = await runCli(['plan', '--config', answersUrl, '--sysroot', sysroot, '--shells', 'bash'], { env: student.env, timeoutMs: 120_000 });
    assert.equal(preview.code, 0, preview.stderr);
    assert.ok(preview.stdout.includes(`${url}${arm64.filename}`), preview.stdout);
    assert.ok(preview.stdout.includes(`${arm64.sha256} (from ${officialIndex}, pinned by the answers file ${answersUrl})`), preview.stdout);
    assert.ok(!preview.stdout.includes(`(from ${indexUrl})`), 'the teacher\'s index is not named as the digest\'s source');

    // Three arm64 students download at once: the teacher fetches the archive from the mirror once for all.
    const downloads = await Promise.all([1, 2, 3].map(() => get(`${url}${arm64.filename}`)));
    for (const download of downloads) {
      assert.equal(download.status, 200);
      assert.equal(sha256(download.body), arm64.sha256);
    }
    assert.equal(mirror.downloadsOf(`/${arm64.filename}`).length, 1, 'fetched from the mirror once');
    assert.equal(share.events.filter((e) => e.type === 'fetch-start').length, 1);
    assert.deepEqual(
      share.events.filter((e) => e.type === 'fetch-done').map((e) => e.arch),
      ['arm64'],
    );
    const again = await get(`${url}${arm64.filename}`);
    assert.equal(sha256(again.body), arm64.sha256, 'then served from the teacher\'s disk');
    assert.equal(mirror.downloadsOf(`/${arm64.filename}`).length, 1);
    assert.equal(await share.stop('SIGINT'), 0);
  });

  test('an answers file whose pinned digest the index contradicts is refused, nothing planned', async () => {
    const student = createTempHome({ skel: true });
    homes.push(student);
    const file = join(scratch, 'answers.json');
    const wrong = 'c'.repeat(64);
    writeFileSync(
      file,
      JSON.stringify({ goVersion: fixture.version.slice(2), mirror: mirror.url, indexUrl: `${mirror.url}index.json`, pinnedDigests: { source: 'https://go.dev/dl/?mode=json&include=all', files: { [fixture.filename]: wrong } } }),
    );
    const result = await runCli(['plan', '--config', file, '--shells', 'bash'], { env: student.env, timeoutMs: 120_000 });
    assert.equal(result.code, 2, result.stdout + result.stderr);
    assert.match(result.stderr, new RegExp(`pins sha256 ${wrong} for ${fixture.filename.replace(/\./g, '\\.')}, but .* says ${fixture.sha256}`));
  });
});
