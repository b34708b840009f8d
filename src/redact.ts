// Credentials inside URLs never reach a screen, a log, the journal or JSON output (docs/contract.md, guarantee 8).
// One left-to-right pass (no backtracking regular expression): a 50 MB value is redacted in linear time.
//
// Masked, in every form curl or Go accept for a proxy:
//   scheme://user:pw@host          any scheme (http, https, socks5, socks5h …); the password may hold spaces,
//                                  quotes and unencoded '@' (the userinfo ends at the last '@' before the host)
//   user:pw@host[:port]            scheme-less, as curl and HTTP(S)_PROXY take it, also after `NAME=` or a quote

const MASK = '****';

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13);
}

function isSchemeChar(code: number, first: boolean): boolean {
  const letter = (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return first ? letter : letter || (code >= 48 && code <= 57) || code === 43 || code === 45 || code === 46;
}

/**
 * Where the userinfo after `://` (at `start`) ends: the '@' that closes it, or -1. Looks no further than the next
 * '/' or line end. A password with a space is taken only when the text before the space reads `user:…`.
 */
function userinfoEnd(text: string, start: number, limit: number): number {
  let firstSpace = -1;
  let lastAt = -1;
  let atBeforeSpace = -1;
  let colonBeforeSpace = false;
  for (let i = start; i < limit; i++) {
    const code = text.charCodeAt(i);
    if (code === 64 /* @ */) {
      lastAt = i;
      if (firstSpace < 0) atBeforeSpace = i;
    } else if (firstSpace < 0) {
      if (isSpace(code)) firstSpace = i;
      else if (code === 58 /* : */) colonBeforeSpace = true;
    }
  }
  if (atBeforeSpace >= 0) return atBeforeSpace;
  return lastAt >= 0 && colonBeforeSpace ? lastAt : -1;
}

/** Masks `scheme://userinfo@` in one pass. */
function redactSchemed(text: string): string {
  const parts: string[] = [];
  let copied = 0;
  let from = 0;
  for (;;) {
    const sep = text.indexOf('://', from);
    if (sep < 0) break;
    // The scheme: letters, digits, + - . back from '://' (bounded by what was already handled).
    let schemeStart = sep;
    while (schemeStart > from && isSchemeChar(text.charCodeAt(schemeStart - 1), false)) schemeStart--;
    while (schemeStart < sep && !isSchemeChar(text.charCodeAt(schemeStart), true)) schemeStart++;
    const start = sep + 3;
    if (schemeStart === sep) {
      from = start;
      continue;
    }
    let limit = start;
    while (limit < text.length) {
      const code = text.charCodeAt(limit);
      if (code === 47 /* / */ || code === 10 || code === 13) break;
      limit++;
    }
    const at = userinfoEnd(text, start, limit);
    if (at >= 0) {
      parts.push(text.slice(copied, start), MASK);
      copied = at;
      from = at + 1;
    } else {
      from = limit;
    }
  }
  if (copied === 0) return text;
  parts.push(text.slice(copied));
  return parts.join('');
}

/** Characters after which a scheme-less `user:pw@host` may start (besides whitespace and the start of text). */
function isWordStart(code: number): boolean {
  // = " ' ( < , ; `
  return code === 61 || code === 34 || code === 39 || code === 40 || code === 60 || code === 44 || code === 59 || code === 96;
}

/**
 * Masks scheme-less `user:pw@host` words in one pass over the characters: `user` holds no '/', ':' or '@'; the
 * password runs to the last '@' before any '/' of a path. Words holding `://` were handled by redactSchemed.
 */
function redactSchemeless(text: string): string {
  const parts: string[] = [];
  let copied = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    let userStart = i;
    let colon = -1;
    let userOk = true;
    let slash = -1;
    let at = -1;
    let schemed = false;
    for (; i < n; i++) {
      const code = text.charCodeAt(i);
      if (isSpace(code)) break;
      if (colon < 0) {
        if (code === 58 /* : */) colon = i;
        else if (isWordStart(code)) {
          userStart = i + 1;
          userOk = true;
        } else if (code === 47 || code === 64) userOk = false;
      } else if (code === 47 /* / */) {
        if (slash < 0) {
          slash = i;
          if (i === colon + 1 && text.charCodeAt(i + 1) === 47) schemed = true;
        }
      } else if (code === 64 /* @ */ && slash < 0) at = i;
    }
    const wordEnd = i;
    if (!schemed && userOk && colon > userStart && at > colon && at < wordEnd - 1) {
      parts.push(text.slice(copied, userStart), MASK);
      copied = at;
    }
  }
  if (copied === 0) return text;
  parts.push(text.slice(copied));
  return parts.join('');
}

/** `http://user:pa$$@host:3128` → `http://****@host:3128`; text without credentials is returned unchanged. */
export function redact(text: string): string {
  if (!text.includes('@')) return text;
  return redactSchemeless(redactSchemed(text));
}

/** Redacts every string inside a JSON-like value (returns a copy). */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v);
    return out as T;
  }
  return value;
}

/**
 * For a value that is meant to be one URL (a flag value, typed by a user): masks everything between the
 * scheme and the last '@', even spaces or quotes at which redact() would stop.
 */
export function redactUrl(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^]*@/i, (_whole, scheme: string | undefined) => `${scheme ?? ''}****@`);
}

/** How a value appears in a one-line message: strings quoted with control characters escaped (other values as JSON), credentials masked, long ones cut. */
export function shownValue(raw: unknown): string {
  const cut = (text: string) => (text.length > 120 ? `${text.slice(0, 117)}...` : text);
  if (typeof raw === 'string') return JSON.stringify(cut(redactUrl(raw)));
  return cut(redactUrl(JSON.stringify(raw) ?? String(raw)));
}
