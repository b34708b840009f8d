// dpkg's record of the packages on a machine, in the one shape every apt step and its undo read and keep: a line a
// package, `name<TAB>version<TAB>state` (state: dpkg's two letters — `ii` installed, `rc` config files left, `un` …).

/** What dpkg says of one package. */
export interface DpkgPackage {
  /** '' when dpkg holds no version (or the listing had none). */
  version: string;
  state: string;
}

/** dpkg-query's -f format for that line. */
export const DPKG_FORMAT = '${Package}\t${Version}\t${db:Status-Abbrev}\n';

/** The bash that lists every package dpkg knows in that shape, sorted. */
export const DPKG_LIST_SCRIPT = `dpkg-query -W -f='${DPKG_FORMAT.replace(/\t/g, '\\t').replace(/\n/g, '\\n')}' | sort -u`;

/** Installed in dpkg's sense (`ii`, `hi` …): the second letter. */
export function isInstalled(state: string | undefined): boolean {
  return state?.[1] === 'i';
}

/**
 * Reads such a listing. A line of two fields is `name<TAB>state`, without a version: an apt step's `-added` record,
 * and its `-before` record as runs journaled before it kept versions wrote it (they may be rolled back now).
 */
export function parseDpkgList(text: string): Map<string, DpkgPackage> {
  const packages = new Map<string, DpkgPackage>();
  for (const line of text.split('\n')) {
    const fields = line.split('\t');
    const name = fields[0];
    if (!name) continue;
    const [version, state] = fields.length >= 3 ? [fields[1]!, fields[2]!] : ['', fields[1] ?? ''];
    packages.set(name, { version, state: state.trim().slice(0, 2) });
  }
  return packages;
}
