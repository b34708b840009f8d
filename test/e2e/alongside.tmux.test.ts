// The real wizard (the built bundle) in a real terminal (tmux) on a machine that already has a Go: "keep the current
// Go and add this one" installs the release from a loopback mirror into ~/sdk/go1.N.P with a go1.N.P command while
// the default go of new shells stays the one it was; `rollback` then gives HOME back byte for byte.
// A temp HOME only (side by side never leaves it): no system path is involved.
// Then the question about other Go installs: an old /usr/local/go (a tmpfs in a private mount namespace, `unshare -m`)
// while installing for the user — "remove them or move them aside" moves it in a journaled step the preview lists,
// and rollback puts it back exactly.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import { runCli, ensureBuilt } from '../cli/built-cli.js';
import { startFixtureMirror, type Mirror } from '../helpers/mirror.js';
import { goFixture, type GoFixture } from '../helpers/go-fixture.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { assertSameTree, describeTree } from '../helpers/tree-hash.js';
import { startCli, type TmuxSession } from './tmux.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let fixture: GoFixture;
let mirror: Mirror;
let home: TempHome | undefined;
let cli: TmuxSession | undefined;
const cleanups: (() => void)[] = [];

before(async () => {
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  await ensureBuilt();
  fixture = await goFixture();
  mirror = await startFixtureMirror(fixture);
});

after(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  cli?.kill();
  home?.cleanup();
  await mirror?.close();
});

/** The `go` a fresh bash login shell runs, and what it says. */
function freshGo(h: TempHome): { path: string; version: string } {
  const env = ['-i', ...Object.entries(h.env).map(([k, v]) => `${k}=${v}`)];
  const path = spawnSync('env', [...env, 'bash', '-lc', 'command -v go'], { encoding: 'utf8' }).stdout.trim();
  const version = spawnSync('env', [...env, 'GOTOOLCHAIN=local', 'bash', '-lc', 'go version'], { encoding: 'utf8' }).stdout.trim();
  return { path, version };
}

test('wizard: "keep the current Go and add this one" → ~/sdk/go1.N.P and its command, the default go unchanged; rollback restores HOME byte for byte', { timeout: 600_000 }, async () => {
  home = createTempHome({ skel: true, env: { TERM: 'xterm-256color' } });
  const source = ['--index-url', mirror.indexUrl, '--mirror', mirror.dlUrl];
  // The current Go: a user install made the usual way (--conflicts keep: this machine's /etc is never edited by a test).
  const first = await runCli(['install', '--yes', '--scope', 'user', '--shells', 'bash', '--conflicts', 'keep', ...source], { env: home.env, timeoutMs: 300_000 });
  assert.equal(first.code, 0, first.stdout + first.stderr);
  const defaultGo = join(home.home, '.local/go/bin/go');
  const envSh = join(home.configHome, 'go-setup-wizard/env.sh');
  const envBefore = readFileSync(envSh, 'utf8');
  assert.equal(freshGo(home).path, defaultGo);
  const before = describeTree(home.home);

  // --scope user: we are root here, and the system location must never be touched by a test.
  cli = startCli(['--scope', 'user', ...source], home.env);
  const express = await cli.waitFor(/The wizard recommends[\s\S]*Shells/, 30_000);
  assert.match(express, new RegExp(`${fixture.version} .*${home.home}/\\.local/go`), 'the Go found is listed');
  cli.send('c');
  await cli.waitFor('Processor');
  cli.send('Enter');
  await cli.waitFor(/How to install[\s\S]*gives Go|How to install[\s\S]*could not say/);
  cli.send('Enter');
  await cli.waitFor('Which Go version');
  cli.send('Enter');
  const location = await cli.waitFor(`Keep the current Go and add this one: ${home.home}/sdk/${fixture.version}`);
  const flat = location.replace(/\s+/g, ' ');
  assert.match(flat, new RegExp(`keeps the default go as it is \\(${fixture.version.replace(/\./g, '\\.')} in ${home.home}/\\.local/go\\)`));
  assert.match(flat, new RegExp(`A \`toolchain ${fixture.version.replace(/\./g, '\\.')}\` line in its go\\.mod .*GOTOOLCHAIN=auto`));
  // From the selected "Just for me" (--scope user) down to side by side.
  assert.match(location, /❯ Just for me/);
  cli.send('Down');
  await cli.waitFor(/❯ Keep the current Go and add this one/);
  cli.send('Enter');
  await cli.waitFor('❯ Another mirror URL');
  assert.match(cli.screen(), /Step 5 of 7/, 'side by side asks no shells question');
  cli.send('Enter');
  await cli.waitFor(`Mirror base URL: ${mirror.dlUrl}`);
  cli.send('Enter');
  await cli.waitFor('Go module proxy');
  cli.send('Enter');
  await cli.waitFor('Company modules');
  cli.send('Enter');
  await cli.waitFor('HTTP(S) proxy for the download');
  cli.send('Enter');
  const preview = await cli.waitFor(/Install script[\s\S]*lines 1–/, 60_000);
  assert.match(preview, /Step 7 of 7/);
  assert.equal(readFileSync(envSh, 'utf8'), envBefore, 'nothing changes before Enter on the preview');

  cli.send('Enter');
  const done = (await cli.waitFor('Go is installed', 300_000)).replace(/\s+/g, ' ');
  assert.match(done, new RegExp(`Run this version as ${fixture.version.replace(/\./g, '\\.')} \\(${home.home}/go/bin/${fixture.version.replace(/\./g, '\\.')}\\); the default go is unchanged`));
  cli.send('Enter');
  assert.equal(await cli.exitCode(), 0);

  const sdk = join(home.home, 'sdk', fixture.version);
  const command = join(home.home, 'go/bin', fixture.version);
  assert.equal(readlinkSync(command), join(sdk, 'bin/go'));
  const ran = spawnSync(command, ['env', 'GOROOT'], { encoding: 'utf8', env: { ...home.env, GOTOOLCHAIN: 'local' } });
  assert.equal(ran.stdout.trim(), sdk);
  assert.match(spawnSync(command, ['version'], { encoding: 'utf8', env: { ...home.env, GOTOOLCHAIN: 'local' } }).stdout, new RegExp(`go version ${fixture.version} `));
  assert.equal(readFileSync(envSh, 'utf8'), envBefore, 'env.sh is unchanged');
  const fresh = freshGo(home);
  assert.equal(fresh.path, defaultGo, 'new shells still run the default go');
  assert.match(fresh.version, new RegExp(`go version ${fixture.version} `));

  const undo = await runCli(['rollback', '--yes'], { env: home.env, timeoutMs: 120_000 });
  assert.equal(undo.code, 0, undo.stdout + undo.stderr);
  assertSameTree(before, describeTree(home.home), 'HOME after rollback');
  assert.equal(freshGo(home).path, defaultGo);
});

const canUnshare = process.getuid?.() === 0 && spawnSync('unshare', ['-m', 'true']).status === 0;

test('wizard: an old /usr/local/go with a user install — asked about, moved aside in a journaled step, back exactly after rollback (unshare -m, tmpfs /usr/local)', { timeout: 600_000, skip: canUnshare ? false : 'needs root and unshare' }, async () => {
  const h = createTempHome({ skel: true, env: { TERM: 'xterm-256color' } });
  cleanups.push(() => h.cleanup());
  const out = join(h.root, 'out');
  const tree = `{ find /usr/local -printf '%p %y %m %s %l\\n' | sort; find /usr/local -type f -exec sha256sum {} + | sort; }`;
  // The pane runs this script in a private mount namespace: an old Go on a tmpfs /usr/local, the wizard ("$@"), then
  // what is there after it, the CLI's rollback, and the tree again — all inside the namespace, written to files.
  const script = join(h.root, 'usr-local.sh');
  writeFileSync(
    script,
    [
      'set -u',
      'mount -t tmpfs tmpfs /usr/local',
      'mkdir -p /usr/local/go/bin /usr/local/go/src/fmt',
      "printf 'go1.18.1\\ntime 2022-04-12\\n' > /usr/local/go/VERSION",
      "printf '#!/bin/sh\\necho go version go1.18.1 linux/amd64\\n' > /usr/local/go/bin/go",
      "printf 'package fmt\\n' > /usr/local/go/src/fmt/print.go",
      'chmod 755 /usr/local/go/bin/go',
      `mkdir -p ${JSON.stringify(out)}`,
      `${tree} > ${JSON.stringify(join(out, 'before.txt'))}`,
      '"$@"',
      'code=$?',
      `ls -d /usr/local/go /usr/local/go.gsw-backup-* > ${JSON.stringify(join(out, 'installed.txt'))} 2>&1`,
      `"$1" "$2" rollback --yes > ${JSON.stringify(join(out, 'rollback.txt'))} 2>&1; echo "rollback $?" >> ${JSON.stringify(join(out, 'rollback.txt'))}`,
      `${tree} > ${JSON.stringify(join(out, 'after.txt'))}`,
      'exit $code',
    ].join('\n'),
  );
  const homeBefore = describeTree(h.home);
  const session = startCli(['--scope', 'user', '--index-url', mirror.indexUrl, '--mirror', mirror.dlUrl], h.env, undefined, ['unshare', '-m', '--propagation', 'private', 'bash', script]);
  cleanups.push(() => session.kill());
  const express = await session.waitFor(/The wizard recommends[\s\S]*Other Go/, 30_000);
  assert.match(express, /Other Go +kept: an older Go in \/usr\/local\/go \(go1\.18\.1\)/);
  session.send('c');
  await session.waitFor('Processor');
  session.send('Enter');
  await session.waitFor(/How to install[\s\S]*gives Go|How to install[\s\S]*could not say/);
  session.send('Enter');
  await session.waitFor('Which Go version');
  session.send('Enter');
  await session.waitFor('❯ Just for me');
  session.send('Enter');
  const question = await session.waitFor('Other Go on this machine');
  assert.match(question, /Step 5 of 9/);
  assert.match(question, /! an older Go in \/usr\/local\/go \(go1\.18\.1\)/);
  assert.match(question, /❯ Keep them/);
  session.send('Up');
  await session.waitFor('❯ Remove them or move them aside');
  session.send('Enter');
  await session.waitFor('❯ Another mirror URL');
  session.send('Enter');
  await session.waitFor(`Mirror base URL: ${mirror.dlUrl}`);
  session.send('Enter');
  for (const next of ['Go module proxy', 'Company modules', 'HTTP(S) proxy for the download', 'Shells to set up', 'Also set up']) {
    await session.waitFor(next);
    session.send('Enter');
  }
  const preview = await session.waitFor(/Install script[\s\S]*lines 1–/, 60_000);
  assert.match(preview, /Step 9 of 9/);
  // The summary lists the step (paged down to it, a bounded number of pages); the script tab shows this machine's
  // own steps (a plan that removes another Go has no portable script).
  assert.doesNotMatch(preview, /Move the old Go/);
  let found = false;
  for (let page = 0; page < 40 && !found; page++) {
    session.send('PageDown');
    await delay(250);
    found = /Move the old Go in \/usr\/local\/go \(go1\.18\.1\) aside/.test(session.screen());
  }
  assert.ok(found, `the summary lists the move-aside step:\n${session.screen()}`);
  session.send('Right');
  // Long lines wrap with a ↪ mark.
  const scriptTab = (await session.waitFor(/changes this machine[\s]+only/)).replace(/\s+(↪\s+)?/g, ' ');
  assert.match(scriptTab, /has no portable script/);
  session.send('Enter');
  await session.waitFor('Go is installed', 300_000);
  session.send('Enter');
  assert.equal(await session.exitCode(60_000), 0);

  const installed = readFileSync(join(out, 'installed.txt'), 'utf8');
  assert.match(installed, /cannot access '\/usr\/local\/go'/, installed);
  assert.match(installed, /^\/usr\/local\/go\.gsw-backup-\S+$/m, installed);
  assert.match(readFileSync(join(out, 'rollback.txt'), 'utf8'), /^rollback 0$/m);
  assert.equal(readFileSync(join(out, 'after.txt'), 'utf8'), readFileSync(join(out, 'before.txt'), 'utf8'), '/usr/local exactly as before');
  assertSameTree(homeBefore, describeTree(h.home), 'HOME after rollback');
});
