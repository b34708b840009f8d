// apt, exactly: a step that installs packages and records precisely the set apt added, so that undoing it
// removes that set and nothing a user installed before or since. Reusable by any plan that needs packages
// (the apt Go method, an optional C toolchain).
//
// plan/apt-steps.ts adds the step. Its bash keeps three small files in $GSW_BACKUPS (`<index>-apt-*`, next to the file backups):
//   -before    every package dpkg knows, its version and state (`ii`, `rc`, `un` …), before apt runs (apt/dpkg.ts);
//   -will-add  the packages `apt-get -s install` says it will newly install, asked just before installing;
//   -added     after the install: each package installed now that was not before, with its state before.
// The executor copies `-added` into the journal (it outlives `prune`); rollback removes exactly that set
// (after a crash before `-added` exists: what is installed now, was not before, and apt announced).
import type { CommandQuery } from '../host/query.js';
import { DPKG_LIST_SCRIPT } from './dpkg.js';
import { shQuote } from '../shell/quote.js';

/** What `apt-get -s install` says it would do. */
export interface AptSimulation {
  /** Packages it would newly install (`Inst name (…)`), in apt's order. */
  adds: string[];
  /** Installed packages it would upgrade (`Inst name [old] (…)`): rollback does not downgrade them. */
  upgrades: string[];
  /** Packages it would remove (`Remv`/`Purg`). */
  removes: string[];
}

/** A package name as apt prints it, without the `:arch` qualifier dpkg-query's `${Package}` lacks. */
function bareName(name: string): string {
  return name.replace(/:.*$/, '');
}

/** Parses the `Inst`/`Remv`/`Purg` lines of `apt-get -s` (run with LC_ALL=C). */
export function parseAptSimulation(text: string): AptSimulation {
  const out: AptSimulation = { adds: [], upgrades: [], removes: [] };
  for (const line of text.split('\n')) {
    const [verb, name, next] = line.trim().split(/\s+/);
    if (!name) continue;
    if (verb === 'Inst') (next?.startsWith('[') ? out.upgrades : out.adds).push(bareName(name));
    else if (verb === 'Remv' || verb === 'Purg') out.removes.push(bareName(name));
  }
  return out;
}

function installFlags(recommends: boolean): string[] {
  return ['-y', ...(recommends ? [] : ['--no-install-recommends'])];
}

/** Asks apt (read-only, no root needed) what installing `packages` would do; null when apt cannot say. */
export async function simulateAptInstall(query: CommandQuery, packages: string[], recommends: boolean): Promise<AptSimulation | null> {
  try {
    const result = await query('apt-get', ['-s', 'install', ...installFlags(recommends), '--', ...packages]);
    return result.exitCode === 0 ? parseAptSimulation(result.stdout) : null;
  } catch {
    return null;
  }
}

/** The prefix of the files an apt step keeps in $GSW_BACKUPS (and the executor finds in the run's backups). */
export function aptRecordName(stepIndex: number): string {
  return `${stepIndex}-apt`;
}

/** The bash that installs `packages` and records exactly what apt added (see the header). */
export function aptInstallScript(stepIndex: number, packages: string[], recommends: boolean): string {
  const names = packages.map(shQuote).join(' ');
  const flags = installFlags(recommends).join(' ');
  const record = `"$GSW_BACKUPS"/${aptRecordName(stepIndex)}`;
  return [
    '# Before: what dpkg has, and what apt says it will add (kept so that rollback removes exactly that).',
    `${DPKG_LIST_SCRIPT} > ${record}-before.tmp`,
    `mv -f -- ${record}-before.tmp ${record}-before`,
    `LC_ALL=C apt-get -s install ${flags} -- ${names} | awk '$1 == "Inst" && $3 !~ /^\\[/ { sub(/:.*/, "", $2); print $2 }' > ${record}-will-add.tmp`,
    `mv -f -- ${record}-will-add.tmp ${record}-will-add`,
    `DEBIAN_FRONTEND=noninteractive apt-get install ${flags} -- ${names}`,
    '# After: each package installed now that was not before, with its state before ("" = unknown to dpkg).',
    `${DPKG_LIST_SCRIPT} > ${record}-after.tmp`,
    `awk -F'\\t' 'NR == FNR { before[$1] = substr($3, 1, 2); next } substr($3, 2, 1) == "i" && substr(before[$1], 2, 1) != "i" { print $1 "\\t" before[$1] }' ${record}-before ${record}-after.tmp > ${record}-added.tmp`,
    `mv -f -- ${record}-added.tmp ${record}-added`,
    `rm -f -- ${record}-after.tmp`,
  ].join('\n');
}

/**
 * The bash that removes exactly what the step added: `apt-get remove` of that set (apt orders it), then
 * `dpkg --purge` of those dpkg did not know before (their config files were not there either). It stops,
 * changing nothing, when apt would remove any other package with them (something installed since needs them).
 */
export function aptRemoveScript(stepIndex: number): string {
  const record = `"$GSW_BACKUPS"/${aptRecordName(stepIndex)}`;
  return [
    `if [ -s ${record}-added ]; then`,
    `  mapfile -t gsw_added < <(cut -f1 -- ${record}-added)`,
    `  gsw_others=$(LC_ALL=C apt-get -s remove -- "\${gsw_added[@]}" | awk '$1 == "Remv" { sub(/:.*/, "", $2); print $2 }' | grep -vxF -f <(cut -f1 -- ${record}-added) || true)`,
    '  if [ -n "$gsw_others" ]; then',
    `    printf 'go-setup-wizard: not removing %s: apt would also remove %s, installed since\\n' "\${gsw_added[*]}" "\${gsw_others//$'\\n'/ }" >&2`,
    '    exit 1',
    '  fi',
    '  DEBIAN_FRONTEND=noninteractive apt-get remove -y -- "${gsw_added[@]}"',
    `  awk -F'\\t' '$2 != "rc" { print $1 }' ${record}-added | xargs -r dpkg --purge --`,
    'fi',
  ].join('\n');
}
