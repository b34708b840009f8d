// A REAL Go toolchain tarball in the official go.dev layout (go/bin/go, go/pkg, go/src, go/VERSION…), reassembled
// from Debian's golang-1.19 packages by scripts/build-go-fixture.sh and cached under .cache/fixtures/.
// The first caller builds it (~15 s); the script's lock makes concurrent test files wait instead of rebuilding.
import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const buildScript = fileURLToPath(new URL('../../scripts/build-go-fixture.sh', import.meta.url));

export interface GoFixture {
  /** Absolute path of the .tar.gz. */
  tarball: string;
  /** Its real sha256, lower-case hex. */
  sha256: string;
  size: number;
  version: 'go1.19.8';
  filename: 'go1.19.8.linux-amd64.tar.gz';
}

const fixtureVersion = 'go1.19.8';
const fixtureFilename = 'go1.19.8.linux-amd64.tar.gz';

let pending: Promise<GoFixture> | undefined;

/** Builds the fixture if missing (idempotent, concurrency-safe) and describes it. */
export function goFixture(): Promise<GoFixture> {
  pending ??= load();
  return pending;
}

async function load(): Promise<GoFixture> {
  const { stdout } = await run('bash', [buildScript], { maxBuffer: 1 << 20 });
  const tarball = stdout.trim();
  if (basename(tarball) !== fixtureFilename) {
    throw new Error(`build-go-fixture.sh produced ${tarball}, expected ${fixtureFilename} (Debian's golang-1.19 changed?)`);
  }
  const sha256 = (await readFile(`${tarball}.sha256`, 'utf8')).trim();
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`bad digest file ${tarball}.sha256`);
  const { size } = await stat(tarball);
  return { tarball, sha256, size, version: fixtureVersion, filename: fixtureFilename };
}
