// The effects the wizard needs, behind one small interface so tests can swap in fakes.
// The real implementation (real-services.ts) calls the detection, index, plan and engine modules.
import { execa } from 'execa';
import { open, stat, statfs } from 'node:fs/promises';
import { cachedArchivePath } from '../paths.js';
import { dirname } from 'node:path';
import type { AppPaths, Detection, EventSink, InstallOptions, LoadedIndex, Plan, PlanFormat, ResolvedRelease, Translate } from '../types.js';
import type { ExecuteResult } from '../engine/executor.js';
import { readAptCandidates, type AptCandidate } from '../apt/candidates.js';
import { commandQuery } from '../host/query.js';
import { rollbackRun, type RunSummary } from '../engine/rollback.js';
import { withRunLock } from '../engine/run-lock.js';
import { EXIT } from '../types.js';
import type { DiskView } from '../host/disk.js';
import type { DisplayFormat } from '../plan/render.js';

export type { ExecuteResult };
export type KeptDownload = 'verified' | 'partial' | null;

export interface WizardServices {
  detect(): Promise<Detection>;
  loadIndex(options: InstallOptions): Promise<LoadedIndex>;
  /** Throws a UserError (one line) when the spec cannot be installed for this arch. */
  resolve(index: LoadedIndex, options: InstallOptions, goArch: string): ResolvedRelease;
  aptCandidates(): Promise<AptCandidate[]>;
  /** Why snap cannot be used here (snapd not running …), or null when it can. */
  snapUnavailable(): Promise<string | null>;
  /** Free bytes on the filesystem that would hold `path` (null when unknown). */
  freeSpace(path: string): Promise<number | null>;
  /** `index` is the one already loaded, when there is one (else the plan loads it). */
  preparePlan(options: InstallOptions, known: { detection: Detection; index?: LoadedIndex }): Promise<Plan>;
  renderPlan(plan: Plan, format: DisplayFormat, t: Translate): string;
  /** The plan as a file to run (real proxy values, never the masked display copy): what "save" writes. */
  renderExport(plan: Plan, format: PlanFormat, t: Translate): Promise<string>;
  /** Whether that file holds a secret (a proxy password): it is then saved readable by its owner only. */
  exportHoldsSecret(plan: Plan, format: PlanFormat): boolean;
  renderRollbackScript(plan: Plan): string;
  /** `options` are the answers unredacted (the plan holds them redacted): the download needs the real proxy. */
  executePlan(plan: Plan, options: InstallOptions, onEvent: EventSink, signal: AbortSignal): Promise<ExecuteResult>;
  /** `go env GOROOT GOPATH GOPROXY` of the installed toolchain, as printed. */
  goEnv(plan: Plan): Promise<string>;
  /** What of the plan's download is in the cache now: the verified archive, a partial download, or nothing. */
  keptDownload(plan: Plan): Promise<KeptDownload>;
  /**
   * Writes a script into an existing folder (it never creates folders: a mistyped path must not make any), with
   * `mode` (also when the file was there before).
   */
  saveText(path: string, content: string, mode: number): Promise<void>;
  /** Runs left half-way (crash, kill -9), oldest first: the first screen offers to finish their rollback. */
  incompleteRuns(): RunSummary[];
  /**
   * Finishes the rollback of a run, holding the run lock like `rollback`: its exit code and summary line. `onEvent`
   * sees the rollback's events as it goes (the step being undone, a tree being removed).
   */
  rollBack(runId: string, onEvent?: EventSink): Promise<{ exitCode: number; message: string }>;
  paths: AppPaths;
  /** The machine's files as the plan reads them (the typed install location is checked against them). */
  disk: DiskView;
  /** The folder the wizard was started in: scripts are saved relative to it. */
  cwd: string;
}

/** What this release's apt would install, from the live package lists. */
export async function aptCandidates(env: NodeJS.ProcessEnv): Promise<AptCandidate[]> {
  const candidates = await readAptCandidates(commandQuery(env));
  if (!candidates) throw new Error('apt-cache policy failed');
  return candidates;
}

/** `rollback --run <id>` for the wizard: the engine's summary line, or the one-line reason it could not start. */
export async function rollBack(paths: AppPaths, runId: string, t: Translate, force = false, onEvent?: EventSink): Promise<{ exitCode: number; message: string }> {
  let message = '';
  try {
    const result = await withRunLock(paths, 'rollback', t, { force }, () =>
      rollbackRun({
        paths,
        runId,
        t,
        onEvent: (event) => {
          if (event.type === 'done') message = event.message;
          onEvent?.(event);
        },
      }),
    );
    return { exitCode: result.exitCode, message };
  } catch (error) {
    return { exitCode: EXIT.usage, message: (error as Error).message };
  }
}

/** Free space where `path` would be created: measured on its nearest existing ancestor. */
export async function freeSpace(path: string): Promise<number | null> {
  for (let dir = path; ; dir = dirname(dir)) {
    try {
      const stats = await statfs(dir);
      return stats.bavail * stats.bsize;
    } catch {
      if (dir === dirname(dir)) return null;
    }
  }
}

export async function goEnv(plan: Plan, env: NodeJS.ProcessEnv): Promise<string> {
  const result = await execa(`${plan.goroot}/bin/go`, ['env', 'GOROOT', 'GOPATH', 'GOPROXY'], { env, timeout: 10000 });
  return result.stdout;
}

/** Modes of a saved script: executable by its owner; readable by the owner only when it holds a secret. */
export const SCRIPT_MODE = 0o700;
export const SECRET_SCRIPT_MODE = 0o600;

export async function saveText(path: string, content: string, mode: number): Promise<void> {
  const file = await open(path, 'w', mode);
  try {
    // An existing file keeps its old mode on open: it is narrowed before the content (a secret) is written.
    await file.chmod(mode);
    await file.writeFile(content);
  } finally {
    await file.close();
  }
}

export async function keptDownload(plan: Plan): Promise<KeptDownload> {
  const sha256 = plan.release?.sha256;
  if (!sha256 || plan.release?.archivePath) return null;
  const archive = cachedArchivePath(plan.paths, sha256);
  const size = (path: string) => stat(path).then((s) => s.size, () => 0);
  if ((await size(archive)) > 0) return 'verified';
  return (await size(`${archive}.partial`)) > 0 ? 'partial' : null;
}
