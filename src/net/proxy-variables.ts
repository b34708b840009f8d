// The proxy settings as environment variables. curl and wget read the lower-case names, Go and most other tools
// either case, so the wizard reads both and writes both.

/** Which variable carries which setting (its lower-case name). */
export const PROXY_NAMES = { httpProxy: 'http_proxy', httpsProxy: 'https_proxy', allProxy: 'all_proxy', noProxy: 'no_proxy' } as const;
const NAMES = PROXY_NAMES;

export type ProxyValues = Partial<Record<keyof typeof NAMES, string>>;

/** Every proxy variable, lower case first (e.g. for `sudo --preserve-env`). */
export const PROXY_VARIABLES = [...Object.values(NAMES), ...Object.values(NAMES).map((name) => name.toUpperCase())];

/** A proxy variable found in `env` and the name it was found under: the lower-case name wins, as in curl; blank counts as unset. */
export function foundProxyVariable(env: NodeJS.ProcessEnv, name: string): { name: string; value: string } | undefined {
  const spelled = env[name.toLowerCase()] ? name.toLowerCase() : name.toUpperCase();
  const value = env[spelled]?.trim();
  return value ? { name: spelled, value } : undefined;
}

/** The value of a proxy variable in `env` (see foundProxyVariable). */
export function proxyVariable(env: NodeJS.ProcessEnv, name: string): string | undefined {
  return foundProxyVariable(env, name)?.value;
}

/** Each setting that has a value, with the two names it goes by (lower case first). */
export function proxySettingNames(settings: ProxyValues): { names: [string, string]; value: string }[] {
  const out: { names: [string, string]; value: string }[] = [];
  for (const [key, name] of Object.entries(NAMES) as [keyof typeof NAMES, string][]) {
    const value = settings[key];
    if (value) out.push({ names: [name, name.toUpperCase()], value });
  }
  return out;
}

/** The settings as variables: each value under its lower- and upper-case name. */
export function proxyVariables(settings: ProxyValues): { name: string; value: string }[] {
  return proxySettingNames(settings).flatMap(({ names, value }) => names.map((name) => ({ name, value })));
}
