// How a step is undone, derived from what it touches and what the plan saw there: the same rules the
// executor's journal applies (types.ts `Touch`), written as literal bash for the preview and the exported script.
// Backups are named `<stepIndex>-<touchIndex>` in $GSW_BACKUPS, as the executor names them in its run folder.
import { dirname } from 'node:path';
import { shQuote } from '../shell/quote.js';
import type { PathState, Touch } from '../types.js';
import type { DiskView } from '../host/disk.js';

/**
 * The state of the paths the plan touches as it will be when each step starts: what is on disk now, updated by
 * what earlier steps do (extract creates the staging dir that place later renames and removes …).
 */
export class PathStates {
  private readonly planned = new Map<string, PathState>();

  constructor(private readonly disk: DiskView) {}

  before(path: string): PathState {
    return this.planned.get(path) ?? this.disk.state(path);
  }

  exists(path: string): boolean {
    return this.before(path) !== 'absent';
  }

  /** Parent directories of `path` that will not exist when the step runs, outermost first. */
  missingParents(path: string): string[] {
    const missing: string[] = [];
    for (let dir = dirname(path); dir !== '/' && !this.exists(dir); dir = dirname(dir)) missing.unshift(dir);
    return missing;
  }

  /** Records what a step leaves at a path it does not list as touched (e.g. inside a directory it creates). */
  mark(path: string, state: PathState): void {
    this.planned.set(path, state);
  }

  /** Records the touch's state before the step and the state the step leaves at it (a move: at its `to`). */
  apply(touch: Touch, after: PathState): PlannedTouch {
    const seen: Touch = { ...touch, before: this.before(touch.path) };
    const createdDirs = this.missingParents(touch.kind === 'move' ? touch.to : touch.path);
    for (const dir of createdDirs) this.planned.set(dir, 'dir');
    if (touch.kind === 'move') {
      this.planned.set(touch.to, after);
      this.planned.set(touch.path, 'absent');
    } else {
      this.planned.set(touch.path, after);
    }
    return { touch: seen, createdDirs };
  }
}

export interface PlannedTouch {
  touch: Touch;
  /** Directories the step creates to hold the path, outermost first: removed on undo when empty. */
  createdDirs: string[];
}

export function backupName(stepIndex: number, touchIndex: number): string {
  return `${stepIndex}-${touchIndex}`;
}

/** The bash that puts one touched path back, then removes the directories the step created for it. */
function undoTouch({ touch, createdDirs }: PlannedTouch, name: string): string[] {
  const path = shQuote(touch.path);
  const lines: string[] = [];
  if (touch.kind === 'move') {
    const to = shQuote(touch.to);
    lines.push(`if [ -e ${to} ] && [ ! -e ${path} ]; then mv -T -- ${to} ${path}; fi`);
  } else if (touch.before === 'absent') {
    lines.push(`rm -rf -- ${path}`);
  } else if (touch.before === 'file') {
    // `cat >` writes the saved bytes back into the same inode (owner and links stay); the backup kept the mode.
    const backup = `"$GSW_BACKUPS"/${name}`;
    lines.push(`if [ -f ${backup} ]; then cat -- ${backup} > ${path}; chmod --reference=${backup} -- ${path}; fi`);
  } else if (touch.before === 'dir') {
    lines.push(`mkdir -p -- ${path}`);
  }
  for (const dir of [...createdDirs].reverse()) lines.push(`rmdir -- ${shQuote(dir)} 2>/dev/null || true`);
  return lines;
}

/** Undo for a step's touches: last touch first. */
export function undoScript(touches: PlannedTouch[], stepIndex: number): string {
  const lines = touches
    .map((touch, touchIndex) => undoTouch(touch, backupName(stepIndex, touchIndex)))
    .reverse()
    .flat();
  return lines.length ? lines.join('\n') : ':';
}
