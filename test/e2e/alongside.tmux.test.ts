// The real wizard (the built bundle) in a real terminal (tmux) on a machine that already has a Go: "keep the current
// Go and add this one" installs the release from a loopback mirror into ~/sdk/go1.N.P with a go1.N.P command while
// the default go of new shells stays the one it was; `rollback` then gives HOME back byte for byte.
// A temp HOME only (side by side never leaves it): no system path is involved.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

before(async () => {
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  await ensureBuilt();
  fixture = await goFixture();
  mirror = await startFixtureMirror(fixture);
});

after(async () => {
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
