// Rollback long after the run, when the user has changed things since (the three-way rollback). When a step
// finishes, what it left is recorded (a copy and digest of each file, the manifest of the Go tree it placed); on
// rollback that is compared with what is there now:
// - a file still exactly as the run left it is restored byte for byte (touches.ts, as for any undo);
// - a file the user changed since keeps the user's edits and loses only the run's own change: for Go's env file the
//   keys the run set, else the reverse of the run's own diff, else its marked block; when none of that applies, the
//   user's version is kept aside as `<file>.gsw-kept-<runId>` and the file as it was before the run comes back;
// - entries the user added to (or changed in) the Go tree the run placed move to `<goroot>.gsw-kept-<runId>`
//   before the tree goes: never deleted.
// Every case is idempotent: a rollback cut short and run again converges (a merge is journaled before it is written).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { closeSync, fsyncSync, lstatSync, openSync, readFileSync, readdirSync, readlinkSync, renameSync, rmSync, writeSync, type Stats } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzip } from 'node:zlib';
import { applyPatch, structuredPatch } from 'diff';
import { parseGoEnv } from '../plan/environment.js';
import { revertBlock } from '../shell/profiles.js';
import { fileOpsFor, fsyncPath, lstatOrNull } from './file-ops.js';
import type { AfterState, JournalRecord, TouchRecord } from './journal.js';

/** The step that writes Go's env file (`go env -w`): its revert unsets only the keys the run set. */
const GO_ENV_STEP = 'go-env';

// Compressed on libuv's threads: the proof runs meanwhile.
const gzipAsync = promisify(gzip);
const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** Where the user's own entries (a changed file, what was added to the Go tree) are kept by a rollback. */
export const keptPath = (path: string, runId: string) => `${path}.gsw-kept-${runId}`;

function writeDurably(path: string, bytes: Buffer): void {
  const temp = `${path}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  fsyncPath(dirname(path));
}

// ---- What a step left (recorded before its `done` record)

type Entry = ['d', string] | ['f', string, number, number] | ['l', string, string] | ['o', string];

/**
 * One tree entry. Files by size and mtime: tar gives every file the archive's mtime, so an edit shows as a new
 * size or mtime — hashing the ~12,000 files of a Go tree instead would add seconds to every install.
 */
function entryOf(path: string, rel: string, stat: Stats): Entry {
  if (stat.isDirectory()) return ['d', rel];
  if (stat.isFile()) return ['f', rel, stat.size, Math.floor(stat.mtimeMs)];
  if (stat.isSymbolicLink()) return ['l', rel, readlinkSync(path)];
  return ['o', rel];
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Every entry under `dir`, one JSON line each, depth first in name order. */
function* treeLines(dir: string, prefix: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort(byName)) {
    const path = join(dir, entry.name);
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      yield JSON.stringify(['d', rel]);
      yield* treeLines(path, rel);
    } else yield JSON.stringify(entryOf(path, rel, lstatSync(path)));
  }
}

/** How long the manifest reads before it lets the event loop run: the later steps' output keeps flowing meanwhile. */
const MANIFEST_SLICE_MS = 8;

/** The manifest read by this process: every entry under `root` by readdir and lstat, in slices (the reference). */
export async function walkManifest(root: string): Promise<string> {
  const lines: string[] = [];
  let yieldAt = performance.now() + MANIFEST_SLICE_MS;
  for (const line of treeLines(root, '')) {
    lines.push(line);
    if (performance.now() < yieldAt) continue;
    await new Promise((resolve) => setImmediate(resolve));
    yieldAt = performance.now() + MANIFEST_SLICE_MS;
  }
  return lines.join('\n');
}

/** find's fields per entry, each ended by a NUL: type, size, mtime (seconds.nanoseconds), path below the root, link target. */
const FIND_FORMAT = '%y\\0%s\\0%T@\\0%P\\0%l\\0';
const FIND_FIELDS = 5;
/** A Go tree's listing is ~1 MB: anything far larger is not one, and is read by walkManifest instead. */
const FIND_MAX_BYTES = 64 << 20;
/** `%T@` as GNU find prints it: whole seconds, then the nanoseconds (and a padding digit). */
const FIND_MTIME = /^(\d+)\.(\d{9})\d*$/;

/**
 * A manifest read by find is kept as find printed it, behind this line: turning ~13,000 entries into JSON lines took
 * 150–210 ms of this thread (a cold parse: most of it allocation and garbage collection) while the proof's hello
 * world compiles on the same cores, and only a rollback ever reads them (manifestEntries).
 */
const FIND_MANIFEST_HEADER = 'gsw-find-printf-v1\n';

/**
 * The tree by `find -printf` (~80 ms of find's CPU, where lstat from JavaScript costs 150–320 ms of this thread).
 * Null when find's answer cannot give exactly walkManifest's entries (find failed, a name that is not UTF-8, a time
 * before 1970): the caller then walks the tree itself.
 */
export async function findManifest(root: string): Promise<string | null> {
  const output = await new Promise<Buffer | null>((resolve) => {
    execFile('find', [root, '-mindepth', '1', '-printf', FIND_FORMAT], { encoding: 'buffer', maxBuffer: FIND_MAX_BYTES, env: { PATH: process.env.PATH, LC_ALL: 'C' } }, (error, stdout) =>
      resolve(error ? null : stdout),
    );
  });
  // readdir would give U+FFFD for such a name too, and lstat would then miss the file: the walk says what happens.
  if (!output || !isUtf8(output)) return null;
  const text = FIND_MANIFEST_HEADER + output.toString('utf8');
  // A field that starts with '-' may be a time before 1970, which the entries cannot hold: read them now to know.
  if (output.includes('\0-') && !findEntries(text)) return null;
  return text;
}

/** find's fields as the walk's lines, by path; null when they do not read as find prints them. */
function findEntries(text: string): Map<string, string> | null {
  const fields = text.slice(FIND_MANIFEST_HEADER.length).split('\0');
  if (fields.pop() !== '' || fields.length % FIND_FIELDS !== 0) return null;
  const entries = new Map<string, string>();
  for (let i = 0; i < fields.length; i += FIND_FIELDS) {
    const [type, size, mtime, rel, target] = fields.slice(i, i + FIND_FIELDS) as [string, string, string, string, string];
    let entry: Entry;
    if (type === 'd') entry = ['d', rel];
    else if (type === 'f') {
      const time = FIND_MTIME.exec(mtime);
      if (!time) return null;
      // As Node's Stats computes mtimeMs from the timespec, then entryOf's floor.
      entry = ['f', rel, Number(size), Math.floor(Number(time[1]) * 1e3 + Number(time[2]) / 1e6)];
    } else if (type === 'l') entry = ['l', rel, target];
    else entry = ['o', rel];
    entries.set(rel, JSON.stringify(entry));
  }
  return entries;
}

/** A manifest's entries, each as its JSON line (walkManifest's form), by path below the tree; null if unreadable. */
export function manifestEntries(text: string): Map<string, string> | null {
  if (text.startsWith(FIND_MANIFEST_HEADER)) return findEntries(text);
  try {
    return new Map(text.split('\n').filter(Boolean).map((line) => [(JSON.parse(line) as Entry)[1], line]));
  } catch {
    return null;
  }
}

/**
 * Every entry under `root` (what rollback compares against): read by find while the executor goes on with the later
 * steps, walked by this process when find cannot say.
 */
export async function treeManifest(root: string): Promise<string> {
  return (await findManifest(root)) ?? walkManifest(root);
}

/** The touch of a finished step that placed the Go tree at `goroot` (its index), or -1. */
export function placedTree(records: TouchRecord[], goroot: string): number {
  return records.findIndex(({ touch }) => touch.kind === 'move' && touch.to === goroot && Boolean(lstatOrNull(touch.to)?.isDirectory()));
}

/**
 * The manifest of the Go tree a step placed (touch `touchIndex` of step `stepIndex`), kept in backups/. `staged`: the
 * same tree's manifest read before the move, at its source (a rename changes no entry below the tree's root).
 */
export async function captureTree(records: TouchRecord[], stepIndex: number, touchIndex: number, backupsDir: string, staged?: Promise<string | null>): Promise<AfterState> {
  const touch = records[touchIndex]!.touch;
  if (touch.kind !== 'move') throw new Error(`touch ${touchIndex} of step ${stepIndex} placed no tree`);
  const text = (await staged) ?? (await treeManifest(touch.to));
  const manifest = `${stepIndex}-${touchIndex}.tree.gz`;
  writeDurably(join(backupsDir, manifest), await gzipAsync(text));
  return { kind: 'tree', manifest, sha256: sha256(text) };
}

/** What each touch of a finished step left at its files (a placed Go tree is recorded apart: captureTree). */
export function captureAfter(records: TouchRecord[], stepIndex: number, backupsDir: string): (AfterState | null)[] {
  return records.map(({ touch }, touchIndex) => {
    if (touch.kind === 'move' || !lstatOrNull(touch.path)?.isFile()) return null;
    const copy = `${stepIndex}-${touchIndex}.after`;
    fileOpsFor(touch.root).copyOut(touch.path, join(backupsDir, copy));
    const bytes = readFileSync(join(backupsDir, copy));
    return { kind: 'file', sha256: sha256(bytes), size: bytes.length, copy };
  });
}

/** Names in backups/ that rollback needs to tell the user's changes from the run's: `prune` keeps them. */
export const isAfterRecord = (name: string) => name.endsWith('.after') || name.endsWith('.tree.gz');

// ---- The Go tree: what the user added or changed in it

function readManifest(backupsDir: string, after: Extract<AfterState, { kind: 'tree' }>): Map<string, string> | null {
  try {
    const text = gunzipSync(readFileSync(join(backupsDir, after.manifest))).toString('utf8');
    if (sha256(text) !== after.sha256) return null;
    return manifestEntries(text);
  } catch {
    return null;
  }
}

/** Entries of the tree that are not as the run placed them (topmost only: an added directory counts once). */
function userEntries(root: string, known: Map<string, string>): string[] {
  const found: string[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const rel = prefix ? `${prefix}/${name}` : name;
      const stat = lstatSync(path);
      const recorded = known.get(rel);
      const line = JSON.stringify(entryOf(path, rel, stat));
      if (recorded === line && stat.isDirectory()) walk(path, rel);
      else if (recorded !== line) found.push(rel);
    }
  };
  walk(root, '');
  return found;
}

export interface TreeVerdict {
  /** Where the tree is now. */
  tree: string;
  /** Entries (relative to the tree) the user added or changed. */
  entries: string[];
  kept: string;
  /** No readable manifest: the tree cannot be compared (kept whole is not possible; it goes as before). */
  unknown: boolean;
}

/** What the user put into (or changed in) the Go tree the run placed at `tree`. */
export function treeVerdict(tree: string, after: Extract<AfterState, { kind: 'tree' }>, backupsDir: string, runId: string): TreeVerdict | null {
  if (!lstatOrNull(tree)?.isDirectory()) return null;
  const known = readManifest(backupsDir, after);
  const kept = keptPath(tree, runId);
  return known ? { tree, entries: userEntries(tree, known), kept, unknown: false } : { tree, entries: [], kept, unknown: true };
}

/** Moves each entry into the kept tree at the same relative path (its directories made with the tree's modes). */
export function keepTreeEntries(verdict: TreeVerdict, root: boolean): void {
  const ops = fileOpsFor(root);
  const ensureDir = (rel: string) => {
    const dest = rel ? join(verdict.kept, rel) : verdict.kept;
    if (lstatOrNull(dest)) return;
    if (rel) ensureDir(rel.includes('/') ? dirname(rel) : '');
    const source = lstatSync(rel ? join(verdict.tree, rel) : verdict.tree);
    ops.makeDir(dest, source.mode & 0o7777, source.uid, source.gid);
  };
  for (const rel of verdict.entries) {
    const from = join(verdict.tree, rel);
    if (!lstatOrNull(from)) continue;
    ensureDir(rel.includes('/') ? dirname(rel) : '');
    ops.rename(from, freeName(join(verdict.kept, rel)));
  }
}

/** `path`, or `path.1`, `path.2` … when something is there already. */
function freeName(path: string): string {
  if (!lstatOrNull(path)) return path;
  for (let n = 1; ; n++) if (!lstatOrNull(`${path}.${n}`)) return `${path}.${n}`;
}

// ---- Files the user changed since the run

export type FileVerdict =
  /** As the run left it (or as before the run, or gone): the ordinary undo restores it byte for byte. */
  | { kind: 'restore' }
  /** An earlier rollback already wrote the merge that is there now. */
  | { kind: 'merged' }
  /** Changed since: the user's edits stay, only the run's own change goes (`keys`: the Go settings put back). */
  | { kind: 'revert'; content: Buffer; keys: string[] | null }
  /** Changed since, and the run's change cannot be picked out: the user's version is kept at `kept`. */
  | { kind: 'keep-aside'; kept: string };

/** The Go env file with the keys the run set (and the user did not change since) put back as they were. */
function revertKeys(current: string, before: string, after: string): { content: string; keys: string[] } {
  const was = parseGoEnv(before);
  const set = parseGoEnv(after);
  const changed = new Set([...set].filter(([key, value]) => was.get(key) !== value).map(([key]) => key));
  const reverted = new Set<string>();
  const lines = current.split('\n').flatMap((line) => {
    const eq = line.indexOf('=');
    const key = eq > 0 ? line.slice(0, eq).trim() : '';
    if (!changed.has(key) || line.slice(eq + 1) !== set.get(key)) return [line];
    reverted.add(key);
    return was.has(key) ? [`${key}=${was.get(key)}`] : [];
  });
  return { content: lines.join('\n'), keys: [...reverted] };
}

/** The user's text with only the run's own change reverted, or null when it cannot be picked out. */
function revertOwn(step: string, current: string, before: string, after: string | null): { content: string; keys: string[] | null } | null {
  if (step === GO_ENV_STEP && after !== null) return revertKeys(current, before, after);
  if (after !== null) {
    // The run's diff backwards, matched by context wherever the user's edits moved it (then by its lines alone).
    for (const context of [4, 0]) {
      const reverted = applyPatch(current, structuredPatch('', '', after, before, '', '', { context }));
      if (reverted !== false) return { content: reverted, keys: null };
    }
  }
  const block = revertBlock(current, before);
  return block === null ? null : { content: block, keys: null };
}

function readOrNull(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch {
    return null;
  }
}

/** How a file touch is undone, given what the step left there and what is there now. Reads only. */
export function fileVerdict(
  record: TouchRecord,
  after: Extract<AfterState, { kind: 'file' }>,
  ctx: { step: string; runId: string; backupsDir: string; merged: ReadonlySet<string> },
): FileVerdict {
  const { touch, pre } = record;
  const now = lstatOrNull(touch.path);
  if (!now?.isFile() || (pre.kind !== 'file' && pre.kind !== 'absent')) return { kind: 'restore' };
  const current = fileOpsFor(touch.root).read(touch.path);
  const digest = sha256(current);
  if (digest === after.sha256) return { kind: 'restore' };
  const before = pre.kind === 'absent' ? Buffer.alloc(0) : readOrNull(join(ctx.backupsDir, pre.backup));
  // Already as before the run (restored before a crash), or its backup was pruned: the ordinary undo says so.
  if (before === null || (pre.kind === 'file' && before.equals(current))) return { kind: 'restore' };
  if (ctx.merged.has(mergeKey(ctx.step, touch.path, digest))) return { kind: 'merged' };
  const afterText = readOrNull(join(ctx.backupsDir, after.copy))?.toString('utf8') ?? null;
  const reverted = revertOwn(ctx.step, current.toString('utf8'), before.toString('utf8'), afterText);
  if (reverted === null) return { kind: 'keep-aside', kept: keptPath(touch.path, ctx.runId) };
  // Nothing of the user's is left once the run's change goes, in a file the run created: it goes as usual.
  if (reverted.content === '' && pre.kind === 'absent') return { kind: 'restore' };
  return { kind: 'revert', content: Buffer.from(reverted.content, 'utf8'), keys: reverted.keys };
}

const mergeKey = (step: string, path: string, digest: string) => `${step}\0${path}\0${digest}`;

/** The merges a rollback of this run has journaled (written, or about to be), per step. */
export function journaledMerges(records: JournalRecord[]): Set<string> {
  return new Set(records.flatMap((r) => (r.type === 'merged' ? [mergeKey(r.step, r.path, r.sha256)] : [])));
}

/** Writes a merge in place (keeping the file's mode and owner), journaled first through `onMerged`. */
export function writeMerge(record: TouchRecord, content: Buffer, backupsDir: string, onMerged: (path: string, sha256: string) => void): void {
  const { path, root } = record.touch;
  const now = lstatSync(path);
  onMerged(path, sha256(content));
  const source = join(backupsDir, 'merge.tmp');
  writeDurably(source, content);
  try {
    fileOpsFor(root).restoreFile(source, path, now.mode & 0o7777, now.uid, now.gid);
  } finally {
    rmSync(source, { force: true });
  }
}

/** Moves the user's version of a file aside (the ordinary undo then restores the file as before the run). */
export function keepFileAside(record: TouchRecord, kept: string): string {
  const dest = freeName(kept);
  fileOpsFor(record.touch.root).rename(record.touch.path, dest);
  return dest;
}

