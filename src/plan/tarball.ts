// The tarball method's steps: check-space, download | verify-archive, extract (into a staging dir beside the
// target, proven with its own `go version`), move-aside (never untar over an existing tree), place.
import { dirname, join } from 'node:path';
import { shQuote } from '../shell/quote.js';
import type { ResolvedRelease, SpaceCheck } from '../types.js';
import type { PlanContext } from './context.js';
import type { DiskView } from '../host/disk.js';
import { cachedArchivePath } from '../paths.js';
import { SEGMENT_CONNECTIONS, SEGMENTED_MIN_BYTES } from '../net/connections.js';
import { fileChangesStep } from './file-changes.js';

/** An unpacked Go tree takes about 3.5 times its archive. */
const UNPACKED_FACTOR = 3.5;
/** Recent linux archives weigh 65–80 MB; assumed when the index gives no size (the snapshot has none). */
const ASSUMED_ARCHIVE_BYTES = 80 * 1024 * 1024;

function archiveBytes(release: ResolvedRelease): number {
  return release.size > 0 ? release.size : ASSUMED_ARCHIVE_BYTES;
}

/** The Go version a tree holds, from its VERSION file (first line), or null. */
export function installedVersion(goroot: string, disk: DiskView): string | null {
  return disk.readText(join(goroot, 'VERSION'))?.split('\n')[0]!.trim() || null;
}

function nearestExisting(ctx: PlanContext, path: string): string {
  let dir = path;
  while (dir !== '/' && !ctx.steps.states.exists(dir)) dir = dirname(dir);
  return dir;
}

/** MiB, rounded up, as the plan's text and the check's messages give sizes. */
const mib = (bytes: number) => Math.ceil(bytes / 1024 / 1024);

interface SpaceNeed {
  dir: string;
  /** Bytes for the unpacked tree. */
  unpacked: number;
  /** Bytes for the archive in the cache, and as much again for the side file of a segmented download. */
  archive: number;
  ahead: number;
}

/**
 * What the install needs free, per filesystem: the unpacked tree beside the target, and — when the archive is
 * downloaded into the cache — the archive and, when what is left of it is large enough to be fetched over several
 * connections, as much again for the segments fetched ahead (`<archive>.partial.ahead`). The cache and the target
 * may be on one filesystem or two.
 */
function spaceNeeds(ctx: PlanContext, release: ResolvedRelease, cacheFile: string | null): SpaceNeed[] {
  const needs = new Map<number | string, SpaceNeed>();
  const need = (path: string, add: Omit<SpaceNeed, 'dir'>) => {
    const dir = nearestExisting(ctx, path);
    // A dangling link in the way: a filesystem of its own, which `df` then reports on.
    const dev = ctx.disk.stat(dir)?.device ?? dir;
    const entry = needs.get(dev) ?? { dir, unpacked: 0, archive: 0, ahead: 0 };
    entry.unpacked += add.unpacked;
    entry.archive += add.archive;
    entry.ahead += add.ahead;
    needs.set(dev, entry);
  };
  const bytes = archiveBytes(release);
  need(dirname(ctx.goroot), { unpacked: Math.ceil(bytes * UNPACKED_FACTOR), archive: 0, ahead: 0 });
  if (cacheFile) need(dirname(cacheFile), { unpacked: 0, archive: bytes, ahead: bytes >= SEGMENTED_MIN_BYTES ? bytes : 0 });
  return [...needs.values()];
}

/** The check as data: the executor performs it with statfs, the exported script with `df` (spaceScript). */
function spaceCheck(needs: SpaceNeed[], release: ResolvedRelease, cacheFile: string | null): SpaceCheck {
  return {
    ...(cacheFile ? { cache: { file: cacheFile, archiveBytes: archiveBytes(release), segmentedMinBytes: SEGMENTED_MIN_BYTES } } : {}),
    places: needs.map(({ dir, unpacked, archive }) => ({ dir, kib: Math.ceil(unpacked / 1024), withCache: archive > 0 })),
  };
}

/**
 * One `df` test per filesystem. The cache's share is worked out when the step runs: nothing once the verified archive
 * is there, else what is left after the partial download, and as much again when that is still fetched over several
 * connections.
 */
function spaceScript({ cache, places }: SpaceCheck): string {
  const lines: string[] = [];
  if (cache) {
    const partial = shQuote(`${cache.file}.partial`);
    lines.push(
      `if [ -f ${shQuote(cache.file)} ]; then`,
      '  gsw_cache_bytes=0',
      'else',
      `  gsw_cache_bytes=${cache.archiveBytes}`,
      `  if [ -f ${partial} ]; then gsw_cache_bytes=$(( gsw_cache_bytes - $(stat -c %s -- ${partial}) )); fi`,
      `  if [ "$gsw_cache_bytes" -ge ${cache.segmentedMinBytes} ]; then gsw_cache_bytes=$((gsw_cache_bytes * 2)); fi`,
      'fi',
    );
  }
  for (const { dir, kib, withCache } of places) {
    const quoted = shQuote(dir);
    lines.push(
      withCache ? `gsw_need_kib=$(( ${kib} + (gsw_cache_bytes + 1023) / 1024 ))` : `gsw_need_kib=${kib}`,
      // df's last line, its fourth field, read by bash itself (no awk process: each one costs milliseconds).
      `gsw_df=$(df -Pk -- ${quoted})`,
      `read -r _ _ _ gsw_free_kib _ <<< "\${gsw_df##*$'\\n'}"`,
      'if [ "$gsw_free_kib" -lt "$gsw_need_kib" ]; then',
      `  printf 'not enough free space in %s: %s MiB needed, %s MiB free\\n' ${quoted} "$(( (gsw_need_kib + 1023) / 1024 ))" "$((gsw_free_kib / 1024))" >&2`,
      '  exit 1',
      'fi',
    );
  }
  return lines.join('\n');
}

/** The step's why: each filesystem with the figure checked there and what it is for. */
function spaceWhy(ctx: PlanContext, needs: SpaceNeed[]): string {
  const { t } = ctx;
  const places = needs.map(({ dir, unpacked, archive, ahead }) => {
    const parts = [
      unpacked ? t('network.space.unpacked', { mib: mib(unpacked) }) : '',
      archive ? t('network.space.archive', { mib: mib(archive) }) : '',
      ahead ? t('network.space.ahead', { mib: mib(ahead) }) : '',
    ].filter(Boolean);
    return t('network.space.place', { mib: mib(unpacked) + mib(archive) + mib(ahead), dir, parts: parts.join(', ') });
  });
  const cached = needs.some((n) => n.archive) ? ` ${t('network.space.cached')}` : '';
  return `${t('network.space.why', { places: places.join('; ') })}${cached}`;
}

/** The staging directory beside the target (same filesystem) into which the archive is unpacked. */
export function stagingDir(goroot: string, runId: string): string {
  return join(dirname(goroot), `.go-setup-wizard-staging-${runId}`);
}

/**
 * The bash equivalent of the native download: the archive streams at once into the cache file, sha256sum and
 * `tar -xz` in the staging directory (curl … | tee >(sha256sum) | tar -xz). A verified archive in the cache is
 * unpacked the same way. A dropped or stalled transfer (under 1 KiB/s for a minute) is retried: the cache file
 * resumes where it stopped and the unpack restarts from its first byte. Nothing is used unless the digest matches.
 */
function downloadScript(release: ResolvedRelease, cacheDir: string, cacheFile: string, staging: string, system: boolean): string {
  const file = shQuote(cacheFile);
  const partial = shQuote(`${cacheFile}.partial`);
  const digest = shQuote(`${cacheFile}.digest`);
  const url = shQuote(release.url);
  const dir = shQuote(staging);
  return [
    `gsw_sha256=${release.sha256}`,
    `mkdir -p -- ${shQuote(cacheDir)}`,
    system ? 'gsw_root=(); if [ "$(id -u)" != 0 ]; then gsw_root=(sudo --); fi' : 'gsw_root=()',
    '# Reads the archive on stdin into sha256sum (digest file) and tar (a fresh staging directory) at once.',
    'gsw_hash_unpack() {',
    `  rm -f -- ${digest}`,
    `  "\${gsw_root[@]}" rm -rf -- ${dir}`,
    `  "\${gsw_root[@]}" mkdir -p -- ${dir}`,
    `  tee >(sha256sum > ${digest}) | "\${gsw_root[@]}" tar -xzf - -C ${dir} --no-same-owner`,
    '}',
    '# Gives up: removes the unpacked tree, the digest and an empty partial file (a partial with bytes is kept to resume).',
    'gsw_give_up() {',
    `  "\${gsw_root[@]}" rm -rf -- ${dir}`,
    `  rm -f -- ${digest}`,
    `  [ -s ${partial} ] || rm -f -- ${partial}`,
    `  printf '%s\\n' "$1" >&2`,
    '  exit 1',
    '}',
    '# The digest of what went through gsw_hash_unpack (sha256sum finishes a moment after tar).',
    'gsw_digest() {',
    '  local i',
    `  for i in $(seq 100); do [ -s ${digest} ] && break; sleep 0.05; done`,
    `  cut -d ' ' -f 1 ${digest} 2>/dev/null || echo none`,
    '}',
    '# The whole archive on stdout: the part already in the cache, then the rest from the network (appended to it).',
    'gsw_fetch() {',
    '  local offset=0',
    `  if [ -f ${partial} ]; then offset=$(stat -c %s -- ${partial}); cat -- ${partial}; fi`,
    '  if command -v curl >/dev/null 2>&1; then',
    `    curl -fsSL --retry 3 --retry-delay 2 --connect-timeout 30 --speed-limit 1024 --speed-time 60 -C "$offset" ${url}`,
    '  else',
    `    wget -q -O - --timeout=60 --start-pos="$offset" ${url}`,
    `  fi | tee -a -- ${partial}`,
    '}',
    'gsw_done=0',
    `if [ -f ${file} ]; then`,
    '  set +e',
    `  gsw_hash_unpack < ${file}`,
    '  gsw_unpacked=$?',
    '  set -e',
    '  if [ "$(gsw_digest)" = "$gsw_sha256" ] && [ "$gsw_unpacked" = 0 ]; then',
    `    echo 'unpacked the verified archive from the cache'`,
    '    gsw_done=1',
    '  else',
    `    rm -f -- ${file}`,
    '  fi',
    'fi',
    'gsw_try=0',
    'while [ "$gsw_done" = 0 ]; do',
    '  gsw_try=$((gsw_try + 1))',
    `  gsw_resumed=0; [ -s ${partial} ] && gsw_resumed=1`,
    '  set +e',
    '  gsw_fetch | gsw_hash_unpack',
    '  gsw_piped=("${PIPESTATUS[@]}")',
    '  set -e',
    '  gsw_actual=$(gsw_digest)',
    '  if [ "$gsw_actual" = "$gsw_sha256" ]; then',
    '    if [ "${gsw_piped[1]}" != 0 ]; then',
    `      mv -f -- ${partial} ${file}`,
    `      gsw_give_up 'the archive is verified but unpacking it failed'`,
    '    fi',
    `    mv -f -- ${partial} ${file}`,
    '    gsw_done=1',
    '  elif [ "${gsw_piped[0]}" = 0 ]; then',
    '    # Everything arrived but it is not the right file: a stale prefix is retried once from zero.',
    `    rm -f -- ${partial}`,
    '    if [ "$gsw_resumed" = 0 ] || [ "$gsw_try" -ge 5 ]; then',
    `      gsw_give_up "checksum mismatch for ${release.filename}: expected $gsw_sha256, got $gsw_actual; nothing was installed"`,
    '    fi',
    '  elif [ "${gsw_piped[0]}" = 22 ] || [ "$gsw_try" -ge 5 ]; then',
    '    # 22: the server answered an HTTP error (curl already retried the transient ones).',
    `    gsw_give_up ${shQuote(`could not download ${release.url}`)}`,
    '  else',
    '    sleep 2',
    '  fi',
    'done',
    `rm -f -- ${digest}`,
  ].join('\n');
}

function verifyArchiveScript(release: ResolvedRelease, archive: string): string {
  const file = shQuote(archive);
  return [
    `gsw_actual=$(sha256sum < ${file} | cut -d ' ' -f 1)`,
    `if [ "$gsw_actual" != ${release.sha256} ]; then`,
    `  printf 'checksum mismatch for %s: expected %s, got %s\\n' ${file} ${release.sha256} "$gsw_actual" >&2`,
    '  exit 1',
    'fi',
    `echo ${shQuote(`${release.filename}: sha256 OK`)}`,
  ].join('\n');
}

export function tarballSteps(ctx: PlanContext, release: ResolvedRelease): void {
  const { t, steps, goroot, runId } = ctx;
  const system = ctx.scope === 'system';
  const current = installedVersion(goroot, ctx.disk);
  if (current === release.version) {
    ctx.warnings.push(t('plan.warn.sameVersion', { version: release.version, path: goroot }));
    return;
  }

  const cacheFile = release.archivePath ? null : cachedArchivePath(ctx.paths, release.sha256);
  const parent = dirname(goroot);
  const staging = stagingDir(goroot, runId);
  const stagingGo = join(staging, 'go');
  const backup = `${goroot}.gsw-backup-${runId}`;
  const needs = spaceNeeds(ctx, release, cacheFile);

  const space = spaceCheck(needs, release, cacheFile);
  steps.add({
    id: 'check-space',
    title: t('plan.step.checkSpace.title'),
    why: spaceWhy(ctx, needs),
    root: false,
    native: 'check-space',
    space,
    touches: [],
    run: spaceScript(space),
  });

  // GOTOOLCHAIN=local: a GOTOOLCHAIN in the environment must not make this `go` fetch another one;
  // no config dir: this check must not leave Go telemetry files in HOME. (unset in the subshell, not `env -u`: one
  // process fewer.)
  const staged = { go: join(stagingGo, 'bin/go'), version: release.version };
  const checkVersion = [
    `gsw_found=$(unset GOROOT XDG_CONFIG_HOME; HOME=/nonexistent GOTOOLCHAIN=local ${shQuote(staged.go)} version)`,
    'case $gsw_found in',
    `  ${shQuote(`go version ${staged.version} `)}*) echo "$gsw_found" ;;`,
    `  *) printf 'the archive holds %s, not %s\\n' "$gsw_found" ${staged.version} >&2; exit 1 ;;`,
    'esac',
  ];

  if (cacheFile) {
    // Downloading, hashing and unpacking happen together. The cache (verified archives, partial downloads) is
    // not the user's state: it is not journaled, so a rollback keeps it for the next attempt (`prune` clears it).
    steps.add({
      id: 'prepare-staging',
      title: t('net.step.staging.title'),
      why: t('net.step.staging.why'),
      root: system,
      // Made by the wizard itself, unless that takes sudo.
      ...(system && !ctx.detection.user.isRoot ? {} : { native: 'prepare-staging' as const }),
      touches: [{ touch: { kind: 'path', path: staging, root: system }, after: 'dir' }],
      run: [`[ -d ${shQuote(parent)} ] || mkdir -p -- ${shQuote(parent)}`, `mkdir -- ${shQuote(staging)}`].join('\n'),
    });
    steps.add({
      id: 'download',
      title: t('net.step.download.title', { file: release.filename }),
      why: t('net.step.download.why', { source: release.sha256Source, connections: SEGMENT_CONNECTIONS }),
      root: false,
      native: 'download',
      touches: [],
      creates: [{ path: stagingGo, state: 'dir' }],
      run: downloadScript(release, ctx.paths.cacheDir, cacheFile, staging, system),
    });
    steps.add({
      id: 'extract',
      title: t('net.step.checkTree.title'),
      why: t('net.step.checkTree.why', { version: release.version }),
      root: system,
      // Run by the wizard itself (go version, no bash), unless that takes sudo.
      ...(system && !ctx.detection.user.isRoot ? {} : { native: 'check-tree' as const }),
      staged,
      touches: [],
      run: checkVersion.join('\n'),
    });
  } else {
    const archive = release.archivePath!;
    steps.add({
      id: 'verify-archive',
      title: t('plan.step.verifyArchive.title', { file: archive }),
      why: t('plan.step.verifyArchive.why', { source: release.sha256Source }),
      root: false,
      touches: [],
      run: verifyArchiveScript(release, archive),
    });
    steps.add({
      id: 'extract',
      title: t('plan.step.extract.title'),
      why: t('plan.step.extract.why'),
      root: system,
      touches: [{ touch: { kind: 'path', path: staging, root: system }, after: 'dir' }],
      creates: [{ path: stagingGo, state: 'dir' }],
      run: [
        `mkdir -p -- ${shQuote(parent)}`,
        `mkdir -- ${shQuote(staging)}`,
        // --no-same-owner: as root, tar would otherwise keep the archive's owners.
        `tar -xzf ${shQuote(archive)} -C ${shQuote(staging)} --no-same-owner`,
        ...checkVersion,
      ].join('\n'),
    });
  }

  if (steps.states.exists(goroot)) {
    steps.add({
      id: 'move-aside',
      title: t('plan.step.moveAside.title', { version: current ?? '?' }),
      why: t('plan.step.moveAside.why', { path: backup }),
      root: system,
      touches: [{ touch: { kind: 'move', path: goroot, to: backup, root: system }, after: 'dir' }],
      run: `mv -T -- ${shQuote(goroot)} ${shQuote(backup)}`,
    });
  }

  steps.add({
    id: 'place',
    title: t('plan.step.place.title', { path: goroot }),
    why: t('plan.step.place.why'),
    root: system,
    // Undone last touch first: the staging dir comes back, then the tree is renamed into it again.
    touches: [
      { touch: { kind: 'move', path: stagingGo, to: goroot, root: system }, after: 'dir' },
      { touch: { kind: 'path', path: staging, root: system }, after: 'absent' },
    ],
    ...fileChangesStep(
      [
        { kind: 'rename', from: stagingGo, to: goroot },
        { kind: 'rmdir', path: staging },
      ],
      system && !ctx.detection.user.isRoot,
    ),
  });
}
