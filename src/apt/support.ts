// apt's Go against the supported releases: the archive can be years behind (20.04 gives 1.13, 22.04 1.18).
import type { Release, Translate } from '../types.js';
import { latestStable, supportedMinors } from '../versions/support.js';

/** A warning when Go 1.`minor` is not one of the two supported releases, naming what the tarball gives; else null. */
export function aptSupportWarning(minor: number, releases: readonly Release[] | undefined, t: Translate): string | null {
  if (!releases?.length) return null;
  const supported = supportedMinors(releases);
  const latest = latestStable(releases);
  if (!supported.length || !latest || supported.some((s) => s.minor === `1.${minor}`)) return null;
  return t('apt.warn.unsupported', { apt: `1.${minor}`, supported: supported.map((s) => s.minor).join(', '), tarball: latest.version });
}
