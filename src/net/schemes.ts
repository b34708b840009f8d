// Proxy URL schemes the wizard speaks (and curl too, for the commands it runs and the exported script).
// A module of its own with no imports: the command-line parser uses it without loading the HTTP code.
export const PROXY_SCHEMES: readonly string[] = ['http:', 'https:', 'socks:', 'socks4:', 'socks4a:', 'socks5:', 'socks5h:'];
