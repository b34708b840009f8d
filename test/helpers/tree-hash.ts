// A full description of a directory tree (type, mode, owner, link target, content digest of every entry)
// and a readable diff between two descriptions: the yardstick for "rollback restores byte for byte".
import { createHash } from 'node:crypto';
import { lstatSync, readFileSync, readdirSync, readlinkSync, existsSync, type Stats } from 'node:fs';
import { join } from 'node:path';

export type EntryType = 'file' | 'dir' | 'symlink' | 'other';

export interface TreeEntry {
  /** Relative to the described root; '.' is the root itself. */
  path: string;
  type: EntryType;
  /** Permission bits (including setuid/setgid/sticky), e.g. 0o644. */
  mode: number;
  uid: number;
  gid: number;
  /** Symlinks only. */
  target?: string;
  /** Regular files only. */
  size?: number;
  sha256?: string;
}

/** Entries sorted by path. An absent root gives an empty list (so "absent before, absent after" compares equal). */
export type TreeDescription = TreeEntry[];

export interface DescribeOptions {
  /** Leave out an entry (and, for a directory, everything below it). Receives the relative path. */
  exclude?: (relativePath: string) => boolean;
  /** Rewrite file contents and link targets before hashing, e.g. to replace one HOME prefix by a placeholder. */
  normalise?: (content: Buffer, relativePath: string) => Buffer;
}

function typeOf(stat: Stats): EntryType {
  if (stat.isSymbolicLink()) return 'symlink';
  if (stat.isFile()) return 'file';
  if (stat.isDirectory()) return 'dir';
  return 'other';
}

export function describeTree(root: string, options: DescribeOptions = {}): TreeDescription {
  const entries: TreeEntry[] = [];
  if (!existsSync(root) && !isDanglingLink(root)) return entries;
  const visit = (relativePath: string) => {
    if (relativePath !== '.' && options.exclude?.(relativePath)) return;
    const absolute = relativePath === '.' ? root : join(root, relativePath);
    const stat = lstatSync(absolute);
    const entry: TreeEntry = { path: relativePath, type: typeOf(stat), mode: stat.mode & 0o7777, uid: stat.uid, gid: stat.gid };
    if (entry.type === 'symlink') {
      const target = readlinkSync(absolute);
      entry.target = options.normalise ? options.normalise(Buffer.from(target), relativePath).toString() : target;
    } else if (entry.type === 'file') {
      let content: Buffer = readFileSync(absolute);
      if (options.normalise) content = options.normalise(content, relativePath);
      entry.size = content.length;
      entry.sha256 = createHash('sha256').update(content).digest('hex');
    }
    entries.push(entry);
    if (entry.type === 'dir') {
      for (const name of readdirSync(absolute).sort()) visit(relativePath === '.' ? name : `${relativePath}/${name}`);
    }
  };
  visit('.');
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function isDanglingLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** One digest for a whole description (handy in logs; use diffTrees to see what differs). */
export function treeDigest(tree: TreeDescription): string {
  return createHash('sha256').update(JSON.stringify(tree)).digest('hex');
}

function describeEntry(entry: TreeEntry): string {
  const detail = entry.type === 'symlink' ? ` -> ${entry.target}` : entry.type === 'file' ? ` ${entry.size}B` : '';
  return `${entry.type} ${entry.mode.toString(8).padStart(4, '0')} ${entry.uid}:${entry.gid}${detail}`;
}

function changes(before: TreeEntry, after: TreeEntry): string[] {
  const out: string[] = [];
  if (before.type !== after.type) return [`type ${before.type} → ${after.type}`];
  if (before.mode !== after.mode) out.push(`mode ${before.mode.toString(8)} → ${after.mode.toString(8)}`);
  if (before.uid !== after.uid || before.gid !== after.gid) out.push(`owner ${before.uid}:${before.gid} → ${after.uid}:${after.gid}`);
  if (before.target !== after.target) out.push(`target ${before.target} → ${after.target}`);
  if (before.sha256 !== after.sha256) out.push(`content (${before.size}B → ${after.size}B)`);
  return out;
}

/**
 * Readable differences, one line each: `+ path (…)` only after, `- path (…)` only before,
 * `~ path: mode 644 → 600, content (…)` changed. Empty when the trees are identical.
 * Long runs under one new or removed directory are listed in full; callers may truncate for display.
 */
export function diffTrees(before: TreeDescription, after: TreeDescription): string[] {
  const beforeByPath = new Map(before.map((e) => [e.path, e]));
  const afterByPath = new Map(after.map((e) => [e.path, e]));
  const paths = [...new Set([...beforeByPath.keys(), ...afterByPath.keys()])].sort();
  const lines: string[] = [];
  for (const path of paths) {
    const b = beforeByPath.get(path);
    const a = afterByPath.get(path);
    if (b && !a) lines.push(`- ${path} (${describeEntry(b)})`);
    else if (!b && a) lines.push(`+ ${path} (${describeEntry(a)})`);
    else if (a && b) {
      const changed = changes(b, a);
      if (changed.length) lines.push(`~ ${path}: ${changed.join(', ')}`);
    }
  }
  return lines;
}

/** Throws with the first differences listed when the trees are not identical. */
export function assertSameTree(before: TreeDescription, after: TreeDescription, label = 'tree'): void {
  const lines = diffTrees(before, after);
  if (lines.length === 0) return;
  const shown = lines.slice(0, 40).join('\n  ');
  const more = lines.length > 40 ? `\n  … and ${lines.length - 40} more` : '';
  throw new Error(`${label} differs (${lines.length} entries):\n  ${shown}${more}`);
}
