// Which releases matter to a user: the newest stable one, and the supported minors (Go supports each minor until
// two newer ones exist, so "supported" is the two newest minors with a stable release). Whatever order the index
// uses: with include=all an rc sorts above older stables, and a hand-made index may list anything in any order.
import type { Release } from '../types.js';
import { compareGoVersions, minorOf, parseGoVersion } from './grammar.js';

/** Releases newest first. */
export function sortedReleases(releases: readonly Release[]): Release[] {
  return [...releases].sort((a, b) => compareGoVersions(b.version, a.version));
}

/** A stable final release (the index calls an rc with `stable: false`; a pre-release name is never stable). */
function isStable(release: Release): boolean {
  return release.stable && parseGoVersion(release.version)?.pre === null;
}

/** The newest stable release (optionally only among those `usable` accepts, e.g. with an archive for this arch). */
export function latestStable(releases: readonly Release[], usable: (release: Release) => boolean = () => true): Release | undefined {
  return sortedReleases(releases).find((release) => isStable(release) && usable(release));
}

export interface SupportedMinor {
  /** '1.27' */
  minor: string;
  /** Its newest stable patch, 'go1.27.1'. */
  newest: string;
}

/** The two supported minors, newest first, each with its newest stable patch. */
export function supportedMinors(releases: readonly Release[]): SupportedMinor[] {
  const minors: SupportedMinor[] = [];
  for (const release of sortedReleases(releases)) {
    const minor = isStable(release) ? minorOf(release.version) : null;
    if (minor && !minors.some((m) => m.minor === minor)) minors.push({ minor, newest: release.version });
    if (minors.length === 2) break;
  }
  return minors;
}
