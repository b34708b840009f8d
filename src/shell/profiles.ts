// The shell environment the wizard writes (env.sh, env.fish), the marked block that profiles get, and how a
// profile's text changes when the block is added or replaced. Pure functions: the plan computes every new file
// content here, shows it as a diff, and the step's bash performs exactly the same edit.
import { join } from 'node:path';
import { fishQuote, shQuote } from './quote.js';
import { proxyVariables } from '../net/proxy-variables.js';

export const BLOCK_BEGIN = '# >>> go-setup-wizard >>>';
export const BLOCK_END = '# <<< go-setup-wizard <<<';

/** The same line tests as the awk program in `blockEditScript` (a CRLF file's marker line ends with \r). */
const BEGIN_LINE = /^# >>> go-setup-wizard >>>\r?$/;
const END_LINE = /^# <<< go-setup-wizard <<<\r?$/;

export const isBlockBegin = (line: string) => BEGIN_LINE.test(line);
export const isBlockEnd = (line: string) => END_LINE.test(line);

export interface EnvSettings {
  goroot: string;
  gopath: string;
  /** Set only when GOPATH is not Go's default (~/go): then env.sh exports it. */
  exportGopath: boolean;
  /** Directories to put first on PATH, in the order they must appear. */
  pathDirs: string[];
  /** Proxy variables to export (--persist-proxy), in both spellings. */
  proxies: { name: string; value: string }[];
}

/** The environment for an install: the go binary's directory first, then $GOPATH/bin. */
export function envSettingsFor(opts: {
  home: string;
  goroot: string;
  gopath: string;
  goBinDir: string;
  persistProxy: boolean;
  proxy: { httpProxy?: string; httpsProxy?: string; allProxy?: string; noProxy?: string };
}): EnvSettings {
  const gopathBin = join(opts.gopath, 'bin');
  return {
    goroot: opts.goroot,
    gopath: opts.gopath,
    exportGopath: opts.gopath !== join(opts.home, 'go'),
    pathDirs: opts.goBinDir === gopathBin ? [gopathBin] : [opts.goBinDir, gopathBin],
    proxies: opts.persistProxy ? proxyVariables(opts.proxy) : [],
  };
}

/** The directories an env.sh written by envShContent puts on PATH, first on PATH first. */
export function envShPathDirs(text: string): string[] {
  // Prepended in reverse: the last prepend ends up first. Each is one shQuote'd word: bare, or '…' with '\'' inside.
  const unquote = (word: string) => (word.startsWith("'") ? word.slice(1, -1).replace(/'\\''/g, "'") : word);
  return [...text.matchAll(/^__gsw_path_prepend (\S.*)$/gm)].map((m) => unquote(m[1]!)).reverse();
}

/**
 * env.sh: POSIX sh, sourced by sh, bash and zsh any number of times. Each directory is first removed from PATH
 * wherever it appears, then prepended, so the new Go comes first and appears once. No GOROOT: a release `go`
 * finds its own.
 */
export function envShContent(settings: EnvSettings): string {
  const lines = [
    '# Go environment written by go-setup-wizard (go-setup-wizard rollback removes it).',
    '# Puts Go first on PATH, once, however often this file is sourced.',
    '__gsw_path_prepend() {',
    '  __gsw_rest=":${PATH}:"',
    '  while :; do',
    '    case $__gsw_rest in',
    '      *":$1:"*) __gsw_rest="${__gsw_rest%%:"$1":*}:${__gsw_rest#*:"$1":}" ;;',
    '      *) break ;;',
    '    esac',
    '  done',
    '  __gsw_rest=${__gsw_rest#:}',
    '  __gsw_rest=${__gsw_rest%:}',
    '  PATH="$1${__gsw_rest:+:$__gsw_rest}"',
    '}',
    // Prepending in reverse leaves the first directory first.
    ...[...settings.pathDirs].reverse().map((dir) => `__gsw_path_prepend ${shQuote(dir)}`),
    'unset -f __gsw_path_prepend',
    'unset __gsw_rest',
    'export PATH',
  ];
  if (settings.exportGopath) lines.push(`export GOPATH=${shQuote(settings.gopath)}`);
  for (const { name, value } of settings.proxies) lines.push(...literalTextDirective(value), `export ${name}=${shQuote(value)}`);
  return lines.join('\n') + '\n';
}

/** env.fish: the same for fish, with global (not universal) variables so it works from conf.d. */
export function envFishContent(settings: EnvSettings): string {
  const lines = [
    '# Go environment written by go-setup-wizard (go-setup-wizard rollback removes it).',
    '# Puts Go first on PATH, once, however often this file is sourced.',
    `for __gsw_dir in ${[...settings.pathDirs].reverse().map(fishQuote).join(' ')}`,
    '    while contains -- $__gsw_dir $PATH',
    '        set -e PATH[(contains -i -- $__gsw_dir $PATH)]',
    '    end',
    '    set -gx PATH $__gsw_dir $PATH',
    'end',
    'set -e __gsw_dir',
  ];
  if (settings.exportGopath) lines.push(`set -gx GOPATH ${fishQuote(settings.gopath)}`);
  for (const { name, value } of settings.proxies) lines.push(`set -gx ${name} ${fishQuote(value)}`);
  return lines.join('\n') + '\n';
}

/** The block for sh-family profiles (~/.profile, ~/.bashrc, ~/.zshenv …): sources env.sh when it exists. */
export function shBlock(envSh: string): string {
  return [
    BLOCK_BEGIN,
    '# Go on PATH (go-setup-wizard); go-setup-wizard rollback removes this block.',
    `if [ -f ${shQuote(envSh)} ]; then . ${shQuote(envSh)}; fi`,
    BLOCK_END,
  ].join('\n');
}

/** The fish conf.d file's block: sources env.fish when it exists. */
export function fishBlock(envFish: string): string {
  return [
    BLOCK_BEGIN,
    '# Go on PATH (go-setup-wizard); go-setup-wizard rollback removes this block.',
    `if test -f ${fishQuote(envFish)}`,
    `    source ${fishQuote(envFish)}`,
    'end',
    BLOCK_END,
  ].join('\n');
}

/** /etc/profile.d/go-setup-wizard.sh: every user's login shells find the system Go (appended only when missing). */
export function systemProfileBlock(binDir: string): string {
  const quoted = shQuote(binDir);
  return [
    BLOCK_BEGIN,
    '# Go on PATH for every user (go-setup-wizard); go-setup-wizard rollback removes this file.',
    `case ":\${PATH}:" in *:${quoted}:*) ;; *) PATH=${quoted}":\${PATH}"; export PATH ;; esac`,
    BLOCK_END,
  ].join('\n');
}

export type BlockEdit =
  | { kind: 'unchanged' }
  /** The file (possibly absent or empty) gets the block at its end; `separator` is '\n' when it lacks a final newline. */
  | { kind: 'append'; separator: '' | '\n'; content: string }
  /** An old block is replaced in place (further blocks are dropped); the rest is kept line for line. */
  | { kind: 'replace'; content: string };

/**
 * What adding `block` to a file holding `current` (null: absent) gives. The replace case mirrors awk exactly:
 * records split on \n, every record printed with a trailing \n.
 */
export function editWithBlock(current: string | null, block: string): BlockEdit {
  const text = current ?? '';
  if (text === '' || !recordsOf(text).some((line) => BEGIN_LINE.test(line))) {
    const separator = text === '' || text.endsWith('\n') ? '' : '\n';
    return { kind: 'append', separator, content: `${text}${separator}${block}\n` };
  }
  const content = replaceBlock(text, block);
  return content === text ? { kind: 'unchanged' } : { kind: 'replace', content };
}

/** awk's records: `text` split on \n, a final \n ending the last record rather than starting an empty one. */
function recordsOf(text: string): string[] {
  return (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
}

/**
 * What blockEditScript's awk writes for a file holding `text`: the first marked block replaced by `block`, further
 * blocks dropped, every other record kept, each printed with a trailing \n (an empty file stays empty).
 */
export function replaceBlock(text: string, block: string): string {
  if (text === '') return '';
  const out: string[] = [];
  let inBlock = false;
  let placed = false;
  for (const line of recordsOf(text)) {
    if (BEGIN_LINE.test(line)) {
      if (!placed) out.push(block);
      placed = true;
      inBlock = true;
    } else if (inBlock) {
      if (END_LINE.test(line)) inBlock = false;
    } else {
      out.push(line);
    }
  }
  return out.join('\n') + '\n';
}

/** True when a begin marker has no end marker after it: replacing would swallow the rest of the file. */
export function hasUnterminatedBlock(current: string): boolean {
  let open = false;
  for (const line of current.split('\n')) {
    if (BEGIN_LINE.test(line)) open = true;
    else if (END_LINE.test(line)) open = false;
  }
  return open;
}

/** A shellcheck directive for a line holding `text` literally in single quotes, when a `$` would make it complain. */
export function literalTextDirective(text: string): string[] {
  // SC2016: $ or ` in single quotes; SC1003: a backslash just before the closing quote (a proxy URL may end in one).
  const codes = [...(/[$`]/.test(text) ? ['SC2016'] : []), ...(text.endsWith('\\') ? ['SC1003'] : [])];
  return codes.length ? [`# shellcheck disable=${codes.join(',')} # meant literally, $ and all`] : [];
}

/** The bash performing `edit` on `path` (the same result as editWithBlock computed; replaceBlock for the awk). */
export function blockEditScript(path: string, block: string, edit: { kind: 'append'; separator: '' | '\n' } | { kind: 'replace' | 'unchanged' }): string {
  const file = shQuote(path);
  if (edit.kind === 'append') {
    const format = edit.separator ? "'\\n%s\\n'" : "'%s\\n'";
    return [...literalTextDirective(block), `printf ${format} ${shQuote(block)} >> ${file}`].join('\n');
  }
  if (edit.kind === 'unchanged') return ':';
  // Rewritten through a temp file and `cat >` so the file keeps its inode, mode and owner.
  return [
    'gsw_tmp=$(mktemp)',
    ...literalTextDirective(block),
    `GSW_BLOCK=${shQuote(block)} awk '`,
    `  /^# >>> go-setup-wizard >>>\\r?$/ { if (!placed) print ENVIRON["GSW_BLOCK"]; placed = 1; inblock = 1; next }`,
    '  inblock { if ($0 ~ /^# <<< go-setup-wizard <<<\\r?$/) inblock = 0; next }',
    '  { print }',
    `' ${file} > "$gsw_tmp"`,
    `cat -- "$gsw_tmp" > ${file}`,
    'rm -f -- "$gsw_tmp"',
  ].join('\n');
}

/** The marked block of a file's text (its lines, markers included), or null when it has none. */
function blockLines(lines: string[]): { start: number; end: number } | null {
  const start = lines.findIndex((line) => BEGIN_LINE.test(line));
  if (start < 0) return null;
  const end = lines.findIndex((line, index) => index > start && END_LINE.test(line));
  return end < 0 ? null : { start, end };
}

/**
 * A file the user edited after a run added or replaced its block: the run's block goes, and the block `before`
 * held (an earlier install's) comes back in its place; every other line stays as the user left it.
 * Null when `current` has no complete block (nothing of the run's to take out).
 */
export function revertBlock(current: string, before: string): string | null {
  const lines = current.split('\n');
  const ours = blockLines(lines);
  if (!ours) return null;
  const beforeLines = before.split('\n');
  const theirs = blockLines(beforeLines);
  const restored = theirs ? beforeLines.slice(theirs.start, theirs.end + 1) : [];
  return [...lines.slice(0, ours.start), ...restored, ...lines.slice(ours.end + 1)].join('\n');
}
