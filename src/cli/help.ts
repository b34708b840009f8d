// --help: the overview (commands, grouped flags, examples) and each command's own flags.
import type { Translate } from '../types.js';
import { COMMANDS, FLAGS, GLOBAL_FLAGS, POSITIONAL, flagSpec, type FlagGroup, type FlagName, type RunnableCommand } from './flags.js';
import { padEndWidth, textWidth } from '../text-width.js';

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

function table(rows: [string, string][]): string[] {
  const width = Math.max(...rows.map(([left]) => textWidth(left)));
  return rows.map(([left, right]) => `  ${padEndWidth(left, width)}  ${right}`);
}

function flagRow(name: FlagName, t: Translate): [string, string] {
  const spec = flagSpec(name);
  const label = [spec.short, `--${name}`].filter(Boolean).join(', ') + (spec.meta ? ` ${spec.meta}` : '');
  return [label, t(`cli.flag.${name}`)];
}

function overview(t: Translate, version: string): string[] {
  const commands = Object.keys(COMMANDS) as RunnableCommand[];
  const commandRows = commands.map((name): [string, string] => [name === 'wizard' ? t('cli.help.noCommand') : name, t(`cli.command.${name}`)]);
  const group = (which: FlagGroup) => table((Object.keys(FLAGS) as FlagName[]).filter((name) => flagSpec(name).group === which).map((name) => flagRow(name, t)));
  return [
    `${NAME} ${version} — ${t('cli.tagline')}`,
    '',
    t('cli.help.usage', { usage: `${NAME} [COMMAND] [OPTIONS]` }),
    '',
    t('cli.help.commands'),
    ...table(commandRows),
    '',
    t('cli.help.installOptions'),
    ...group('install'),
    '',
    t('cli.help.share'),
    ...group('share'),
    '',
    t('cli.help.output'),
    ...group('output'),
    '',
    t('cli.help.other'),
    ...group('other'),
    '',
    t('cli.help.examples'),
    ...EXAMPLES.flatMap((example) => [`  # ${t(example.comment)}`, ...example.commands.map((line) => `  ${line}`), '']),
    t('cli.help.more'),
    t('cli.help.exitCodes'),
  ];
}

function commandHelp(t: Translate, command: RunnableCommand): string[] {
  return [
    t('cli.help.usage', { usage: `${NAME} ${command}${POSITIONAL[command] ? ` ${POSITIONAL[command]!.meta}` : ''} [OPTIONS]` }),
    '',
    t(`cli.command.${command}`),
    '',
    t('cli.help.options'),
    ...table([...COMMANDS[command], ...GLOBAL_FLAGS].map((name) => flagRow(name, t))),
    '',
    t('cli.help.exitCodes'),
  ];
}

/** The help text: the overview, or one command's usage and flags when a command is named. */
export function renderHelp(t: Translate, version: string, topic?: RunnableCommand): string {
  const lines = topic === undefined || topic === 'wizard' ? overview(t, version) : commandHelp(t, topic);
  return `${lines.join('\n')}\n`;
}
