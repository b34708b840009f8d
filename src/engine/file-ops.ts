// The few file operations the journal and rollback need, done either directly (our own files, or when we are
// root) or through `sudo -n` coreutils for root-owned paths when the wizard runs as a normal user.
import { execFileSync } from 'node:child_process';
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
import { dirname } from 'node:path';
import { isRoot } from '../privilege.js';

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
  rename(from: string, to: string): void;
  /** Removes an empty directory; a missing or non-empty one is left alone. */
  removeDirIfEmpty(path: string): void;
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
const sudoOps: FileOps = {
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
