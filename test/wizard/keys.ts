// Driving an ink-testing-library render like a person at a keyboard: one key per write, and after each key
// wait until the frame changes, then ~10 ms more so Ink's input handlers see the next key on their own.
import { setTimeout as delay } from 'node:timers/promises';

export const KEY = {
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  enter: '\r',
  escape: '\u001B',
  space: ' ',
  tab: '\t',
  backspace: '\u007F',
  ctrlC: '\u0003',
  pageDown: '\u001B[6~',
} as const;

interface Rendered {
  lastFrame: () => string | undefined;
  stdin: { write: (data: string) => void; listenerCount: (event: string) => number };
}

export async function waitFor(condition: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(5);
  }
}

export async function waitForText(ui: Rendered, text: string, timeoutMs = 3000): Promise<void> {
  await waitFor(() => (ui.lastFrame() ?? '').includes(text), `"${text}" in:\n${ui.lastFrame()}`, timeoutMs);
  // A screen that just appeared attaches its key handlers in an effect, after its first frame.
  await delay(30);
}

/** Presses one key and waits for the frame to change (pass `changes: false` for keys that change nothing). */
export async function press(ui: Rendered, key: string, { changes = true } = {}): Promise<void> {
  // Ink reads keys only once a mounted useInput has switched stdin to raw mode (an effect after the first frame).
  await waitFor(() => ui.stdin.listenerCount('readable') > 0, 'Ink to listen for keys');
  const before = ui.lastFrame();
  ui.stdin.write(key);
  if (changes) await waitFor(() => ui.lastFrame() !== before, `the frame to change after ${JSON.stringify(key)}:\n${before}`);
  else await delay(50);
  await delay(10);
}

/** Types text one character at a time. */
export async function type(ui: Rendered, text: string): Promise<void> {
  for (const char of text) await press(ui, char);
}
