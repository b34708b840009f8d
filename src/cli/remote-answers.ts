// --config <http(s) URL>: an answers file served by a teacher's `share`. Fetched once, before any command runs,
// with a byte cap and a time limit, through the same proxies as every other download. The text is then checked
// exactly like a local answers file: it is data (option values), never code.
import { describeNetworkError, fetchText } from '../net/http.js';
import type { ProxySettings } from '../net/proxy.js';
import { redact } from '../redact.js';
import { UsageProblem } from './flags.js';

/** An answers file is a few hundred bytes; anything near this is not one. */
export const MAX_ANSWERS_BYTES = 64 * 1024;
export const ANSWERS_TIMEOUT_MS = 15_000;

export async function fetchAnswersText(url: string, proxy: ProxySettings, timeoutMs = ANSWERS_TIMEOUT_MS): Promise<string> {
  try {
    return await fetchText(url, { proxy, timeoutMs, maxBytes: MAX_ANSWERS_BYTES, headers: { accept: 'application/json' } });
  } catch (error) {
    throw new UsageProblem('classroom.error.configFetch', { path: redact(url), reason: describeNetworkError(error) });
  }
}
