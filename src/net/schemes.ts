// Proxy URL schemes the wizard speaks (and curl too, for the commands it runs and the exported script), and the one
// parser of proxy values (flags, answers file, the wizard's field and the environment's variables).
// A module of its own with no imports: the command-line parser uses it without loading the HTTP code.
export const PROXY_SCHEMES: readonly string[] = ['http:', 'https:', 'socks:', 'socks4:', 'socks4a:', 'socks5:', 'socks5h:'];

/** A proxy as users write it, with its scheme: as in curl, `proxy.corp:3128` (no `scheme://`) means `http://proxy.corp:3128`. */
export function proxyUrlWithScheme(raw: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
}

/** A line break, tab or other control character: never part of a proxy value (it would split a message or a file's line). */
export function hasControlCharacter(raw: string): boolean {
  return /[\0-\x1f\x7f]/.test(raw);
}

/** The proxy URL a value names (see proxyUrlWithScheme), or null when it is not an http(s) or SOCKS URL with a host. */
export function parseProxyUrl(raw: string): URL | null {
  if (hasControlCharacter(raw)) return null;
  try {
    const url = new URL(proxyUrlWithScheme(raw));
    return PROXY_SCHEMES.includes(url.protocol) && url.hostname !== '' ? url : null;
  } catch {
    return null;
  }
}
