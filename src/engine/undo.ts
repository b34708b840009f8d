// Walking a journal backwards: undo every begun step that is not undone yet, newest first, and record it.
// Shared by the executor (failure, Ctrl-C) and `rollback` (after a crash, or as the uninstall).
import { spawnSync } from 'node:child_process';
import type { EventSink, Translate } from '../types.js';
import { type Journal, type JournalRecord, type PackageRecord, type RollbackReason, type TouchRecord, now } from './journal.js';
import { interruptedAptAdded, readAptAdded, removeAptAdded, type AddedPackage } from './apt.js';
import { undoTouches, type UndoProblem } from './touches.js';
import { isRoot } from '../privilege.js';

export interface PendingStep {
  step: string;
  title: string;
  touches: TouchRecord[];
  packages?: PackageRecord;
  /** What an apt step recorded it added (journal), when it got that far. */
  aptAdded?: AddedPackage[];
}

/** Begun steps not yet undone, in the order they must be undone (newest first). */
export function pendingUndo(records: JournalRecord[]): PendingStep[] {
  const header = records.find((r) => r.type === 'run');
  const titles = new Map(header?.type === 'run' ? header.steps.map((s) => [s.id, s.title]) : []);
  const undone = new Set(records.flatMap((r) => (r.type === 'undone' ? [r.step] : [])));
  const aptAdded = new Map(records.flatMap((r) => (r.type === 'packages-added' ? [[r.step, r.added] as const] : [])));
  return records
    .flatMap((r) =>
      r.type === 'begin' && !undone.has(r.step)
        ? [{ step: r.step, title: titles.get(r.step) ?? r.step, touches: r.touches, packages: r.packages, aptAdded: aptAdded.get(r.step) }]
        : [],
    )
    .reverse();
}

/**
 * Removes the packages a step installed. Idempotent: removing a package that is not (or no longer) installed
 * succeeds with apt, and snap says so and exits 0.
 */
function removePackages(pending: PendingStep, backupsDir: string, notes: string[]): UndoProblem[] {
  const { packages } = pending;
  if (packages?.manager === 'apt' && packages.aptRecord) {
    // Exactly what apt added: from the journal, else the step's own record, else (cut short) what it announced.
    const added =
      pending.aptAdded ?? readAptAdded(backupsDir, packages.aptRecord) ?? interruptedAptAdded(backupsDir, packages.aptRecord);
    const removal = removeAptAdded(added);
    notes.push(...removal.kept);
    return removal.problems.map((message) => ({ message, lost: false }));
  }
  if (!packages?.names.length) return [];
  const command =
    packages.manager === 'apt' ? ['apt-get', 'remove', '-y', '--', ...packages.names] : ['snap', 'remove', ...packages.names];
  const argv = isRoot() ? command : ['sudo', '-n', '--', ...command];
  const result = spawnSync(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (result.status === 0) return [];
  const detail = String(result.stderr ?? '').trim().split('\n').at(-1) ?? '';
  return [{ message: `${argv.join(' ')}: ${detail || `exit status ${result.status}`}`, lost: false }];
}

export interface UndoOutcome {
  complete: boolean;
  /** Problems that leave the rollback incomplete (a later `rollback` retries them). */
  problems: string[];
  /** What cannot come back because `prune` dropped its backup (expected after a prune). */
  lost: string[];
}

export function undoJournal(journal: Journal, reason: RollbackReason, runId: string, onEvent: EventSink, t: Translate): UndoOutcome {
  const records = journal.read();
  const pruned = records.some((r) => r.type === 'pruned');
  onEvent({ type: 'rollback-start', runId, reason: t(`engine.reason.${reason}`) });
  journal.append({ type: 'rollback-start', reason, at: now() });
  const problems: string[] = [];
  const lost: string[] = [];
  for (const pending of pendingUndo(records)) {
    const kept: string[] = [];
    const found: UndoProblem[] = [...removePackages(pending, journal.backupsDir, kept), ...undoTouches(pending.touches, journal.backupsDir, journal.paths)];
    for (const what of kept) onEvent({ type: 'log', step: pending.step, stream: 'info', line: t('apt.undo.kept', { what }) });
    const blocking = found.filter((p) => !(p.lost && pruned));
    for (const p of found) (blocking.includes(p) ? problems : lost).push(p.message);
    if (blocking.length === 0) {
      journal.append({ type: 'undone', step: pending.step, at: now() });
      onEvent({ type: 'log', step: pending.step, stream: 'info', line: t('engine.undone', { title: pending.title }) });
    } else {
      journal.append({ type: 'undo-failed', step: pending.step, problems: blocking.map((p) => p.message), at: now() });
    }
  }
  for (const message of lost) onEvent({ type: 'log', stream: 'info', line: t('engine.lostAfterPrune', { what: message }) });
  const complete = problems.length === 0;
  journal.append({ type: 'final', status: complete ? 'rolled-back' : 'incomplete', reason, problems, at: now() });
  onEvent({ type: 'rollback-done', runId, complete, problems });
  return { complete, problems, lost };
}
