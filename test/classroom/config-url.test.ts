// --config <http(s) URL>: the answers file is fetched over real HTTP on 127.0.0.1 (byte-capped, time-bounded),
// then checked like a local file; it is data only (a relative local path in it is refused). Also through the CLI.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { resolveCommandLine, parseCommandLine } from '../../src/cli/args.js';
import { MAX_ANSWERS_BYTES, fetchAnswersText } from '../../src/cli/remote-answers.js';
import { UsageProblem } from '../../src/cli/flags.js';
import { UserError } from '../../src/errors.js';
import type { Output } from '../../src/types.js';
import { ensureBuilt, runCli } from '../cli/built-cli.js';

let server: Server;
let base: string;
let dir: string;
const routes = new Map<string, (res: import('node:http').ServerResponse) => void>();
const json = (value: unknown) => (res: import('node:http').ServerResponse) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value));

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gsw-config-url-'));
  server = createServer((req, res) => {
    const route = routes.get(req.url ?? '');
    if (route) route(res);
    else res.writeHead(404).end('no\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  routes.set('/answers.json', json({ goVersion: '1.27.1', scope: 'user', mirror: 'http://10.0.0.5:8080/', sha256: 'a'.repeat(64), goproxy: 'http://10.0.0.5:8080/mod,https://goproxy.cn,direct' }));
  routes.set('/relative.json', json({ archive: 'go1.27.1.linux-amd64.tar.gz' }));
  routes.set('/home-relative.json', json({ archive: '~/go1.27.1.linux-amd64.tar.gz' }));
  routes.set('/bad-value.json', json({ mirror: 'ftp://x/' }));
  routes.set('/not-json', (res) => res.end('<html>captive portal</html>'));
  routes.set('/huge', (res) => res.end(Buffer.alloc(MAX_ANSWERS_BYTES + 1, 0x20)));
  routes.set('/huge-chunked', (res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const piece = Buffer.alloc(16 * 1024, 0x20);
    let sent = 0;
    const more = () => {
      while (sent < MAX_ANSWERS_BYTES * 4) {
        sent += piece.length;
        if (!res.write(piece)) return res.once('drain', more);
      }
      res.end();
    };
    more();
  });
  routes.set('/silent', () => undefined);
});
after(() => {
  server.closeAllConnections();
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

const quiet: Output = { write: () => undefined, isTTY: false };
const env = () => ({ HOME: join(dir, 'home'), LANG: 'C.UTF-8' });
const io = () => ({ stdout: quiet, stderr: quiet, stdinIsTTY: false, cwd: dir });

async function refused(url: string, ...needles: string[]): Promise<string> {
  const result = await resolveCommandLine(['install', '--config', url], env(), io());
  assert.ok(result instanceof UserError, `expected ${url} to be refused`);
  assert.equal(result.exitCode, 2);
  assert.doesNotMatch(result.message, /\n/);
  for (const needle of needles) assert.ok(result.message.includes(needle), `${JSON.stringify(result.message)} should mention ${needle}`);
  return result.message;
}

describe('--config URL', () => {
  it('fills in the options from the served answers; the command line still wins', async () => {
    const ctx = await resolveCommandLine(['install', '--config', `${base}/answers.json`, '--scope', 'system'], env(), io());
    assert.ok(!(ctx instanceof UserError), String(ctx));
    assert.equal(ctx.options.goVersion, '1.27.1');
    assert.equal(ctx.options.mirror, 'http://10.0.0.5:8080/');
    assert.equal(ctx.options.sha256, 'a'.repeat(64));
    assert.equal(ctx.options.goproxy, 'http://10.0.0.5:8080/mod,https://goproxy.cn,direct');
    assert.equal(ctx.options.scope, 'system');
    assert.equal(ctx.flags.config, `${base}/answers.json`);
    assert.deepEqual(new Set(ctx.explicit), new Set(['goVersion', 'scope', 'mirror', 'sha256', 'goproxy']));
  });

  it('is only parsed, never fetched, by the synchronous parser (which says a fetch is pending)', () => {
    const ctx = parseCommandLine(['install', '--config', `${base}/answers.json`], env(), io());
    assert.ok(!(ctx instanceof UserError));
    assert.equal(ctx.pendingConfigUrl, `${base}/answers.json`);
    assert.equal(ctx.options.goVersion, 'latest');
  });

  it('refuses a relative local path in a served answers file (it is data about the student machine, not the server)', async () => {
    await refused(`${base}/relative.json`, 'archive', 'absolute');
    await refused(`${base}/home-relative.json`, 'archive', 'absolute');
    await refused(`${base}/bad-value.json`, 'mirror', 'ftp://x/');
  });

  it('refuses, with one line naming the URL, a 404, an answer that is not JSON, an unreachable host and an oversized body', async () => {
    await refused(`${base}/missing.json`, `${base}/missing.json`, '404');
    await refused(`${base}/not-json`, 'not valid JSON');
    await refused(`${base}/huge`, 'more than');
    await refused(`${base}/huge-chunked`, 'more than');
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await refused(`http://127.0.0.1:${port}/answers.json`, 'ECONNREFUSED');
  });

  it('gives up on a server that never answers, within the time limit', async () => {
    const started = performance.now();
    await assert.rejects(fetchAnswersText(`${base}/silent`, {}, 500), (error: unknown) => error instanceof UsageProblem && /timed out/.test(error.vars.reason ?? ''));
    assert.ok(performance.now() - started < 5000);
  });

  it('through the built CLI: a failing URL is exit 2 with one line, in the chosen language', async () => {
    await ensureBuilt();
    const home = join(dir, 'cli-home');
    const cliEnv = { HOME: home, PATH: process.env.PATH, LANG: 'C.UTF-8' };
    const missing = await runCli(['plan', '--config', `${base}/missing.json`], { env: cliEnv });
    assert.equal(missing.code, 2, missing.stderr);
    assert.equal(missing.stderr.trim().split('\n').length, 1);
    assert.match(missing.stderr, /missing\.json.*404/);
    const zh = await runCli(['plan', '--lang', 'zh', '--config', `${base}/missing.json`], { env: cliEnv });
    assert.match(zh.stderr, /无法获取应答文件/);
  });
});
