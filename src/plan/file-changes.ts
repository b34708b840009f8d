// The bash of a step whose changes to files the plan holds as data (Step.changes): what the preview shows, what sudo
// and the exported script run, and what the executor does itself when no sudo is needed (engine/native-steps.ts).
import { blockEditScript, literalTextDirective } from '../shell/profiles.js';
import { shQuote } from '../shell/quote.js';
import type { FileChange, Step } from '../types.js';

function changeScript(change: FileChange): string[] {
  switch (change.kind) {
    case 'mkdir':
      return [`[ -d ${shQuote(change.path)} ] || mkdir -p -- ${shQuote(change.path)}`];
    case 'write': {
      const file = shQuote(change.path);
      const privately = change.secret ? [`(umask 077 && : >> ${file})`, `chmod 600 -- ${file}`] : [];
      return [...privately, ...literalTextDirective(change.content), `printf '%s' ${shQuote(change.content)} > ${file}`];
    }
    case 'append-block':
      return [blockEditScript(change.path, change.block, { kind: 'append', separator: change.separator })];
    case 'replace-block':
      return [blockEditScript(change.path, change.block, { kind: 'replace' })];
    case 'rename':
      return [`mv -T -- ${shQuote(change.from)} ${shQuote(change.to)}`];
    case 'rmdir':
      return [`rmdir -- ${shQuote(change.path)}`];
  }
}

/** The bash making `changes`, in order (run under `set -euo pipefail`). */
export function changesScript(changes: FileChange[]): string {
  return changes.flatMap(changeScript).join('\n');
}

/** A step's `run` written from `changes`, and `native` when the wizard makes them itself (they need no sudo). */
export function fileChangesStep(changes: FileChange[], sudo: boolean): Pick<Step, 'run' | 'changes' | 'native'> {
  return { run: changesScript(changes), changes, ...(sudo ? {} : { native: 'file-changes' as const }) };
}
