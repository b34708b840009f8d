// The one release a classroom gets: resolved exactly as `install` would (flags, answers, mirror, index, or the
// teacher's --archive), then downloaded and verified once into the same cache `install` uses, or taken from it.
import { detectArch } from '../detect/arch.js';
import { UserError } from '../errors.js';
import { createHost } from '../host/host.js';
import { download, sha256File, type DownloadProgress } from '../net/download.js';
import { proxySettings } from '../net/proxy.js';
import { cachedArchivePath } from '../paths.js';
import { resolveTarballRelease, type PlanRequest } from '../plan/prepare.js';
import { redact } from '../redact.js';
import { EXIT, type Output, type ResolvedRelease } from '../types.js';

export interface VerifiedRelease {
  release: ResolvedRelease;
  /** The verified archive on disk (the cache, or the teacher's --archive). */
  path: string;
  size: number;
  fromCache: boolean;
}

/** What a classroom's release needs: the plan's request, the command's name (for messages) and where to say a failure. */
export interface ClassroomRequest extends PlanRequest {
  command: string;
  stderr: Output;
}

/** A failure after which nothing was changed: exit 1 with one line. */
export class ClassroomFailure extends Error {}

/** For `share` and `bundle`: a ClassroomFailure said on stderr in one line, with its exit code; null for any other error. */
export function classroomFailureExit(error: unknown, stderr: Output): number | null {
  if (!(error instanceof ClassroomFailure)) return null;
  stderr.write(`go-setup-wizard: ${redact(error.message)}\n`);
  return EXIT.failedUnchanged;
}

/** verifiedRelease, or the command's exit code: 130 when the signal stopped it, a ClassroomFailure's code otherwise. */
export async function verifiedReleaseOrExit(ctx: ClassroomRequest, opts: ReleaseOptions & { signal: AbortSignal }): Promise<VerifiedRelease | number> {
  try {
    return await verifiedRelease(ctx, opts);
  } catch (error) {
    if (opts.signal.aborted) return EXIT.interrupted;
    const code = classroomFailureExit(error, ctx.stderr);
    if (code === null) throw error;
    return code;
  }
}

type ReleaseOptions = { signal?: AbortSignal; onProgress?: (progress: DownloadProgress) => void };

export async function verifiedRelease(ctx: ClassroomRequest, opts: ReleaseOptions = {}): Promise<VerifiedRelease> {
  const { options, env, t } = ctx;
  if (options.method !== 'tarball') throw new UserError(t('classroom.error.method', { value: options.method, command: ctx.command }));
  const host = createHost({ sysroot: options.sysroot, env });
  const arch = await detectArch(host);
  const release = await resolveTarballRelease(ctx, host, arch);

  if (release.archivePath) {
    const actual = await sha256File(release.archivePath);
    if (actual !== release.sha256) {
      throw new ClassroomFailure(
        t('versions.download.checksum', { filename: release.filename, expected: release.sha256, actual, source: release.sha256Source }),
      );
    }
    return { release, path: release.archivePath, size: release.size, fromCache: false };
  }

  const result = await cachedDownload(ctx, { ...release, url: release.url, source: release.sha256Source }, opts);
  return { release, ...result };
}

/**
 * One archive of the release downloaded into the cache `install` uses and checked against its digest, or taken
 * from there; `share` gets each student's arch with it. A failure is a ClassroomFailure (nothing was changed).
 */
export async function cachedDownload(
  ctx: PlanRequest,
  archive: { url: string; sha256: string; size: number; source: string },
  opts: { signal?: AbortSignal; onProgress?: (progress: DownloadProgress) => void } = {},
): Promise<{ path: string; size: number; fromCache: boolean }> {
  const { options, env, t } = ctx;
  try {
    const result = await download({
      url: archive.url,
      sha256: archive.sha256,
      size: archive.size,
      dest: cachedArchivePath(ctx.paths, archive.sha256),
      proxy: proxySettings(options, env, t),
      signal: opts.signal,
      onProgress: opts.onProgress,
      sha256Source: archive.source,
      t,
    });
    return { path: result.path, size: result.bytes, fromCache: result.fromCache };
  } catch (error) {
    if (opts.signal?.aborted) throw error;
    throw new ClassroomFailure((error as Error).message);
  }
}
