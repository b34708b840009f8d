// Every install target the review found dangerous, through the REAL bundled CLI (`install --yes` with a local
// archive, so nothing waits on a network): each is refused with exit 2 and one line on stderr, and every file of
// HOME, the tool's own dirs and the target is the same before and after. System paths are tmpfs mounts inside
// `unshare -m`, so a guard that failed could never touch the real ones.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { shQuote } from '../../src/shell/quote.js';
import { bundle, ensureBuilt, root } from '../cli/built-cli.js';
import { goFixture, type GoFixture } from '../helpers/go-fixture.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { assertSameTree, describeTree, type TreeDescription } from '../helpers/tree-hash.js';

let fixture: GoFixture;
const homes: TempHome[] = [];
before(async () => {
  await ensureBuilt();
  fixture = await goFixture();
});
after(() => {
  for (const home of homes) home.cleanup();
});

function newHome(): TempHome {
  const home = createTempHome({ skel: true });
  homes.push(home);
  mkdirSync(join(home.home, 'projects/app'), { recursive: true });
  writeFileSync(join(home.home, 'projects/app/main.go'), 'package main\n\nfunc main() {}\n');
  writeFileSync(join(home.home, 'notes.txt'), 'my notes\n');
  // The tool's own dirs exist and hold something, as they do after any earlier run.
  for (const dir of [home.stateHome, home.configHome, home.cacheHome]) {
    mkdirSync(join(dir, 'go-setup-wizard'), { recursive: true });
    writeFileSync(join(dir, 'go-setup-wizard/marker'), dir);
  }
  return home;
}

const installArgs = () => ['install', '--yes', '--shells', 'bash', '--archive', fixture.tarball, '--sha256', fixture.sha256, '--go-version', '1.19.8'];

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(home: TempHome, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Result> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bundle, ...args], { env: { ...home.env, ...env }, cwd: root, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

const show = (r: Result) => `exit ${r.code}\n--- stdout\n${r.stdout.slice(-2000)}\n--- stderr\n${r.stderr.slice(-2000)}`;

function assertRefused(result: Result, pattern: RegExp): void {
  assert.equal(result.code, 2, show(result));
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line: ${show(result)}`);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(result.stdout, /step-start|\[1\//, 'no step ran');
}

describe('install targets that are not Go are refused through the real CLI; nothing changes', { timeout: 600_000 }, () => {
  test('~/.local, $HOME/.., ~/projects, a regular file, ~ with HOME ending in a slash, the own state dir', async () => {
    const home = newHome();
    const cases: [string, string[], NodeJS.ProcessEnv, RegExp][] = [
      ['~/.local (holds the journal)', ['--install-dir', join(home.home, '.local')], { XDG_STATE_HOME: undefined }, /\.local.*go-setup-wizard's own files/],
      ['$HOME/..', ['--install-dir', `${home.home}/..`], {}, /home directory/],
      ['~/projects', ['--install-dir', join(home.home, 'projects')], {}, /projects: it already holds something that is not a Go tree/],
      ['a regular file', ['--install-dir', join(home.home, 'notes.txt')], {}, /notes\.txt is a file/],
      ['HOME=…/ and --install-dir ~', ['--install-dir', `${home.home}/`], { HOME: `${home.home}/` }, /home directory/],
      ['~/go holding a GOPATH', ['--install-dir', join(home.home, 'projects/app')], {}, /not a Go tree/],
      ['inside the own cache dir', ['--install-dir', join(home.cacheHome, 'go-setup-wizard/go')], {}, /own files/],
    ];
    for (const [name, extra, env, pattern] of cases) {
      const beforeAll = describeTree(home.root);
      const result = await cli(home, [...installArgs(), ...extra], env);
      assertRefused(result, pattern);
      assertSameTree(beforeAll, describeTree(home.root), `${name}: HOME, state, config and cache after`);
    }
  });

  test('the plan and the answers file meet the same guard', async () => {
    const home = newHome();
    const beforeAll = describeTree(home.root);
    assertRefused(await cli(home, ['plan', '--archive', fixture.tarball, '--sha256', fixture.sha256, '--go-version', '1.19.8', '--install-dir', '~/projects']), /not a Go tree/);
    const answers = join(home.root, 'answers.json');
    writeFileSync(answers, JSON.stringify({ installDir: '~/projects' }));
    const viaFile = await cli(home, [...installArgs(), '--config', answers]);
    assertRefused(viaFile, /not a Go tree/);
    const afterAll = describeTree(home.root).filter((e) => e.path !== 'answers.json');
    assertSameTree(beforeAll, afterAll, 'everything after plan and --config');
  });

  test('/etc/ssh, /srv, /usr/local through a symlink, /usr/local/bin (tmpfs mounts in unshare -m)', async () => {
    const home = newHome();
    const work = join(home.root, 'ns');
    mkdirSync(work);
    mkdirSync(join(home.root, 'x'));
    symlinkSync('/usr', join(home.root, 'x/lnk'));
    const describeScript = join(root, 'test/engine/fixtures/describe.ts');
    const describe = (out: string) =>
      `${shQuote(process.execPath)} --import tsx ${shQuote(describeScript)} ${shQuote(join(work, out))} /etc/ssh /srv /usr/local ${shQuote(home.root)}`;
    const cmd = (name: string, dir: string) =>
      `${[process.execPath, bundle, ...installArgs(), '--install-dir', dir].map(shQuote).join(' ')} > ${shQuote(join(work, `${name}.out`))} 2> ${shQuote(join(work, `${name}.err`))} && echo "${name}=0" || echo "${name}=$?"`;
    const targets: [string, string, RegExp][] = [
      ['ssh', '/etc/ssh', /\/etc\/ssh: it already holds something that is not a Go tree/],
      ['srv', '/srv', /\/srv: it is or holds the system directory \/srv/],
      ['link', join(home.root, 'x/lnk/local'), /resolves to \/usr\/local/],
      ['bin', '/usr/local/bin', /system directory \/usr\/local\/bin/],
    ];
    const script = [
      'set -euo pipefail',
      'mount -t tmpfs tmpfs /etc/ssh && printf "Port 22\\n" > /etc/ssh/sshd_config && mkdir /etc/ssh/sshd_config.d',
      'mount -t tmpfs tmpfs /srv',
      'mount -t tmpfs tmpfs /usr/local && mkdir -p /usr/local/bin /usr/local/lib && printf "x" > /usr/local/lib/keep',
      `cd ${shQuote(root)}`,
      describe('before.json'),
      ...targets.map(([name, dir]) => cmd(name, dir)),
      describe('after.json'),
    ].join('\n');
    const result = await new Promise<Result>((resolve) =>
      execFile('unshare', ['-m', '--propagation', 'private', 'bash', '-c', script], { env: home.env, timeout: 300_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
      ),
    );
    assert.equal(result.code, 0, show(result));
    for (const [name, , pattern] of targets) {
      const out = { code: Number(new RegExp(`^${name}=(\\d+)$`, 'm').exec(result.stdout)?.[1]), stdout: readFileSync(join(work, `${name}.out`), 'utf8'), stderr: readFileSync(join(work, `${name}.err`), 'utf8') };
      assertRefused(out, pattern);
    }
    const beforeTrees = JSON.parse(readFileSync(join(work, 'before.json'), 'utf8')) as Record<string, TreeDescription>;
    const afterTrees = JSON.parse(readFileSync(join(work, 'after.json'), 'utf8')) as Record<string, TreeDescription>;
    for (const dir of Object.keys(beforeTrees)) {
      const skipWork = (tree: TreeDescription) => tree.filter((e) => !e.path.startsWith('ns'));
      assertSameTree(skipWork(beforeTrees[dir]!), skipWork(afterTrees[dir]!), `${dir} after the refusals`);
    }
  });
});
