// System scope through the real CLI and the sh export, inside `unshare -m` with tmpfs over /usr/local and
// /etc/profile.d (the machine's own are never touched): an existing /usr/local/go is moved aside and the new Go
// found by a fresh login shell through /etc/profile.d; a failing last step restores both directories exactly.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { bundle, ensureBuilt } from '../cli/built-cli.js';
import { goFixture } from '../helpers/go-fixture.js';
import { startFixtureMirror, type Mirror } from '../helpers/mirror.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';

const canUnshare = process.getuid?.() === 0 && !spawnSync('unshare', ['-m', 'true']).error && spawnSync('unshare', ['-m', 'true']).status === 0;
let mirror: Mirror;
let home: TempHome;

before(async () => {
  if (!canUnshare) return;
  await ensureBuilt();
  const fixture = await goFixture();
  mirror = await startFixtureMirror(fixture);
  home = createTempHome({ skel: true });
});

after(async () => {
  await mirror?.close();
  home?.cleanup();
});

/** Lists a tree as path, type, mode, size and content digest, one line each (run inside the namespace). */
const LIST_TREE = `find /usr/local /etc/profile.d -printf '%p %y %m %s %l\\n' | sort; find /usr/local /etc/profile.d -type f -exec sha256sum {} + | sort`;

/** Runs `script` with bash in a private mount namespace; async so the loopback mirror in this process can answer. */
function inNamespace(script: string): Promise<{ status: number | null; output: string }> {
  const file = join(home.root, 'namespace.sh');
  writeFileSync(file, `set -euo pipefail\nmount -t tmpfs tmpfs /usr/local\nmount -t tmpfs tmpfs /etc/profile.d\n${script}`);
  return new Promise((resolve, reject) => {
    const child = spawn('unshare', ['-m', '--propagation', 'private', 'bash', file], { env: home.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output }));
  });
}

const oldGo = [
  'mkdir -p /usr/local/go/bin /usr/local/go/src /usr/local/bin',
  "printf 'go1.18.1\\n' > /usr/local/go/VERSION",
  "printf '#!/bin/sh\\necho go version go1.18.1 linux/amd64\\n' > /usr/local/go/bin/go",
  'chmod 755 /usr/local/go/bin/go',
].join('\n');

const makePlan = () =>
  `${JSON.stringify(process.execPath)} ${JSON.stringify(bundle)} plan --scope system --shells bash --index-url '${mirror.indexUrl}' --mirror '${mirror.url}' --go-version 1.19.8 --format sh > "$HOME/../plan.sh"`;

describe('system scope in a private mount namespace (unshare -m, tmpfs /usr/local and /etc/profile.d)', { skip: canUnshare ? false : 'needs root and unshare', timeout: 300_000 }, () => {
  test('replaces an existing /usr/local/go (moved aside, kept) and a fresh bash login shell finds the new Go via /etc/profile.d', async () => {
    const result = await inNamespace(
      [
        oldGo,
        makePlan(),
        'bash "$HOME/../plan.sh"',
        'echo "--- proof"',
        "env -i HOME=/nonexistent TERM=dumb PATH=/usr/bin:/bin bash -lc 'command -v go; go version'",
        'echo "--- kept"',
        'cat /usr/local/go.gsw-backup-*/VERSION',
        'head -n 1 /etc/profile.d/go-setup-wizard.sh',
      ].join('\n'),
    );
    assert.equal(result.status, 0, result.output);
    // HOME=/nonexistent: only /etc/profile.d can have put Go on this PATH.
    assert.match(result.output, /--- proof\n\/usr\/local\/go\/bin\/go\ngo version go1\.19\.8 linux\/amd64\n/);
    assert.match(result.output, /--- kept\ngo1\.18\.1\n# >>> go-setup-wizard >>>\n/);
  });

  test('a failing last step restores /usr/local and /etc/profile.d exactly (old Go back in place)', async () => {
    const result = await inNamespace(
      [
        oldGo,
        `${LIST_TREE} > "$HOME/../before.txt"`,
        makePlan(),
        // Force the proof to fail after every change was made.
        `sed -i "s/gsw_want='go version go1.19.8 '/gsw_want='go version go1.99.0 '/" "$HOME/../plan.sh"`,
        'status=0; bash "$HOME/../plan.sh" || status=$?',
        'echo "exit $status"',
        `${LIST_TREE} > "$HOME/../after.txt"`,
        'diff "$HOME/../before.txt" "$HOME/../after.txt" && echo "trees identical"',
      ].join('\n'),
    );
    assert.equal(result.status, 0, result.output);
    assert.match(result.output, /exit 1\n/);
    assert.match(result.output, /trees identical/);
  });
});
