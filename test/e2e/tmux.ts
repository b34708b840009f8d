// Runs the real, built CLI in a tmux pane of its own (a private tmux server per session, so test files can run
// in parallel) and reads the screen the way a person would: send keys, capture the pane, wait for text.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { shQuote } from '../../src/shell/quote.js';

export const CLI = fileURLToPath(new URL('../../dist/go-setup-wizard.cjs', import.meta.url));
/** Printed by the pane's shell when the CLI ends, so tests can read the exit code. */
export const EXIT_MARK = 'GSW-EXIT=';

export interface TmuxSession {
  /** The private tmux server's socket name (tmux -L). */
  socket: string;
  /** Keys as tmux names them: 'Enter', 'Escape', 'C-c', 'Down', or literal text. */
  send(...keys: string[]): void;
  /** Text typed as is (no key names), in one write to the terminal. */
  sendText(text: string): void;
  /** Text pasted the way a terminal pastes (bracketed when the program asked for it). */
  paste(text: string): void;
  resize(columns: number, rows: number): void;
  /** The visible screen; with escapes=true, with its colour and style sequences; with scrollback=true, what scrolled off too. */
  screen(escapes?: boolean, scrollback?: boolean): string;
  /** Waits until the screen (with scrollback=true, also what scrolled off it) shows `text`; returns that screen. */
  waitFor(text: string | RegExp, timeoutMs?: number, scrollback?: boolean): Promise<string>;
  /** Waits for the CLI to end and returns its exit code. */
  exitCode(timeoutMs?: number): Promise<number>;
  kill(): void;
}

/**
 * Starts `node dist/go-setup-wizard.cjs ARGS` with exactly `env` (nothing inherited) in a 100×30 pane. `prefix` runs
 * it through another command (e.g. a script that enters a private mount namespace, then execs `"$@"`).
 */
export function startCli(args: string[], env: NodeJS.ProcessEnv, size = { columns: 100, rows: 30 }, prefix: string[] = []): TmuxSession {
  const socket = `gsw-${process.pid}-${randomBytes(4).toString('hex')}`;
  const tmux = (...tmuxArgs: string[]) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...tmuxArgs], { encoding: 'utf8' });
  const assignments = Object.entries(env)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => shQuote(`${name}=${value}`));
  const command = `env -i ${assignments.join(' ')} ${[...prefix, process.execPath, CLI, ...args].map(shQuote).join(' ')}; echo ${EXIT_MARK}$?; sleep 600`;
  tmux('new-session', '-d', '-s', 'gsw', '-x', String(size.columns), '-y', String(size.rows), command);

  const screen = (escapes = false, scrollback = false) => tmux('capture-pane', '-t', 'gsw', '-p', ...(escapes ? ['-e'] : []), ...(scrollback ? ['-S', '-'] : []));
  const waitFor = async (text: string | RegExp, timeoutMs = 15_000, scrollback = false) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const shown = screen(false, scrollback);
      if (typeof text === 'string' ? shown.includes(text) : text.test(shown)) {
        await delay(30);
        return shown;
      }
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${String(text)}; the screen:\n${shown}`);
      await delay(50);
    }
  };
  return {
    socket,
    send: (...keys) => {
      for (const key of keys) tmux('send-keys', '-t', 'gsw', key);
    },
    sendText: (text) => void tmux('send-keys', '-t', 'gsw', '-l', text),
    paste: (text) => {
      tmux('set-buffer', '-b', 'gsw-paste', '--', text);
      tmux('paste-buffer', '-p', '-d', '-b', 'gsw-paste', '-t', 'gsw');
    },
    resize: (columns, rows) => void tmux('resize-window', '-t', 'gsw', '-x', String(columns), '-y', String(rows)),
    screen,
    waitFor,
    exitCode: async (timeoutMs = 15_000) => {
      const shown = await waitFor(new RegExp(`${EXIT_MARK}\\d+`), timeoutMs);
      return Number(new RegExp(`${EXIT_MARK}(\\d+)`).exec(shown)![1]);
    },
    kill: () => {
      try {
        tmux('kill-server');
      } catch {
        // Already gone.
      }
      // tmux leaves its socket file behind.
      rmSync(join(process.env.TMUX_TMPDIR ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`, socket), { force: true });
    },
  };
}
