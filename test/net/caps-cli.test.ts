// What the CLI reads from the network is capped whatever the framing, and the message names the cap as a size a
// person can read: an endless chunked answer (serve.py's /endless) as --config (64 KiB) or --index-url (8 MiB).
// Before, the answers file's cap read "sent more than 0 MiB".
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ensureBuilt, runCli } from '../cli/built-cli.js';
import { startPythonServer } from '../helpers/servers.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';

describe('an endless answer from a server the project did not write', { timeout: 120_000 }, () => {
  let home: TempHome;
  let served: string;
  let server: Awaited<ReturnType<typeof startPythonServer>>;

  before(async () => {
    await ensureBuilt();
    home = createTempHome();
    served = mkdtempSync(join(tmpdir(), 'gsw-caps-'));
    server = await startPythonServer(served, { keepAlive: true });
  });
  after(async () => {
    await server?.close();
    home?.cleanup();
    rmSync(served, { recursive: true, force: true });
  });

  test('as --config: exit 2, the 64 KiB cap named', async () => {
    const result = await runCli(['plan', '--scope', 'user', '--config', `${server.url}endless`], { env: home.env });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /endless sent more than 64\.0 KiB/);
  });

  test('as --index-url: exit 2, the 8 MiB cap named', async () => {
    const result = await runCli(['versions', '--index-url', `${server.url}endless`], { env: home.env });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /endless sent more than 8\.0 MiB/);
  });
});
