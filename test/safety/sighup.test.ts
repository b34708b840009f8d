// SIGHUP (the terminal was closed) behaves like SIGTERM: the REAL CLI rolls back and exits 130. Once by closing
// the tmux pane it runs in, mid-download, and once by sending SIGHUP to a run outside any terminal.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { isAlive, lockFile } from '../../src/engine/run-lock.js';
import { appPaths } from '../../src/paths.js';
import { shQuote } from '../../src/shell/quote.js';
import { bundle, ensureBuilt, root } from '../cli/built-cli.js';
import { waitFor } from '../engine/support.js';
import { goFixture, type GoFixture } from '../helpers/go-fixture.js';
import { startFixtureMirror, type Mirror } from '../helpers/mirror.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { assertSameTree, describeTree } from '../helpers/tree-hash.js';

let fixture: GoFixture;
let mirror: Mirror;
const homes: TempHome[] = [];
before(async () => {
  await ensureBuilt();
  fixture = await goFixture();
  // Slow enough that the download is still running when the signal comes.
  mirror = await startFixtureMirror(fixture, { [fixture.filename]: { bytesPerSecond: 4_000_000 } });
});
after(async () => {
  await mirror?.close();
  for (const home of homes) home.cleanup();
});

function newHome(): TempHome {
  const home = createTempHome({ skel: true });
  homes.push(home);
  return home;
}

const installArgs = () => ['install', '--yes', '--scope', 'user', '--shells', 'bash', '--mirror', mirror.url, '--index-url', `${mirror.url}index.json`];
const userTree = (home: TempHome) => describeTree(home.root, { exclude: (p) => p === 'xdg-state' || p === 'xdg-cache' });
const cacheDir = (home: TempHome) => join(home.cacheHome, 'go-setup-wizard');
const downloading = (home: TempHome) => existsSync(cacheDir(home)) && readdirSync(cacheDir(home)).some((n) => n.endsWith('.partial'));

function lastFinal(home: TempHome): { status: string; reason?: string } | undefined {
  const runs = join(home.stateHome, 'go-setup-wizard/runs');
  const [run] = readdirSync(runs);
  const records = readFileSync(join(runs, run!, 'journal.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; status: string; reason?: string });
  return records.filter((r) => r.type === 'final').at(-1);
}

describe('SIGHUP rolls back like SIGTERM', { timeout: 300_000 }, () => {
  test('closing the tmux pane mid-download: the run rolls back, HOME unchanged, lock released', async () => {
    const home = newHome();
    const before = userTree(home);
    const socket = `gsw-hup-${process.pid}-${randomBytes(3).toString('hex')}`;
    const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
    const env = Object.entries(home.env).filter(([, v]) => v !== undefined).map(([k, v]) => shQuote(`${k}=${v}`));
    tmux('new-session', '-d', '-s', 'gsw', '-x', '100', '-y', '30', `cd ${shQuote(root)} && env -i ${env.join(' ')} ${[process.execPath, bundle, ...installArgs()].map(shQuote).join(' ')}`);
    try {
      await waitFor(() => downloading(home), 120_000, 50);
      const holder = JSON.parse(readFileSync(lockFile(appPaths(home.env)), 'utf8')) as { pid: number; start: number };
      tmux('kill-server'); // the pane and its terminal go away: the run gets SIGHUP
      await waitFor(() => !isAlive(holder), 120_000, 50);
      const final = lastFinal(home);
      assert.deepEqual([final?.status, final?.reason], ['rolled-back', 'interrupt'], 'the journal ends rolled back after an interrupt');
      assertSameTree(before, userTree(home), 'HOME after the pane was closed');
      // The cache is not HOME: a partial download may be kept there for the next install to resume (contract).
      assert.ok(!existsSync(cacheDir(home)) || readdirSync(cacheDir(home)).every((n) => n.endsWith('.partial')), 'only a resumable partial download is kept');
      assert.ok(!existsSync(lockFile(appPaths(home.env))), 'the lock is released');
    } finally {
      try {
        tmux('kill-server');
      } catch {
        // already gone
      }
    }
  });

  test('kill -HUP of a run outside a terminal: exit 130, HOME unchanged', async () => {
    const home = newHome();
    const before = userTree(home);
    const child = spawn(process.execPath, [bundle, ...installArgs(), '--json'], { env: home.env, cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await waitFor(() => out.includes('"type":"progress"'), 120_000, 20);
    child.kill('SIGHUP');
    assert.equal(await exited, 130, out.slice(-2000));
    assert.match(out, /"type":"rollback-done"/);
    assertSameTree(before, userTree(home), 'HOME after SIGHUP');
    assert.ok(!existsSync(lockFile(appPaths(home.env))));
  });
});
