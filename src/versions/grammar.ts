// The Go version grammar, in one place: release names (go1.27.1, go1.27rc1, go1.20, go1), what `--go-version`
// accepts ('latest', '1.27', '1.27.1', with or without 'go'), their order, and which release a request means.

export interface GoVersion {
  minor: number;
  patch: number;
  /** 'beta' | 'rc' for pre-releases, null for a final release. */
  pre: 'beta' | 'rc' | null;
  preNumber: number;
}

/** A release name without anchors, so the archive-name pattern can embed it. */
const RELEASE = 'go1(?:\\.(\\d+))?(?:\\.(\\d+))?(?:(beta|rc)(\\d+))?';
const VERSION = new RegExp(`^${RELEASE}$`);
const ARCHIVE = new RegExp(`^(?<version>${RELEASE})\\.linux-(?<arch>[a-z0-9]+)\\.tar\\.gz$`);

/** Parses 'go1.27.1', 'go1.27rc1', 'go1.20' (= 1.20.0), 'go1'; null when it is not a Go release name. */
export function parseGoVersion(version: string): GoVersion | null {
  const match = VERSION.exec(version);
  if (!match) return null;
  return {
    minor: Number(match[1] ?? 0),
    patch: Number(match[2] ?? 0),
    pre: (match[3] as GoVersion['pre']) ?? null,
    preNumber: Number(match[4] ?? 0),
  };
}

function order(a: GoVersion, b: GoVersion): number {
  const rank = (v: GoVersion) => (v.pre === 'beta' ? 0 : v.pre === 'rc' ? 1 : 2);
  return a.minor - b.minor || a.patch - b.patch || rank(a) - rank(b) || a.preNumber - b.preNumber;
}

/**
 * Orders release names oldest to newest: go1.27beta1 < go1.27rc1 < go1.27.0 < go1.27.1, go1.9 < go1.10.
 * A name that is not a release (e.g. 'devel go1.24-abc') sorts below every release.
 */
/** 'go1.22.3' → '1.22.3', as it reads after the word Go; anything else unchanged. */
export function versionNumber(name: string): string {
  return parseGoVersion(name) && name.startsWith('go') ? name.slice(2) : name;
}

export function compareGoVersions(a: string, b: string): number {
  const [x, y] = [parseGoVersion(a), parseGoVersion(b)];
  if (!x || !y) return (x ? 1 : 0) - (y ? 1 : 0);
  return order(x, y);
}

/** major.minor of a release name or spec: 'go1.27.1' → '1.27', '1.27rc1' → '1.27'; null when it is neither. */
export function minorOf(version: string): string | null {
  const parsed = parseGoVersion(version.startsWith('go') ? version : `go${version}`);
  return parsed ? `1.${parsed.minor}` : null;
}

/** The release name in an official archive name: 'go1.27.1.linux-amd64.tar.gz' → 'go1.27.1'. */
export function archiveVersion(filename: string): string | null {
  return ARCHIVE.exec(filename)?.groups!.version ?? null;
}

/** The Go architecture in an official archive name: 'go1.27.1.linux-arm64.tar.gz' → 'arm64'. */
export function archiveArch(filename: string): string | null {
  return ARCHIVE.exec(filename)?.groups!.arch ?? null;
}

/** The version in `go version` output (`go version go1.22.2 linux/amd64` → `go1.22.2`; devel builds too). */
export function parseGoVersionOutput(output: string): string | null {
  const match = /\bgo version (go\S+|devel\S*)/.exec(output);
  return match ? match[1]! : null;
}

/** A parsed `--go-version`: the newest stable, the newest stable patch of a minor, or one exact release. */
export type GoVersionSpec = { kind: 'latest' } | { kind: 'minor'; minor: number } | { kind: 'exact'; version: GoVersion };

/**
 * Reads a `--go-version` value: 'latest', '1.27', '1.27.1' or 'go1.27.1'; pre-releases ('1.28rc1') only with
 * `prerelease` (the resolver takes them; the command line offers stable releases only). Null when it is none of these.
 */
export function parseGoVersionSpec(spec: string, { prerelease = false } = {}): GoVersionSpec | null {
  if (spec === 'latest') return { kind: 'latest' };
  const bare = spec.startsWith('go') ? spec.slice(2) : spec;
  // A spec always names at least the minor: '1' and 'go1' are release names but not requests.
  if (!/^1\.\d/.test(bare)) return null;
  const version = parseGoVersion(`go${bare}`);
  if (!version || (version.pre && !prerelease)) return null;
  return !version.pre && /^1\.\d+$/.test(bare) ? { kind: 'minor', minor: version.minor } : { kind: 'exact', version };
}

/** A `--go-version` value normalised ('go1.27.1' → '1.27.1'), or null when the command line does not accept it. */
export function normalizeGoVersionSpec(spec: string): string | null {
  return parseGoVersionSpec(spec) ? spec.replace(/^go/, '') : null;
}

/** Whether release `version` is what `spec` asks for ('latest' matches any stable; '1.20.0' matches go1.20). */
export function satisfiesSpec(version: string, stable: boolean, spec: GoVersionSpec): boolean {
  const parsed = parseGoVersion(version);
  if (!parsed) return false;
  switch (spec.kind) {
    case 'latest':
      return stable;
    case 'minor':
      return stable && !parsed.pre && parsed.minor === spec.minor;
    case 'exact':
      return order(parsed, spec.version) === 0;
  }
}
