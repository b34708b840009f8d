// What this machine's apt offers for Go, asked at run time (the archive moves faster than any table):
// `apt-cache policy golang-go 'golang-1.*-go'`, read in the C locale. The plan and the wizard both come here.
import type { CommandQuery } from '../host/query.js';
import { minorOf, parseGoVersionSpec } from '../versions/grammar.js';

export interface AptCandidate {
  /** 'golang-go' or 'golang-1.22-go' */
  name: string;
  /** The Debian version apt would install, e.g. '2:1.22~2' */
  candidate: string;
  /** The Go minor it gives, e.g. 22 */
  minor: number;
  /** The same as major.minor, e.g. '1.22' */
  goVersion: string;
  installed: boolean;
}

export const APT_POLICY_ARGS = ['policy', 'golang-go', 'golang-1.*-go'] as const;

/** The Go minor a package gives: from its name (golang-1.22-go), or for golang-go from its version (2:1.22~2). */
function minorOfPackage(name: string, candidate: string): number | null {
  const named = /^golang-(1\.\d+)-go$/.exec(name)?.[1];
  const upstream = name === 'golang-go' ? /^(?:\d+:)?(1\.\d+)/.exec(candidate)?.[1] : undefined;
  const minor = minorOf(named ?? upstream ?? '');
  return minor ? Number(minor.split('.')[1]) : null;
}

/** Parses `apt-cache policy` output (C locale): the Go packages that have an install candidate, newest minor first. */
export function parseAptPolicy(text: string): AptCandidate[] {
  const found: AptCandidate[] = [];
  for (const block of text.split(/\n(?=\S)/)) {
    const name = /^(\S+):/.exec(block)?.[1];
    const installed = /^\s+Installed:\s*(\S+)/m.exec(block)?.[1];
    const candidate = /^\s+Candidate:\s*(\S+)/m.exec(block)?.[1];
    if (!name || !candidate || candidate === '(none)') continue;
    const minor = minorOfPackage(name, candidate);
    if (minor === null) continue;
    found.push({ name, candidate, minor, goVersion: `1.${minor}`, installed: installed !== undefined && installed !== '(none)' });
  }
  // Stable: for one minor, golang-go stays ahead of golang-1.NN-go as apt-cache lists it.
  return found.sort((a, b) => b.minor - a.minor);
}

/** What apt offers; null when apt-cache failed (no apt here, or its lists are unreadable). */
export async function readAptCandidates(query: CommandQuery): Promise<AptCandidate[] | null> {
  const result = await query('apt-cache', [...APT_POLICY_ARGS]);
  return result.exitCode === 0 ? parseAptPolicy(result.stdout) : null;
}

/** The package for a request: `latest` → the newest minor (golang-go when it gives that one), `1.NN[.P]` → golang-1.NN-go. */
export function chooseAptPackage(candidates: AptCandidate[], spec: string): AptCandidate | null {
  const versioned = candidates.filter((c) => c.name !== 'golang-go');
  const wanted = parseGoVersionSpec(spec);
  if (!wanted) return null;
  if (wanted.kind === 'latest') {
    const best = Math.max(...candidates.map((c) => c.minor));
    if (!Number.isFinite(best)) return null;
    return candidates.find((c) => c.name === 'golang-go' && c.minor === best) ?? versioned.find((c) => c.minor === best) ?? null;
  }
  const minor = wanted.kind === 'minor' ? wanted.minor : wanted.version.minor;
  return versioned.find((c) => c.minor === minor) ?? null;
}

/** The candidate `apt install golang-go` gives (else the newest package). */
export function aptDefault(candidates: AptCandidate[]): AptCandidate | undefined {
  return candidates.find((c) => c.name === 'golang-go') ?? candidates[0];
}
