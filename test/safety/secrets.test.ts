// Secrets stay out of other users' reach: during a REAL install through an authenticating proxy with
// --persist-proxy, no child's argv (/proc/<pid>/cmdline, world-readable) ever holds the proxy password — read both
// by polling /proc while the run is in flight and by a `bash` on PATH that records every argv it gets; the files
// that hold credentials are 0600: env.sh, env.fish, and Go's env file when GOPROXY holds a token.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { bundle, ensureBuilt, root } from '../cli/built-cli.js';
import { goFixture, type GoFixture } from '../helpers/go-fixture.js';
import { startFixtureMirror, startProxy, type Mirror, type Proxy } from '../helpers/mirror.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';

let fixture: GoFixture;
let mirror: Mirror;
let proxy: Proxy;
const password = `s3cr3t pa$s'w"rd`;
const homes: TempHome[] = [];
before(async () => {
  await ensureBuilt();
  fixture = await goFixture();
  mirror = await startFixtureMirror(fixture);
  proxy = await startProxy({ auth: { username: 'bob', password } });
});
after(async () => {
  await mirror?.close();
  await proxy?.close();
  for (const home of homes) home.cleanup();
});

/** Every process's argv, as other users can read it. */
function allCmdlines(): string[] {
  const out: string[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      out.push(readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' '));
    } catch {
      // ended meanwhile
    }
  }
  return out;
}

describe('secrets never reach argv; files holding them are 0600', { timeout: 600_000 }, () => {
  test('install with a proxy password, --persist-proxy and a GOPROXY token', async () => {
    const home = createTempHome({ skel: true });
    homes.push(home);
    const shim = join(home.root, 'shim');
    const argvLog = join(home.root, 'bash-argv.log');
    mkdirSync(shim);
    writeFileSync(join(shim, 'bash'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${argvLog}'\nexec /bin/bash "$@"\n`);
    chmodSync(join(shim, 'bash'), 0o755);
    const env = { ...home.env, PATH: `${shim}:${home.env.PATH}` };
    mkdirSync(join(home.configHome, 'go'), { recursive: true });
    writeFileSync(join(home.configHome, 'go/env'), 'GOPRIVATE=example.com\nGOPROXY=https://proxy.golang.org,direct\n', { mode: 0o644 });
    const args = [
      'install', '--yes', '--scope', 'user', '--shells', 'bash,zsh,fish', '--mirror', mirror.url, '--index-url', `${mirror.url}index.json`,
      '--http-proxy', proxy.urlWithCredentials, '--https-proxy', proxy.urlWithCredentials, '--persist-proxy',
      '--goproxy', 'https://t0kenvalue@goproxy.example/go,direct',
    ];
    let running = true;
    const seen = new Set<string>();
    const polling = (async () => {
      while (running) {
        // The CLI's own command line is what the user typed; every process it starts is checked.
        for (const line of allCmdlines()) if (!line.includes(bundle) && (line.includes('go-setup-wizard') || line.includes('bash') || line.includes('/go'))) seen.add(line);
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    const result = await new Promise<{ code: number | null; out: string }>((resolve) =>
      execFile(process.execPath, [bundle, ...args], { env, cwd: root, timeout: 300_000, maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, out: stdout + stderr }),
      ),
    );
    running = false;
    await polling;
    assert.equal(result.code, 0, result.out.slice(-3000));
    assert.ok(proxy.seen.some((s) => s.credentials === `bob:${password}` && s.allowed), 'the download went through the proxy');

    const recorded = readFileSync(argvLog, 'utf8');
    // The file changes are made by the wizard itself; the steps left to bash (go env -w with the token) get their
    // script on stdin, which the shim sees as `-c … read … gsw_step_script`.
    assert.match(recorded, /gsw_step_script/, 'the shim saw a step run by bash');
    const everyArgv = [...seen, recorded].join('\n');
    assert.ok(seen.size > 0, 'processes were seen in flight');
    for (const secret of [password, encodeURIComponent(password), 's3cr3t', 't0kenvalue']) {
      assert.ok(!everyArgv.includes(secret), `${JSON.stringify(secret)} reached a child's argv`);
    }

    const envSh = join(home.configHome, 'go-setup-wizard/env.sh');
    assert.ok(readFileSync(envSh, 'utf8').includes('bob:'), 'the proxy was persisted');
    for (const file of [envSh, join(home.configHome, 'go-setup-wizard/env.fish'), join(home.configHome, 'go/env')]) {
      assert.ok(existsSync(file), file);
      assert.equal(statSync(file).mode & 0o777, 0o600, `${file} is private`);
    }
    // Go's env file as `go env -w` would leave it: the key's line replaced in place, the others kept.
    assert.equal(readFileSync(join(home.configHome, 'go/env'), 'utf8'), 'GOPRIVATE=example.com\nGOPROXY=https://t0kenvalue@goproxy.example/go,direct\n');
  });
});
