// The few file operations the journal and rollback need, done either directly (our own files, or when we are
// root) or through `sudo -n` coreutils for root-owned paths when the wizard runs as a normal user.
import { execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  copyFileSync,
  fsyncSync,
  lchownSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  rmdirSync,
  symlinkSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { isRoot } from '../privilege.js';
import { countNewlines } from '../line-count.js';

export interface FileOps {
  /** Copies a regular file's bytes to `dest` (a path in our own state dir), durably, readable by us only (it may hold a token). */
  copyOut(path: string, dest: string): void;
  /** A regular file's bytes. */
  read(path: string): Buffer;
  /** Puts `source`'s bytes at `path` with the given mode and owner, atomically (temp file + rename). */
  restoreFile(source: string, path: string, mode: number, uid: number, gid: number): void;
  restoreSymlink(path: string, target: string, uid: number, gid: number): void;
  makeDir(path: string, mode: number, uid: number, gid: number): void;
  /** rm -rf; a path already gone is fine. */
  remove(path: string): void;
  /**
   * rm -rf of a directory tree, telling how many of its entries are gone as it goes (a Go tree is some 12,000), with
   * turns of the event loop in between so that a screen or a terminal line can show it.
   */
  removeTree(path: string, onProgress: TreeProgress): Promise<void>;
  rename(from: string, to: string): void;
  /** Removes an empty directory; a missing or non-empty one is left alone. */
  removeDirIfEmpty(path: string): void;
}

/** Entries of a tree removed so far, of `total` (the entries below the tree's root, counted before). */
export type TreeProgress = (removed: number, total: number) => void;

/** How often a tree's removal reports (and yields): every this many entries. */
const TREE_PROGRESS_EVERY = 200;

/** The number of entries below a directory (not following symbolic links); unreadable parts count as nothing. */
export function countEntries(path: string): number {
  let count = 0;
  const pending = [path];
  while (pending.length) {
    const dir = pending.pop()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    count += entries.length;
    for (const entry of entries) if (entry.isDirectory()) pending.push(join(dir, entry.name));
  }
  return count;
}

export function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
    throw error;
  }
}

/** Flushes a file or a directory (its entries) to the disk. */
export function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Where a restore prepares the old content before renaming it into place. */
export const restoreTemp = (path: string) => `${path}.gsw-restore`;

function chownIfNeeded(path: string, uid: number, gid: number): void {
  const stat = lstatSync(path);
  if (stat.uid !== uid || stat.gid !== gid) lchownSync(path, uid, gid);
}

/** Renames a prepared temp entry over `path`; on failure the temp entry goes, so nothing is left behind. */
function replaceWith(temp: string, path: string): void {
  try {
    if (lstatOrNull(path)?.isDirectory()) rmSync(path, { recursive: true, force: true });
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true, recursive: true });
    throw error;
  }
  fsyncPath(dirname(path));
}

const nativeOps: FileOps = {
  copyOut(path, dest) {
    const temp = `${dest}.tmp`;
    copyFileSync(path, temp);
    chmodSync(temp, 0o600);
    fsyncPath(temp);
    renameSync(temp, dest);
    fsyncPath(dirname(dest));
  },
  read(path) {
    return readFileSync(path);
  },
  restoreFile(source, path, mode, uid, gid) {
    const temp = restoreTemp(path);
    rmSync(temp, { force: true, recursive: true });
    copyFileSync(source, temp);
    chownIfNeeded(temp, uid, gid);
    chmodSync(temp, mode);
    fsyncPath(temp);
    replaceWith(temp, path);
  },
  restoreSymlink(path, target, uid, gid) {
    const temp = restoreTemp(path);
    rmSync(temp, { force: true, recursive: true });
    symlinkSync(target, temp);
    chownIfNeeded(temp, uid, gid);
    replaceWith(temp, path);
  },
  makeDir(path, mode, uid, gid) {
    mkdirSync(path, { mode });
    chownIfNeeded(path, uid, gid);
    chmodSync(path, mode);
  },
  remove(path) {
    rmSync(path, { recursive: true, force: true });
    fsyncPath(dirname(path));
  },
  async removeTree(path, onProgress) {
    const total = countEntries(path);
    let removed = 0;
    // Depth first, each directory after its entries; what is left (an entry that could not go) fails in rmSync below.
    const removeBelow = async (dir: string): Promise<void> => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const child = join(dir, entry.name);
        if (entry.isDirectory()) {
          await removeBelow(child);
          rmdirSync(child);
        } else rmSync(child, { force: true });
        if (++removed % TREE_PROGRESS_EVERY === 0) {
          onProgress(removed, total);
          await nextTurn();
        }
      }
    };
    if (lstatOrNull(path)?.isDirectory()) await removeBelow(path);
    rmSync(path, { recursive: true, force: true });
    onProgress(total, total);
    fsyncPath(dirname(path));
  },
  rename(from, to) {
    renameSync(from, to);
    fsyncPath(dirname(to));
  },
  removeDirIfEmpty(path) {
    const stat = lstatOrNull(path);
    if (!stat?.isDirectory() || readdirSync(path).length > 0) return;
    rmdirSync(path);
  },
};

function sudo(args: string[]): Buffer {
  return execFileSync('sudo', ['-n', '--', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Root-owned paths as a normal user: the same operations as coreutils commands under `sudo -n`. */
export const sudoOps: FileOps = {
  copyOut(path, dest) {
    const temp = `${dest}.tmp`;
    rmSync(temp, { force: true }); // a temp left by a crash would keep its old mode
    writeFileSync(temp, sudo(['cat', '--', path]), { mode: 0o600 });
    fsyncPath(temp);
    renameSync(temp, dest);
    fsyncPath(dirname(dest));
  },
  read(path) {
    return sudo(['cat', '--', path]);
  },
  restoreFile(source, path, mode, uid, gid) {
    const temp = restoreTemp(path);
    sudo(['rm', '-rf', '--', temp]);
    sudo(['cp', '--', source, temp]);
    sudo(['chown', '-h', `${uid}:${gid}`, '--', temp]);
    sudo(['chmod', mode.toString(8), '--', temp]);
    sudo(['sync', '--', temp]);
    sudo(['mv', '-fT', '--', temp, path]);
    sudo(['sync', '--', dirname(path)]);
  },
  restoreSymlink(path, target, uid, gid) {
    const temp = restoreTemp(path);
    sudo(['rm', '-rf', '--', temp]);
    sudo(['ln', '-s', '--', target, temp]);
    sudo(['chown', '-h', `${uid}:${gid}`, '--', temp]);
    sudo(['mv', '-fT', '--', temp, path]);
  },
  makeDir(path, mode, uid, gid) {
    sudo(['mkdir', '-m', mode.toString(8), '--', path]);
    sudo(['chown', `${uid}:${gid}`, '--', path]);
  },
  remove(path) {
    sudo(['rm', '-rf', '--', path]);
  },
  removeTree(path, onProgress) {
    // rm -v names each entry it removed on a line of its own (the tree's root last): counting them is the progress.
    const total = countEntries(path);
    return new Promise((resolve, reject) => {
      const rm = spawn('sudo', ['-n', '--', 'rm', '-rfv', '--', path], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
      let removed = 0;
      let reported = 0;
      let stderr = '';
      rm.stdout.on('data', (chunk: Buffer) => {
        removed += countNewlines(chunk);
        if (removed - reported >= TREE_PROGRESS_EVERY) {
          reported = removed;
          onProgress(Math.min(removed, total), total);
        }
      });
      rm.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      rm.on('error', reject);
      rm.on('close', (code) => {
        if (code !== 0) return reject(new Error(`sudo rm -rf ${path}: ${stderr.trim() || `exit ${code}`}`));
        onProgress(total, total);
        resolve();
      });
    });
  },
  rename(from, to) {
    sudo(['mv', '-T', '--', from, to]);
  },
  removeDirIfEmpty(path) {
    const stat = lstatOrNull(path);
    if (!stat?.isDirectory() || readdirSync(path).length > 0) return;
    sudo(['rmdir', '--', path]);
  },
};

/** Direct operations unless the path is root's and we are not root. */
export function fileOpsFor(root: boolean): FileOps {
  return root && !isRoot() ? sudoOps : nativeOps;
}
