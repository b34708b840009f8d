// Carries a plan out step by step: journal first (with backups), then the change; on a failure, Ctrl-C or
// SIGTERM it rolls back in reverse. A successful run keeps its journal: that is the uninstall.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createTranslator } from '../i18n/index.js';
import { checkInstallTarget, refusalMessage } from '../install-target.js';
import type { ProxySettings } from '../net/proxy.js';
import type { EngineEvent, EventSink, Plan, Step, Translate } from '../types.js';
import { EXIT } from '../types.js';
import { installedVersion } from '../plan/tarball.js';
import { localDisk } from '../host/disk.js';
import { readAptAdded, readAptRemoved } from './apt.js';
import { backupBytes } from './backups.js';
import { guardRun } from './guard.js';
import { Journal, type AfterState, type RollbackReason, type TouchRecord, now } from './journal.js';
import { captureAfter, captureTree, placedTree, treeManifest } from './three-way.js';
import { lstatOrNull } from './file-ops.js';
import { processStart } from './run-lock.js';
import { runScript } from './run-script.js';
import { checkStagedTree, runNativeStep } from './native-steps.js';
import { maskDeep, proxyMask } from '../secrets.js';
import { captureAbsent, captureTouches, undoTouches } from './touches.js';
import { undoJournal } from './undo.js';
import { startHelloWorld, verifyInstall, verifySideEffects, type HelloWorld } from './verify.js';
import { proxyVariables } from '../net/proxy-variables.js';
import { cachedArchivePath } from '../paths.js';
import { isRoot } from '../privilege.js';

export interface ExecuteOptions {
  env: NodeJS.ProcessEnv;
  proxy: ProxySettings;
  onEvent: EventSink;
  signal?: AbortSignal;
  /** Messages for log lines and the final summary (English when omitted). */
  t?: Translate;
}

export interface ExecuteResult {
  exitCode: number;
  /** The journaled run, or null when nothing needed changing and only the proof ran (nothing to roll back). */
  runId: string | null;
  backupBytes: number;
}

/** Progress events at most this often (the last one always goes out). */
const PROGRESS_INTERVAL_MS = 200;

class Interrupted extends Error {}

/** The commands a step runs use the same proxies as the wizard's own downloads (both spellings, as curl reads them). */
function stepEnv(env: NodeJS.ProcessEnv, proxy: ProxySettings): NodeJS.ProcessEnv {
  const out = { ...env };
  for (const { name, value } of proxyVariables(proxy)) out[name] = value;
  return out;
}

export async function executePlan(plan: Plan, opts: ExecuteOptions): Promise<ExecuteResult> {
  const t = opts.t ?? createTranslator('en');
  const mask = proxyMask(opts.proxy);
  const emit = (event: EngineEvent) => opts.onEvent(maskDeep(event, mask));
  const runId = plan.runId;
  // Nothing to change (at most the proof): no run, no journal — `rollback` keeps meaning the last real install.
  if (plan.upToDate || plan.steps.every((s) => s.native === 'verify')) return proveOnly(plan, opts.env, emit, t);

  // The target guard again, at run time: the directory may have changed since the plan was made and shown.
  const refusal = targetRefusal(plan, t);
  if (refusal) {
    emit({ type: 'done', ok: false, exitCode: EXIT.usage, runId: null, backupBytes: 0, message: refusal });
    return { exitCode: EXIT.usage, runId: null, backupBytes: 0 };
  }

  // Steps that need root, as a normal user: ask for sudo once, before anything changes (no journal, nothing to undo).
  if (plan.steps.some((step) => step.root) && !isRoot()) {
    try {
      await askSudoOnce(t);
    } catch (error) {
      const message = t('engine.done.nothingChanged', { error: mask((error as Error).message) });
      emit({ type: 'done', ok: false, exitCode: EXIT.failedUnchanged, runId: null, backupBytes: 0, message });
      return { exitCode: EXIT.failedUnchanged, runId: null, backupBytes: 0 };
    }
  }

  let journal: Journal;
  try {
    journal = Journal.create(plan.paths, runId, mask);
  } catch (error) {
    // No journal, no change: nothing has been touched yet.
    const message = t('engine.journalFailed', { runId, error: mask((error as Error).message) });
    emit({ type: 'done', ok: false, exitCode: EXIT.failedUnchanged, runId: null, backupBytes: 0, message });
    return { exitCode: EXIT.failedUnchanged, runId, backupBytes: 0 };
  }
  journal.append({
    type: 'run',
    runId,
    createdAt: now(),
    pid: process.pid,
    pidStart: processStart(process.pid),
    method: plan.method,
    scope: plan.scope,
    goroot: plan.goroot,
    version: plan.release?.version ?? null,
    steps: plan.steps.map((s) => ({ id: s.id, title: s.title, root: s.root })),
  });

  const env = stepEnv(opts.env, opts.proxy);
  // An error thrown where no try/catch can see it (a socket handler…) stops the run like any failure: rollback.
  let crash: { error: unknown } | null = null;
  const crashStop = new AbortController();
  const releaseGuard = guardRun((error) => {
    if (crash) return;
    crash = { error };
    crashStop.abort(error);
  });
  const signal = opts.signal ? AbortSignal.any([opts.signal, crashStop.signal]) : crashStop.signal;
  opts = { ...opts, signal };
  let current: Step | undefined;
  // The placed Go tree's manifest, journaled before the run's final record. It is read from the staged tree as soon as
  // that is complete (alongside the extract step's go version), not while the hello world compiles after `place`.
  const trees: Promise<void>[] = [];
  let staged: { path: string; manifest: Promise<string | null> } | undefined;
  // The proof's offline hello world needs only the placed Go tree and a scratch dir: it starts as soon as the tree is
  // in place and runs alongside the later steps; the verify step reports it.
  const proves = plan.steps.some((step) => step.native === 'verify');
  let hello: HelloWorld | undefined;
  try {
    for (const [index, step] of plan.steps.entries()) {
      if (opts.signal?.aborted) throw new Interrupted();
      current = step;
      const started = Date.now();
      emit({ type: 'step-start', step: step.id, title: step.title, index, count: plan.steps.length });
      const useSudo = step.root && !isRoot();
      // Right before the target is moved aside: it must still be a Go tree (or empty), whatever happened meanwhile.
      if (step.touches.some((touch) => touch.kind === 'move' && touch.path === plan.goroot)) {
        const moving = targetRefusal(plan, t);
        if (moving) throw new Error(moving);
      }
      // Traces of the proof that the plan does not list as its own changes are recorded too, and removed after it.
      const extraTouches =
        step.native === 'verify' ? verifySideEffects(plan, opts.env).filter((t) => !step.touches.some((own) => own.path === t.path)) : [];
      const touches = captureTouches([...step.touches, ...extraTouches], index, journal.backupsDir);
      const manager = step.packageManager ?? (plan.method === 'tarball' ? undefined : plan.method);
      const packages = manager && (step.packages?.length || step.aptRecord) ? { manager, names: step.packages ?? [], aptRecord: step.aptRecord } : undefined;
      journal.append({ type: 'begin', step: step.id, index, root: step.root, touches, packages, removes: step.removes, at: now() });

      if (step.native === 'download') await runDownload(plan, step, opts, emit, t);
      else if (step.native === 'verify') {
        const failed = await verifyInstall(plan, opts.env, emit, opts.signal, hello);
        await undoTouches(touches.slice(step.touches.length), journal.backupsDir, plan.paths);
        if (failed.length) throw new Error(t('engine.verifyFailed', { checks: failed.join(', ') }));
      } else if (step.native === 'check-tree' && !useSudo) {
        await checkStagedTree(step, env, (line) => emit({ type: 'log', step: step.id, stream: 'stdout', line }), t);
      } else if (step.native && !useSudo) runNativeStep(step, t);
      else await runStep(step, { ...env, GSW_BACKUPS: journal.backupsDir }, useSudo, opts.signal, emit, t);

      if (opts.signal?.aborted) throw new Interrupted();
      if (step.aptRecord) {
        const added = readAptAdded(journal.backupsDir, step.aptRecord);
        if (added) journal.append({ type: 'packages-added', step: step.id, manager: 'apt', added, at: now() });
      }
      if (step.removes?.record) {
        const removed = readAptRemoved(journal.backupsDir, step.removes.record);
        if (removed) journal.append({ type: 'packages-removed', step: step.id, manager: 'apt', removed, at: now() });
      }
      const after = step.native === 'verify' ? [] : recordAfter(touches, index, journal.backupsDir, step.id, emit, t);
      journal.append({ type: 'done', step: step.id, at: now(), ...(after.some(Boolean) ? { after } : {}) });
      const tree = step.native === 'verify' ? -1 : placedTree(touches, plan.goroot);
      // The hello world first: spawning find blocks this thread until it runs.
      if (tree >= 0 && proves && !hello) hello = startHelloWorld(plan, opts.signal);
      if (tree >= 0) {
        const source = touches[tree]!.touch.path;
        trees.push(recordTree(journal, touches, index, tree, step.id, emit, t, staged?.path === source ? staged.manifest : undefined));
      }
      staged ??= stagedTree(plan, index);
      emit({ type: 'step-done', step: step.id, durationMs: Date.now() - started });
    }
  } catch (error) {
    const crashed = crash as { error: unknown } | null;
    const interrupted = !crashed && (error instanceof Interrupted || Boolean(opts.signal?.aborted));
    const reason: RollbackReason = interrupted ? 'interrupt' : 'failure';
    const message = mask(
      crashed ? t('net.crash', { error: String((crashed.error as Error)?.message ?? crashed.error) }) : interrupted ? t('engine.interrupted') : (error as Error).message,
    );
    if (current) {
      journal.append({ type: 'failed', step: current.id, error: message, at: now() });
      emit({ type: 'step-failed', step: current.id, error: message });
    }
    // Neither the hello world nor a manifest still being read may race with the undo removing that tree.
    await hello?.stop();
    await Promise.all([...trees, staged?.manifest]);
    const outcome = await undoJournal(journal, reason, runId, emit, t);
    const exitCode = !outcome.complete ? EXIT.failedIncomplete : interrupted ? EXIT.interrupted : EXIT.failedRestored;
    const summary = outcome.complete
      ? t(interrupted ? 'engine.done.interrupted' : 'engine.done.restored', { error: message })
      : t('engine.done.incomplete', { error: message, runId });
    emit({ type: 'done', ok: false, exitCode, runId, backupBytes: 0, message: summary });
    return { exitCode, runId, backupBytes: 0 };
  } finally {
    releaseGuard();
  }

  await Promise.all([...trees, hello?.cleared]);
  journal.append({ type: 'final', status: 'installed', at: now() });
  const held = backupBytes(journal);
  emit({ type: 'done', ok: true, exitCode: EXIT.ok, runId, backupBytes: held, message: t('engine.done.installed', { version: installedLabel(plan), goroot: plan.goroot }) });
  return { exitCode: EXIT.ok, runId, backupBytes: held };
}

/**
 * What the step left at its touches, for a rollback long after to tell the user's later changes from the run's.
 * Not being able to record it does not fail the install: that step's undo then restores as it was before.
 */
function recordAfter(touches: TouchRecord[], index: number, backupsDir: string, step: string, emit: EventSink, t: Translate): (AfterState | null)[] {
  try {
    return captureAfter(touches, index, backupsDir);
  } catch (error) {
    emit({ type: 'log', step, stream: 'info', line: t('rollback.notRecorded', { error: (error as Error).message }) });
    return [];
  }
}

/**
 * The Go tree a later step will place at GOROOT, once step `done` has left it complete in its staging dir: its
 * manifest, read from now on (never rejects; null when it could not be read, and the placed tree is read instead).
 */
function stagedTree(plan: Plan, done: number): { path: string; manifest: Promise<string | null> } | undefined {
  const place = plan.steps.slice(done + 1).flatMap((step) => step.touches).find((touch) => touch.kind === 'move' && touch.to === plan.goroot);
  if (!place || !lstatOrNull(place.path)?.isDirectory()) return undefined;
  return { path: place.path, manifest: treeManifest(place.path).catch(() => null) };
}

/** The same for the Go tree a step placed: its manifest, journaled as an `after` record once read (never rejects). */
async function recordTree(
  journal: Journal,
  touches: TouchRecord[],
  index: number,
  touch: number,
  step: string,
  emit: EventSink,
  t: Translate,
  staged?: Promise<string | null>,
): Promise<void> {
  try {
    const after = await captureTree(touches, index, touch, journal.backupsDir, staged);
    journal.append({ type: 'after', step, touch, after, at: now() });
  } catch (error) {
    emit({ type: 'log', step, stream: 'info', line: t('rollback.notRecorded', { error: (error as Error).message }) });
  }
}

/** Why the plan's target may not be replaced now (tarball plans), or null. */
function targetRefusal(plan: Plan, t: Translate): string | null {
  if (plan.method !== 'tarball') return null;
  const verdict = checkInstallTarget(plan.goroot, plan.paths, localDisk);
  return verdict.ok ? null : refusalMessage(plan.goroot, verdict, t);
}

/** What the done line names: the release installed, or (apt, snap) the version the package put in its GOROOT. */
function installedLabel(plan: Plan): string {
  if (plan.release) return plan.release.version;
  const version = installedVersion(plan.goroot, localDisk);
  return version ? `${version} (${plan.method})` : `Go (${plan.method})`;
}

async function proveOnly(plan: Plan, env: NodeJS.ProcessEnv, emit: EventSink, t: Translate): Promise<ExecuteResult> {
  const proof = plan.steps.find((s) => s.native === 'verify');
  const failed: string[] = [];
  if (proof) {
    const traces = captureAbsent(verifySideEffects(plan, env));
    try {
      failed.push(...(await verifyInstall(plan, env, emit)));
    } finally {
      await undoTouches(traces, '', plan.paths); // records of absent paths need no backups dir
    }
  }
  // Nothing was changed: a failed proof of what is already there restores nothing.
  const exitCode = failed.length ? EXIT.failedUnchanged : EXIT.ok;
  const message = failed.length ? t('engine.upToDateProofFailed', { checks: failed.join(', ') }) : t('engine.upToDate');
  emit({ type: 'done', ok: !failed.length, exitCode, runId: null, backupBytes: 0, message });
  return { exitCode, runId: null, backupBytes: 0 };
}

async function askSudoOnce(t: Translate): Promise<void> {
  // `sudo -v` may prompt for the password on the terminal: give it ours.
  const result = spawnSync('sudo', ['-v'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(t('engine.sudoRefused'));
}

async function runStep(step: Step, env: NodeJS.ProcessEnv, sudo: boolean, signal: AbortSignal | undefined, emit: EventSink, t: Translate): Promise<void> {
  const result = await runScript({
    script: step.run,
    env,
    sudo,
    signal,
    onLine: (stream, line) => emit({ type: 'log', step: step.id, stream, line }),
  });
  if (signal?.aborted) throw new Interrupted();
  if (result.exitCode !== 0) {
    const status = result.signal ?? String(result.exitCode);
    throw new Error(t('engine.stepFailed', { title: step.title, status, detail: result.stderrTail.at(-1) ?? '' }).trim());
  }
}

/**
 * Test-only: GSW_TEST_SPEED_FLOOR_MS shortens the window of the download's speed floor (1 KiB/s), so a trickling
 * mirror is given up on in seconds instead of a minute.
 */
function testSpeedFloor(): { bytesPerSecond: number; windowMs: number } | undefined {
  const windowMs = Number(process.env.GSW_TEST_SPEED_FLOOR_MS);
  return windowMs > 0 ? { bytesPerSecond: 1024, windowMs } : undefined;
}

async function runDownload(plan: Plan, step: Step, opts: ExecuteOptions, emit: EventSink, t: Translate): Promise<void> {
  const release = plan.release;
  if (!release) throw new Error(`${step.id}: the plan has no release to download`);
  // Loaded on first use: plans without a download (--archive, apt) never need the network code.
  const { download } = await import('../net/download.js');
  mkdirSync(plan.paths.cacheDir, { recursive: true });
  // The archive is unpacked into the staging directory while it arrives (see prepare-staging in plan/tarball.ts).
  const staging = plan.steps.find((s) => s.id === 'prepare-staging')?.touches[0];
  let lastEmit = 0;
  try {
    await download({
      url: release.url,
      sha256: release.sha256,
      size: release.size,
      sha256Source: release.sha256Source,
      t,
      dest: cachedArchivePath(plan.paths, release.sha256),
      proxy: opts.proxy,
      signal: opts.signal,
      speedFloor: testSpeedFloor(),
      unpack: staging ? { dir: staging.path, sudo: staging.root && !isRoot() } : undefined,
      onProgress: (p) => {
        const time = Date.now();
        if (time - lastEmit < PROGRESS_INTERVAL_MS && !p.final) return;
        lastEmit = time;
        emit({ type: 'progress', step: step.id, ...p });
      },
    });
  } catch (error) {
    if (opts.signal?.aborted) throw new Interrupted();
    throw error;
  }
}
