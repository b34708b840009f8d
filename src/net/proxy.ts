// Proxy-aware HTTP for the wizard's own downloads. undici's EnvHttpProxyAgent does the routing (HTTP_PROXY for
// http:, HTTPS_PROXY for https: falling back to HTTP_PROXY, NO_PROXY exclusions, credentials from the proxy URL);
// we feed it explicit values merged from the flags and the environment we were given, never process.env behind
// our back, so tests and `--http-proxy` behave the same.
import { EnvHttpProxyAgent, fetch, type Dispatcher, type RequestInit, type Response } from 'undici';
import { UserError } from '../errors.js';
import { createTranslator } from '../i18n/index.js';
import { redact } from '../redact.js';
import type { InstallOptions, Translate } from '../types.js';

export interface ProxySettings {
  httpProxy?: string;
  httpsProxy?: string;
  noProxy?: string;
}

/** First non-empty value of the named variables (lower-case first, as curl and undici read them). */
function fromEnv(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name.toLowerCase()] || env[name.toUpperCase()];
  return value?.trim() || undefined;
}

/**
 * A proxy URL as users write it: `host:3128` means `http://host:3128`. Anything that is not an http(s) URL is
 * refused with a one-line error that never shows the credentials.
 */
function normalizeProxyUrl(value: string, source: string, t: Translate): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new UserError(t('versions.proxy.invalid', { source, value: redact(withScheme) }));
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
    throw new UserError(t('versions.proxy.invalid', { source, value: redact(withScheme) }));
  }
  return withScheme;
}

/** Flags (--http-proxy, --https-proxy, --no-proxy) win over HTTP_PROXY / HTTPS_PROXY / NO_PROXY (either case). */
export function proxySettings(
  options: Pick<InstallOptions, 'httpProxy' | 'httpsProxy' | 'noProxy'>,
  env: NodeJS.ProcessEnv,
  t: Translate = createTranslator('en'),
): ProxySettings {
  const pick = (flag: string | undefined, flagName: string, variable: string) => {
    const value = flag?.trim() || fromEnv(env, variable);
    if (!value) return undefined;
    return normalizeProxyUrl(value, flag?.trim() ? flagName : variable.toUpperCase(), t);
  };
  const settings: ProxySettings = {};
  const httpProxy = pick(options.httpProxy, '--http-proxy', 'http_proxy');
  const httpsProxy = pick(options.httpsProxy, '--https-proxy', 'https_proxy');
  const noProxy = options.noProxy?.trim() || fromEnv(env, 'no_proxy');
  if (httpProxy) settings.httpProxy = httpProxy;
  if (httpsProxy) settings.httpsProxy = httpsProxy;
  if (noProxy) settings.noProxy = noProxy;
  return settings;
}

export interface DispatcherTimeouts {
  /** Connect and wait for response headers at most this long. */
  connectTimeoutMs?: number;
  /** Fail when no body bytes arrive for this long (a stalled download), however long the whole transfer takes. */
  idleTimeoutMs?: number;
}

const dispatchers = new Map<string, Dispatcher>();

/** One dispatcher per distinct settings, reused so connections (and proxy tunnels) are kept alive. */
export function proxyDispatcher(proxy: ProxySettings, timeouts: DispatcherTimeouts = {}): Dispatcher {
  const key = JSON.stringify([proxy.httpProxy, proxy.httpsProxy, proxy.noProxy, timeouts.connectTimeoutMs, timeouts.idleTimeoutMs]);
  let dispatcher = dispatchers.get(key);
  if (!dispatcher) {
    const connectTimeout = timeouts.connectTimeoutMs ?? 15_000;
    const idle = timeouts.idleTimeoutMs ?? 30_000;
    dispatcher = withoutExperimentalWarning(
      () =>
        new EnvHttpProxyAgent({
          // '' (not undefined) stops undici from falling back to process.env.
          httpProxy: proxy.httpProxy ?? '',
          httpsProxy: proxy.httpsProxy ?? '',
          noProxy: proxy.noProxy ?? '',
          connect: { timeout: connectTimeout },
          headersTimeout: connectTimeout,
          bodyTimeout: idle,
        }),
    );
    dispatchers.set(key, dispatcher);
  }
  return dispatcher;
}

/**
 * undici 6 marks EnvHttpProxyAgent experimental and prints a process warning on first use; that line would land
 * in the user's terminal in the middle of the wizard, so it is silenced while the agent is built.
 */
function withoutExperimentalWarning<T>(build: () => T): T {
  const original = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const code = (rest[0] as { code?: string } | undefined)?.code;
    if (code === 'UNDICI-EHPA') return;
    (original as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return build();
  } finally {
    process.emitWarning = original;
  }
}

export type ProxyFetchInit = Omit<RequestInit, 'dispatcher'> & {
  proxy: ProxySettings;
  /** Abort the whole request (headers and body) after this long. */
  timeoutMs?: number;
  /** Dispatcher-level timeouts (connect/headers, body idle) for long transfers. */
  timeouts?: DispatcherTimeouts;
};

/** fetch() through the configured proxy, with an overall timeout combined with the caller's signal. */
export function proxyFetch(url: string, init: ProxyFetchInit): Promise<Response> {
  const { proxy, timeoutMs, timeouts, signal, ...rest } = init;
  const signals = [signal, timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined].filter(
    (s): s is AbortSignal => s instanceof AbortSignal,
  );
  return fetch(url, {
    ...rest,
    signal: signals.length > 1 ? AbortSignal.any(signals) : signals[0],
    dispatcher: proxyDispatcher(proxy, timeouts),
  });
}

/** A network error as one line, without credentials: the innermost cause is the informative part. */
export function describeNetworkError(error: unknown): string {
  let current: unknown = error;
  const parts: string[] = [];
  for (let depth = 0; current && depth < 4; depth++) {
    if (current instanceof Error) {
      const code = (current as { code?: string }).code;
      const text = current.name === 'TimeoutError' ? 'timed out' : current.message;
      if (text && !parts.includes(text)) parts.push(code && !text.includes(code) ? `${text} (${code})` : text);
      current = (current as { cause?: unknown }).cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  const useful = parts.filter((p) => p !== 'fetch failed');
  return redact((useful.length ? useful : parts).join(': '));
}
