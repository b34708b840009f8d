// The proof at the end (SPEC guarantee 7): fresh login and interactive shells of every configured shell,
// started with a clean environment, find the new `go` first; a hello-world compiles and runs offline.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { EngineEvent, Plan, ShellName, Touch } from '../types.js';

export interface ShellCheck {
  /** e.g. 'bash -lc' */
  name: string;
  command: string;
  args: string[];
}

const CHECK_TIMEOUT_MS = 30_000;
const MAX_OUTPUT = 4 << 20;
const PROBE = 'command -v go; go version';

export function shellChecks(shells: ShellName[]): ShellCheck[] {
  const checks: Record<ShellName, ShellCheck[]> = {
    bash: [
      { name: 'bash -lc', command: 'bash', args: ['-lc', PROBE] },
      { name: 'bash -ic', command: 'bash', args: ['-ic', PROBE] },
    ],
    zsh: [
      { name: 'zsh -lc', command: 'zsh', args: ['-lc', PROBE] },
      { name: 'zsh -ic', command: 'zsh', args: ['-ic', PROBE] },
    ],
    fish: [{ name: 'fish -c', command: 'fish', args: ['-c', PROBE] }],
  };
  return shells.flatMap((shell) => checks[shell]);
}

/**
 * What a new terminal starts with: `env -i HOME USER LOGNAME TERM=dumb PATH=/usr/bin:/bin SHELL`, plus the
 * XDG and ZDOTDIR variables of the session (they decide which startup files the shells read).
 */
export function cleanShellEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = { TERM: 'dumb', PATH: '/usr/bin:/bin' };
  for (const name of ['HOME', 'USER', 'LOGNAME', 'SHELL', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'XDG_CACHE_HOME', 'ZDOTDIR']) {
    if (env[name]) clean[name] = env[name];
  }
  return clean;
}

/** Files the proof's shells and `go` may create as a side effect; the verify step removes the ones it created. */
export function verifySideEffects(plan: Plan, env: NodeJS.ProcessEnv): Touch[] {
  const configHome = dirname(plan.paths.configDir);
  const dataHome = env.XDG_DATA_HOME?.startsWith('/') ? env.XDG_DATA_HOME : join(plan.paths.home, '.local/share');
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
    const timer = setTimeout(kill, CHECK_TIMEOUT_MS);
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

function judgeShell(stdout: string, goBinary: string, version: string): { ok: boolean; output: string } {
  const lines = stdout.split('\n').map((l) => l.trim()).filter(Boolean);
  let versionAt = -1;
  lines.forEach((line, i) => {
    if (line.startsWith('go version ')) versionAt = i;
  });
  const found = versionAt > 0 ? lines[versionAt - 1] : (lines[0] ?? '');
  const versionLine = versionAt >= 0 ? lines[versionAt] : '';
  // apt and snap plans may not pin an exact release: then any `go version` from the new binary will do.
  const ok = found === goBinary && versionLine.startsWith(version ? `go version ${version} ` : 'go version go');
  return { ok, output: versionAt >= 0 ? `${found}: ${versionLine}` : found || '(no go found)' };
}

async function helloWorld(goBinary: string, signal?: AbortSignal): Promise<{ ok: boolean; output: string }> {
  const scratch = mkdtempSync(join(tmpdir(), 'gsw-hello-'));
  try {
    writeFileSync(join(scratch, 'hello.go'), 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello, world") }\n');
    // Everything go writes (module and build caches, telemetry, env file) stays in the scratch dir.
    const env: NodeJS.ProcessEnv = {
      PATH: `${dirname(goBinary)}:/usr/bin:/bin`,
      HOME: join(scratch, 'home'),
      XDG_CONFIG_HOME: join(scratch, 'config'),
      GOPATH: join(scratch, 'gopath'),
      GOCACHE: join(scratch, 'cache'),
      GOPROXY: 'off',
      GOTOOLCHAIN: 'local',
      GOFLAGS: '-modcacherw',
      CGO_ENABLED: '0',
    };
    const result = await run(goBinary, ['run', 'hello.go'], env, scratch, signal);
    const output = (result.stdout + result.stderr).trim();
    return { ok: result.ok && result.stdout.trim() === 'hello, world', output };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Runs every check (each reported as one 'verify' event); returns the names of those that failed. */
export async function verifyInstall(plan: Plan, env: NodeJS.ProcessEnv, onEvent: (e: EngineEvent) => void, signal?: AbortSignal): Promise<string[]> {
  const goBinary = join(plan.goroot, 'bin/go');
  const version = plan.release?.version ?? '';
  const shellEnv = cleanShellEnv(env);
  const failed: string[] = [];
  const report = (check: string, result: { ok: boolean; output: string }) => {
    onEvent({ type: 'verify', check, ok: result.ok, output: result.output });
    if (!result.ok) failed.push(check);
  };
  if (signal?.aborted) return failed;
  // The checks are independent: run them all at once (the compile dominates), report them in a fixed order.
  const hello = helloWorld(goBinary, signal);
  const shells = await Promise.all(
    shellChecks(plan.shells).map(async (check) => ({ check, result: await run(check.command, check.args, shellEnv, shellEnv.HOME ?? '/', signal) })),
  );
  for (const { check, result } of shells) report(check.name, judgeShell(result.stdout, goBinary, version));
  report('hello-world', await hello);
  return failed;
}
