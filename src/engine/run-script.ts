// Running one step's bash (optionally through `sudo -n`), streaming its output line by line,
// and stopping it together with everything it started when the run is aborted.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { redact } from '../redact.js';
import { shQuote } from '../shell/quote.js';
import { PROXY_VARIABLES } from '../net/proxy-variables.js';

export interface ScriptResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** The last lines of stderr, for the failure message. */
  stderrTail: string[];
}


/** Every descendant of `pid` (from /proc), children before grandchildren. */
function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid …" — comm may hold spaces, so split after the last ')'.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parentOf.set(Number(name), ppid);
    } catch {
      // the process ended while we looked
    }
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const parent = queue.shift()!;
    for (const [child, ppid] of parentOf) {
      if (ppid === parent) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

function killTree(pid: number, signal: NodeJS.Signals): void {
  for (const target of [pid, ...descendants(pid)]) {
    try {
      process.kill(target, signal);
    } catch {
      // already gone
    }
  }
}

/**
 * The script as a file only its owner can read, in a private folder: a script may hold a proxy password
 * (env.sh under --persist-proxy), and a child's argv is world-readable in /proc/<pid>/cmdline. Its first line
 * removes the folder (bash keeps reading the open file), so a `kill -9` of the run leaves no copy in /tmp.
 */
function privateScript(script: string): { path: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'gsw-step-'));
  const path = join(dir, 'step.sh');
  writeFileSync(path, `rm -rf -- ${shQuote(dir)}\nset -euo pipefail\n${script}\n`, { mode: 0o600 });
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Runs `script` with bash under `set -euo pipefail`, read from a private file (never argv). The child stays in
 * our process group on purpose: a `kill -9` of the wizard's group must take the step's commands with it, so
 * nothing keeps changing files while `rollback` runs.
 */
export function runScript(opts: {
  script: string;
  env: NodeJS.ProcessEnv;
  sudo: boolean;
  signal?: AbortSignal;
  onLine: (stream: 'stdout' | 'stderr', line: string) => void;
}): Promise<ScriptResult> {
  const file = privateScript(opts.script);
  const bashArgs = ['--', file.path];
  const [command, args] = opts.sudo
    ? ['sudo', ['-n', `--preserve-env=${[...PROXY_VARIABLES, 'GSW_BACKUPS'].join(',')}`, '--', 'bash', ...bashArgs]]
    : ['bash', bashArgs];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stderrTail: string[] = [];
    const onAbort = () => child.pid && killTree(child.pid, 'SIGTERM');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const pending = [child.stdout, child.stderr].map(
      (stream, i) =>
        new Promise<void>((done) => {
          const name = i === 0 ? 'stdout' : 'stderr';
          const lines = createInterface({ input: stream, crlfDelay: Infinity });
          lines.on('line', (raw) => {
            const line = redact(raw);
            if (name === 'stderr') {
              stderrTail.push(line);
              if (stderrTail.length > 5) stderrTail.shift();
            }
            opts.onLine(name, line);
          });
          lines.on('close', done);
        }),
    );
    child.on('error', (error) => {
      file.remove();
      opts.signal?.removeEventListener('abort', onAbort);
      reject(error);
    });
    child.on('close', (exitCode, signal) => {
      file.remove();
      opts.signal?.removeEventListener('abort', onAbort);
      void Promise.all(pending).then(() => resolve({ exitCode, signal, stderrTail }));
    });
    if (opts.signal?.aborted) onAbort();
  });
}
