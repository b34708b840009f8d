// The plan's small steps the executor performs itself: the same checks and changes as their `run` (what the exported
// script runs), without starting bash and its commands — each process costs ~15 ms here, before the first byte of
// the download. Only when no sudo is needed: a root step of a normal user runs its `run` through sudo.
// The file changes (place, env-files, the profile edits) are made here after the same fsync'd `begin` record as their
// bash, and leave the same bytes: a kill -9 at any instant leaves what bash killed at that instant could, so rollback's
// argument is unchanged (test/engine/cli-install.test.ts kills the run after every record).
import { execFile } from 'node:child_process';
import { appendFileSync, chmodSync, closeSync, mkdirSync, openSync, readFileSync, renameSync, rmdirSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { replaceBlock } from '../shell/profiles.js';
import type { FileChange, SpaceCheck, Step, Translate } from '../types.js';

/** Performs a 'check-space' or 'prepare-staging' step; throws the step's failure (one line, as its bash would print it). */
export function runNativeStep(step: Step, t: Translate): void {
  try {
    if (step.native === 'check-space' && step.space) checkSpace(step.space, t);
    else if (step.native === 'prepare-staging') prepareStaging(step);
    else if (step.native === 'file-changes' && step.changes) step.changes.forEach(makeChange);
    else throw new Error(`${step.id}: not a step the wizard performs itself`);
  } catch (error) {
    throw new Error(t('native.failed', { title: step.title, detail: (error as Error).message }));
  }
}

/** `[ -f file ]`: a regular file (links followed). */
function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

/** What the cache still needs (spaceScript's gsw_cache_bytes): bash's integer arithmetic, in the same order. */
function cacheShare(cache: NonNullable<SpaceCheck['cache']>): number {
  if (isFile(cache.file)) return 0;
  const partial = `${cache.file}.partial`;
  let bytes = cache.archiveBytes;
  if (isFile(partial)) bytes -= statSync(partial).size;
  return bytes >= cache.segmentedMinBytes ? bytes * 2 : bytes;
}

/** spaceScript with statfs for `df -Pk`: the KiB available to this user on each place's filesystem. */
function checkSpace(space: SpaceCheck, t: Translate): void {
  const cacheBytes = space.cache ? cacheShare(space.cache) : 0;
  for (const { dir, kib, withCache } of space.places) {
    const needKib = withCache ? kib + Math.trunc((cacheBytes + 1023) / 1024) : kib;
    const { bavail, bsize } = statfsSync(dir);
    const freeKib = Math.floor((bavail * bsize) / 1024);
    if (freeKib < needKib) {
      throw new Error(t('native.noSpace', { dir, needed: Math.trunc((needKib + 1023) / 1024), free: Math.trunc(freeKib / 1024) }));
    }
  }
}

/** `[ -d parent ] || mkdir -p -- parent; mkdir -- staging`: the staging directory must be new. */
function prepareStaging(step: Step): void {
  const staging = step.touches[0]!.path;
  mkdirSync(dirname(staging), { recursive: true });
  mkdirSync(staging);
}

/** One FileChange, as its bash (plan/file-changes.ts) makes it: same modes (the umask applies alike), same bytes. */
function makeChange(change: FileChange): void {
  switch (change.kind) {
    case 'mkdir':
      mkdirSync(change.path, { recursive: true });
      return;
    case 'write':
      if (change.secret) {
        // `(umask 077 && : >> file)`, `chmod 600 -- file`: private before the secret reaches it.
        closeSync(openSync(change.path, 'a', 0o600));
        chmodSync(change.path, 0o600);
      }
      writeFileSync(change.path, change.content);
      return;
    case 'append-block':
      appendFileSync(change.path, `${change.separator}${change.block}\n`);
      return;
    case 'replace-block': {
      // awk reads bytes: latin1 keeps every byte of the file as one character, whatever its encoding.
      const text = readFileSync(change.path, 'latin1');
      writeFileSync(change.path, replaceBlock(text, Buffer.from(change.block, 'utf8').toString('latin1')), 'latin1');
      return;
    }
    case 'rename':
      renameSync(change.from, change.to);
      return;
    case 'rmdir':
      rmdirSync(change.path);
      return;
  }
}

/**
 * A 'check-tree' step: the staged `go version` must name the release (its bash: a subshell without GOROOT and
 * XDG_CONFIG_HOME, HOME=/nonexistent and GOTOOLCHAIN=local — no Go telemetry files, no other toolchain fetched).
 * The line it printed goes to `onLine`, as its `echo` does; throws the step's failure.
 */
export async function checkStagedTree(step: Step, env: NodeJS.ProcessEnv, onLine: (line: string) => void, t: Translate): Promise<void> {
  const staged = step.staged;
  if (!staged) throw new Error(`${step.id}: not a step the wizard performs itself`);
  const goEnv: NodeJS.ProcessEnv = { ...env, HOME: '/nonexistent', GOTOOLCHAIN: 'local' };
  delete goEnv.GOROOT;
  delete goEnv.XDG_CONFIG_HOME;
  const found = await new Promise<string>((resolve, reject) => {
    execFile(staged.go, ['version'], { env: goEnv, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      const lastError = String(stderr).trim().split('\n').at(-1);
      if (error) reject(new Error(t('native.failed', { title: step.title, detail: lastError || error.message })));
      // `$( )` drops the trailing newlines.
      else resolve(String(stdout).replace(/\n+$/, ''));
    });
  });
  if (!found.startsWith(`go version ${staged.version} `)) {
    throw new Error(t('native.failed', { title: step.title, detail: `the archive holds ${found}, not ${staged.version}` }));
  }
  onLine(found);
}
