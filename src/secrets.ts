// Proxy credentials are masked wherever the engine writes (events, output, journal). redact() catches
// credentials in well-formed URLs; a password holding spaces or quotes, or echoed by a command without its
// URL around it, is caught here by masking the literal secrets we were given.
import { redact } from './redact.js';
import type { ProxySettings } from './net/proxy.js';

export type Mask = (text: string) => string;

/** Secrets shorter than this are left to redact(): masking every "a" in the output would garble it. */
const MIN_SECRET_LENGTH = 3;

function credentialsOf(url: string): string[] {
  const at = url.lastIndexOf('@');
  const schemeEnd = url.indexOf('://');
  if (at < 0) return [];
  const userinfo = url.slice(schemeEnd >= 0 ? schemeEnd + 3 : 0, at);
  const colon = userinfo.indexOf(':');
  const password = colon >= 0 ? userinfo.slice(colon + 1) : '';
  const decode = (value: string) => {
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  };
  return [userinfo, decode(userinfo), password, decode(password), encodeURIComponent(decode(password))];
}

export function proxyMask(proxy: ProxySettings): Mask {
  const secrets = [...new Set([proxy.httpProxy, proxy.httpsProxy, proxy.allProxy].flatMap((url) => (url ? credentialsOf(url) : [])))]
    .filter((s) => s.length >= MIN_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length); // longest first, so a password inside its userinfo goes with it
  return (text) => {
    let out = text;
    for (const secret of secrets) out = out.split(secret).join('****');
    return redact(out);
  };
}

/** Applies a mask to every string inside a JSON-like value (returns a copy). */
export function maskDeep<T>(value: T, mask: Mask): T {
  if (typeof value === 'string') return mask(value) as T;
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, mask)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = maskDeep(v, mask);
    return out as T;
  }
  return value;
}
