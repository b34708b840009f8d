// What buildPlan is given (BuildInput) and what its step builders share while they add steps (PlanContext).
import type { DiskView } from '../host/disk.js';
import type { CommandQuery } from '../host/query.js';
import type { AppPaths, Detection, PlanConflict, Release, ResolvedRelease, RunOptions, Scope, ShellName, Translate } from '../types.js';
import type { StepList } from './steps.js';

export interface BuildInput {
  /** The install options; in the step builders (PlanContext), the run options (proxies.ts: runOptions). */
  options: RunOptions;
  detection: Detection;
  /** The release the tarball method installs; null for apt and snap. */
  release: ResolvedRelease | null;
  paths: AppPaths;
  env: NodeJS.ProcessEnv;
  runId: string;
  t: Translate;
  createdAt?: string;
  /** Runs apt-cache / snap at plan time; tests pass a fake for snap, which cannot run here. */
  query?: CommandQuery;
  /** Internal: this is the blank-machine plan the exports are made from (portable.ts); it gets none of its own. */
  portable?: boolean;
  /**
   * The plan is only carried out, and shown as text or JSON, never exported (`install`): the blank-machine plan the
   * exports are made from is not built.
   */
  noExport?: boolean;
  /** The releases of the index, when loaded: apt plans compare the package's Go with the supported releases. */
  releases?: Release[];
  /** `use`: make this installed Go the default — no install steps, the environment pointed at its GOROOT. */
  use?: { goroot: string; version: string };
  /** The machine's files, as the Host the plan is made for reads them (`host.disk`): every builder reads here. */
  disk: DiskView;
}

/** Everything the step builders share. */
export interface PlanContext extends BuildInput {
  scope: Scope;
  home: string;
  goroot: string;
  gopath: string;
  shells: ShellName[];
  steps: StepList;
  warnings: string[];
  /** Startup-file lines that override this setup (set once they are found). */
  conflicts?: PlanConflict[];
  /** Files an earlier step rewrites, with the content it leaves: later steps edit (and diff) that content. */
  edited: Map<string, string>;
}
