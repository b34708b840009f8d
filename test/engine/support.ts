// Shared by the engine tests: hand-built plans of real bash steps (the engine does not care who built a plan),
// a child-process runner for kill/signal tests, and journal polling.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appPaths } from '../../src/paths.js';
import type { Plan, Step, Touch } from '../../src/types.js';
import type { TempHome } from '../helpers/temp-home.js';

let counter = 0;

export function uniqueRunId(): string {
  counter += 1;
  return `20261122-000000-${process.pid.toString(36)}${counter}`;
}

export function step(id: string, run: string, touches: Touch[], extra: Partial<Step> = {}): Step {
  return { id, title: `Step ${id}`, why: 'test', root: false, touches, run, undo: '', ...extra };
}

export const touchPath = (path: string): Touch => ({ kind: 'path', path, root: false });
export const touchMove = (path: string, to: string): Touch => ({ kind: 'move', path, to, root: false });

export function makePlan(home: TempHome, steps: Step[], overrides: Partial<Plan> = {}): Plan {
  return {
    schema: 1,
    runId: uniqueRunId(),
    createdAt: new Date().toISOString(),
    method: 'tarball',
    scope: 'user',
    goroot: join(home.home, '.local/go'),
    gopath: join(home.home, 'go'),
    release: null,
    shells: [],
    options: {
      method: 'tarball',
      goVersion: 'latest',
      mirror: 'official',
      goproxy: 'keep',
      persistProxy: false,
      shells: 'none',
      sysroot: '/',
    },
    paths: appPaths(home.env),
    warnings: [],
    upToDate: false,
    steps,
    ...overrides,
  };
}

export function journalFile(plan: Plan): string {
  return join(plan.paths.stateDir, 'runs', plan.runId, 'journal.ndjson');
}

export function journalLines(plan: Plan): number {
  const file = journalFile(plan);
  if (!existsSync(file)) return 0;
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
}

const runner = fileURLToPath(new URL('./fixtures/run-plan.ts', import.meta.url));

/**
 * Runs executePlan on `plan` in a child process (its own process group, so the test can kill it whole).
 * `unshareSetup`: bash run first inside `unshare -m` (mounts private to the run); `env`: extra variables.
 */
export function spawnPlan(home: TempHome, plan: Plan, opts: { unshareSetup?: string; env?: NodeJS.ProcessEnv } = {}): ChildProcess {
  const planFile = join(home.root, `${plan.runId}.plan.json`);
  writeFileSync(planFile, JSON.stringify(plan));
  const node = [process.execPath, '--import', 'tsx', runner, planFile];
  const [command, ...args] = opts.unshareSetup
    ? ['unshare', '-m', 'bash', '-c', `set -euo pipefail\n${opts.unshareSetup}\nexec "$@"`, 'in-namespace', ...node]
    : node;
  return spawn(command!, args, {
    env: { ...home.env, NODE_OPTIONS: '', ...opts.env },
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }> {
  let stdout = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stdout += d.toString()));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout })));
}

export async function waitFor(condition: () => boolean, timeoutMs = 20_000, everyMs = 5): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
