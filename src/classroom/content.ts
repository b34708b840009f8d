// What a classroom is handed, as data: the one-release index (go.dev JSON format, official digest), the answers
// file that pins the release to the teacher's copy, and the GOPROXY that puts the teacher's module cache first.
// Pure: no I/O, so `share` and `bundle` write exactly what the tests check.
import { GOPROXY_VALUES, goproxyValue, MAINLAND_MIRRORS } from '../presets.js';
import { PINNED_DIGESTS_KEY } from '../options/answers.js';
import { redact } from '../redact.js';
import type { InstallOptionKey, InstallOptions, LinuxArchive, Release, ResolvedRelease } from '../types.js';

/** The Go arch in an official archive name: go1.27.1.linux-amd64.tar.gz → amd64. */
export function archOfFilename(filename: string): string {
  const arch = /\.linux-([a-z0-9]+)\.tar\.gz$/.exec(filename)?.[1];
  if (!arch) throw new Error(`${filename} is not an official linux archive name`);
  return arch;
}

/**
 * The archives a classroom gets: every Linux arch of the release the official index has a digest for (a student's
 * laptop may be arm64 where the teacher's is amd64), the teacher's own first; only that one for a local --archive.
 */
export function servedArchives(release: ResolvedRelease): LinuxArchive[] {
  const own: LinuxArchive = { arch: archOfFilename(release.filename), filename: release.filename, sha256: release.sha256, size: release.size };
  if (release.archivePath) return [own];
  return [own, ...(release.archives ?? []).filter((a) => a.filename !== release.filename)];
}

/** The index a student's install reads: just this release, every served arch with the digest of the official index. */
export function classroomIndex(archives: readonly LinuxArchive[], version: string): Release[] {
  return [
    {
      version,
      stable: true,
      files: archives.map((a) => ({ filename: a.filename, os: 'linux', arch: a.arch, version, sha256: a.sha256, size: a.size, kind: 'archive' })),
    },
  ];
}

/**
 * The students' GOPROXY when the teacher serves modules: the teacher's cache first, then the teacher's --goproxy
 * choice (or goproxy.cn after a mainland mirror, else proxy.golang.org). A comma falls through on 404/410 only,
 * which is what the teacher's cache answers for a module it does not hold.
 */
export function classroomGoproxy(modulesUrl: string, options: Pick<InstallOptions, 'goproxy' | 'mirror'>): string {
  const fallback = goproxyValue(options.goproxy) ?? (MAINLAND_MIRRORS.includes(options.mirror) ? GOPROXY_VALUES['goproxy.cn'] : GOPROXY_VALUES.official);
  const rest = fallback.split(',').filter((entry) => entry !== modulesUrl);
  return [modulesUrl, ...rest].join(',');
}

/**
 * Teacher's choices passed on to every student as they are. Not passed: where the teacher downloads from and
 * through which proxy (the students download from the teacher), the teacher's own paths and --sysroot.
 */
const PASSED_ON: readonly InstallOptionKey[] = ['scope', 'goproxy', 'gosumdb', 'goprivate', 'shells', 'lang'];

export interface AnswersInput {
  release: ResolvedRelease;
  options: InstallOptions;
  explicit: readonly InstallOptionKey[];
  /** `share`: where students download from: the teacher's base URL (ending in /) and index. */
  served?: { mirror: string; indexUrl: string; goproxy?: string };
  /** `bundle`: the archive's file name, next to the answers file. */
  archive?: string;
}

/**
 * The answers file a student's install reads: the exact version and its official digest, where to get the
 * archive, and the teacher's settings. Scope defaults to `user`: a classroom install must not need sudo.
 */
export function classroomAnswers(input: AnswersInput): Record<string, unknown> {
  const { release, options, explicit } = input;
  const answers: Record<string, unknown> = {
    method: 'tarball',
    goVersion: release.version.replace(/^go/, ''),
  };
  // A bundle's archive is the one file; a share serves every arch, each student's digest picked by file name.
  if (input.archive) answers.sha256 = release.sha256;
  if (input.served) {
    answers.mirror = input.served.mirror;
    answers.indexUrl = input.served.indexUrl;
  }
  if (input.archive) answers.archive = input.archive;
  for (const key of PASSED_ON) {
    if (explicit.includes(key) && options[key] !== undefined) answers[key] = options[key];
  }
  answers.scope ??= 'user';
  if (input.served?.goproxy) answers.goproxy = input.served.goproxy;
  // Where each digest came from, for the student's preview: the source the teacher's copy was checked against.
  const pinned = input.archive ? [{ filename: release.filename, sha256: release.sha256 }] : servedArchives(release);
  answers[PINNED_DIGESTS_KEY] = { source: redact(release.sha256Source), files: Object.fromEntries(pinned.map((a) => [a.filename, a.sha256])) };
  return answers;
}

/** The one line a student types. */
export function studentCommand(answersUrl: string): string {
  return `npx go-setup-wizard --config ${answersUrl}`;
}
