// Other Go installs as plan steps (--other-go): apt's golang-go removed by a journaled step and reinstalled at the
// same versions by rollback (real apt and dpkg in an overlay namespace, the package set and apt's auto marks compared
// exactly); an old /usr/local/go moved aside for a user install and moved back by rollback (a real tree on a tmpfs
// in `unshare -m`); the go snap (mock snap: snapd cannot run here); keep (the default) says what will shadow what.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildPlan } from '../../src/plan/build.js';
import type { CommandQuery } from '../../src/host/query.js';
import { bundle, ensureBuilt } from '../cli/built-cli.js';
import { aptOverlayProblem, buildLocalRepo, dpkgSet, inAptOverlay, section, type LocalRepo } from '../helpers/apt-overlay.js';
import { goFixture } from '../helpers/go-fixture.js';
import { startFixtureMirror, type Mirror } from '../helpers/mirror.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { buildInput, fakeDetection } from '../plan/helpers.js';

const overlayProblem = aptOverlayProblem();
const canUnshare = process.getuid?.() === 0 && spawnSync('unshare', ['-m', 'true']).status === 0;

let repo: LocalRepo | undefined;
let mirror: Mirror | undefined;
let home: TempHome;

before(async () => {
  home = createTempHome();
  if (!canUnshare) return;
  await ensureBuilt();
  mirror = await startFixtureMirror(await goFixture());
  if (!overlayProblem) repo = buildLocalRepo([{ name: 'gsw-user-tool', depends: 'golang-go' }], { golang: true });
});

after(async () => {
  await mirror?.close();
  repo?.cleanup();
  home?.cleanup();
});

const cli = () => `${JSON.stringify(process.execPath)} ${JSON.stringify(bundle)}`;
const common = () => `--scope user --shells none --conflicts keep --go-version 1.19.8 --index-url '${mirror!.indexUrl}' --mirror '${mirror!.url}'`;
const install = (extra: string) => `${cli()} install --yes ${common()} ${extra}`;
const plan = (extra: string) => `${cli()} plan ${common()} ${extra}`;
const autoMarks = (label: string) => `apt-mark showauto | sort | sed 's/^/${label}: /'`;

describe('--other-go remove: apt golang-go (real apt in an overlay namespace)', { skip: overlayProblem ?? (canUnshare ? false : 'needs root and unshare'), timeout: 2_400_000 }, () => {
  test('several kinds at once — apt golang-go (with a package that needs it) and an old /usr/local/go: both removed/moved in journaled steps named in the plan; rollback reinstalls exactly those versions with the same auto marks and puts the tree back', async (t) => {
    if (!repo!.hasGolang) return t.skip('the golang debs are not in /var/cache/apt/archives (scripts/build-go-fixture.sh fetches them)');
    const result = await inAptOverlay(
      [
        // This machine's own /usr/local must not take part.
        'mount -t tmpfs tmpfs /usr/local',
        oldGo,
        `${LIST_TREE} > "$HOME/../usr-local-before.txt"`,
        'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gsw-user-tool >/dev/null 2>&1',
        // The cache must not be what brings them back: rollback uses the .debs the step kept.
        'apt-get clean',
        dpkgSet('before'),
        autoMarks('auto-before'),
        `${plan('--other-go remove')} | grep -E "Remove apt's Go|also removes|Move the old Go" | sed 's/^/plan: /'`,
        `${install('--other-go remove --json')} | grep -E '"type":"(step-start|done)"' | sed 's/^/event: /'`,
        dpkgSet('installed'),
        'echo "path: $(command -v go || echo none)"',
        `${cli()} rollback --yes > /dev/null`,
        dpkgSet('after'),
        autoMarks('auto-after'),
        `${LIST_TREE} > "$HOME/../usr-local-after.txt"`,
        'diff "$HOME/../usr-local-before.txt" "$HOME/../usr-local-after.txt" && echo "usr-local identical"',
      ].join('\n'),
      { repo: repo!, env: home.env, timeoutMs: 1_200_000 },
    );
    assert.equal(result.status, 0, result.output);
    assert.match(result.output, /^plan: .*Remove apt's Go \(golang-1\.19-go, golang-go\)/m);
    assert.match(result.output, /^plan: .*also removes gsw-user-tool, which depend/m);
    assert.match(result.output, /^plan: .*Move the old Go in \/usr\/local\/go \(go1\.18\.1\) aside/m);
    assert.match(result.output, /"step":"remove-apt-go"/);
    assert.match(result.output, /"step":"move-aside-usr-local-go"/);
    assert.match(result.output, /^usr-local identical$/m);
    const before = section(result.output, 'before');
    const installed = section(result.output, 'installed');
    const gone = before.filter((line) => !installed.includes(line)).map((line) => line.split(' ')[0]);
    assert.deepEqual(gone.sort(), ['golang-1.19-go', 'golang-go', 'gsw-user-tool']);
    assert.match(result.output, /^path: none$/m);
    assert.deepEqual(section(result.output, 'after'), before);
    assert.deepEqual(section(result.output, 'auto-after'), section(result.output, 'auto-before'));
  });

  test('keep (the default): the packages stay and the plan says what will run /usr/bin/go', async (t) => {
    if (!repo!.hasGolang) return t.skip('the golang debs are not in /var/cache/apt/archives');
    const result = await inAptOverlay(
      [
        'mount -t tmpfs tmpfs /usr/local',
        'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends golang-go >/dev/null 2>&1',
        plan(''),
      ].join('\n'),
      { repo: repo!, env: home.env, timeoutMs: 900_000 },
    );
    assert.equal(result.status, 0, result.output);
    assert.match(result.output, /\/usr\/bin\/go \(go1\.19\.8\).* stays \(--other-go keep\).*sudo, cron, systemd services and scripts with the system PATH run \/usr\/bin\/go \(go1\.19\.8\)/s);
    assert.doesNotMatch(result.output, /remove-apt-go|Remove apt's Go/);
  });
});

/** Runs `script` with bash in a private mount namespace with a tmpfs on /usr/local. */
function withTmpfsUsrLocal(script: string): Promise<{ status: number | null; output: string }> {
  const file = join(home.root, 'usr-local.sh');
  writeFileSync(file, `set -euo pipefail\nmount -t tmpfs tmpfs /usr/local\n${script}`);
  return new Promise((resolve, reject) => {
    const child = spawn('unshare', ['-m', '--propagation', 'private', 'bash', file], { env: home.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output }));
  });
}

const LIST_TREE = `{ find /usr/local -printf '%p %y %m %s %l\\n' | sort; find /usr/local -type f -exec sha256sum {} + | sort; }`;
const oldGo = [
  'mkdir -p /usr/local/go/bin /usr/local/go/src/fmt',
  "printf 'go1.18.1\\ntime 2022-04-12\\n' > /usr/local/go/VERSION",
  "printf '#!/bin/sh\\necho go version go1.18.1 linux/amd64\\n' > /usr/local/go/bin/go",
  "printf 'package fmt\\n' > /usr/local/go/src/fmt/print.go",
  'chmod 755 /usr/local/go/bin/go',
].join('\n');

describe('--other-go: an old /usr/local/go with a user install (unshare -m, tmpfs /usr/local)', { skip: canUnshare ? false : 'needs root and unshare', timeout: 300_000 }, () => {
  test('remove: moved aside (kept, never deleted) while the user install runs; rollback puts the tree back exactly', async () => {
    const result = await withTmpfsUsrLocal(
      [
        oldGo,
        `${LIST_TREE} > "$HOME/../before.txt"`,
        `${install('--other-go remove --json')} | grep -o '"step":"move-aside-usr-local-go"' | head -n 1`,
        'echo "aside: $(ls -d /usr/local/go.gsw-backup-* 2>/dev/null) $(cat /usr/local/go.gsw-backup-*/VERSION | head -n 1)"',
        'echo "old: $(ls /usr/local/go 2>&1 | head -n 1)"',
        `${cli()} rollback --yes > /dev/null`,
        `${LIST_TREE} > "$HOME/../after.txt"`,
        'diff "$HOME/../before.txt" "$HOME/../after.txt" && echo "trees identical"',
      ].join('\n'),
    );
    assert.equal(result.status, 0, result.output);
    assert.match(result.output, /"step":"move-aside-usr-local-go"/);
    assert.match(result.output, /^aside: \/usr\/local\/go\.gsw-backup-\S+ go1\.18\.1$/m);
    assert.match(result.output, /^old: ls: cannot access '\/usr\/local\/go'/m);
    assert.match(result.output, /trees identical/);
  });

  test('keep (the default): the plan leaves /usr/local/go alone and says what it shadows', async () => {
    const result = await withTmpfsUsrLocal(
      [oldGo, `${plan('--format json')} > "$HOME/../plan.json"`, 'cat "$HOME/../plan.json"'].join('\n'),
    );
    assert.equal(result.status, 0, result.output);
    const planned = JSON.parse(result.output.slice(result.output.indexOf('{'))) as { steps: { id: string }[]; warnings: string[] };
    assert.ok(!planned.steps.some((s) => s.id === 'move-aside-usr-local-go'));
    assert.ok(planned.warnings.some((w) => /\/usr\/local\/go \(go1\.18\.1\) stays \(--other-go keep\).*\/usr\/local\/go\/bin/.test(w)), planned.warnings.join('\n'));
  });
});

describe('--other-go remove: the go snap (mock snap: snapd cannot run here)', () => {
  test('mock snap: a step removes it; its undo reinstalls from the channel it tracked; without sudo it stays with a warning', async () => {
    const query: CommandQuery = async (command, args) => {
      if (command === 'snap' && args.join(' ') === 'list go') return { exitCode: 0, stdout: 'Name  Version  Rev    Tracking       Publisher  Notes\ngo    1.22.5   10660  1.22/stable    mwhudson   classic\n' };
      return { exitCode: 1, stdout: '' };
    };
    const detection = { ...fakeDetection(home.home, { isRoot: true }), existingGo: [{ path: '/snap/bin/go', version: 'go1.22.5', source: 'snap' as const, goroot: '/snap/go/current', onPath: true }] };
    const plan = await buildPlan(buildInput(home, { detection, query, options: { otherGo: 'remove', shells: 'none' } }));
    const step = plan.steps.find((s) => s.id === 'remove-snap-go');
    assert.ok(step, plan.steps.map((s) => s.id).join(' '));
    assert.equal(step.run, 'snap remove go');
    assert.match(step.undo, /snap list go >\/dev\/null 2>&1 \|\| snap install go --classic --channel=1\.22\/stable/);
    assert.deepEqual(step.removes, { manager: 'snap', packages: ['go'], channel: '1.22/stable' });

    const noSudo = { ...detection, user: { ...detection.user, isRoot: false, sudo: 'none' as const } };
    const kept = await buildPlan(buildInput(home, { detection: noSudo, query, options: { otherGo: 'remove', shells: 'none' } }));
    assert.ok(!kept.steps.some((s) => s.id === 'remove-snap-go'));
    assert.ok(kept.warnings.some((w) => /^snap go stays: removing it needs root or sudo/.test(w)), kept.warnings.join('\n'));
  });
});
