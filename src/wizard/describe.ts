// Small pure helpers that turn data into what the screens show: no Ink here either.
import { join } from 'node:path';
import { fishQuote, shQuote } from '../shell/quote.js';
import type { AppPaths, LoadedIndex } from '../types.js';
import type { AptCandidate } from './machine.js';

/** The first stable release: with include=all an rc sorts above older stables. */
export function latestStable(index: LoadedIndex): string | null {
  return index.releases.find((r) => r.stable)?.version ?? null;
}

/** major.minor of 'go1.27.1' → '1.27'. */
export function minorOf(version: string): string | null {
  const m = /^(?:go)?(\d+)\.(\d+)/.exec(version);
  return m ? `${m[1]}.${m[2]}` : null;
}

/** The two supported majors (newest first), each with its newest stable patch. */
export function supportedMajors(index: LoadedIndex): { minor: string; newest: string }[] {
  const majors: { minor: string; newest: string }[] = [];
  for (const release of index.releases) {
    const minor = release.stable ? minorOf(release.version) : null;
    if (minor && !majors.some((m) => m.minor === minor)) majors.push({ minor, newest: release.version });
    if (majors.length === 2) break;
  }
  return majors;
}

/** What `apt install golang-go` gives and how many minor releases it lags the latest stable. */
export function aptSummary(candidates: AptCandidate[], latest: string | null): { goVersion: string; behind: number | null } | null {
  const meta = candidates.find((c) => c.pkg === 'golang-go') ?? candidates[0];
  if (!meta?.goVersion) return null;
  const latestMinor = latest ? minorOf(latest) : null;
  const behind = latestMinor ? Number(latestMinor.split('.')[1]) - Number(meta.goVersion.split('.')[1]) : null;
  return { goVersion: meta.goVersion, behind: behind !== null && behind >= 0 ? behind : null };
}

/** 75 → '1:15', 3725 → '1:02:05'. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return hh > 0 ? `${hh}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}

export function journalPath(paths: AppPaths, runId: string): string {
  return join(paths.stateDir, 'runs', runId, 'journal.ndjson');
}

/** The one line that loads the new environment into the terminal already open. */
export function sourceLine(paths: AppPaths, loginShell: string): string {
  return loginShell === 'fish' ? `source ${fishQuote(paths.envFish)}` : `. ${shQuote(paths.envSh)}`;
}
