// The real bundle for tests that run the CLI as users do. Each test file builds it once with scripts/build.mjs
// and runs a private copy, so another test file rebuilding dist/ can never swap it mid-test. The build and the copy
// hold .cache/build.lock (flock, as test/engine does) so that no copy is taken of a half-written dist/.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));

/** The entry guard of this test file's copy of the bundle (set by ensureBuilt). */
export let bundle = '';

let built: Promise<void> | undefined;

/** Builds dist/ and copies it aside for this test file; throws with esbuild's output when the build fails. */
export function ensureBuilt(): Promise<void> {
  built ??= new Promise((resolve, reject) => {
    mkdirSync(join(root, '.cache'), { recursive: true });
    const copy = mkdtempSync(join(tmpdir(), 'gsw-bundle-'));
    process.once('exit', () => rmSync(copy, { recursive: true, force: true }));
    const script = 'node scripts/build.mjs && cp -R dist/. "$1"';
    const result = spawnSync('flock', [join(root, '.cache/build.lock'), 'sh', '-c', script, 'build', copy], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${join(process.execPath, '..')}:${process.env.PATH ?? ''}` },
    });
    if (result.status !== 0) return reject(new Error(`the build failed:\n${result.stdout}${result.stderr}`));
    bundle = join(copy, 'go-setup-wizard.cjs');
    resolve();
  });
  return built;
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
  if (!bundle) throw new Error('call ensureBuilt() in a before hook first');
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
