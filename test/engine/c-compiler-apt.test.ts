// --build-essential on a machine with no C compiler, through the REAL bundled CLI and real apt inside an overlay
// namespace (this machine's packages are never touched): the plan lists what apt would add, the install adds exactly
// that, and rollback gives back the exact package set. The repository's build-essential is a small stand-in package
// (with a dependency, like the real one) so that no network is needed.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bundle, ensureBuilt } from '../cli/built-cli.js';
import { aptOverlayProblem, buildLocalRepo, dpkgSet, inAptOverlay, section, type LocalRepo } from '../helpers/apt-overlay.js';
import { goFixture } from '../helpers/go-fixture.js';
import { startFixtureMirror, type Mirror } from '../helpers/mirror.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';

const problem = aptOverlayProblem();
let repo: LocalRepo;
let home: TempHome;
let mirror: Mirror;

before(async () => {
  if (problem) return;
  repo = buildLocalRepo([
    { name: 'build-essential', version: '99.0', depends: 'gsw-cc-toolchain' },
    { name: 'gsw-cc-toolchain', file: '/usr/share/gsw-test/cc-toolchain' },
  ]);
  home = createTempHome();
  mirror = await startFixtureMirror(await goFixture());
  await ensureBuilt();
});

after(async () => {
  await mirror?.close();
  repo?.cleanup();
  home?.cleanup();
});

const names = (lines: string[]) => lines.map((line) => line.split(' ')[0]!);

describe('--build-essential with real apt in an overlay namespace', { skip: problem ?? false, timeout: 600_000 }, () => {
  test('no gcc: the plan adds build-essential (exactly what apt adds), install proves Go, rollback restores the package set', async () => {
    const cli = `${JSON.stringify(process.execPath)} ${JSON.stringify(bundle)}`;
    const args = `--yes --scope user --shells none --build-essential --mirror '${mirror.url}' --index-url '${mirror.url}index.json'`;
    const result = await inAptOverlay(
      [
        // This machine's compiler, gone inside the namespace only.
        'dpkg --purge --force-depends build-essential >/dev/null 2>&1 || true',
        'rm -f /usr/bin/gcc /usr/bin/cc',
        dpkgSet('before'),
        `${cli} install ${args} --json | grep -E '"type":"(plan|step-done|done)"' | sed 's/^/event: /'`,
        dpkgSet('installed'),
        `${cli} rollback --yes > /dev/null`,
        dpkgSet('after'),
      ].join('\n'),
      { repo, env: home.env },
    );
    assert.equal(result.status, 0, result.output);
    const events = section(result.output, 'event').map((line) => JSON.parse(line) as { type: string; plan?: { steps: { id: string; packages?: string[] }[] }; step?: string; exitCode?: number });
    const plan = events.find((e) => e.type === 'plan')!.plan!;
    assert.deepEqual(plan.steps.find((s) => s.id === 'c-compiler')?.packages, ['gsw-cc-toolchain', 'build-essential']);
    assert.ok(events.some((e) => e.type === 'step-done' && e.step === 'c-compiler'));
    assert.equal(events.find((e) => e.type === 'done')?.exitCode, 0, result.output);
    const before = section(result.output, 'before');
    const added = section(result.output, 'installed').filter((line) => !before.includes(line));
    assert.deepEqual(names(added).sort(), ['build-essential', 'gsw-cc-toolchain']);
    assert.deepEqual(section(result.output, 'after'), before);
  });
});
