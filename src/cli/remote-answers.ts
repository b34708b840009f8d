// --config <http(s) URL>: an answers file served by a teacher's `share`. Fetched once, before any command runs,
// with a byte cap and a time limit, through the same proxies as every other download. The text is then checked
// exactly like a local answers file: it is data (option values), never code.
import { describeNetworkError, proxyFetch, type ProxySettings } from '../net/proxy.js';
import { redact } from '../redact.js';
import { UsageProblem } from './flags.js';

/** An answers file is a few hundred bytes; anything near this is not one. */
export const MAX_ANSWERS_BYTES = 64 * 1024;
export const ANSWERS_TIMEOUT_MS = 15_000;

export async function fetchAnswersText(url: string, proxy: ProxySettings, timeoutMs = ANSWERS_TIMEOUT_MS): Promise<string> {
  const fail = (reason: string) => new UsageProblem('classroom.error.configFetch', { path: redact(url), reason });
  let response;
  try {
    response = await proxyFetch(url, { proxy, timeoutMs, headers: { accept: 'application/json' } });
  } catch (error) {
    throw fail(describeNetworkError(error));
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw fail(`HTTP ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_ANSWERS_BYTES) {
    await response.body.cancel();
    throw fail(`${declared} bytes, more than ${MAX_ANSWERS_BYTES}`);
  }
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  try {
    for await (const chunk of response.body) {
      bytes += chunk.length;
      if (bytes > MAX_ANSWERS_BYTES) throw fail(`more than ${MAX_ANSWERS_BYTES} bytes`);
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof UsageProblem) {
      await response.body.cancel().catch(() => undefined);
      throw error;
    }
    throw fail(describeNetworkError(error));
  }
  return Buffer.concat(chunks).toString('utf8');
}
