// Running one step's bash (optionally through `sudo -n`), streaming its output line by line,
// and stopping it together with everything it started when the run is aborted.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { redact } from '../redact.js';
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
 * What bash runs: it reads the step's script from stdin up to the NUL the executor ends it with, gives the step's
 * commands /dev/null as their stdin, and runs the script under `set -euo pipefail`. The script never touches the
 * disk: a step may hold a proxy password (env.sh under --persist-proxy), and a child's argv is world-readable in
 * /proc/<pid>/cmdline — so it travels through the pipe only, and a `kill -9` of the run leaves no copy anywhere.
 * (No temporary file means no process per step to remove one, and stdio pipes are sockets: /dev/stdin cannot be
 * opened, so bash reads it with `read`.)
 */
const READ_AND_RUN = [
  // Without its NUL the script did not arrive whole (the wizard died while writing it): run none of it.
  'IFS= read -r -d "" gsw_step_script || { echo "the step script did not arrive whole" >&2; exit 1; }',
  'exec </dev/null',
  'set -euo pipefail',
  'eval "$gsw_step_script"',
].join('; ');

/**
 * bash's arguments for a step. --norc: a bash whose stdin is a socket (Node's stdio pipes are socket pairs) takes
 * itself for one started by sshd and reads ~/.bashrc, which a step must not run.
 */
export const STEP_BASH_ARGS = ['--norc', '-c', READ_AND_RUN, 'gsw-step'];

/**
 * Runs `script` with bash under `set -euo pipefail`, given on stdin (never argv, never a file). The child stays in
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
  if (opts.script.includes('\0')) throw new Error('a step script cannot hold a NUL byte');
  const [command, args] = opts.sudo
    ? ['sudo', ['-n', `--preserve-env=${[...PROXY_VARIABLES, 'GSW_BACKUPS'].join(',')}`, '--', 'bash', ...STEP_BASH_ARGS]]
    : ['bash', STEP_BASH_ARGS];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: opts.env, stdio: ['pipe', 'pipe', 'pipe'] });
    // bash may be gone before it read it all (sudo refused): the exit status says why, not EPIPE.
    child.stdin.on('error', () => {});
    child.stdin.end(`${opts.script}\n\0`);
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
      opts.signal?.removeEventListener('abort', onAbort);
      reject(error);
    });
    child.on('close', (exitCode, signal) => {
      opts.signal?.removeEventListener('abort', onAbort);
      void Promise.all(pending).then(() => resolve({ exitCode, signal, stderrTail }));
    });
    if (opts.signal?.aborted) onAbort();
  });
}
