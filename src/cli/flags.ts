// The command-line contract of docs/contract.md as data: every command, the flags each accepts, and how each
// value is checked; plus the one-line usage problem that any bad argument becomes.
import type { CommandName, InstallOptionKey, InstallOptions } from '../types.js';
import { ANSWER_KEY_ORDER } from '../options/answers.js';
import * as value from '../options/values.js';

export type FlagGroup = 'install' | 'share' | 'output' | 'other';

export interface FlagSpec {
  group: FlagGroup;
  /** The value's placeholder in --help; boolean flags have none. */
  meta?: string;
  /** The install option this flag sets; its name is also the answers-file key. */
  option?: InstallOptionKey;
  parse?: (raw: string, base: value.ValueBase) => value.Parsed<unknown>;
  short?: string;
}

/** Every flag, in the order --help lists them. */
export const FLAGS = {
  method: { group: 'install', meta: 'METHOD', option: 'method', parse: value.oneOf(value.METHODS) },
  'go-version': { group: 'install', meta: 'VERSION', option: 'goVersion', parse: value.goVersion },
  scope: { group: 'install', meta: 'SCOPE', option: 'scope', parse: value.oneOf(value.SCOPES) },
  'install-dir': { group: 'install', meta: 'DIR', option: 'installDir', parse: value.location },
  mirror: { group: 'install', meta: 'MIRROR', option: 'mirror', parse: value.mirror },
  'index-url': { group: 'install', meta: 'URL', option: 'indexUrl', parse: value.httpUrl },
  archive: { group: 'install', meta: 'FILE', option: 'archive', parse: value.archive },
  sha256: { group: 'install', meta: 'HEX', option: 'sha256', parse: value.sha256 },
  goproxy: { group: 'install', meta: 'GOPROXY', option: 'goproxy', parse: value.goproxy },
  gosumdb: { group: 'install', meta: 'GOSUMDB', option: 'gosumdb', parse: value.gosumdb },
  goprivate: { group: 'install', meta: 'PATTERNS', option: 'goprivate', parse: value.goprivate },
  'http-proxy': { group: 'install', meta: 'URL', option: 'httpProxy', parse: value.proxyUrl },
  'https-proxy': { group: 'install', meta: 'URL', option: 'httpsProxy', parse: value.proxyUrl },
  'no-proxy': { group: 'install', meta: 'HOSTS', option: 'noProxy', parse: value.noProxy },
  'persist-proxy': { group: 'install', option: 'persistProxy' },
  conflicts: { group: 'install', meta: 'MODE', option: 'conflicts', parse: value.oneOf(value.CONFLICT_MODES) },
  'build-essential': { group: 'install', option: 'buildEssential' },
  'session-env': { group: 'install', option: 'sessionEnv' },
  gopls: { group: 'install', option: 'gopls' },
  'git-proxy': { group: 'install', option: 'gitProxy' },
  'other-go': { group: 'install', meta: 'MODE', option: 'otherGo', parse: value.oneOf(value.OTHER_GO_MODES) },
  alongside: { group: 'install', option: 'alongside' },
  shells: { group: 'install', meta: 'SHELLS', option: 'shells', parse: value.shells },
  gopath: { group: 'install', meta: 'DIR', option: 'gopath', parse: value.location },
  sysroot: { group: 'install', meta: 'DIR', option: 'sysroot', parse: value.existingDirectory },
  config: { group: 'install', meta: 'FILE|URL', parse: value.configSource },
  'save-config': { group: 'install', meta: 'FILE', parse: value.writableFilePath },
  host: { group: 'share', meta: 'ADDR', parse: value.listenHost },
  port: { group: 'share', meta: 'N', parse: value.port },
  modules: { group: 'share', meta: 'DIR', parse: value.existingDirectory },
  json: { group: 'output' },
  format: { group: 'output', meta: 'FORMAT', parse: value.oneOf(value.FORMATS) },
  lang: { group: 'output', meta: 'LANG', option: 'lang', parse: value.oneOf(value.LANGS) },
  yes: { group: 'other' },
  'force-unlock': { group: 'other' },
  list: { group: 'other' },
  run: { group: 'other', meta: 'ID', parse: value.runId },
  all: { group: 'other' },
  help: { group: 'other', short: '-h' },
  version: { group: 'other', short: '-V' },
} satisfies Record<string, FlagSpec>;

export type FlagName = keyof typeof FLAGS;
export type RunnableCommand = Exclude<CommandName, 'help' | 'version'>;

export const flagSpec = (name: FlagName): FlagSpec => FLAGS[name];
const FLAG_NAMES = Object.keys(FLAGS) as FlagName[];
const INSTALL_FLAGS = FLAG_NAMES.filter((name) => FLAGS[name].group === 'install');

/** The flags each command takes (besides GLOBAL_FLAGS), in the order its --help lists them. */
export const COMMANDS: Record<RunnableCommand, readonly FlagName[]> = {
  wizard: INSTALL_FLAGS,
  detect: ['json', 'sysroot'],
  // The index is read through the same mirror and proxies as an install's.
  versions: ['json', 'all', 'index-url', 'mirror', 'http-proxy', 'https-proxy', 'no-proxy'],
  plan: [...INSTALL_FLAGS, 'format'],
  install: [...INSTALL_FLAGS, 'yes', 'json', 'force-unlock'],
  rollback: ['yes', 'list', 'run', 'json', 'force-unlock'],
  doctor: ['json'],
  prune: ['yes', 'force-unlock'],
  // A classroom's release and script are for other machines: side by side is this user's own (see `use`).
  share: [...INSTALL_FLAGS.filter((name) => name !== 'alongside'), 'host', 'port', 'modules', 'json'],
  bundle: INSTALL_FLAGS.filter((name) => name !== 'alongside'),
  use: ['shells', 'gopath', 'conflicts', 'yes', 'json', 'force-unlock'],
};

/** Commands that take one positional argument besides their name: its placeholder and check. */
export const POSITIONAL: Partial<Record<RunnableCommand, { meta: string; parse: (raw: string, base: value.ValueBase) => value.Parsed<string> }>> = {
  bundle: { meta: 'DIR', parse: value.bundleDirectory },
  use: { meta: 'VERSION', parse: value.useVersion },
};
export const GLOBAL_FLAGS: readonly FlagName[] = ['lang', 'help', 'version'];

/** The flags that set this process's proxies: `doctor` refuses them with its own reason (it checks what Go reaches). */
export const PROXY_FLAGS: readonly FlagName[] = ['http-proxy', 'https-proxy', 'no-proxy'];

/** The answers-file keys, in their order, each with the flag that sets it. */
export const ANSWER_KEYS = new Map<InstallOptionKey, FlagName>(
  ANSWER_KEY_ORDER.map((key) => {
    const flag = FLAG_NAMES.find((name) => flagSpec(name).option === key);
    if (!flag) throw new Error(`no flag sets the install option ${key}`);
    return [key, flag] as const;
  }),
);

export const DEFAULT_OPTIONS: InstallOptions = {
  method: 'tarball',
  goVersion: 'latest',
  mirror: 'official',
  goproxy: 'keep',
  persistProxy: false,
  conflicts: 'comment',
  shells: 'auto',
  sysroot: '/',
};

/** A usage problem, translated into one line once the language is known. */
export class UsageProblem extends Error {
  constructor(
    readonly key: string,
    readonly vars: Record<string, string>,
  ) {
    super(key);
  }
}

/** How a value appears in an error (one line, credentials masked, long ones cut): one home, in redact.ts. */
export { shownValue as shown } from '../redact.js';

/** The catalog key saying what a flag accepts. */
export const accepted = (name: FlagName) => `cli.accept.${name}`;
