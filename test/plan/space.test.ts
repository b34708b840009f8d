// The free-space check on real filesystems: tmpfs mounts of a known size (inside `unshare -m`) for the install dir
// and the download cache, apart or together. It counts the unpacked tree beside the target, the archive in the
// cache and, for an archive fetched over several connections, as much again for the segments fetched ahead
// (`<archive>.partial.ahead`, which held 58% of a 40 MiB file in a measured run) — before, that side file was not
// counted. The cache's share is worked out when the check runs: nothing once the verified archive is there, only
// the rest after a partial download. The plan's text states each figure. The executor performs the same check
// itself (statfs): each case compares its verdict and message with the bash's.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const fixture = fileURLToPath(new URL('./fixtures/space-check.ts', import.meta.url));
const MiB = 1024 * 1024;
/** Large enough to be fetched over several connections (32 MiB and more): unpacked 140 MiB. */
const ARCHIVE = 40 * MiB;

interface Checked {
  code: number;
  stderr: string;
  why: string;
  /** The same step as the executor performs it (statfs instead of df). */
  native: { ok: true } | { ok: false; error: string };
}

const canMount = process.getuid?.() === 0 && spawnSync('unshare', ['-m', 'true']).status === 0;

describe('the free-space check on tmpfs mounts', { timeout: 120_000, skip: !canMount && 'needs root for unshare -m and tmpfs mounts' }, () => {
  let root: string;
  let n = 0;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'gsw-space-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  /**
   * Mounts tmpfs of the given MiB over the install dir and the cache dir (one mount for both when `cacheMiB` is
   * null: the cache inside the install filesystem), runs `prepare` (bash, $CACHE_FILE set) in there, then the check.
   */
  function check(installMiB: number, cacheMiB: number | null, prepare = ''): Checked {
    const dir = join(root, `case-${++n}`);
    const home = join(dir, 'home');
    const install = join(dir, 'install');
    const cache = cacheMiB === null ? join(install, 'cache') : join(dir, 'cache');
    for (const d of [home, install, cache]) mkdirSync(d, { recursive: true });
    const script = [
      'set -e',
      `mount -t tmpfs -o size=${installMiB}m tmpfs "$2"`,
      cacheMiB === null ? 'mkdir -p "$3"' : `mount -t tmpfs -o size=${cacheMiB}m tmpfs "$3"`,
      'CACHE_FILE="$3/go-setup-wizard/' + 'a'.repeat(64) + '.tar.gz"',
      'mkdir -p "$3/go-setup-wizard"',
      prepare,
      `"$4" --import tsx "$5" "$1" "$2" "$3" ${ARCHIVE}`,
    ].join('\n');
    const result = spawnSync('unshare', ['-m', '--propagation', 'private', 'bash', '-c', script, 'bash', home, install, cache, process.execPath, fixture], {
      encoding: 'utf8',
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
    });
    assert.equal(result.status, 0, result.stderr);
    const checked = JSON.parse(result.stdout) as Checked;
    // The executor's own check gives the exported script's verdict, with the same figures.
    assert.equal(checked.native.ok, checked.code === 0, `bash: ${checked.code} ${checked.stderr}; native: ${JSON.stringify(checked.native)}`);
    if (!checked.native.ok) assert.equal(checked.native.error, `Check free disk space failed: ${checked.stderr.trim()}`);
    return checked;
  }

  test('cache and install dir apart: each is checked for its own share; the cache for the archive and the part fetched ahead', () => {
    // 140 MiB unpacked beside the target; 40 + 40 MiB in the cache.
    const fits = check(150, 90);
    assert.equal(fits.code, 0, `separate filesystems, each large enough: ${fits.stderr}`);
    const noRoomAhead = check(150, 60);
    assert.equal(noRoomAhead.code, 1, 'room for the archive but not for what is fetched ahead of it');
    assert.match(noRoomAhead.stderr, /not enough free space in .*\/cache\/go-setup-wizard: 80 MiB needed, 60 MiB free/);
    const noRoomUnpacked = check(120, 90);
    assert.equal(noRoomUnpacked.code, 1);
    assert.match(noRoomUnpacked.stderr, /not enough free space in .*\/install: 140 MiB needed, 120 MiB free/);
  });

  test('one filesystem for both: the sum is checked there', () => {
    assert.equal(check(230, null).code, 0);
    const short = check(200, null);
    assert.equal(short.code, 1);
    assert.match(short.stderr, /not enough free space in .*\/install: 220 MiB needed, 200 MiB free/);
  });

  test('the verified archive in the cache: the cache needs nothing more; a partial download: only the rest', () => {
    // 40 MiB cached on a 50 MiB cache filesystem: 10 MiB left, and nothing needed.
    const cached = check(150, 50, `head -c ${ARCHIVE} /dev/zero > "$CACHE_FILE"`);
    assert.equal(cached.code, 0, cached.stderr);
    // 30 of 40 MiB downloaded: 10 MiB left to fetch, too little for several connections, so 10 MiB (not 20) needed.
    const partial = check(150, 45, `head -c ${30 * MiB} /dev/zero > "$CACHE_FILE.partial"`);
    assert.equal(partial.code, 0, partial.stderr);
    const tight = check(150, 38, `head -c ${30 * MiB} /dev/zero > "$CACHE_FILE.partial"`);
    assert.equal(tight.code, 1);
    assert.match(tight.stderr, /cache\/go-setup-wizard: 10 MiB needed, 8 MiB free/);
  });

  test('the exported script: a verified archive in the cache needs no room there (it asked for the whole archive again)', () => {
    const dir = join(root, `case-${++n}`);
    for (const d of ['home', 'install', 'cache']) mkdirSync(join(dir, d), { recursive: true });
    // 40 MiB cached on a 50 MiB cache filesystem. The fake archive then fails its digest: the run stops after check-space.
    const script = [
      'set -e',
      'cd "$3"',
      'mount -t tmpfs -o size=150m tmpfs install',
      'mount -t tmpfs -o size=50m tmpfs cache',
      'mkdir -p cache/go-setup-wizard',
      `head -c ${ARCHIVE} /dev/zero > cache/go-setup-wizard/${'a'.repeat(64)}.tar.gz`,
      `(cd "$4" && "$1" --import tsx "$2" "$3/home" "$3/install" "$3/cache" ${ARCHIVE} "$3/install-go.sh" >/dev/null)`,
      'env -i HOME="$3/home" XDG_CACHE_HOME="$3/cache" PATH=/usr/bin:/bin LANG=C.UTF-8 USER=root bash install-go.sh || true',
    ].join('\n');
    const repo = fileURLToPath(new URL('../..', import.meta.url));
    const result = spawnSync('unshare', ['-m', '--propagation', 'private', 'bash', '-c', script, 'bash', process.execPath, fixture, dir, repo], { encoding: 'utf8' });
    const output = result.stdout + result.stderr;
    assert.doesNotMatch(output, /not enough free space/, output);
    assert.match(output, /undone: check-space/, `check-space ran and passed: ${output}`);
  });

  test('the plan states each figure and what it is for', () => {
    const apart = check(150, 90);
    assert.match(
      apart.why,
      /140 MiB free in \S+\/install \(140 MiB for the unpacked toolchain\); 80 MiB free in \S+\/cache\/go-setup-wizard \(40 MiB for the archive in the download cache, up to 40 MiB more for the parts fetched ahead over several connections\)/,
    );
    assert.match(apart.why, /The cache needs nothing once the verified archive is there, and only the rest after a partial download\.$/);
    const together = check(230, null);
    assert.match(together.why, /220 MiB free in .*\/install \(140 MiB for the unpacked toolchain, 40 MiB for the archive in the download cache, up to 40 MiB more/);
  });
});
