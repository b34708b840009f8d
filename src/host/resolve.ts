// Resolving a path as if a directory were `/`, written once for the Host's asynchronous reads and the plan's
// synchronous view (disk.ts): the walk yields each on-disk path it needs to know about and is told what is there.
import { join, posix } from 'node:path';

/** A symlink's target; null when the path is not a symlink; undefined when it does not exist. */
export type LinkAnswer = string | null | undefined;

const MAX_SYMLINKS = 40;

/**
 * Walks `virtualPath` under `root`: yields the on-disk path of each component in turn and expects its link answer
 * back; every symlink (absolute or relative, in any component) is followed without ever leaving `root`. Returns
 * the resolved virtual path (starting with '/').
 */
export function* resolving(root: string, virtualPath: string): Generator<string, string, LinkAnswer> {
  let pending = posix.normalize(virtualPath).split('/').filter(Boolean);
  let resolved: string[] = [];
  let hops = 0;
  while (pending.length > 0) {
    const part = pending.shift()!;
    if (part === '.') continue;
    if (part === '..') {
      resolved.pop();
      continue;
    }
    const candidate = [...resolved, part];
    const target = yield join(root, ...candidate);
    if (target === undefined) {
      // Missing: the rest cannot be symlinks either; keep the path as written.
      resolved = [...candidate, ...pending];
      break;
    }
    if (target === null) {
      resolved = candidate;
      continue;
    }
    if (++hops > MAX_SYMLINKS) throw new Error(`too many symbolic links: ${virtualPath}`);
    if (target.startsWith('/')) resolved = [];
    pending = [...target.split('/').filter(Boolean), ...pending];
  }
  return posix.normalize('/' + resolved.join('/'));
}
