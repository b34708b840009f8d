// The proof at the end (docs/contract.md, guarantee 7): fresh login and interactive shells of every configured shell,
// started with a clean environment, find the new `go` first and `go env` reports what the run chose (plan/proof.ts);
// a hello-world compiles and runs offline.
import { xdgDir } from '../paths.js';
import { spawn } from 'node:child_process';
import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  fetchesNothing,
  GOPROXY_OFF_REASON,
  HELLO_OUTPUT,
  HELLO_SOURCE,
  helloEnvironment,
  keptGoConflicts,
  MODULE_CHECK_SECONDS,
  moduleCheckSettings,
  moduleDownloadArgs,
  PROOF_MODULE,
  probeVersionLine,
  proofGoproxy,
  proofSettings,
  proofShells,
  shellProbe,
  type ShellProbe,
} from '../plan/proof.js';
import { redact } from '../redact.js';
import { freshSessionEnv } from '../shell/fresh-session.js';
import type { EngineEvent, Plan, ShellName, Touch } from '../types.js';

export interface ShellCheck {
  /** e.g. 'bash -lc' */
  name: string;
  command: string;
  args: string[];
}

const CHECK_TIMEOUT_MS = 30_000;
const MAX_OUTPUT = 4 << 20;
export function shellChecks(shells: ShellName[], probe: string): ShellCheck[] {
  return proofShells(shells).map(([command, ...args]) => ({ name: [command, ...args].join(' '), command: command!, args: [...args, probe] }));
}

/** The environment each proof shell starts with: a fresh session of the plan's user (shell/fresh-session.ts). */
export function proofShellEnv(plan: Plan, env: NodeJS.ProcessEnv): Record<string, string> {
  return freshSessionEnv({ ...env, HOME: plan.paths.home });
}

/** Files the proof's shells and `go` may create as a side effect; the verify step removes the ones it created. */
export function verifySideEffects(plan: Plan, env: NodeJS.ProcessEnv): Touch[] {
  const configHome = dirname(plan.paths.configDir);
  const dataHome = xdgDir(env, 'XDG_DATA_HOME', plan.paths.home);
  const paths = ['fish', 'fish/fish_variables', 'go', 'go/telemetry'].map((p) => join(configHome, p));
  return [...paths, join(dataHome, 'fish')].map((path) => ({
    kind: 'path',
    path,
    root: false,
  }));
}

/**
 * Runs one check in a session of its own, with no terminal: `bash -i` and `zsh -i` take the terminal they find
 * for job control (they open /dev/tty even when stdin and stderr are pipes, put themselves in a new process group
 * and make it the terminal's foreground group). They give the terminal back when they exit, but not when they
 * exec the script's last command in place (`go version` here): the terminal is then left to a group that no
 * longer exists, and the wizard, now in the background, gets EIO on every read of its stdin. setsid (detached)
 * leaves them no controlling terminal to take, so they run without job control, as they should here.
 */
function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  signal?: AbortSignal,
  timeoutMs = CHECK_TIMEOUT_MS,
): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let size = 0;
    let failed = false;
    let settled = false;
    const child = spawn(command, args, { env, cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    // The whole session's process group: a startup file may have left something running.
    const kill = () => {
      failed = true;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_OUTPUT) kill();
      else into.push(chunk);
    };
    child.stdout.on('data', collect(stdout));
    child.stderr.on('data', collect(stderr));
    const timer = setTimeout(kill, timeoutMs);
    const onAbort = () => kill();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) kill();
    const finish = (ok: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve({ ok: ok && !failed, stdout: Buffer.concat(stdout).toString(), stderr: Buffer.concat(stderr).toString() });
    };
    child.on('error', (error) => {
      stderr.push(Buffer.from(String(error.message)));
      finish(false);
    });
    child.on('close', (code) => finish(code === 0));
  });
}

interface Judgement {
  ok: boolean;
  output: string;
  /** Passed only because of lines the user kept (--conflicts keep): what a new terminal gets differs from the plan. */
  warning?: boolean;
}

const canonical = (path: string) => {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
};

/** The probe's last lines (plan/proof.ts): where go is, its version, then one `go env` line per proof setting. */
function judgeShell(stdout: string, goBinary: string, versionPrefix: string, plan: Plan, probe: ShellProbe): Judgement {
  const settings = proofSettings(plan);
  // Read as the exported script reads them: the last `probe.lines` lines (`tail -n`), in order.
  const lines = stdout.replace(/\n$/, '').split('\n').slice(-probe.lines);
  const valuesAt = probe.lines - settings.length;
  const values = lines.slice(valuesAt);
  const versionLine = probeVersionLine(lines.slice(1, valuesAt), probe);
  const found = (lines[0] ?? '').trim();
  const shown = versionLine.startsWith('go version ') ? `${found}: ${versionLine}` : found || '(no go found)';
  // The plan's prefix: an exact release, or for apt (and snap) the minor it chose, as the exported proof checks.
  if (found !== goBinary || !versionLine.startsWith(versionPrefix)) {
    const kept = keptGoConflicts(plan);
    return kept ? { ok: true, warning: true, output: `${shown} (warning: kept ${kept})` } : { ok: false, output: shown };
  }
  const problems: string[] = [];
  const warnings: string[] = [];
  settings.forEach((setting, index) => {
    const got = redact((values[index] ?? '').trim());
    const same = setting.key === 'GOROOT' ? canonical(got) === canonical(setting.want) : got === setting.want;
    if (same) return;
    const text = `go env ${setting.key} is ${got || '(empty)'}, expected ${setting.want}`;
    if (setting.kept) warnings.push(`warning: ${text} (kept ${setting.kept})`);
    else problems.push(text);
  });
  const settingsShown = settings.map((s) => s.key).join(' ');
  const output = [shown, ...(settings.length && !problems.length && !warnings.length ? [`go env ${settingsShown} as chosen`] : []), ...problems, ...warnings].join('; ');
  return { ok: problems.length === 0, output, ...(warnings.length ? { warning: true } : {}) };
}

async function helloWorld(goBinary: string, scratch: string, signal?: AbortSignal): Promise<Judgement> {
  writeFileSync(join(scratch, 'hello.go'), HELLO_SOURCE);
  // The exported script's environment, to the letter (plan/proof.ts): everything go writes stays in the scratch dir.
  const result = await run(goBinary, ['run', 'hello.go'], Object.fromEntries(helloEnvironment(scratch)), scratch, signal);
  const output = (result.stdout + result.stderr).trim();
  return { ok: result.ok && result.stdout.trim() === HELLO_OUTPUT, output };
}

/** The offline hello world in flight: it needs only the Go tree, so it may start as soon as that is in place. */
export interface HelloWorld {
  /** Its judgement, once it has ended (never rejects). */
  readonly result: Promise<Judgement>;
  /** Settles once its scratch dir is gone, after the judgement (never rejects). */
  readonly cleared: Promise<void>;
  /** Stops it (its whole session) and waits until its scratch dir is gone. */
  stop(): Promise<void>;
}

/** Starts the offline hello world with the plan's `go` (stopped by `signal` too); the verify step reports it. */
export function startHelloWorld(plan: Plan, signal?: AbortSignal): HelloWorld {
  const stopper = new AbortController();
  const stopped = signal ? AbortSignal.any([signal, stopper.signal]) : stopper.signal;
  const failed = (error: unknown): Judgement => ({ ok: false, output: (error as Error).message });
  let scratch: string | undefined;
  let result: Promise<Judgement>;
  // Started at once (go is spawned before this returns): the later steps run while it compiles.
  try {
    scratch = mkdtempSync(join(tmpdir(), 'gsw-hello-'));
    result = helloWorld(join(plan.goroot, 'bin/go'), scratch, stopped).catch(failed);
  } catch (error) {
    result = Promise.resolve(failed(error));
  }
  // Its build cache is ~350 entries (40–75 ms to remove): removed while the run writes its last records, not before
  // the judgement is reported.
  const cleared = result.then(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true }).catch(() => {});
  });
  return {
    result,
    cleared,
    stop: async () => {
      stopper.abort();
      await cleared;
    },
  };
}

const skippedModules = (reason: string) => `skipped: could not fetch ${PROOF_MODULE} through GOPROXY (${reason})`;

/** Downloads PROOF_MODULE through the configured GOPROXY into a scratch GOPATH; any failure is a skip, not a failure. */
async function moduleCheck(plan: Plan, goBinary: string, env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<Judgement> {
  if (fetchesNothing(proofGoproxy(plan, env.GOPROXY))) return { ok: true, warning: true, output: skippedModules(GOPROXY_OFF_REASON) };
  const scratch = mkdtempSync(join(tmpdir(), 'gsw-modules-'));
  try {
    // The user's HOME and config dir stay, so GOPROXY/GOSUMDB/GOPRIVATE from `go env -w` apply; the caches do not.
    const modEnv: NodeJS.ProcessEnv = { ...env, ...Object.fromEntries(moduleCheckSettings(scratch)) };
    const result = await run(goBinary, moduleDownloadArgs, modEnv, scratch, signal, MODULE_CHECK_SECONDS * 1000);
    if (result.ok && /"Zip":/.test(result.stdout)) return { ok: true, output: `fetched ${PROOF_MODULE}` };
    // `go mod download -json` reports a failure as {"Error": "…"} on stdout.
    const jsonError = /"Error":\s*"((?:[^"\\]|\\.)*)"/.exec(result.stdout)?.[1];
    const reason = redact(jsonError ?? (result.stderr || result.stdout).trim().split('\n').filter(Boolean).at(-1) ?? 'no answer in time');
    return { ok: true, warning: true, output: skippedModules(reason) };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * Runs every check (each reported as one 'verify' event); returns the names of those that failed. `hello` is the
 * hello world when the executor started it early (once the Go tree was placed); else it starts here.
 */
export async function verifyInstall(
  plan: Plan,
  env: NodeJS.ProcessEnv,
  onEvent: (e: EngineEvent) => void,
  signal?: AbortSignal,
  hello?: HelloWorld,
): Promise<string[]> {
  const goBinary = join(plan.goroot, 'bin/go');
  const versionPrefix = plan.steps.find((step) => step.native === 'verify')?.versionPrefix ?? 'go version go';
  const shellEnv = proofShellEnv(plan, env);
  const failed: string[] = [];
  const report = (check: string, result: Judgement) => {
    onEvent({ type: 'verify', check, ok: result.ok, output: result.output, ...(result.warning ? { warning: true } : {}) });
    if (!result.ok) failed.push(check);
  };
  if (signal?.aborted) return failed;
  // The checks are independent: run them all at once (the compile or the module download dominates), report them
  // in a fixed order: the shells, hello world (offline), then modules (online, through the configured proxy).
  const helloRun = hello ?? startHelloWorld(plan, signal);
  try {
    const modules = moduleCheck(plan, goBinary, env, signal);
    const probe = shellProbe(plan);
    const shells = await Promise.all(
      shellChecks(plan.shells, probe.command).map(async (check) => ({ check, result: await run(check.command, check.args, shellEnv, shellEnv.HOME ?? '/', signal) })),
    );
    for (const { check, result } of shells) report(check.name, judgeShell(result.stdout, goBinary, versionPrefix, plan, probe));
    report('hello-world', await helloRun.result);
    const fetched = await modules;
    if (!signal?.aborted) report('modules', fetched);
    return failed;
  } finally {
    // One started here ends here, even when a check threw (the executor stops the one it started, or waits until its
    // scratch dir is gone).
    if (!hello) await helloRun.stop();
  }
}
