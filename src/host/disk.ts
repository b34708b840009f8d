// The machine's files as the plan reads them while it builds its steps: a synchronous, read-only view that every
// Host provides (`host.disk`) over the same files as its asynchronous reads. The step builders stay synchronous
// functions of what they are given, and a plan built from a fixture Host reads the fixture, not this machine.
import { accessSync, constants, lstatSync, readdirSync, readFileSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { PathState } from '../types.js';
import { resolving, type LinkAnswer } from './resolve.js';

export interface DiskEntry {
  kind: 'file' | 'dir' | 'other';
  size: number;
  /** Permission bits (0o777). */
  mode: number;
  /** The id of the filesystem holding it. */
  device: number;
}

export interface DiskView {
  /** What is at a path now, not following a final symlink. */
  state(path: string): PathState;
  /** What a path leads to (symlinks followed); null when it leads nowhere. */
  stat(path: string): DiskEntry | null;
  /** A file's text; null when it is absent or unreadable. */
  readText(path: string): string | null;
  /** The canonical path (symlinks resolved); null when it leads nowhere. */
  realpath(path: string): string | null;
  /** A symlink's target as written; null when the path is not a symlink. */
  readlink(path: string): string | null;
  /** Whether this process may write the file. */
  writable(path: string): boolean;
  /** Entry names, sorted; null when not a readable directory. */
  list(path: string): string[] | null;
}

function orNull<T>(read: () => T): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}

function linkAnswer(file: string): LinkAnswer {
  try {
    return lstatSync(file).isSymbolicLink() ? readlinkSync(file) : null;
  } catch {
    return undefined;
  }
}

function resolveUnderSync(root: string, virtualPath: string): string {
  const walk = resolving(root, virtualPath);
  for (let step = walk.next(); ; ) {
    if (step.done) return step.value;
    step = walk.next(linkAnswer(step.value));
  }
}

/** The view of the files under `root` ('/' for this machine): absolute paths are read as if `root` were `/`. */
export function diskView(root: string): DiskView {
  const local = root === '/';
  /** Where a path (every symlink followed) lives on disk; null when resolving it fails (a loop). */
  const followed = (path: string) => (local ? path : orNull(() => join(root, resolveUnderSync(root, path))));
  /** Where a path lives on disk with its last component left as it is (lstat, readlink). */
  const unfollowed = (path: string) => {
    if (local) return path;
    const parent = followed(dirname(path));
    return parent === null ? null : join(parent, basename(path));
  };
  const at = <T>(file: string | null, read: (file: string) => T): T | null => (file === null ? null : orNull(() => read(file)));

  return {
    state(path) {
      const info = at(unfollowed(path), (file) => lstatSync(file));
      if (!info) return 'absent';
      if (info.isSymbolicLink()) return 'symlink';
      if (info.isFile()) return 'file';
      if (info.isDirectory()) return 'dir';
      return 'other';
    },
    stat(path) {
      const info = at(followed(path), (file) => statSync(file));
      if (!info) return null;
      return { kind: info.isFile() ? 'file' : info.isDirectory() ? 'dir' : 'other', size: info.size, mode: info.mode & 0o777, device: info.dev };
    },
    readText: (path) => at(followed(path), (file) => readFileSync(file, 'utf8')),
    realpath(path) {
      if (local) return orNull(() => realpathSync.native(path));
      const virtual = orNull(() => resolveUnderSync(root, path));
      return virtual !== null && at(join(root, virtual), (file) => statSync(file)) ? virtual : null;
    },
    readlink: (path) => at(unfollowed(path), (file) => readlinkSync(file)),
    writable: (path) =>
      at(followed(path), (file) => {
        accessSync(file, constants.W_OK);
        return true;
      }) ?? false,
    list: (path) => at(followed(path), (file) => readdirSync(file).sort()),
  };
}

/** This machine's files. */
export const localDisk: DiskView = diskView('/');

/** A machine with nothing on it: the exports, which run on hosts this one never sees, are rendered against it. */
export const blankDisk: DiskView = {
  state: () => 'absent',
  stat: () => null,
  readText: () => null,
  realpath: () => null,
  readlink: () => null,
  writable: () => false,
  list: () => null,
};
