// Several Go versions side by side, with the real Go toolchain fixture over a loopback mirror and the real CLI in a
// temp HOME: `install --alongside` puts go1.19.8 in ~/sdk/go1.19.8 with a go1.19.8 command and leaves the default
// go (and env.sh) byte for byte as they were; `use go1.19.8` makes the ~/sdk tree the default of fresh shells;
// `versions` and `detect` say which is the default; rollback gives the previous default back, then removes the tree.
// Only go1.19.8 exists as a real tree here (a release's `go version` is compiled in, so the same archive cannot
// pass for another version): the default and the side-by-side copy are the same release in two places.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ensureBuilt, runCli } from '../cli/built-cli.js';
import { goFixture } from '../helpers/go-fixture.js';
import { startFixtureMirror, type Mirror } from '../helpers/mirror.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';

let mirror: Mirror;
let home: TempHome;

before(async () => {
  await ensureBuilt();
  mirror = await startFixtureMirror(await goFixture());
  home = createTempHome({ skel: true });
});

after(async () => {
  await mirror?.close();
  home?.cleanup();
});

// --conflicts keep: this machine's own /etc files are never edited by a test.
const source = () => ['--index-url', mirror.indexUrl, '--mirror', mirror.url, '--go-version', '1.19.8', '--shells', 'bash', '--conflicts', 'keep'];
const cli = (args: string[]) => runCli(args, { env: home.env, timeoutMs: 600_000 });

/** The `go` a fresh bash login shell finds, and its version. */
function freshGo(): string {
  const result = spawnSync('env', ['-i', `HOME=${home.home}`, `XDG_CONFIG_HOME=${home.env.XDG_CONFIG_HOME}`, 'TERM=dumb', 'PATH=/usr/bin:/bin', 'bash', '-lc', 'command -v go'], { encoding: 'utf8' });
  return result.stdout.trim();
}

interface Installed {
  version: string;
  goroot: string;
  default: boolean;
}

describe('side by side: install --alongside, use, versions, detect, rollback (real Go fixture, loopback mirror)', { timeout: 1_200_000 }, () => {
  test('same go1.19.8 archive as default (~/.local/go) and alongside (~/sdk/go1.19.8): the default stays until `use`; rollback restores it', async () => {
    const first = await cli(['install', '--yes', '--scope', 'user', ...source()]);
    assert.equal(first.code, 0, first.stdout + first.stderr);
    const envSh = join(home.env.XDG_CONFIG_HOME!, 'go-setup-wizard/env.sh');
    const envBefore = readFileSync(envSh, 'utf8');
    const localGo = join(home.home, '.local/go/bin/go');
    assert.equal(freshGo(), localGo);

    const side = await cli(['install', '--yes', '--alongside', ...source()]);
    assert.equal(side.code, 0, side.stdout + side.stderr);
    const sdk = join(home.home, 'sdk/go1.19.8');
    const command = join(home.home, 'go/bin/go1.19.8');
    assert.equal(readlinkSync(command), join(sdk, 'bin/go'));
    assert.match(side.stdout, /The default go is unchanged/);
    assert.match(side.stdout, /toolchain go1\.19\.8/);
    assert.match(side.stdout, /GOTOOLCHAIN=auto/);
    const ran = spawnSync(command, ['env', 'GOROOT'], { encoding: 'utf8', env: { ...home.env, GOTOOLCHAIN: 'local' } });
    assert.equal(ran.stdout.trim(), sdk);
    assert.equal(readFileSync(envSh, 'utf8'), envBefore, 'env.sh is unchanged by --alongside');
    assert.equal(freshGo(), localGo);

    const listed = await cli(['versions', '--json', '--index-url', mirror.indexUrl]);
    assert.equal(listed.code, 0, listed.stderr);
    const installed = (JSON.parse(listed.stdout) as { installed: Installed[] }).installed;
    const mine = installed.filter((i) => i.goroot.startsWith(home.home));
    assert.deepEqual(
      mine.map((i) => [i.goroot, i.default]).sort(),
      [
        [join(home.home, '.local/go'), true],
        [sdk, false],
      ].sort(),
    );

    const used = await cli(['use', 'go1.19.8', '--yes', '--shells', 'bash', '--conflicts', 'keep']);
    assert.equal(used.code, 0, used.stdout + used.stderr);
    assert.equal(freshGo(), join(sdk, 'bin/go'));
    const detected = await cli(['detect', '--json']);
    const existing = (JSON.parse(detected.stdout) as { existingGo: { goroot?: string; default?: boolean }[] }).existingGo;
    assert.deepEqual(existing.filter((go) => go.default).map((go) => go.goroot), [sdk]);
    const detectText = await cli(['detect']);
    const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    assert.match(detectText.stdout, new RegExp(`${escaped(sdk)}/bin/go\\s+go1\\.19\\.8\\s+\\(.*default for new shells\\)`), detectText.stdout);
    assert.doesNotMatch(detectText.stdout, new RegExp(`${escaped(join(home.home, '.local/go'))}/bin/go .*default for new shells`));
    const text = await cli(['versions', '--index-url', mirror.indexUrl]);
    assert.match(text.stdout, new RegExp(`go1\\.19\\.8\\s+${sdk.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\s+\\(.*default for new shells\\)`));

    // Undo `use`: the previous default comes back, env.sh byte for byte.
    const undoUse = await cli(['rollback', '--yes']);
    assert.equal(undoUse.code, 0, undoUse.stdout + undoUse.stderr);
    assert.equal(readFileSync(envSh, 'utf8'), envBefore);
    assert.equal(freshGo(), localGo);

    // Undo --alongside: the tree and its command are gone, the default untouched.
    const sideRun = /^Plan (\S+)/m.exec(side.stdout)?.[1];
    assert.ok(sideRun, side.stdout);
    const undoSide = await cli(['rollback', '--yes', '--run', sideRun]);
    assert.equal(undoSide.code, 0, undoSide.stdout + undoSide.stderr);
    assert.ok(!existsSync(sdk) && !existsSync(command), 'the side-by-side tree and its command are removed');
    assert.equal(freshGo(), localGo);
  });

  test('bad combinations and unknown versions: exit 2, one line, nothing changed', async () => {
    const cases: [string[], RegExp][] = [
      [['plan', '--alongside', '--method', 'apt'], /--alongside .* cannot be combined with --method apt/],
      [['plan', '--alongside', '--install-dir', join(home.root, 'elsewhere')], /cannot be combined with --install-dir/],
      [['plan', '--alongside', '--scope', 'system'], /cannot be combined with --scope system/],
      [['plan', '--alongside', '--format', 'sh', ...source()], /there is no --format sh export/],
      [['use', 'go1.99.1', '--yes'], /go1\.99\.1 is not installed here \(installed: .*\); add it with `node \S+go-setup-wizard\.cjs install --alongside --go-version 1\.99\.1`/],
      [['use', 'banana'], /"banana" is not accepted; expected go1\.N\.P, 1\.N\.P or 1\.N/],
      [['bundle', join(home.root, 'b'), '--alongside'], /--alongside/],
    ];
    for (const [args, message] of cases) {
      const result = await cli(args);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stdout}${result.stderr}`);
      assert.match(result.stderr, message, args.join(' '));
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    }
  });
});

