// Assembling steps in order: each step's touches are checked against the state the earlier steps leave,
// and its undo is derived from them (undo.ts).
import type { DiskView } from '../host/disk.js';
import type { PathState, Step, Touch } from '../types.js';
import { PathStates, undoScript } from './undo.js';

export interface StepDraft extends Omit<Step, 'touches' | 'undo'> {
  /** Each touched path with the state the step leaves there (for a move: at its destination). */
  touches: { touch: Touch; after: PathState }[];
  /** Paths the step creates without listing them (inside a touched directory), for later steps' view. */
  creates?: { path: string; state: PathState }[];
  /** Undo that touches cannot express (package removal); runs before the touches are put back. */
  undoFirst?: string;
}

export class StepList {
  readonly steps: Step[] = [];
  readonly states: PathStates;

  constructor(disk: DiskView) {
    this.states = new PathStates(disk);
  }

  add(draft: StepDraft): void {
    const { touches, creates, undoFirst, ...rest } = draft;
    const index = this.steps.length;
    const planned = touches.map(({ touch, after }) => this.states.apply(touch, after));
    for (const { path, state } of creates ?? []) this.states.mark(path, state);
    const undo = [undoFirst, undoScript(planned, index)].filter((part) => part && part !== ':').join('\n') || ':';
    this.steps.push({ ...rest, touches: planned.map((p) => p.touch), undo });
  }
}
