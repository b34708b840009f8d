import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runScript } from '../../src/engine/run-script.js';

describe('a step script', { timeout: 60_000 }, () => {
  test('leaves no copy in the temp dir while it runs, so a kill -9 of the run leaves none behind', async () => {
    const previous = process.env.TMPDIR;
    const temp = mkdtempSync(join(tmpdir(), 'gsw-run-script-'));
    process.env.TMPDIR = temp;
    try {
      const controller = new AbortController();
      let seenWhileRunning: string[] | null = null;
      const result = await runScript({
        script: 'echo "proxy password s3cret"; echo started; sleep 30',
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
        sudo: false,
        signal: controller.signal,
        onLine: (_stream, line) => {
          if (line !== 'started') return;
          seenWhileRunning = readdirSync(temp);
          controller.abort();
        },
      });
      assert.deepEqual(seenWhileRunning, []);
      assert.equal(result.signal, 'SIGTERM');
      assert.deepEqual(readdirSync(temp), []);
    } finally {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
      rmSync(temp, { recursive: true, force: true });
    }
  });
});
