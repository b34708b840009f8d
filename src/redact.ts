// Credentials inside URLs never reach a screen, a log, the journal or JSON output (SPEC guarantee 8).

const USERINFO = /([a-z][a-z0-9+.-]*:\/\/)([^/@\s]*)@/gi;

/** `http://user:pa$$@host:3128` → `http://****@host:3128`; text without credentials is returned unchanged. */
export function redact(text: string): string {
  return text.replace(USERINFO, (_whole, scheme: string) => `${scheme}****@`);
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
