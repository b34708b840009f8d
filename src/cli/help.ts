// --help: the overview (commands, grouped flags, examples) and each command's own flags.
import type { Translate } from '../types.js';
import { COMMANDS, FLAGS, GLOBAL_FLAGS, POSITIONAL, flagSpec, type FlagGroup, type FlagName, type RunnableCommand } from './flags.js';
import { standaloneWidth } from '../text-width-standalone.js';

const NAME = 'go-setup-wizard';

const EXAMPLES: { comment: string; commands: string[] }[] = [
  {
    comment: 'cli.example.classroom',
    commands: [
      `${NAME} plan --scope user --go-version 1.27 --mirror google-cn --save-config classroom.json`,
      `${NAME} install --yes --config classroom.json`,
    ],
  },
  { comment: 'cli.example.china', commands: [`${NAME} install --mirror google-cn --goproxy goproxy.cn`] },
  { comment: 'classroom.example.share', commands: [`${NAME} share --go-version 1.27 --scope user`] },
  { comment: 'classroom.example.bundle', commands: [`${NAME} bundle /media/usb --scope user`] },
  { comment: 'cli.example.script', commands: [`${NAME} plan --format sh > install-go.sh`] },
  { comment: 'cli.example.undo', commands: [`${NAME} rollback`] },
];

/** A line of text, or a table of two columns, the left one padded to its widest cell. */
type Block = string | [string, string][];

/**
 * How the left cells are measured: flag names and catalog text need no Unicode segmentation, so string-width (and
 * its emoji tables) is loaded only when some cell has a character it alone can measure.
 */
async function measureFor(cells: string[]): Promise<(text: string) => number> {
  if (cells.every((cell) => standaloneWidth(cell) !== undefined)) return (text) => standaloneWidth(text)!;
  return (await import('../text-width.js')).textWidth;
}

function table(rows: [string, string][], measure: (text: string) => number): string[] {
  const width = Math.max(...rows.map(([left]) => measure(left)));
  return rows.map(([left, right]) => `  ${left}${' '.repeat(width - measure(left))}  ${right}`);
}

function flagRow(name: FlagName, t: Translate): [string, string] {
  const spec = flagSpec(name);
  const label = [spec.short, `--${name}`].filter(Boolean).join(', ') + (spec.meta ? ` ${spec.meta}` : '');
  return [label, t(`cli.flag.${name}`)];
}

function overview(t: Translate, version: string): Block[] {
  const commands = Object.keys(COMMANDS) as RunnableCommand[];
  const commandRows = commands.map((name): [string, string] => [name === 'wizard' ? t('cli.help.noCommand') : name, t(`cli.command.${name}`)]);
  const group = (which: FlagGroup) => (Object.keys(FLAGS) as FlagName[]).filter((name) => flagSpec(name).group === which).map((name) => flagRow(name, t));
  return [
    `${NAME} ${version} — ${t('cli.tagline')}`,
    '',
    t('cli.help.usage', { usage: `${NAME} [COMMAND] [OPTIONS]` }),
    '',
    t('cli.help.commands'),
    commandRows,
    '',
    t('cli.help.installOptions'),
    group('install'),
    '',
    t('cli.help.share'),
    group('share'),
    '',
    t('cli.help.output'),
    group('output'),
    '',
    t('cli.help.other'),
    group('other'),
    '',
    t('cli.help.examples'),
    ...EXAMPLES.flatMap((example) => [`  # ${t(example.comment)}`, ...example.commands.map((line) => `  ${line}`), '']),
    t('cli.help.more'),
    t('cli.help.exitCodes'),
  ];
}

function commandHelp(t: Translate, command: RunnableCommand): Block[] {
  return [
    t('cli.help.usage', { usage: `${NAME} ${command}${POSITIONAL[command] ? ` ${POSITIONAL[command]!.meta}` : ''} [OPTIONS]` }),
    '',
    t(`cli.command.${command}`),
    '',
    t('cli.help.options'),
    [...COMMANDS[command], ...GLOBAL_FLAGS].map((name) => flagRow(name, t)),
    '',
    t('cli.help.exitCodes'),
  ];
}

/** The help text: the overview, or one command's usage and flags when a command is named. */
export async function renderHelp(t: Translate, version: string, topic?: RunnableCommand): Promise<string> {
  const blocks = topic === undefined || topic === 'wizard' ? overview(t, version) : commandHelp(t, topic);
  const measure = await measureFor(blocks.flatMap((block) => (typeof block === 'string' ? [] : block.map(([left]) => left))));
  return `${blocks.flatMap((block) => (typeof block === 'string' ? [block] : table(block, measure))).join('\n')}\n`;
}
