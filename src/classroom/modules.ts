// The teacher's module cache as a GOPROXY: $GOMODCACHE/cache/download is laid out in the GOPROXY protocol
// (<module>/@v/list, <version>.info, .mod, .zip), so its files are served as they are, read-only, under /mod/.
import { realpathSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';

/** The download cache for `--modules DIR`: DIR/cache/download (DIR = GOMODCACHE), or DIR itself when it is one. */
export function moduleCacheRoot(dir: string): string | null {
  for (const candidate of [join(dir, 'cache', 'download'), dir]) {
    try {
      if (statSync(candidate).isDirectory() && looksLikeDownloadCache(candidate)) return realpathSync(candidate);
    } catch {
      // not this one
    }
  }
  return null;
}

/** A download cache holds module folders with @v/ inside; an empty one is accepted too (nothing cached yet). */
function looksLikeDownloadCache(dir: string): boolean {
  return dir.endsWith(`${sep}download`) || dir.endsWith(`${sep}download${sep}`);
}

/** Only the files of the GOPROXY protocol; the cache's lock, ziphash and partial files are not served. */
const PROTOCOL_FILE = /\/@v\/(list|[^/]+\.(info|mod|zip))$/;

/**
 * Maps a request path below /mod/ to a file inside the cache, or null: a path that is not a protocol file,
 * that climbs out (`..`, encoded or not), or that resolves (through a symlink) outside the cache is refused.
 */
export function moduleFile(root: string, requestPath: string): string | null {
  let relative: string;
  try {
    relative = decodeURIComponent(requestPath);
  } catch {
    return null;
  }
  if (relative.includes('\0') || relative.includes('\\')) return null;
  const segments = relative.split('/');
  if (segments.some((segment) => segment === '..' || segment === '.' || segment === '')) return null;
  if (!PROTOCOL_FILE.test(`/${relative}`)) return null;
  const candidate = join(root, ...segments);
  try {
    const real = realpathSync(candidate);
    if (!real.startsWith(`${root}${sep}`) || !statSync(real).isFile()) return null;
    return real;
  } catch {
    return null;
  }
}
