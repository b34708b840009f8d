// Turns argv and the environment into a validated CommandContext: every check of docs/contract.md's command-line
// contract happens here, before any command runs and before anything is written.
import { appPaths } from '../paths.js';
import { UserError } from '../errors.js';
import { createTranslator, detectLang, loadLang } from '../i18n/index.js';
import type { CommandContext, CommandFlags, InstallOptionKey, InstallOptions, Lang, Output, PlanFormat } from '../types.js';
import { parseAnswersText, readAnswersFile, type ParsedAnswers } from './answers.js';
import {
  ANSWER_KEYS,
  COMMANDS,
  DEFAULT_OPTIONS,
  FLAGS,
  GLOBAL_FLAGS,
  POSITIONAL,
  PROXY_FLAGS,
  UsageProblem,
  accepted,
  flagSpec,
  shown,
  type FlagName,
  type RunnableCommand,
} from './flags.js';
import * as value from '../options/values.js';

const FLAG_NAMES = Object.keys(FLAGS) as FlagName[];
const flagList = (names: readonly FlagName[]) => names.map((name) => `--${name}`).join(' ');

type Token =
  | { kind: 'flag'; name: FlagName; spelled: string; raw?: string }
  | { kind: 'unknown'; spelled: string }
  | { kind: 'missing-value'; name: FlagName; spelled: string }
  | { kind: 'unwanted-value'; spelled: string; raw: string }
  | { kind: 'word'; raw: string };

function tokenize(argv: readonly string[]): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const short = FLAG_NAMES.find((name) => flagSpec(name).short === arg);
    if (short) {
      tokens.push({ kind: 'flag', name: short, spelled: arg });
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      tokens.push({ kind: 'word', raw: arg });
      continue;
    }
    const eq = arg.indexOf('=');
    const spelled = eq === -1 ? arg : arg.slice(0, eq);
    const inline = eq === -1 ? undefined : arg.slice(eq + 1);
    const name = spelled.slice(2) as FlagName;
    if (!spelled.startsWith('--') || !Object.hasOwn(FLAGS, name)) {
      tokens.push({ kind: 'unknown', spelled });
    } else if (!flagSpec(name).parse) {
      tokens.push(inline === undefined ? { kind: 'flag', name, spelled } : { kind: 'unwanted-value', spelled, raw: inline });
    } else {
      // A following flag is never taken as the value: `--mirror --yes` is a missing mirror.
      const raw = inline ?? (argv[i + 1]?.startsWith('--') ? undefined : argv[++i]);
      tokens.push(raw ? { kind: 'flag', name, spelled, raw } : { kind: 'missing-value', name, spelled });
    }
  }
  return tokens;
}

/** Finds a valid --lang among the arguments, so that even errors about other arguments use it. */
function langFromArgs(argv: readonly string[]): Lang | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const raw = arg === '--lang' ? argv[i + 1] : arg.startsWith('--lang=') ? arg.slice(7) : undefined;
    if ((value.LANGS as readonly string[]).includes(raw ?? '')) return raw as Lang;
  }
  return undefined;
}

export interface CliIo {
  stdout: Output;
  stderr: Output;
  stdinIsTTY: boolean;
  /** Relative file names (--archive, --config, …) are resolved against this. */
  cwd: string;
  /** The text of a --config URL, fetched by resolveCommandLine. */
  remoteAnswers?: { url: string; text: string };
  /** How the user started the tool (src/invocation.ts), for `{tool}` in hints; `go-setup-wizard` when absent. */
  tool?: string;
}

/** A parsed command line: a CommandContext, plus the command whose --help was asked for. */
export interface CliInvocation extends CommandContext {
  /** Set when command is 'help' and a command was named (`go-setup-wizard plan --help`). */
  helpTopic?: RunnableCommand;
  /** --config names a URL whose text is not in io.remoteAnswers yet: resolveCommandLine fetches it and parses again. */
  pendingConfigUrl?: string;
}

/**
 * Turns the arguments and environment into a validated invocation, or a UserError (exit 2, one line)
 * naming the bad argument and what is accepted. Reads files (--config, checks of --archive) but writes nothing.
 */
export function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv, io: CliIo): CliInvocation | UserError {
  const lang = detectLang(env, langFromArgs(argv));
  try {
    return parse(argv, env, io, lang);
  } catch (error) {
    if (!(error instanceof UsageProblem)) throw error;
    return usageError(error, lang, io.tool);
  }
}

function usageError(problem: UsageProblem, lang: Lang, tool?: string): UserError {
  const t = createTranslator(lang, tool);
  // Variables that name catalog entries (what is accepted, a type) are translated too.
  const vars = Object.fromEntries(Object.entries(problem.vars).map(([name, text]) => [name, /^cli\.(accept|type)\./.test(text) ? t(text) : text]));
  return new UserError(t(problem.key, vars));
}

/**
 * parseCommandLine, plus the one thing it cannot do synchronously: fetch a --config URL (byte-capped and
 * time-bounded, through the proxies the command line and environment give). A fetch that fails is bad input (exit 2).
 */
export async function resolveCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<CliInvocation | UserError> {
  // The language of usage errors and --help (environment, --lang); an answers file may name another, loaded below.
  await loadLang(detectLang(env, langFromArgs(argv)));
  const first = await withLanguage(parseCommandLine(argv, env, io));
  if (first instanceof UserError || first.pendingConfigUrl === undefined) return first;
  const url = first.pendingConfigUrl;
  const [{ fetchAnswersText }, { proxySettings }] = await Promise.all([import('./remote-answers.js'), import('../net/proxy.js')]);
  try {
    const text = await fetchAnswersText(url, proxySettings(first.options, env, first.t));
    return await withLanguage(parseCommandLine(argv, env, { ...io, remoteAnswers: { url, text } }));
  } catch (error) {
    if (error instanceof UsageProblem) return usageError(error, first.lang, io.tool);
    if (error instanceof UserError) return error;
    throw error;
  }
}

/** The invocation once the messages of its language (perhaps from the answers file) are loaded. */
async function withLanguage(result: CliInvocation | UserError): Promise<CliInvocation | UserError> {
  if (!(result instanceof UserError)) await loadLang(result.lang);
  return result;
}

function parse(argv: readonly string[], env: NodeJS.ProcessEnv, io: CliIo, argsLang: Lang): CliInvocation {
  const paths = appPaths(env);
  const tokens = tokenize(argv);
  const words = tokens.filter((token) => token.kind === 'word');
  const named = words[0]?.raw;
  const positionalSpec = named !== undefined && Object.hasOwn(COMMANDS, named) ? POSITIONAL[named as RunnableCommand] : undefined;
  if (named !== undefined && !Object.hasOwn(COMMANDS, named)) {
    const commands = Object.keys(COMMANDS).filter((name) => name !== 'wizard');
    throw new UsageProblem('cli.error.unknownCommand', { value: shown(named), accepted: commands.join(', ') });
  }
  const command = (named ?? 'wizard') as RunnableCommand;
  const allowed = [...COMMANDS[command], ...GLOBAL_FLAGS];
  const commandLabel = named ?? 'go-setup-wizard';

  // Flags in the order given; a flag given twice is ambiguous, so it is refused.
  const given = new Map<FlagName, string | true>();
  for (const token of tokens) {
    switch (token.kind) {
      case 'word':
        if (token !== words[0] && !(positionalSpec && token === words[1])) {
          throw new UsageProblem('cli.error.unexpectedArgument', { value: shown(token.raw), command: commandLabel });
        }
        break;
      case 'unknown':
        throw new UsageProblem('cli.error.unknownFlag', { flag: shown(token.spelled), command: commandLabel, accepted: flagList(allowed) });
      case 'unwanted-value':
        throw new UsageProblem('cli.error.unwantedValue', { flag: token.spelled, value: shown(token.raw) });
      case 'missing-value':
        throw new UsageProblem('cli.error.missingValue', { flag: token.spelled, accepted: accepted(token.name) });
      case 'flag':
        if (!allowed.includes(token.name)) {
          // doctor checks GOPROXY through the proxy Go itself uses (the environment): a proxy for this run would hide that.
          if (command === 'doctor' && PROXY_FLAGS.includes(token.name)) throw new UsageProblem('network.doctor.proxyFlag', { flag: token.spelled });
          throw new UsageProblem('cli.error.flagNotForCommand', { flag: token.spelled, command: commandLabel, accepted: flagList(allowed) });
        }
        if (given.has(token.name)) throw new UsageProblem('cli.error.repeated', { flag: `--${token.name}` });
        given.set(token.name, token.raw ?? true);
    }
  }

  const common = { env, paths, stdout: io.stdout, stderr: io.stderr, stdinIsTTY: io.stdinIsTTY };
  if (given.has('help') || given.has('version')) {
    return {
      ...common,
      command: given.has('help') ? 'help' : 'version',
      helpTopic: named === undefined ? undefined : command,
      options: { ...DEFAULT_OPTIONS },
      explicit: [],
      flags: { json: false, yes: false, all: false, list: false, forceUnlock: false, format: 'text' },
      lang: argsLang,
      t: createTranslator(argsLang, io.tool),
    };
  }

  const base: value.ValueBase = { home: paths.home, dir: io.cwd };
  const parsed = new Map<FlagName, unknown>();
  const fromArgs: Partial<Record<InstallOptionKey, unknown>> = {};
  for (const [name, raw] of given) {
    const spec = flagSpec(name);
    const result = raw === true ? true : spec.parse!(raw, base);
    if (result === value.INVALID) throw new UsageProblem('cli.error.badValue', { flag: `--${name}`, value: shown(raw), accepted: accepted(name) });
    parsed.set(name, result);
    if (spec.option) fromArgs[spec.option] = result;
  }

  let positional: string | undefined;
  if (positionalSpec) {
    const raw = words[1]?.raw;
    if (raw === undefined) throw new UsageProblem('classroom.error.missingArgument', { command: commandLabel, meta: positionalSpec.meta });
    const result = positionalSpec.parse(raw, base);
    if (result === value.INVALID) throw new UsageProblem('classroom.error.badArgument', { command: commandLabel, value: shown(raw), accepted: `cli.accept.${command}.${positionalSpec.meta}` });
    positional = result;
  }

  // The answers file fills in what the command line did not give. A URL is fetched by resolveCommandLine first.
  const config = parsed.get('config') as string | undefined;
  let parsedAnswers: ParsedAnswers = { options: {} };
  let pendingConfigUrl: string | undefined;
  if (config !== undefined && value.isConfigUrl(config)) {
    if (io.remoteAnswers?.url === config) parsedAnswers = parseAnswersText(io.remoteAnswers.text, { kind: 'url', url: config }, paths.home);
    else pendingConfigUrl = config;
  } else if (config !== undefined) {
    parsedAnswers = readAnswersFile(config, paths.home);
  }
  const answers = parsedAnswers.options;
  const options = { ...DEFAULT_OPTIONS, ...answers, ...fromArgs } as InstallOptions;
  const explicit = [...ANSWER_KEYS.keys()].filter((key) => key in answers || key in fromArgs);
  if (options.archive !== undefined && options.method !== 'tarball') {
    throw new UsageProblem('cli.error.archiveNeedsTarball', { value: shown(options.method) });
  }
  if (command === 'wizard' && !(io.stdinIsTTY && io.stdout.isTTY)) throw new UsageProblem('cli.error.wizardNeedsTerminal', {});

  const lang = detectLang(env, options.lang);
  const flags: CommandFlags = {
    json: parsed.has('json'),
    yes: parsed.has('yes'),
    all: parsed.has('all'),
    list: parsed.has('list'),
    forceUnlock: parsed.has('force-unlock'),
    runId: parsed.get('run') as string | undefined,
    format: (parsed.get('format') as PlanFormat | undefined) ?? 'text',
    config: parsed.get('config') as string | undefined,
    saveConfig: parsed.get('save-config') as string | undefined,
  };
  if (command === 'share') {
    flags.share = { host: parsed.get('host') as string | undefined, port: parsed.get('port') as number | undefined, modules: parsed.get('modules') as string | undefined };
  }
  if (command === 'bundle') flags.bundleDir = positional;
  if (command === 'use') flags.useVersion = positional;
  const invocation: CliInvocation = { ...common, command, options, explicit, flags, lang, t: createTranslator(lang, io.tool) };
  // A --sha256 on the command line is the user's own pin: the answers file's no longer applies.
  if (parsedAnswers.pinned && !('sha256' in fromArgs)) invocation.pinnedDigests = parsedAnswers.pinned;
  if (pendingConfigUrl !== undefined) invocation.pendingConfigUrl = pendingConfigUrl;
  return invocation;
}
