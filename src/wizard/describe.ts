// Small pure helpers that turn data into what the screens show: no Ink here either.
import { fishQuote, shQuote } from '../shell/quote.js';
import type { AppPaths } from '../types.js';
import { minorOf } from '../versions/grammar.js';
import { aptDefault, type AptCandidate } from '../apt/candidates.js';

/** What `apt install golang-go` gives and how many minor releases it lags the latest stable. */
export function aptSummary(candidates: AptCandidate[], latest: string | null): { goVersion: string; behind: number | null } | null {
  const given = aptDefault(candidates);
  if (!given) return null;
  const latestMinor = latest ? minorOf(latest) : null;
  const behind = latestMinor ? Number(latestMinor.split('.')[1]) - given.minor : null;
  return { goVersion: given.goVersion, behind: behind !== null && behind >= 0 ? behind : null };
}

/** The one line that loads the new environment into the terminal already open. */
export function sourceLine(paths: AppPaths, loginShell: string): string {
  return loginShell === 'fish' ? `source ${fishQuote(paths.envFish)}` : `. ${shQuote(paths.envSh)}`;
}
