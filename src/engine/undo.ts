// Walking a journal backwards: undo every begun step that is not undone yet, newest first, and record it.
// Shared by the executor (failure, Ctrl-C) and `rollback` (after a crash, or as the uninstall).
import { spawnSync } from 'node:child_process';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { EventSink, Translate } from '../types.js';
import { type AfterState, type Journal, type JournalRecord, type PackageRecord, type RemovalRecord, type RemovedPackage, type RollbackReason, type TouchRecord, now } from './journal.js';
import {
  interruptedAptAdded,
  interruptedAptRemoved,
  readAptAdded,
  readAptRemoved,
  reinstallAptRemoved,
  reinstallSnap,
  removeAptAdded,
  type AddedPackage,
} from './apt.js';
import { lstatOrNull } from './file-ops.js';
import { fileVerdict, journaledMerges, treeVerdict } from './three-way.js';
import { undoTouches, type UndoNote, type UndoProblem } from './touches.js';
import { isRoot } from '../privilege.js';

export interface PendingStep {
  step: string;
  title: string;
  touches: TouchRecord[];
  packages?: PackageRecord;
  /** What an apt step recorded it added (journal), when it got that far. */
  aptAdded?: AddedPackage[];
  /** What the step left at each touch, when it finished (its done and after records): the three-way rollback compares it. */
  after?: (AfterState | null)[];
  /** Another Go's packages the step removed (reinstalled on undo). */
  removes?: RemovalRecord;
  /** What an apt removal step recorded it removed (journal), when it got that far. */
  aptRemoved?: RemovedPackage[];
}

/** Begun steps not yet undone, in the order they must be undone (newest first). */
export function pendingUndo(records: JournalRecord[]): PendingStep[] {
  const header = records.find((r) => r.type === 'run');
  const titles = new Map(header?.type === 'run' ? header.steps.map((s) => [s.id, s.title]) : []);
  const undone = new Set(records.flatMap((r) => (r.type === 'undone' ? [r.step] : [])));
  const aptAdded = new Map(records.flatMap((r) => (r.type === 'packages-added' ? [[r.step, r.added] as const] : [])));
  const after = new Map<string, (AfterState | null)[]>(records.flatMap((r) => (r.type === 'done' && r.after ? [[r.step, r.after] as const] : [])));
  for (const r of records) {
    if (r.type !== 'after') continue;
    const states = [...(after.get(r.step) ?? [])];
    states[r.touch] = r.after;
    after.set(r.step, states);
  }
  const aptRemoved = new Map(records.flatMap((r) => (r.type === 'packages-removed' ? [[r.step, r.removed] as const] : [])));
  return records
    .flatMap((r) =>
      r.type === 'begin' && !undone.has(r.step)
        ? [
            {
              step: r.step,
              title: titles.get(r.step) ?? r.step,
              touches: r.touches,
              packages: r.packages,
              aptAdded: aptAdded.get(r.step),
              after: after.get(r.step),
              removes: r.removes,
              aptRemoved: aptRemoved.get(r.step),
            },
          ]
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

/** Puts back another Go's packages a step removed: exactly the recorded apt set, or the snap from its channel. */
function reinstallRemoved(pending: PendingStep, backupsDir: string): UndoProblem[] {
  const { removes } = pending;
  if (!removes) return [];
  if (removes.manager === 'snap') return reinstallSnap(removes.channel).map((message) => ({ message, lost: false }));
  if (!removes.record) return [];
  const removed = pending.aptRemoved ?? readAptRemoved(backupsDir, removes.record) ?? interruptedAptRemoved(backupsDir, removes.record, removes.packages);
  return reinstallAptRemoved(removed, backupsDir, removes.record).map((message) => ({ message, lost: false }));
}

export interface UndoOutcome {
  complete: boolean;
  /** Problems that leave the rollback incomplete (a later `rollback` retries them). */
  problems: string[];
  /** What cannot come back because `prune` dropped its backup (expected after a prune). */
  lost: string[];
  /** Where the user's changes since the run were kept (three-way rollback). */
  notes: UndoNote[];
}

/** The log line for what a rollback kept of the user's. */
export function describeNote(note: UndoNote, t: Translate): string {
  switch (note.kind) {
    case 'kept-edits':
      return note.keys?.length
        ? t('rollback.kept.keys', { path: note.path, keys: note.keys.join(', ') })
        : t('rollback.kept.edits', { path: note.path });
    case 'kept-aside':
      return t('rollback.kept.aside', { path: note.path, kept: note.kept });
    case 'kept-tree':
      return t('rollback.kept.tree', { path: note.path, kept: note.kept, count: note.count });
  }
}

/**
 * Undoes the run's pending steps, newest first. Each step is announced like an install step (`step-start`, between
 * `rollback-start` and `rollback-done`, titled "Undo: …") and the event loop gets a turn before it is undone, so a screen or a terminal line shows how far the rollback is; the journal is written
 * exactly as when this ran in one go (each step's `undone` only after its undo), so a crash in between is the same.
 */
export async function undoJournal(journal: Journal, reason: RollbackReason, runId: string, onEvent: EventSink, t: Translate): Promise<UndoOutcome> {
  const records = journal.read();
  const pruned = records.some((r) => r.type === 'pruned');
  onEvent({ type: 'rollback-start', runId, reason: t(`engine.reason.${reason}`) });
  journal.append({ type: 'rollback-start', reason, at: now() });
  const problems: string[] = [];
  const lost: string[] = [];
  const notes: UndoNote[] = [];
  const merged = journaledMerges(records);
  const steps = pendingUndo(records);
  for (const [index, pending] of steps.entries()) {
    onEvent({ type: 'step-start', step: pending.step, title: t('progress.rollback.title', { title: pending.title }), index, count: steps.length });
    await nextTurn();
    const kept: string[] = [];
    const threeWay = pending.after && {
      step: pending.step,
      runId,
      after: pending.after,
      merged,
      onMerged: (path: string, sha256: string) => journal.append({ type: 'merged', step: pending.step, path, sha256, at: now() }),
      note: (note: UndoNote) => {
        notes.push(note);
        onEvent({ type: 'log', step: pending.step, stream: 'info', line: describeNote(note, t) });
      },
    };
    const found: UndoProblem[] = [
      ...removePackages(pending, journal.backupsDir, kept),
      ...reinstallRemoved(pending, journal.backupsDir),
      ...(await undoTouches(pending.touches, journal.backupsDir, journal.paths, threeWay, (path, removed, total) =>
        onEvent({ type: 'removing', step: pending.step, path, removed, total }),
      )),
    ];
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
  return { complete, problems, lost, notes };
}

/** One line of the rollback preview: what will happen at a path, and which of the three cases applies. */
export type UndoPreview =
  | { kind: 'restore' | 'remove' | 'remove-tree'; path: string }
  | { kind: 'put-back'; path: string; from: string }
  | { kind: 'kept-edits'; path: string; keys: string[] | null }
  | { kind: 'kept-aside'; path: string; kept: string }
  | { kind: 'kept-tree'; path: string; kept: string; count: number };

function previewTouch(record: TouchRecord, after: AfterState | null | undefined, ctx: { step: string; runId: string; backupsDir: string; merged: ReadonlySet<string> }): UndoPreview | null {
  const { touch, pre } = record;
  if (touch.kind === 'move') {
    if (!lstatOrNull(touch.to)) return null;
    if (after?.kind !== 'tree') return { kind: 'put-back', path: touch.path, from: touch.to };
    const verdict = treeVerdict(touch.to, after, ctx.backupsDir, ctx.runId);
    return verdict?.entries.length
      ? { kind: 'kept-tree', path: touch.to, kept: verdict.kept, count: verdict.entries.length }
      : { kind: 'remove-tree', path: touch.to };
  }
  const now = lstatOrNull(touch.path);
  if (after?.kind === 'file') {
    const verdict = fileVerdict(record, after, ctx);
    if (verdict.kind === 'merged') return { kind: 'kept-edits', path: touch.path, keys: null };
    if (verdict.kind === 'revert') return { kind: 'kept-edits', path: touch.path, keys: verdict.keys };
    if (verdict.kind === 'keep-aside') return { kind: 'kept-aside', path: touch.path, kept: verdict.kept };
  }
  if (pre.kind === 'absent') return now ? { kind: 'remove', path: touch.path } : null;
  return pre.kind === 'file' || pre.kind === 'symlink' ? { kind: 'restore', path: touch.path } : null;
}

/** What `rollback` would do to each path, read without changing anything (newest step first, each path once). */
export function previewUndo(journal: Journal, runId: string): UndoPreview[] {
  const records = journal.read();
  const merged = journaledMerges(records);
  const seen = new Set<string>();
  const items: UndoPreview[] = [];
  for (const pending of pendingUndo(records)) {
    const ctx = { step: pending.step, runId, backupsDir: journal.backupsDir, merged };
    for (const [index, record] of [...pending.touches.entries()].reverse()) {
      const item = previewTouch(record, pending.after?.[index], ctx);
      if (!item || seen.has(item.path)) continue;
      seen.add(item.path);
      items.push(item);
    }
  }
  return items;
}

export function describePreview(item: UndoPreview, t: Translate): string {
  switch (item.kind) {
    case 'restore':
    case 'remove':
    case 'remove-tree':
      return t(`rollback.preview.${item.kind}`, { path: item.path });
    case 'put-back':
      return t('rollback.preview.put-back', { path: item.path, from: item.from });
    case 'kept-edits':
      return item.keys?.length
        ? t('rollback.preview.kept-keys', { path: item.path, keys: item.keys.join(', ') })
        : t('rollback.preview.kept-edits', { path: item.path });
    case 'kept-aside':
      return t('rollback.preview.kept-aside', { path: item.path, kept: item.kept });
    case 'kept-tree':
      return t('rollback.preview.kept-tree', { path: item.path, kept: item.kept, count: item.count });
  }
}
