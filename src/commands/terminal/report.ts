// Turns engine events into output: NDJSON with --json; on a terminal one updating line per step (with a
// progress bar for the download and for a tree being removed); otherwise plain lines, progress at most every few seconds.
import { redact } from '../../redact.js';
import type { EngineEvent, EventSink, Output, Translate } from '../../types.js';
import { type Mask, maskDeep } from '../../secrets.js';
import { formatBytes, formatEta } from '../../format.js';

const PLAIN_PROGRESS_INTERVAL_MS = 3000;
const BAR_WIDTH = 24;
const MIN_BAR = 5;
/** Characters of the step label kept before the bar shrinks. */
const MIN_LABEL = 24;

function progressNumbers(event: Extract<EngineEvent, { type: 'progress' }>, t: Translate): string {
  const numbers = t('engine.report.progress', {
    bytes: formatBytes(event.bytes),
    total: event.total ? formatBytes(event.total) : '?',
    speed: `${formatBytes(event.bytesPerSecond)}/s`,
    eta: formatEta(event.etaSeconds),
  });
  return event.entries === undefined ? numbers : `${numbers}, ${t('net.progress.entries', { entries: event.entries })}`;
}

/** `label suffix` within `width`: the label gives way first, so the numbers stay readable. */
function fit(label: string, suffix: string, width: number): string {
  const room = width - suffix.length - 1;
  if (label.length <= room) return `${label} ${suffix}`;
  return room > 1 ? `${label.slice(0, room - 1)}… ${suffix}` : suffix.slice(0, width);
}

/** The terminal's progress line: label, a bar as wide as the room allows, bytes, speed and ETA. */
function progressLine(label: string, event: Extract<EngineEvent, { type: 'progress' }>, t: Translate, width: number): string {
  const numbers = progressNumbers(event, t);
  const barWidth = Math.min(BAR_WIDTH, width - numbers.length - MIN_LABEL - 4);
  if (!event.total || barWidth < MIN_BAR) return fit(label, numbers, width);
  const filled = Math.min(barWidth, Math.round((event.bytes / event.total) * barWidth));
  return fit(label, `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}] ${numbers}`, width);
}

/**
 * The terminal's line while a tree is removed: label (the step, which names the tree), a bar, entries removed of the
 * total — the count without the path, which could push it off a narrow line.
 */
function removingLine(label: string, event: Extract<EngineEvent, { type: 'removing' }>, t: Translate, width: number): string {
  const numbers = t('progress.removed', { removed: event.removed.toLocaleString('en-US'), total: event.total.toLocaleString('en-US') });
  const barWidth = Math.min(BAR_WIDTH, width - numbers.length - MIN_LABEL - 4);
  if (!event.total || barWidth < MIN_BAR) return fit(label, numbers, width);
  const filled = Math.min(barWidth, Math.round((event.removed / event.total) * barWidth));
  return fit(label, `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}] ${numbers}`, width);
}

function removingNumbers(event: Extract<EngineEvent, { type: 'removing' }>, t: Translate): string {
  return t('progress.removing', { path: event.path, removed: event.removed.toLocaleString('en-US'), total: event.total.toLocaleString('en-US') });
}

export interface Reporter {
  onEvent: EventSink;
}

/** `mask` hides credentials (redact() by default; the engine's proxyMask when proxies were given). */
export function createReporter(out: Output, t: Translate, json: boolean, mask: Mask = redact): Reporter {
  if (json) return { onEvent: (event) => out.write(`${JSON.stringify(maskDeep(event, mask))}\n`) };

  const tty = out.isTTY;
  let stepLabel = '';
  let lastPlainProgress = 0;
  const recentLogs: string[] = [];
  const line = (text: string) => out.write(`${mask(text)}\n`);
  // On a terminal the current step's line is rewritten in place; clip it so it never wraps.
  const width = () => Math.max(20, (out.columns || 80) - 1); // a pty may report 0 columns
  const status = (text: string) => out.write(`\r\x1b[2K${mask(text).slice(0, width())}`);

  const onEvent: EventSink = (event) => {
    switch (event.type) {
      case 'plan':
        return;
      case 'step-start':
        stepLabel = `[${event.index + 1}/${event.count}] ${event.title}`;
        recentLogs.length = 0;
        return tty ? status(`${stepLabel} …`) : line(stepLabel);
      case 'progress':
        if (tty) return status(progressLine(stepLabel, event, t, width()));
        if (Date.now() - lastPlainProgress < PLAIN_PROGRESS_INTERVAL_MS && !event.final) return;
        lastPlainProgress = Date.now();
        return line(`  ${progressNumbers(event, t)}`);
      case 'removing':
        if (tty) return status(removingLine(stepLabel, event, t, width()));
        if (Date.now() - lastPlainProgress < PLAIN_PROGRESS_INTERVAL_MS && event.removed !== event.total) return;
        lastPlainProgress = Date.now();
        return line(`  ${removingNumbers(event, t)}`);
      case 'log':
        if (event.stream === 'info') return tty ? (status(''), line(`  ${event.line}`)) : line(`  ${event.line}`);
        recentLogs.push(event.line);
        if (recentLogs.length > 10) recentLogs.shift();
        return tty ? undefined : line(`  | ${event.line}`);
      case 'step-done':
        return tty
          ? (status(''), line(`✓ ${stepLabel} (${(event.durationMs / 1000).toFixed(1)}s)`))
          : line(`  ${t('engine.report.stepDone', { seconds: (event.durationMs / 1000).toFixed(1) })}`);
      case 'step-failed':
        if (tty) {
          status('');
          line(`✗ ${stepLabel}`);
          for (const log of recentLogs) line(`  | ${log}`);
        }
        return line(`  ${t('engine.report.stepFailed', { error: event.error })}`);
      case 'verify':
        if (tty) status('');
        return line(`  ${event.ok ? (event.warning ? '!' : '✓') : '✗'} ${event.check}: ${event.output}`);
      case 'rollback-start':
        return line(t('engine.report.rollbackStart', { runId: event.runId, reason: event.reason }));
      case 'rollback-done':
        if (tty) status('');
        line(event.complete ? t('engine.report.rollbackComplete') : t('engine.report.rollbackIncomplete'));
        for (const problem of event.problems) line(`  - ${problem}`);
        return;
      case 'done':
        line(event.message);
        if (event.ok && event.runId && event.backupBytes > 0) line(t('engine.report.backupsHeld', { size: formatBytes(event.backupBytes) }));
        return;
    }
  };
  return { onEvent };
}
