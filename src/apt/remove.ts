// Removing another apt Go, exactly and reversibly: a step that removes the Go packages, records precisely the set
// apt removed (each with its version and whether apt had marked it automatically installed) and keeps their .deb
// files, so that rollback reinstalls the very same versions — even once the archive has moved on.
//
// plan/apt-steps.ts adds the step. Its bash keeps in $GSW_BACKUPS (`<index>-apt-*`, next to the file backups):
//   -before   every package dpkg knows: name, version, state (before apt runs);
//   -auto     the packages apt marks as automatically installed;
//   -debs/    the .deb of each package apt announced it would remove (from apt's cache, else `apt-get download`);
//   -removed  after the removal: each package installed before and not now, `name<TAB>version<TAB>auto|manual`.
// The executor copies `-removed` into the journal; rollback (engine/apt.ts) reinstalls exactly that set.
import type { CommandQuery } from '../host/query.js';
import { shQuote } from '../shell/quote.js';
import { DPKG_FORMAT, DPKG_LIST_SCRIPT, isInstalled, parseDpkgList } from './dpkg.js';
import { aptRecordName, parseAptSimulation } from './install.js';

/** One installed Go package: `golang-go`, `golang-1.22-go`. */
export interface InstalledPackage {
  name: string;
  version: string;
}

/** The Go packages dpkg has installed (`golang-go`, `golang-1.NN-go`), asked without root. */
export async function installedGoPackages(query: CommandQuery): Promise<InstalledPackage[]> {
  const result = await query('dpkg-query', ['-W', '-f', DPKG_FORMAT, 'golang-go', 'golang-1.*-go']).catch(() => null);
  if (!result) return [];
  return [...parseDpkgList(result.stdout)].filter(([, pkg]) => pkg.version && isInstalled(pkg.state)).map(([name, { version }]) => ({ name, version }));
}

/** What `apt-get -s remove` says it would remove along with `packages` (in apt's order); null when apt cannot say. */
export async function simulateAptRemove(query: CommandQuery, packages: string[]): Promise<string[] | null> {
  const result = await query('apt-get', ['-s', 'remove', '--', ...packages]).catch(() => null);
  return result && result.exitCode === 0 ? parseAptSimulation(result.stdout).removes : null;
}

/** The bash that removes `packages`, recording exactly what apt removed and keeping their .debs (see the header). */
export function aptRemoveOthersScript(stepIndex: number, packages: string[]): string {
  const names = packages.map(shQuote).join(' ');
  const record = `"$GSW_BACKUPS"/${aptRecordName(stepIndex)}`;
  return [
    '# Before: what dpkg has (with versions) and what apt marks as automatically installed.',
    `${DPKG_LIST_SCRIPT} > ${record}-before.tmp`,
    `mv -f -- ${record}-before.tmp ${record}-before`,
    `apt-mark showauto | sort -u > ${record}-auto`,
    '# The .deb of each package apt will remove, so that rollback can reinstall that very version.',
    `mkdir -p -- ${record}-debs`,
    `LC_ALL=C apt-get -s remove -- ${names} | awk '$1 == "Remv" { sub(/:.*/, "", $2); print $2 }' | while read -r gsw_name; do`,
    `  gsw_version=$(awk -F'\\t' -v n="$gsw_name" '$1 == n { print $2 }' ${record}-before)`,
    `  gsw_deb=$(ls -1 /var/cache/apt/archives/"\${gsw_name}_\${gsw_version/:/%3a}"_*.deb 2>/dev/null | head -n 1 || true)`,
    `  if [ -n "$gsw_deb" ]; then cp -- "$gsw_deb" ${record}-debs/`,
    `  else (cd ${record}-debs && apt-get download -q "$gsw_name=$gsw_version" >/dev/null 2>&1) || echo "could not keep the .deb of $gsw_name $gsw_version: rollback will ask apt for it" >&2`,
    '  fi',
    'done',
    // The backups belong to the user who runs the wizard, also when this step runs with sudo (prune removes them).
    `chown -R -- "$(stat -c %u:%g -- "$GSW_BACKUPS")" ${record}-before ${record}-auto ${record}-debs`,
    `DEBIAN_FRONTEND=noninteractive apt-get remove -y -- ${names}`,
    '# After: each package installed before and not now, with its version and whether apt installed it automatically.',
    `${DPKG_LIST_SCRIPT} > ${record}-after.tmp`,
    // A package gone without a trace is not listed after at all: compare against what was installed before.
    `awk -F'\\t' 'FILENAME == ARGV[1] { auto[$1] = 1; next } FILENAME == ARGV[2] { if (substr($3, 2, 1) == "i") was[$1] = $2; next } substr($3, 2, 1) == "i" { now[$1] = 1 } END { for (n in was) if (!(n in now)) print n "\\t" was[n] "\\t" ((n in auto) ? "auto" : "manual") }' ${record}-auto ${record}-before ${record}-after.tmp | sort > ${record}-removed.tmp`,
    `mv -f -- ${record}-removed.tmp ${record}-removed`,
    `rm -f -- ${record}-after.tmp`,
  ].join('\n');
}

/** The bash that reinstalls exactly what the step removed (the kept .debs, else that version from the archive). */
export function aptReinstallScript(stepIndex: number): string {
  const record = `"$GSW_BACKUPS"/${aptRecordName(stepIndex)}`;
  return [
    `if [ -s ${record}-removed ]; then`,
    '  gsw_args=(); gsw_auto=()',
    '  while IFS=$\'\\t\' read -r gsw_name gsw_version gsw_mark; do',
    `    gsw_deb=$(ls -1 ${record}-debs/"\${gsw_name}_\${gsw_version/:/%3a}"_*.deb 2>/dev/null | head -n 1 || true)`,
    '    gsw_args+=("${gsw_deb:-$gsw_name=$gsw_version}")',
    '    [ "$gsw_mark" = auto ] && gsw_auto+=("$gsw_name")',
    `  done < ${record}-removed`,
    '  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends --allow-downgrades -- "${gsw_args[@]}"',
    '  if [ ${#gsw_auto[@]} -gt 0 ]; then apt-mark auto -- "${gsw_auto[@]}" >/dev/null; fi',
    'fi',
  ].join('\n');
}
