// A real `share` process for the classroom tests: the built CLI in a temp HOME, listening on 127.0.0.1 with a
// port the system chooses, downloading its release from a loopback fixture mirror. Events arrive as NDJSON.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { bundle } from '../cli/built-cli.js';
import type { Mirror } from '../helpers/mirror.js';
import type { TempHome } from '../helpers/temp-home.js';

export interface TeacherEvent {
  type: string;
  [key: string]: unknown;
}

export interface Teacher {
  child: ChildProcess;
  events: TeacherEvent[];
  /** The 'listening' event: url, answersUrl, indexUrl, archiveUrl, command, sha256, size… */
  listening: TeacherEvent & { url: string; answersUrl: string; indexUrl: string; archiveUrl: string; command: string; sha256: string; size: number };
  stderr(): string;
  /** Resolves with the first event matching, or rejects after timeoutMs. */
  waitFor(match: (event: TeacherEvent) => boolean, timeoutMs?: number): Promise<TeacherEvent>;
  /** Sends a signal and resolves with the exit code (or the signal name). */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

export async function startTeacher(home: TempHome, mirror: Mirror, extra: string[] = []): Promise<Teacher> {
  const args = ['share', '--json', '--host', '127.0.0.1', '--port', '0', '--mirror', mirror.url, '--index-url', `${mirror.url}index.json`, ...extra];
  const child = spawn(process.execPath, [bundle, ...args], { env: home.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const events: TeacherEvent[] = [];
  const waiters: { match: (e: TeacherEvent) => boolean; resolve: (e: TeacherEvent) => void }[] = [];
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? '?')));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const event = JSON.parse(line) as TeacherEvent;
    events.push(event);
    for (const waiter of [...waiters]) {
      if (waiter.match(event)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    }
  });
  const waitFor = (match: (e: TeacherEvent) => boolean, timeoutMs = 120_000) =>
    new Promise<TeacherEvent>((resolve, reject) => {
      const found = events.find(match);
      if (found) return resolve(found);
      const timer = setTimeout(() => reject(new Error(`no matching share event within ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
      waiters.push({ match, resolve: (e) => (clearTimeout(timer), resolve(e)) });
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`share exited (${code}) before the event; stderr: ${stderr}`));
      });
    });
  const listening = (await waitFor((e) => e.type === 'listening')) as Teacher['listening'];
  return {
    child,
    events,
    listening,
    stderr: () => stderr,
    waitFor,
    stop: async (signal = 'SIGINT') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
