// The real bundle for tests that run the CLI as users do: dist/go-setup-wizard.cjs, rebuilt with
// scripts/build.mjs when any source is newer. A lock directory keeps parallel test files from building at once.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const bundle = join(root, 'dist/go-setup-wizard.cjs');
const bundleBody = join(root, 'dist/cli.mjs');
const lock = join(root, '.cache/build.lock');

function newestSource(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestSource(join(path, name))));
}

function isStale(): boolean {
  if (!existsSync(bundle) || !existsSync(bundleBody)) return true;
  const sources = ['src', 'screens', 'bin', 'package.json', 'scripts/build.mjs'].map((p) => newestSource(join(root, p)));
  return Math.max(...sources) > statSync(bundleBody).mtimeMs;
}

async function withLock<T>(work: () => T): Promise<T> {
  mkdirSync(join(root, '.cache'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock left by a killed run is broken after two minutes.
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - since > 120_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    return work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Builds dist/ when it is missing or older than the sources; throws with esbuild's output when the build fails. */
export async function ensureBuilt(): Promise<void> {
  if (!isStale()) return;
  await withLock(() => {
    if (!isStale()) return;
    const result = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stdout}${result.stderr}`);
  });
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node <bundle> …args` (or another Node binary) with exactly the given environment. */
export function runCli(
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string; node?: string; nodeArgs?: readonly string[]; timeoutMs?: number },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.node ?? process.execPath, [...(options.nodeArgs ?? []), bundle, ...args], {
      cwd: options.cwd ?? root,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 30_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
