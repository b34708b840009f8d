// What the plan reads of the machine's files while it builds its steps, in one place: every step builder asks here.
import { accessSync, constants, lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import type { PathState } from '../types.js';

/** A file's text; null when it is absent or unreadable. */
export function readTextOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** The canonical path (symlinks resolved); null when it leads nowhere. */
export function realpathOrNull(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}

/** Permission bits; null when absent. */
export function modeOrNull(path: string): number | null {
  try {
    return statSync(path).mode & 0o777;
  } catch {
    return null;
  }
}

export function isWritable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** The id of the filesystem holding an existing path (throws when it is absent). */
export function deviceOf(path: string): number {
  return statSync(path).dev;
}

/** What is at a path now, not following a final symlink. */
export function pathState(path: string): PathState {
  try {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return 'symlink';
    if (stat.isFile()) return 'file';
    if (stat.isDirectory()) return 'dir';
    return 'other';
  } catch {
    return 'absent';
  }
}
