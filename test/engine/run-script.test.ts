import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { STEP_BASH_ARGS, runScript } from '../../src/engine/run-script.js';

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

  test('runs under set -euo pipefail with /dev/null as its commands\' stdin, errors naming the script\'s own line', async () => {
    const home = mkdtempSync(join(tmpdir(), 'gsw-run-script-'));
    writeFileSync(join(home, '.bashrc'), 'echo from-bashrc\n');
    const lines: string[] = [];
    const result = await runScript({
      script: 'echo "stdin: $(cat | wc -c) bytes"\necho second\nnot_a_command_here\necho never',
      // A HOME whose .bashrc prints: a step never reads it.
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home },
      sudo: false,
      onLine: (stream, line) => lines.push(`${stream}: ${line}`),
    });
    assert.equal(result.exitCode, 127);
    assert.deepEqual(lines.slice(0, 2), ['stdout: stdin: 0 bytes', 'stdout: second']);
    assert.match(lines[2] ?? '', /^stderr: gsw-step: line 3: not_a_command_here: command not found$/);
    assert.equal(lines.length, 3);
    rmSync(home, { recursive: true, force: true });
  });

  test('a script cut short on its way in (no closing NUL) runs not even its first line', () => {
    const temp = mkdtempSync(join(tmpdir(), 'gsw-run-script-'));
    try {
      const marker = join(temp, 'ran');
      const cut = spawnSync('bash', STEP_BASH_ARGS, { input: `touch ${marker}\necho half`, encoding: 'utf8' });
      assert.equal(cut.status, 1);
      assert.match(cut.stderr, /did not arrive whole/);
      assert.equal(existsSync(marker), false);
      const whole = spawnSync('bash', STEP_BASH_ARGS, { input: `touch ${marker}\n\0`, encoding: 'utf8' });
      assert.equal(whole.status, 0);
      assert.equal(existsSync(marker), true);
    } finally {
      rmSync(temp, { recursive: true, force: true });
    }
  });
});
