// `rollback`: undo the last run (or a chosen one) from its journal — after a failure, a crash or `kill -9`,
// or long after a successful install (the uninstall). A run already rolled back has nothing left to do.
import { createTranslator } from '../i18n/index.js';
import { UserError } from '../errors.js';
import type { AppPaths, EventSink, Method, Scope, Translate } from '../types.js';
import { EXIT } from '../types.js';
import { Journal, listRunIds, type JournalRecord } from './journal.js';
import { isAlive } from './run-lock.js';
import { pendingUndo, undoJournal } from './undo.js';

export type RunStatus = 'installed' | 'rolled-back' | 'failed' | 'incomplete' | 'running';

export interface RunSummary {
  id: string;
  /** ISO date the run started. */
  date: string;
  status: RunStatus;
  version: string | null;
  /** The GOROOT it installed. */
  target: string;
  method: Method | null;
  scope: Scope | null;
  /** `prune` dropped this run's backups. */
  pruned: boolean;
}

export function runStatus(records: JournalRecord[]): RunStatus {
  const header = records.find((r) => r.type === 'run');
  const finals = records.filter((r) => r.type === 'final');
  const last = finals.at(-1);
  if (!last || last.type !== 'final') {
    const running = header?.type === 'run' && header.pid !== process.pid && isAlive({ pid: header.pid, start: header.pidStart ?? null });
    return running ? 'running' : 'incomplete';
  }
  if (last.status === 'installed') return 'installed';
  if (last.status === 'incomplete') return 'incomplete';
  // Rolled back: on request (uninstall) or because the install itself failed or was interrupted.
  return last.reason === 'request' ? 'rolled-back' : 'failed';
}

function summarise(paths: AppPaths, id: string): RunSummary {
  const records = Journal.open(paths, id).read();
  const header = records.find((r) => r.type === 'run');
  return {
    id,
    date: header?.type === 'run' ? header.createdAt : '',
    status: runStatus(records),
    version: header?.type === 'run' ? header.version : null,
    target: header?.type === 'run' ? header.goroot : '',
    method: header?.type === 'run' ? header.method : null,
    scope: header?.type === 'run' ? header.scope : null,
    pruned: records.some((r) => r.type === 'pruned'),
  };
}

/** Every run, oldest first. */
export function listRuns(paths: AppPaths): RunSummary[] {
  return listRunIds(paths)
    .map((id) => summarise(paths, id))
    .sort((a, b) => (a.date === b.date ? a.id.localeCompare(b.id) : a.date.localeCompare(b.date)));
}

/** Runs that stopped half-way (crash, `kill -9`, a rollback that could not finish): `rollback --run <id>` finishes them. */
export function incompleteRuns(paths: AppPaths): RunSummary[] {
  return listRuns(paths).filter((run) => run.status === 'incomplete');
}

export interface RollbackOptions {
  paths: AppPaths;
  runId?: string;
  onEvent: EventSink;
  t?: Translate;
}

export async function rollbackRun(opts: RollbackOptions): Promise<{ exitCode: number }> {
  const t = opts.t ?? createTranslator('en');
  const runs = listRuns(opts.paths);
  const run = opts.runId ? runs.find((r) => r.id === opts.runId) : runs.at(-1);
  if (opts.runId && !run) throw new UserError(t('engine.rollback.unknownRun', { runId: opts.runId }));
  const finish = (exitCode: number, message: string, runId: string | null) => {
    opts.onEvent({ type: 'done', ok: exitCode === EXIT.ok, exitCode, runId, backupBytes: 0, message });
    return { exitCode };
  };
  if (!run) return finish(EXIT.ok, t('engine.rollback.noRuns'), null);
  if (run.status === 'running') throw new UserError(t('engine.rollback.running', { runId: run.id }));

  const journal = Journal.open(opts.paths, run.id);
  if (pendingUndo(journal.read()).length === 0 && run.status !== 'incomplete') {
    return finish(EXIT.ok, t('engine.rollback.nothingToDo', { runId: run.id }), run.id);
  }
  const outcome = await undoJournal(journal, 'request', run.id, opts.onEvent, t);
  if (!outcome.complete) return finish(EXIT.failedIncomplete, t('engine.rollback.incomplete', { runId: run.id }), run.id);
  const message = outcome.lost.length
    ? t('engine.rollback.doneWithLoss', { runId: run.id, count: outcome.lost.length })
    : outcome.notes.length
      ? t('rollback.done.kept', { runId: run.id })
      : t('engine.rollback.done', { runId: run.id });
  return finish(EXIT.ok, message, run.id);
}
