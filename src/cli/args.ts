// Turns argv and the environment into a validated CommandContext: every check of SPEC.md's command-line
// contract happens here, before any command runs and before anything is written.
import { appPaths } from '../paths.js';
import { UserError } from '../errors.js';
import { createTranslator, detectLang } from '../i18n/index.js';
import type { CommandContext, CommandFlags, InstallOptionKey, InstallOptions, Lang, Output, PlanFormat } from '../types.js';
import { loadAnswersFile } from './answers.js';
import {
  ANSWER_KEYS,
  COMMANDS,
  DEFAULT_OPTIONS,
  FLAGS,
  GLOBAL_FLAGS,
  UsageProblem,
  accepted,
  flagSpec,
  shown,
  type FlagName,
  type RunnableCommand,
} from './flags.js';
import * as value from './values.js';

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
}

/** A parsed command line: a CommandContext, plus the command whose --help was asked for. */
export interface CliInvocation extends CommandContext {
  /** Set when command is 'help' and a command was named (`go-setup-wizard plan --help`). */
  helpTopic?: RunnableCommand;
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
    const t = createTranslator(lang);
    // Variables that name catalog entries (what is accepted, a type) are translated too.
    const vars = Object.fromEntries(Object.entries(error.vars).map(([name, text]) => [name, /^cli\.(accept|type)\./.test(text) ? t(text) : text]));
    return new UserError(t(error.key, vars));
  }
}

function parse(argv: readonly string[], env: NodeJS.ProcessEnv, io: CliIo, argsLang: Lang): CliInvocation {
  const paths = appPaths(env);
  const tokens = tokenize(argv);
  const words = tokens.filter((token) => token.kind === 'word');
  const named = words[0]?.raw;
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
        if (token !== words[0]) throw new UsageProblem('cli.error.unexpectedArgument', { value: shown(token.raw), command: commandLabel });
        break;
      case 'unknown':
        throw new UsageProblem('cli.error.unknownFlag', { flag: shown(token.spelled), command: commandLabel, accepted: flagList(allowed) });
      case 'unwanted-value':
        throw new UsageProblem('cli.error.unwantedValue', { flag: token.spelled, value: shown(token.raw) });
      case 'missing-value':
        throw new UsageProblem('cli.error.missingValue', { flag: token.spelled, accepted: accepted(token.name) });
      case 'flag':
        if (!allowed.includes(token.name)) {
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
      flags: { json: false, yes: false, all: false, list: false, format: 'text' },
      lang: argsLang,
      t: createTranslator(argsLang),
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

  // The answers file fills in what the command line did not give.
  const answers = parsed.has('config') ? loadAnswersFile(parsed.get('config') as string, paths.home) : {};
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
    runId: parsed.get('run') as string | undefined,
    format: (parsed.get('format') as PlanFormat | undefined) ?? 'text',
    config: parsed.get('config') as string | undefined,
    saveConfig: parsed.get('save-config') as string | undefined,
  };
  return { ...common, command, options, explicit, flags, lang, t: createTranslator(lang) };
}
