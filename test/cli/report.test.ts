// How engine events reach the user: NDJSON with --json, an updating line per step on a terminal, plain lines otherwise.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createReporter } from '../../src/commands/terminal/report.js';
import { formatBytes, formatEta } from '../../src/format.js';
import { proxyMask } from '../../src/secrets.js';
import { createTranslator, loadLang } from '../../src/i18n/index.js';
import type { EngineEvent, Output } from '../../src/types.js';

await loadLang('zh');

function capture(isTTY: boolean): Output & { text: () => string } {
  let text = '';
  return { isTTY, columns: 80, write: (chunk) => void (text += chunk), text: () => text };
}

const t = createTranslator('en');
const secret = `pa$ 'ss`;
const events: EngineEvent[] = [
  { type: 'step-start', step: 'download', title: 'Download go1.19.8', index: 1, count: 3 },
  { type: 'progress', step: 'download', bytes: 50 << 20, total: 100 << 20, bytesPerSecond: 10 << 20, etaSeconds: 5 },
  { type: 'progress', step: 'download', bytes: 100 << 20, total: 100 << 20, bytesPerSecond: 10 << 20, etaSeconds: 0 },
  { type: 'log', step: 'download', stream: 'stderr', line: `via http://bob:${secret}@proxy:3128 and ${secret}` },
  { type: 'step-done', step: 'download', durationMs: 1234 },
  { type: 'verify', check: 'bash -lc', ok: true, output: '/x/go/bin/go: go version go1.19.8 linux/amd64' },
  { type: 'done', ok: true, exitCode: 0, runId: 'r1', backupBytes: 3 << 20, message: 'Done.' },
];

test('--json: one JSON object per event, credentials masked', () => {
  const out = capture(false);
  const reporter = createReporter(out, t, true, proxyMask({ httpsProxy: `http://bob:${secret}@proxy:3128` }));
  for (const e of events) reporter.onEvent(e);
  const lines = out.text().trim().split('\n');
  assert.equal(lines.length, events.length);
  assert.deepEqual(lines.map((l) => (JSON.parse(l) as EngineEvent).type), events.map((e) => e.type));
  assert.ok(!out.text().includes(secret));
});

test('a terminal gets one rewritten line per step with a progress bar; a pipe gets plain lines', () => {
  const tty = capture(true);
  const ttyReporter = createReporter(tty, t, false, proxyMask({ httpsProxy: `http://bob:${secret}@proxy:3128` }));
  for (const e of events) ttyReporter.onEvent(e);
  assert.match(tty.text(), /\r\x1b\[2K\[2\/3\] Download go1\.19\.8 \[#+-+\] 50\.0 MiB of 100\.0 MiB, 10\.0 MiB\/s, ETA 5s\r/);
  assert.match(tty.text(), /✓ \[2\/3\] Download go1\.19\.8 \(1\.2s\)\n/);
  assert.match(tty.text(), /Backups kept for rollback hold 3\.0 MiB/);
  const statusLines = tty.text().split(/[\r\n]/).filter((part) => part.startsWith('\x1b[2K'));
  assert.ok(statusLines.length >= 3 && statusLines.every((part) => part.length - 4 < 80), 'the updating line never wraps');
  assert.ok(!tty.text().includes(secret));

  const pipe = capture(false);
  const pipeReporter = createReporter(pipe, t, false, proxyMask({ httpsProxy: `http://bob:${secret}@proxy:3128` }));
  for (const e of events) pipeReporter.onEvent(e);
  assert.ok(!pipe.text().includes('\r'), 'no carriage returns in a log file');
  assert.match(pipe.text(), /^\[2\/3\] Download go1\.19\.8\n  50\.0 MiB of 100\.0 MiB, 10\.0 MiB\/s, ETA 5s\n/);
  assert.match(pipe.text(), /  \| via http:\/\/\*\*\*\*@proxy:3128 and \*\*\*\*\n/);
  assert.match(pipe.text(), /  ✓ bash -lc: \/x\/go\/bin\/go: go version go1\.19\.8/);
  assert.ok(!pipe.text().includes(secret));
});

test('a tree being removed in a rollback: a bar and entries removed of the total on a terminal, plain lines (at most every few seconds) in a pipe', () => {
  const removal: EngineEvent[] = [
    { type: 'rollback-start', runId: 'r1', reason: 'requested' },
    { type: 'step-start', step: 'place', title: 'Undo: Put Go in place', index: 0, count: 3 },
    { type: 'removing', step: 'place', path: '/home/u/.local/go', removed: 3000, total: 12000 },
    { type: 'removing', step: 'place', path: '/home/u/.local/go', removed: 6000, total: 12000 },
    { type: 'removing', step: 'place', path: '/home/u/.local/go', removed: 12000, total: 12000 },
  ];
  const tty = { ...capture(true), columns: 120 };
  const ttyReporter = createReporter(tty, t, false);
  for (const e of removal) ttyReporter.onEvent(e);
  assert.match(tty.text(), /\r\x1b\[2K\[1\/3\] Undo: Put Go in place \[#{6}-{18}\] 3,000 of 12,000 entries removed/);
  assert.match(tty.text(), /\[#{24}\] 12,000 of 12,000 entries removed/);
  const narrow = { ...capture(true), columns: 40 };
  const narrowReporter = createReporter(narrow, t, false);
  for (const e of removal) narrowReporter.onEvent(e);
  const statusLines = narrow.text().split(/[\r\n]/).filter((part) => part.startsWith('\x1b[2K'));
  assert.ok(statusLines.every((part) => part.length - 4 < 40), 'the updating line never wraps');
  assert.ok(statusLines.some((part) => part.endsWith('3,000 of 12,000 entries removed')), 'the count stays whole on a narrow line');

  const pipe = capture(false);
  const pipeReporter = createReporter(pipe, t, false);
  for (const e of removal) pipeReporter.onEvent(e);
  assert.ok(!pipe.text().includes('\r'));
  assert.match(pipe.text(), /  removing \/home\/u\/\.local\/go: 3,000 of 12,000 entries\n/);
  assert.ok(!pipe.text().includes('6,000'), 'the next report within a few seconds is left out');
  assert.match(pipe.text(), /  removing \/home\/u\/\.local\/go: 12,000 of 12,000 entries\n/, 'the last one is always said');

  const zh = capture(false);
  createReporter(zh, createTranslator('zh'), false).onEvent(removal[2]!);
  assert.match(zh.text(), /正在删除 \/home\/u\/\.local\/go：已删除 3,000 \/ 12,000 项/);
});

test('formatBytes', () => {
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(1536), '1.5 KiB');
  assert.equal(formatBytes(310_638_000), '296.2 MiB');
  // A rate under 1 KiB/s (a trickling mirror) is whole bytes, not 23.90583129683543 B.
  assert.equal(formatBytes(23.90583129683543), '24 B');
  assert.equal(formatBytes(1023.6), '1.0 KiB');
});

test('formatEta: a trickling mirror\'s estimate reads in hours or days, not 71282 minutes', () => {
  assert.equal(formatEta(5), '5s');
  assert.equal(formatEta(75), '1m15s');
  assert.equal(formatEta(3725), '1h02m');
  assert.equal(formatEta(71282 * 60 + 43), '49d12h');
  assert.equal(formatEta(null), '?');
  assert.equal(formatEta(Infinity), '?');
});

test('a pipe: while tar finishes after the last byte (every byte in, entries rising) progress stays at most every few seconds, and the final count is printed', () => {
  const unpackAfter: EngineEvent[] = [
    { type: 'step-start', step: 'download', title: 'Download and unpack go1.19.8', index: 2, count: 9 },
    ...[0, 900, 4000, 9000, 13000].map((entries): EngineEvent => ({ type: 'progress', step: 'download', bytes: 100 << 20, total: 100 << 20, bytesPerSecond: 90 << 20, etaSeconds: 0, entries })),
    { type: 'progress', step: 'download', bytes: 100 << 20, total: 100 << 20, bytesPerSecond: 90 << 20, etaSeconds: 0, entries: 13357, final: true },
    { type: 'step-done', step: 'download', durationMs: 3500 },
  ];
  const pipe = capture(false);
  const reporter = createReporter(pipe, t, false);
  for (const e of unpackAfter) reporter.onEvent(e);
  const progressLines = pipe.text().split('\n').filter((l) => l.includes('MiB of'));
  assert.deepEqual(progressLines, ['  100.0 MiB of 100.0 MiB, 90.0 MiB/s, ETA 0s, 0 files unpacked', '  100.0 MiB of 100.0 MiB, 90.0 MiB/s, ETA 0s, 13357 files unpacked']);
});
