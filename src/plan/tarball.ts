// The tarball method's steps: check-space, download | verify-archive, extract (into a staging dir beside the
// target, proven with its own `go version`), move-aside (never untar over an existing tree), place.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { shQuote } from '../shell/quote.js';
import type { ResolvedRelease } from '../types.js';
import type { PlanContext } from './build.js';
import type { StepDraft } from './steps.js';

/** An unpacked Go tree takes about 3.5 times its archive. */
const UNPACKED_FACTOR = 3.5;
/** Recent linux archives weigh 65–80 MB; assumed when the index gives no size (the snapshot has none). */
const ASSUMED_ARCHIVE_BYTES = 80 * 1024 * 1024;

function archiveBytes(release: ResolvedRelease): number {
  return release.size > 0 ? release.size : ASSUMED_ARCHIVE_BYTES;
}

/** The Go version a tree holds, from its VERSION file (first line), or null. */
export function installedVersion(goroot: string): string | null {
  try {
    return readFileSync(join(goroot, 'VERSION'), 'utf8').split('\n')[0]!.trim() || null;
  } catch {
    return null;
  }
}

function nearestExisting(ctx: PlanContext, path: string): string {
  let dir = path;
  while (dir !== '/' && !ctx.steps.states.exists(dir)) dir = dirname(dir);
  return dir;
}

function deviceOf(path: string): number {
  return statSync(path).dev;
}

/** One `df` test per filesystem: the archive and the unpacked tree may share one. */
function spaceCheck(ctx: PlanContext, release: ResolvedRelease, cacheFile: string | null): string {
  const needs = new Map<number, { dir: string; bytes: number }>();
  const need = (path: string, bytes: number) => {
    const dir = nearestExisting(ctx, path);
    const dev = deviceOf(dir);
    const entry = needs.get(dev) ?? { dir, bytes: 0 };
    entry.bytes += bytes;
    needs.set(dev, entry);
  };
  need(dirname(ctx.goroot), Math.ceil(archiveBytes(release) * UNPACKED_FACTOR));
  if (cacheFile) need(dirname(cacheFile), archiveBytes(release));
  const lines: string[] = [];
  for (const { dir, bytes } of needs.values()) {
    const kib = Math.ceil(bytes / 1024);
    const quoted = shQuote(dir);
    lines.push(
      `gsw_free_kib=$(df -Pk -- ${quoted} | awk 'NR == 2 { print $4 }')`,
      `if [ "$gsw_free_kib" -lt ${kib} ]; then`,
      `  printf 'not enough free space in %s: %s MiB needed, %s MiB free\\n' ${quoted} ${Math.ceil(kib / 1024)} "$((gsw_free_kib / 1024))" >&2`,
      '  exit 1',
      'fi',
    );
  }
  return lines.join('\n');
}

/** The bash equivalent of the native download: cache hit, or curl/wget with retries and resume, then sha256. */
function downloadScript(release: ResolvedRelease, cacheDir: string, cacheFile: string): string {
  const file = shQuote(cacheFile);
  const partial = shQuote(`${cacheFile}.partial`);
  const url = shQuote(release.url);
  return [
    `gsw_sha256=${release.sha256}`,
    `mkdir -p -- ${shQuote(cacheDir)}`,
    `if [ -f ${file} ] && [ "$(sha256sum < ${file} | cut -d ' ' -f 1)" = "$gsw_sha256" ]; then`,
    `  echo 'using the verified archive in the cache'`,
    'else',
    // A stalled transfer (under 1 KiB/s for a minute) is retried instead of hanging. A partial file that is
    // already complete makes the resume fail (416): the digest decides, not the exit code.
    '  gsw_fetched=1',
    '  if command -v curl >/dev/null 2>&1; then',
    `    curl -fL --retry 5 --retry-delay 2 --retry-connrefused --connect-timeout 30 --speed-limit 1024 --speed-time 60 -C - -o ${partial} ${url} || gsw_fetched=0`,
    '  else',
    `    wget --tries=5 --waitretry=2 --timeout=60 -c -O ${partial} ${url} || gsw_fetched=0`,
    '  fi',
    '  gsw_actual=none',
    `  if [ -f ${partial} ]; then gsw_actual=$(sha256sum < ${partial} | cut -d ' ' -f 1); fi`,
    '  if [ "$gsw_actual" != "$gsw_sha256" ] && [ "$gsw_fetched" = 0 ]; then',
    `    printf 'could not download %s\\n' ${url} >&2`,
    '    exit 1',
    '  fi',
    '  if [ "$gsw_actual" != "$gsw_sha256" ]; then',
    `    rm -f -- ${partial}`,
    `    printf 'checksum mismatch for %s: expected %s, got %s\\n' ${shQuote(release.filename)} "$gsw_sha256" "$gsw_actual" >&2`,
    '    exit 1',
    '  fi',
    `  mv -f -- ${partial} ${file}`,
    'fi',
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
  const current = installedVersion(goroot);
  if (current === release.version) {
    ctx.warnings.push(t('plan.warn.sameVersion', { version: release.version, path: goroot }));
    return;
  }

  const cacheFile = release.archivePath ? null : join(ctx.paths.cacheDir, `${release.sha256}.tar.gz`);
  const archive = release.archivePath ?? cacheFile!;
  const parent = dirname(goroot);
  const staging = join(parent, `.go-setup-wizard-staging-${runId}`);
  const backup = `${goroot}.gsw-backup-${runId}`;
  const mb = Math.ceil((archiveBytes(release) * UNPACKED_FACTOR) / 1024 / 1024);

  steps.add({
    id: 'check-space',
    title: t('plan.step.checkSpace.title'),
    why: t('plan.step.checkSpace.why', { mb }),
    root: false,
    touches: [],
    run: spaceCheck(ctx, release, cacheFile),
  });

  if (cacheFile) {
    const cacheTouches: StepDraft['touches'] = [{ touch: { kind: 'path', path: `${cacheFile}.partial`, root: false }, after: 'absent' }];
    // A verified archive already in the cache is reused as it is, so it is not a change.
    if (!steps.states.exists(cacheFile)) cacheTouches.unshift({ touch: { kind: 'path', path: cacheFile, root: false }, after: 'file' });
    steps.add({
      id: 'download',
      title: t('plan.step.download.title', { file: release.filename }),
      why: t('plan.step.download.why', { source: release.sha256Source }),
      root: false,
      native: 'download',
      touches: cacheTouches,
      run: downloadScript(release, ctx.paths.cacheDir, cacheFile),
    });
  } else {
    steps.add({
      id: 'verify-archive',
      title: t('plan.step.verifyArchive.title', { file: archive }),
      why: t('plan.step.verifyArchive.why', { source: release.sha256Source }),
      root: false,
      touches: [],
      run: verifyArchiveScript(release, archive),
    });
  }

  const stagingGo = join(staging, 'go');
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
      // GOTOOLCHAIN=local: a GOTOOLCHAIN in the environment must not make this `go` fetch another one;
      // no config dir: this check must not leave Go telemetry files in HOME.
      `gsw_found=$(env -u GOROOT -u XDG_CONFIG_HOME HOME=/nonexistent GOTOOLCHAIN=local ${shQuote(join(stagingGo, 'bin/go'))} version)`,
      'case $gsw_found in',
      `  ${shQuote(`go version ${release.version} `)}*) echo "$gsw_found" ;;`,
      `  *) printf 'the archive holds %s, not %s\\n' "$gsw_found" ${release.version} >&2; exit 1 ;;`,
      'esac',
    ].join('\n'),
  });

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
    run: [`mv -T -- ${shQuote(stagingGo)} ${shQuote(goroot)}`, `rmdir -- ${shQuote(staging)}`].join('\n'),
  });
}
