// Which proxy a request goes through, and the agent that speaks to it. Settings are merged from the flags and
// the environment we were given (never process.env behind the caller's back), read as curl and Go read them:
// lower-case variable first; https: uses HTTPS_PROXY, http: uses HTTP_PROXY, either falls back to ALL_PROXY;
// NO_PROXY names hosts reached directly. Proxies may be http://, https:// (TLS to the proxy) or SOCKS
// (socks5:// resolves names locally, socks5h:// lets the proxy resolve them — Clash and V2Ray listen on both).
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { BlockList, isIP } from 'node:net';
import { UserError } from '../errors.js';
import { createTranslator } from '../i18n/index.js';
import { shownValue } from '../redact.js';
import { hasControlCharacter, parseProxyUrl, proxyUrlWithScheme } from './schemes.js';
import type { InstallOptions, Translate } from '../types.js';
import { trustedSecureContext, trustSources, type TrustSources } from './trust.js';
import { foundProxyVariable, PROXY_NAMES } from './proxy-variables.js';

/** Where a proxy setting came from: an install option (flag, answers file or the wizard's answer) or a variable. */
export type ProxyOrigin = { kind: 'option'; flag: string } | { kind: 'environment'; variable: string };

export type ProxyKey = 'httpProxy' | 'httpsProxy' | 'allProxy' | 'noProxy';

export interface ProxySettings {
  httpProxy?: string;
  httpsProxy?: string;
  /** ALL_PROXY: used for either scheme when its own variable is not set (often `socks5://127.0.0.1:7890`). */
  allProxy?: string;
  noProxy?: string;
  /** Where extra trusted certificates come from (SSL_CERT_FILE, SSL_CERT_DIR, NODE_EXTRA_CA_CERTS), when set. */
  trust?: TrustSources;
}

/**
 * A proxy URL as users write it (parseProxyUrl: `host:3128` means `http://host:3128`). Anything that is not an http(s)
 * or SOCKS URL is refused with a one-line error naming where it came from; the value is quoted on one line (a line
 * break shows as \n) and never shows the credentials.
 */
function normalizeProxyUrl(value: string, origin: ProxyOrigin, t: Translate): string {
  const withScheme = proxyUrlWithScheme(value);
  if (!parseProxyUrl(value)) throw refusedValue(value, origin, t);
  return withScheme;
}

/** The one-line error for a proxy setting that cannot be used: a variable is named as such, an option by its flag. */
function refusedValue(value: string, origin: ProxyOrigin, t: Translate): UserError {
  const shown = shownValue(value);
  if (origin.kind === 'option') return new UserError(t('versions.proxy.invalid', { source: origin.flag, value: shown }));
  const variable = origin.variable;
  if (!hasControlCharacter(value)) return new UserError(t('proxies.env.invalid', { variable, value: shown }));
  const example = variable.toLowerCase() === 'no_proxy' ? 'localhost,127.0.0.1,.corp.example.com' : 'http://127.0.0.1:3128';
  return new UserError(t('proxies.env.control', { variable, value: shown, example }));
}

/** A proxy setting in effect, and where it came from (the plan's preview says both). */
export interface ProxyChoice {
  key: ProxyKey;
  value: string;
  origin: ProxyOrigin;
}

/** Each proxy setting in effect: the options (--http-proxy, --https-proxy, --no-proxy) win over the variables. */
export function proxyChoices(
  options: Pick<InstallOptions, 'httpProxy' | 'httpsProxy' | 'noProxy'>,
  env: NodeJS.ProcessEnv,
  t: Translate = createTranslator('en'),
): ProxyChoice[] {
  const choices: ProxyChoice[] = [];
  const pick = (key: ProxyKey, given: string | undefined, flag: string) => {
    const found = given ? undefined : foundProxyVariable(env, PROXY_NAMES[key]);
    const origin: ProxyOrigin = given ? { kind: 'option', flag } : { kind: 'environment', variable: found?.name ?? '' };
    const value = given ?? found?.value;
    if (!value) return;
    // NO_PROXY is read as curl reads it, loosely; but never with a line break, which would split the preview or env.sh.
    if (key === 'noProxy' && hasControlCharacter(value)) throw refusedValue(value, origin, t);
    choices.push({ key, value: key === 'noProxy' ? value : normalizeProxyUrl(value, origin, t), origin });
  };
  pick('httpProxy', options.httpProxy?.trim() || undefined, '--http-proxy');
  pick('httpsProxy', options.httpsProxy?.trim() || undefined, '--https-proxy');
  pick('allProxy', undefined, '');
  pick('noProxy', options.noProxy?.trim() || undefined, '--no-proxy');
  return choices;
}

/** The settings requests use: proxyChoices, plus the certificates the environment names. */
export function proxySettings(
  options: Pick<InstallOptions, 'httpProxy' | 'httpsProxy' | 'noProxy'>,
  env: NodeJS.ProcessEnv,
  t: Translate = createTranslator('en'),
): ProxySettings {
  const settings: ProxySettings = {};
  for (const choice of proxyChoices(options, env, t)) settings[choice.key] = choice.value;
  const trust = trustSources(env);
  if (trust) settings.trust = trust;
  return settings;
}

// ---------------------------------------------------------------------------------------------
// NO_PROXY

function defaultPort(protocol: string): number {
  return protocol === 'https:' ? 443 : 80;
}

/**
 * Whether NO_PROXY sends this URL direct, as curl reads it: `*` matches everything; `example.com` and
 * `.example.com` match that host and its subdomains; an IP or CIDR range matches addresses in it; `host:port`
 * only that port.
 */
export function bypassesProxy(target: URL, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = Number(target.port) || defaultPort(target.protocol);
  const hostFamily = isIP(host);
  for (const raw of noProxy.split(/[\s,]+/)) {
    let entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    let entryPort: number | null = null;
    const withPort = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(entry);
    if (withPort) {
      entry = withPort[1]!;
      entryPort = Number(withPort[2]);
    }
    entry = entry.replace(/^\[|\]$/g, '');
    if (entryPort !== null && entryPort !== port) continue;
    const cidr = /^(.+)\/(\d{1,3})$/.exec(entry);
    if (hostFamily && cidr && isIP(cidr[1]!)) {
      const family = isIP(cidr[1]!) === 6 ? 'ipv6' : 'ipv4';
      if ((hostFamily === 6 ? 'ipv6' : 'ipv4') !== family) continue;
      const list = new BlockList();
      try {
        list.addSubnet(cidr[1]!, Number(cidr[2]), family);
      } catch {
        continue;
      }
      if (list.check(host, family)) return true;
      continue;
    }
    const name = entry.replace(/^\*?\./, '');
    if (host === name || (!hostFamily && host.endsWith(`.${name}`))) return true;
  }
  return false;
}

/** The proxy URL a request to `target` goes through, or null for a direct connection. */
export function proxyFor(target: URL, proxy: ProxySettings): string | null {
  if (bypassesProxy(target, proxy.noProxy)) return null;
  const own = target.protocol === 'https:' ? proxy.httpsProxy : proxy.httpProxy;
  return own ?? proxy.allProxy ?? null;
}

// ---------------------------------------------------------------------------------------------
// Agents

const agents = new Map<string, Promise<HttpAgent>>();

/**
 * One keep-alive agent per (target scheme, proxy, trusted roots), reused so connections and proxy tunnels are
 * kept. TLS to the server (and to an https:// proxy) trusts Node's roots, the system store and the variables
 * in `proxy.trust`. The proxy agents (./proxy-agents.ts) are loaded with the first request through a proxy.
 */
export function agentFor(target: URL, proxy: ProxySettings): Promise<HttpAgent> {
  const via = proxyFor(target, proxy);
  const secure = target.protocol === 'https:';
  const key = JSON.stringify([secure, via, proxy.trust ?? null]);
  let agent = agents.get(key);
  if (agent) return agent;
  // Building the trusted roots costs tens of milliseconds: only for a connection that speaks TLS somewhere.
  const tls = secure || via?.startsWith('https:') === true;
  const common = tls ? { keepAlive: true, secureContext: trustedSecureContext(proxy.trust) } : { keepAlive: true };
  if (via) agent = import('./proxy-agents.js').then(({ proxyAgent }) => proxyAgent(via, secure, common));
  else agent = Promise.resolve(secure ? new HttpsAgent(common) : new HttpAgent(common));
  agents.set(key, agent);
  return agent;
}
