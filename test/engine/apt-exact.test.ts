// apt, exactly: real apt-get and dpkg inside an overlay namespace (this machine's packages are never touched).
// The package set (`dpkg-query -W`: name, version, state) is compared before install and after rollback: rollback
// removes exactly what apt added — not what the user had before, not what the user installed since.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { aptInstallScript, aptRemoveScript } from '../../src/apt/install.js';
import { bundle, ensureBuilt } from '../cli/built-cli.js';
import { aptOverlayProblem, dpkgSet, buildLocalRepo, inAptOverlay, section, type LocalRepo } from '../helpers/apt-overlay.js';
import { startMirror, type Mirror } from '../helpers/mirror.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';

const problem = aptOverlayProblem();
const root = fileURLToPath(new URL('../..', import.meta.url));
const runner = `${JSON.stringify(process.execPath)} --import tsx ${JSON.stringify(join(root, 'test/engine/fixtures/apt-step.ts'))}`;

let repo: LocalRepo;
let home: TempHome;
/** A loopback index (the apt plan compares Debian's Go with the supported releases). */
let index: Mirror;

before(async () => {
  if (problem) return;
  repo = buildLocalRepo(
    [
      { name: 'gsw-tool', depends: 'gsw-dep, gsw-mine', recommends: 'gsw-rec' },
      { name: 'gsw-dep' },
      { name: 'gsw-rec' },
      { name: 'gsw-mine' },
      { name: 'gsw-user', depends: 'gsw-dep' },
    ],
    { golang: true },
  );
  home = createTempHome();
  index = await startMirror({ index: ['go1.27.1', 'go1.26.3'].map((version) => ({ version, stable: true, files: [] })) });
  await ensureBuilt();
});

after(async () => {
  await index?.close();
  repo?.cleanup();
  home?.cleanup();
});

const apt = (args: string) => `DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${args} >/dev/null 2>&1`;

function setDiff(a: string[], b: string[]): { added: string[]; removed: string[] } {
  return { added: b.filter((x) => !a.includes(x)), removed: a.filter((x) => !b.includes(x)) };
}

const names = (lines: string[]) => lines.map((l) => l.split(' ')[0]);

function events(output: string): Record<string, unknown>[] {
  return output.split('\n').flatMap((line) => {
    try {
      return line.startsWith('{') ? [JSON.parse(line) as Record<string, unknown>] : [];
    } catch {
      return [];
    }
  });
}

describe('apt exact install and rollback (real apt in an overlay namespace)', { skip: problem ?? false, timeout: 600_000 }, () => {
  test('adds the package and its Depends, not its Recommends; rollback gives back the exact package set (a package the user had stays)', async () => {
    const result = await inAptOverlay(
      [
        apt('gsw-mine'),
        dpkgSet('before'),
        `${runner} install gsw-tool`,
        dpkgSet('installed'),
        `${runner} rollback`,
        dpkgSet('after'),
      ].join('\n'),
      { repo, env: home.env },
    );
    assert.equal(result.status, 0, result.output);
    const planned = events(result.output).find((e) => e.type === 'test-plan');
    assert.deepEqual(planned?.packages, ['gsw-dep', 'gsw-tool']);
    const install = setDiff(section(result.output, 'before'), section(result.output, 'installed'));
    assert.deepEqual(names(install.added).sort(), ['gsw-dep', 'gsw-tool']);
    assert.deepEqual(install.removed, []);
    assert.deepEqual(section(result.output, 'after'), section(result.output, 'before'));
  });

  test('what the user installed since that needs an added package keeps it; everything else goes', async () => {
    const result = await inAptOverlay(
      [
        apt('gsw-mine'),
        dpkgSet('before'),
        `${runner} install gsw-tool`,
        apt('gsw-user'),
        `${runner} rollback`,
        dpkgSet('after'),
      ].join('\n'),
      { repo, env: home.env },
    );
    assert.equal(result.status, 0, result.output);
    const change = setDiff(section(result.output, 'before'), section(result.output, 'after'));
    assert.deepEqual(names(change.added).sort(), ['gsw-dep', 'gsw-user']);
    assert.deepEqual(change.removed, []);
    assert.match(result.output, /kept gsw-dep/);
  });

  test('--recommends adds the Recommends too, and rollback removes them as well', async () => {
    const result = await inAptOverlay(
      [
        dpkgSet('before'),
        `${runner} install --recommends gsw-tool`,
        dpkgSet('installed'),
        `${runner} rollback`,
        dpkgSet('after'),
      ].join('\n'),
      { repo, env: home.env },
    );
    assert.equal(result.status, 0, result.output);
    const install = setDiff(section(result.output, 'before'), section(result.output, 'installed'));
    assert.deepEqual(names(install.added).sort(), ['gsw-dep', 'gsw-mine', 'gsw-rec', 'gsw-tool']);
    assert.deepEqual(section(result.output, 'after'), section(result.output, 'before'));
  });

  test('a later step failing rolls the apt step back to the exact package set (exit 1)', async () => {
    const result = await inAptOverlay(
      [dpkgSet('before'), `GSW_FAIL_AFTER=1 ${runner} install gsw-tool || echo "exit $?"`, dpkgSet('after')].join('\n'),
      { repo, env: home.env },
    );
    assert.equal(result.status, 0, result.output);
    assert.match(result.output, /^exit 1$/m);
    assert.deepEqual(section(result.output, 'after'), section(result.output, 'before'));
  });

  test("the exported bash (the step's run, then its undo) gives back the exact package set too", async () => {
    const script = join(home.root, 'export-apt.sh');
    writeFileSync(script, ['set -euo pipefail', aptInstallScript(0, ['gsw-tool'], false), 'echo "--- added"; cat "$GSW_BACKUPS/0-apt-added"', aptRemoveScript(0)].join('\n'));
    const result = await inAptOverlay(
      [dpkgSet('before'), `export GSW_BACKUPS=$(mktemp -d)`, `bash ${script} > /dev/null`, dpkgSet('after')].join('\n'),
      { repo, env: home.env },
    );
    assert.equal(result.status, 0, result.output);
    assert.deepEqual(section(result.output, 'after'), section(result.output, 'before'));
  });

  test('install --method apt (Debian golang-go) then rollback: exactly the package set before; the done line names the version', async (t) => {
    if (!repo.hasGolang) return t.skip('the golang debs are not in /var/cache/apt/archives (scripts/build-go-fixture.sh fetches them)');
    const cli = `${JSON.stringify(process.execPath)} ${JSON.stringify(bundle)}`;
    const result = await inAptOverlay(
      [
        dpkgSet('before'),
        `${cli} install --method apt --yes --shells none --index-url '${index.indexUrl}'`,
        dpkgSet('installed'),
        `${cli} rollback --yes`,
        dpkgSet('after'),
        "{ ls -d /usr/lib/go-1.19 2>&1 || true; } | sed 's/^/tree: /'",
      ].join('\n'),
      { repo, env: home.env },
    );
    assert.equal(result.status, 0, result.output);
    const install = setDiff(section(result.output, 'before'), section(result.output, 'installed'));
    assert.deepEqual(names(install.added).sort(), ['golang-1.19-go', 'golang-1.19-src', 'golang-go', 'golang-src']);
    assert.deepEqual(section(result.output, 'after'), section(result.output, 'before'));
    assert.match(section(result.output, 'tree').join('\n'), /No such file/);
    assert.match(result.output, /apt's Go here is 1\.19, which is no longer supported \(supported: 1\.27, 1\.26\).* would give go1\.27\.1\./);
    assert.match(result.output, /Done: go1\.19\.\d+ \(apt\) is installed in \/usr\/lib\/go-1\.19\./);
  });
});
