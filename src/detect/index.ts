// detect(host): everything the plan and the screens need to know about the machine. Probes run in parallel,
// each with a time limit; a probe that fails or hangs leaves a neutral value and a line in `problems`.
import { posix } from 'node:path';
import type { Host } from '../host/host.js';
import { createTranslator } from '../i18n/index.js';
import { appPaths } from '../paths.js';
import { hasControlCharacter } from '../net/schemes.js';
import { redact, redactUrl } from '../redact.js';
import type { Detection, ProbeProblem, Translate } from '../types.js';
import { detectArch } from './arch.js';
import { detectExistingGo } from './go.js';
import { describeOs, parseOsRelease } from './os-release.js';
import { detectShells } from './shells.js';
import { readStartupEnvironment, startupPlaces } from './startup-env.js';
import { detectUser, userHome } from './user.js';
import { detectionWarnings } from './warnings.js';
import { detectWsl } from './wsl.js';
import { PROXY_VARIABLES } from '../net/proxy-variables.js';
import { isRoot } from '../privilege.js';

export interface DetectOptions {
  /** Renders warnings; English when omitted. */
  t?: Translate;
  /** Time limit of each probe. */
  probeTimeoutMs?: number;
}

export const ENV_KEYS = [
  'GOROOT',
  'GOPATH',
  'GOBIN',
  'GOPROXY',
  'GOSUMDB',
  'GOPRIVATE',
  'GOTOOLCHAIN',
  ...PROXY_VARIABLES,
];

/**
 * The Go-related variables that are set, with proxy credentials shown as ****; a value with a line break or another
 * control character is shown quoted and escaped, so that it stays one row.
 */
export function goEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ENV_KEYS) {
    const value = env[key];
    if (value === undefined || value === '') continue;
    // A proxy variable holds one URL: everything up to its last '@' is credentials, spaces and quotes included.
    const shown = /^(https?|all|ftp)_proxy$/i.test(key) ? redactUrl(value) : redact(value);
    out[key] = hasControlCharacter(shown) ? JSON.stringify(shown) : shown;
  }
  return out;
}

async function readOs(host: Host): Promise<Detection['os']> {
  const text = (await host.readSystemFile('/etc/os-release')) ?? (await host.readSystemFile('/usr/lib/os-release'));
  if (!text) throw new Error('no etc/os-release or usr/lib/os-release');
  return describeOs(parseOsRelease(text.toString('utf8')));
}

async function readDisk(host: Host, home: string): Promise<Detection['disk']> {
  const places = ['/usr/local', posix.join(home, '.local'), appPaths({ ...host.env, HOME: home }).cacheDir];
  return Promise.all(places.map(async (path) => ({ path, freeBytes: await host.freeBytes(path) })));
}

function withTimeout<T>(name: string, ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

export async function detect(host: Host, options: DetectOptions = {}): Promise<Detection> {
  const t = options.t ?? createTranslator('en');
  const timeoutMs = options.probeTimeoutMs ?? 5000;
  const problems: ProbeProblem[] = [];
  // `timed: false` for a probe whose every operation is bounded on its own (file reads, a command with its own
  // timeout): its answer is essential, and on a loaded machine the overall limit would throw it away.
  const probe = async <T>(name: string, fallback: T, work: () => Promise<T>, timed = true): Promise<T> => {
    try {
      return await (timed ? withTimeout(name, timeoutMs, work()) : work());
    } catch (error) {
      problems.push({ probe: name, message: redact(error instanceof Error ? error.message : String(error)) });
      return fallback;
    }
  };

  const home = userHome(host);
  const [os, arch, wsl, shell, user, existingGo, disk, startupEnv, cCompiler] = await Promise.all([
    probe<Detection['os']>('os', { id: '', versionId: '', codename: '', ubuntuCodename: '', family: 'other', prettyName: '', baseVersion: '', supported: false }, () =>
      readOs(host),
    ),
    probe<Detection['arch']>('arch', { machine: '', goArch: null, userlandGoArch: null }, () => detectArch(host), false),
    probe<Detection['wsl']>('wsl', { isWsl: false, version: null, windowsGoOnPath: false, underMntC: false }, () => detectWsl(host)),
    probe<Detection['shell']>('shell', { login: '', available: [], startupFiles: [], zdotdir: host.env.ZDOTDIR || home }, () =>
      detectShells(host, home),
    ),
    probe<Detection['user']>('user', { name: host.user.name, uid: host.user.uid, isRoot: isRoot(host.user.uid), home, sudo: 'none' }, () =>
      detectUser(host),
    ),
    probe('existing-go', [], () => detectExistingGo(host, home)),
    probe('disk', [], () => readDisk(host, home)),
    probe('startup-env', [], () => readStartupEnvironment(host, startupPlaces(host.env, home))),
    probe<string | null>('c-compiler', null, async () => (await host.which('gcc'))[0] ?? (await host.which('cc'))[0] ?? null),
  ]);
  const facts = { os, arch, wsl, shell, user, existingGo, env: goEnvironment(host.env), startupEnv, disk, problems };
  const warnings = await probe('warnings', [], () => detectionWarnings(host, facts, t));
  return { os, arch, wsl, shell, user, existingGo, env: facts.env, startupEnv, cCompiler, disk, warnings, problems };
}
