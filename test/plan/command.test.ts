// `go-setup-wizard plan` through the real bundle against a loopback index: it prints the plan in every format and
// changes NOTHING (tree of the temp HOME, config, cache and state dirs identical before and after); credentials
// show as **** in text and json, while the sh export (a file to run) carries them and says so; bad --archive input
// is one line and exit 2.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, openSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { bundle, ensureBuilt, runCli } from '../cli/built-cli.js';
import { shQuote } from '../../src/shell/quote.js';
import { buildIndex, describeContent, startMirror, type Mirror } from '../helpers/mirror.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { assertSameTree, describeTree } from '../helpers/tree-hash.js';
import { shellcheck } from './helpers.js';

const FILE = 'go1.19.8.linux-amd64.tar.gz';
const content = describeContent('not really a tarball: plan never downloads');
let mirror: Mirror;
let home: TempHome;

before(async () => {
  await ensureBuilt();
  mirror = await startMirror({
    files: { [FILE]: { body: 'not really a tarball: plan never downloads' } },
    index: buildIndex([{ version: 'go1.19.8', files: [{ filename: FILE, ...content }] }]),
  });
  home = createTempHome({ skel: true });
});

after(async () => {
  await mirror?.close();
  home?.cleanup();
});

const planArgs = (version = '1.19') => ['plan', '--index-url', mirror.indexUrl, '--mirror', mirror.url, '--scope', 'user', '--go-version', version];

describe('plan command', { timeout: 120_000 }, () => {
  test('prints text, json, sh and ansible and changes nothing in HOME, config, cache or state; only the sh export carries the real proxy, saying so', async () => {
    const beforeRun = describeTree(home.root);
    const proxy = "http://gsw-user:pa$s'w%20rd@127.0.0.1:3128";
    for (const format of ['text', 'json', 'sh', 'ansible']) {
      const result = await runCli([...planArgs(), '--https-proxy', proxy, '--persist-proxy', '--format', format], { env: home.env });
      assert.equal(result.code, 0, `${format}: ${result.stderr}`);
      assert.ok(!result.stderr.includes('pa$s'), `${format} leaks the password`);
      if (format === 'sh') {
        // A file to run: the proxy as typed (masking is for display only), and a first comment saying it is a secret.
        assert.ok(result.stdout.includes(`export https_proxy=${shQuote(`${proxy}/`)}`), 'the sh export carries the real proxy');
        assert.match(result.stdout.split('\n')[1]!, /^# SECRET: this file holds a proxy password/);
      } else if (format === 'ansible') {
        assert.match(result.stdout.split('\n')[0]!, /^# SECRET: this file holds a proxy password/);
      } else {
        assert.ok(!result.stdout.includes('pa$s'), `${format} leaks the password`);
      }
      if (format === 'text') {
        assert.match(result.stdout, /go1\.19\.8/);
        assert.match(result.stdout, /http:\/\/\*\*\*\*@127\.0\.0\.1:3128/);
        assert.match(result.stdout, new RegExp(`sha256 +${content.sha256} \\(from ${mirror.indexUrl.replace(/[?.]/g, '\\$&')}\\)`));
      }
      if (format === 'json') assert.equal((JSON.parse(result.stdout) as { release: { url: string } }).release.url, `${mirror.url}${FILE}`);
      if (format === 'sh') assert.equal(shellcheck(result.stdout), '');
    }
    assertSameTree(beforeRun, describeTree(home.root), 'temp HOME and XDG dirs after plan');

    // Redirected into a file, an export holding a password makes that file private.
    const saved = join(home.root, 'install-go.sh');
    const fd = openSync(saved, 'w', 0o644);
    // Asynchronously: the loopback index in this process must be able to answer.
    const child = spawn(process.execPath, [bundle, ...planArgs(), '--https-proxy', proxy, '--format', 'sh'], { env: home.env, stdio: ['ignore', fd, 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk));
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    closeSync(fd);
    assert.equal(status, 0, stderr);
    assert.equal(statSync(saved).mode & 0o777, 0o600);
    rmSync(saved);
  });

  test('--archive with --sha256 plans verify-archive; an archive the index does not know, without --sha256, is one line and exit 2', async () => {
    const archive = join(home.root, 'go1.19.9.linux-amd64.tar.gz');
    writeFileSync(archive, 'local archive');
    const withDigest = await runCli([...planArgs('latest'), '--archive', archive, '--sha256', 'b'.repeat(64), '--format', 'json'], { env: home.env });
    assert.equal(withDigest.code, 0, withDigest.stderr);
    const plan = JSON.parse(withDigest.stdout) as { steps: { id: string }[]; release: { sha256Source: string } };
    assert.ok(plan.steps.some((s) => s.id === 'verify-archive'));
    assert.ok(!plan.steps.some((s) => s.id === 'download'));
    assert.equal(plan.release.sha256Source, '--sha256');

    const unknown = await runCli([...planArgs('latest'), '--archive', archive], { env: home.env });
    assert.equal(unknown.code, 2);
    assert.equal(unknown.stderr.trim().split('\n').length, 1, unknown.stderr);
    assert.match(unknown.stderr, /--sha256/);
  });
});
