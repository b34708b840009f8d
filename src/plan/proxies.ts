// The proxies the preview names: every setting this run's requests use, from the options or the environment (a
// download through HTTPS_PROXY read "Proxies none" when only the options were shown), and the one the archive goes
// through; and, among the warnings, a certificate variable (SSL_CERT_FILE …) that names nothing usable.
import { UserError } from '../errors.js';
import { proxyChoices, proxyFor, type ProxySettings } from '../net/proxy.js';
import { PROXY_NAMES } from '../net/proxy-variables.js';
import { describeTrustProblem, trustProblems, trustSources } from '../net/trust.js';
import { proxyMask } from '../secrets.js';
import type { InstallOptions, PlanProxy, ResolvedRelease, Translate } from '../types.js';

export interface PlanProxies {
  proxies: PlanProxy[];
  downloadProxy?: string | null;
  /** A proxy variable that is not a proxy URL (the download refuses it); a certificate variable naming nothing usable. */
  warnings: string[];
}

export function planProxies(options: InstallOptions, env: NodeJS.ProcessEnv, release: ResolvedRelease | null, t: Translate): PlanProxies {
  const warnings = trustProblems(trustSources(env)).map((problem) => describeTrustProblem(problem, t));
  let choices: ReturnType<typeof proxyChoices>;
  try {
    choices = proxyChoices(options, env, t);
  } catch (error) {
    if (error instanceof UserError) return { proxies: [], warnings: [error.message, ...warnings] };
    throw error;
  }
  const settings: ProxySettings = Object.fromEntries(choices.map((choice) => [choice.key, choice.value]));
  const mask = proxyMask(settings);
  const proxies = choices.map(({ key, value, origin }) => ({
    setting: PROXY_NAMES[key],
    value: mask(value),
    source: origin.kind,
    from: origin.kind === 'option' ? origin.flag : origin.variable,
  }));
  if (!release || release.archivePath) return { proxies, warnings };
  const via = proxyFor(new URL(release.url), settings);
  return { proxies, downloadProxy: via === null ? null : mask(via), warnings };
}

/**
 * The options the steps and the exports use. --persist-proxy writes the proxies in effect into env.sh and env.fish: an
 * option's, else the environment's (HTTPS_PROXY alone once wrote nothing), so the proxy a variable gave is carried as
 * if given as an option — the same 0600 file, masking and export notice. ALL_PROXY, which requests of either scheme
 * use, is carried as both http_proxy and https_proxy when those are not set. The preview still names the variable.
 */
export function persistedProxyOptions(options: InstallOptions, env: NodeJS.ProcessEnv, t: Translate): InstallOptions {
  if (!options.persistProxy) return options;
  const settings: ProxySettings = Object.fromEntries(proxyChoices(options, env, t).map((choice) => [choice.key, choice.value]));
  const httpProxy = settings.httpProxy ?? settings.allProxy;
  const httpsProxy = settings.httpsProxy ?? settings.allProxy;
  return {
    ...options,
    ...(httpProxy ? { httpProxy } : {}),
    ...(httpsProxy ? { httpsProxy } : {}),
    ...(settings.noProxy ? { noProxy: settings.noProxy } : {}),
  };
}
