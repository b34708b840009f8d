// The proxies the preview names: every setting this run's requests use, from the options or the environment (a
// download through HTTPS_PROXY read "Proxies none" when only the options were shown), and the one the archive goes
// through; and, among the warnings, a certificate variable (SSL_CERT_FILE …) that names nothing usable.
import { UserError } from '../errors.js';
import { proxyChoices, proxyFor, type ProxySettings } from '../net/proxy.js';
import { PROXY_NAMES } from '../net/proxy-variables.js';
import { describeTrustProblem, trustProblems, trustSources } from '../net/trust.js';
import { proxyMask } from '../secrets.js';
import type { InstallOptions, PlanProxy, ResolvedRelease, RunOptions, Translate } from '../types.js';

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
  const all = choices.find((choice) => choice.key === 'allProxy');
  if (options.persistProxy && all && !settings.httpsProxy && all.origin.kind === 'environment') {
    warnings.push(t('proxies.persist.allProxyGo', { variable: all.origin.variable, value: mask(all.value) }));
  }
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
 * The options the steps and the exports use (RunOptions), decided here once from this machine's options and environment:
 * the exports' blank-machine plan has no environment of its own.
 * - --persist-proxy writes the proxies in effect into env.sh and env.fish: an option's, else the environment's (HTTPS_PROXY
 *   alone once wrote nothing), each under its own name — ALL_PROXY stays all_proxy/ALL_PROXY: curl and git read it for
 *   either scheme, Go does not read it at all, so writing it as https_proxy would change what Go and curl do. The
 *   same 0600 file, masking and export notice as for an option. The preview still names the variable.
 * - --git-proxy writes git's http.proxy: the proxy git would take from these settings (gitProxyFor).
 */
export function runOptions(options: InstallOptions, env: NodeJS.ProcessEnv, t: Translate): RunOptions {
  if (!options.persistProxy && !options.gitProxy) return options;
  const settings: ProxySettings = Object.fromEntries(proxyChoices(options, env, t).map((choice) => [choice.key, choice.value]));
  const run: RunOptions = { ...options };
  if (options.persistProxy) {
    for (const key of ['httpProxy', 'httpsProxy', 'allProxy', 'noProxy'] as const) if (settings[key]) run[key] = settings[key];
  }
  const git = options.gitProxy ? gitProxyFor(settings) : undefined;
  if (git) run.gitProxyUrl = git;
  return run;
}

/** The proxy git should use: the https proxy (modules come over https), else the http one, else ALL_PROXY. */
export function gitProxyFor(settings: ProxySettings): string | undefined {
  return settings.httpsProxy ?? settings.httpProxy ?? settings.allProxy;
}
