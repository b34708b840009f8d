// What a new terminal gets before the wizard's block runs: the lines of shell startup files, environment files and
// fish's universal variables that set a Go variable or put a Go toolchain's `bin` on PATH — written by hand or
// copied from a guide. Read through the Host (detect, doctor) and used by the plan to comment conflicts out.
// The wizard's own marked blocks are skipped: they are what it manages.
import { xdgDir } from '../paths.js';
import { posix } from 'node:path';
import type { Host } from '../host/host.js';
import { isBlockBegin, isBlockEnd } from '../shell/profiles.js';
import { redact } from '../redact.js';
import type { StartupSetting, StartupSyntax } from '../types.js';
import { startupCandidates } from './shells.js';

/** The Go variables a startup line may set that change what `go` does. */
export const GO_VARIABLES = [
  'GOROOT',
  'GOPATH',
  'GOBIN',
  'GOPROXY',
  'GOSUMDB',
  'GOPRIVATE',
  'GONOSUMDB',
  'GONOPROXY',
  'GOFLAGS',
  'GO111MODULE',
  'GOTOOLCHAIN',
  'CGO_ENABLED',
] as const;

const GO_VARIABLE_SET = new Set<string>(GO_VARIABLES);

export interface StartupFile {
  path: string;
  syntax: StartupSyntax;
  /** A system file: changing it needs root. */
  system: boolean;
}

export interface StartupPlaces {
  home: string;
  /** ${ZDOTDIR:-$HOME} */
  zdotdir: string;
  /** ${XDG_CONFIG_HOME:-~/.config} */
  configHome: string;
}

export function startupPlaces(env: NodeJS.ProcessEnv, home: string): StartupPlaces {
  const configHome = xdgDir(env, 'XDG_CONFIG_HOME', home);
  const zdotdir = env.ZDOTDIR?.startsWith('/') ? env.ZDOTDIR : home;
  return { home, zdotdir, configHome };
}

/** Every file a new terminal, a login or a user service may take Go variables from, roughly in the order read. */
export async function startupFiles(host: Host, places: StartupPlaces): Promise<StartupFile[]> {
  const { home, zdotdir, configHome } = places;
  const inDir = async (dir: string, suffix: string) =>
    (await host.listDir(dir)).filter((name) => name.endsWith(suffix)).map((name) => posix.join(dir, name));
  const fishDir = posix.join(configHome, 'fish');
  const user = startupCandidates(home, zdotdir, fishDir).map((path) => ({ path, syntax: path.endsWith('.fish') ? 'fish' : 'sh' }) as const);
  const [profileD, fishConfD, systemFishConfD, environmentD] = await Promise.all([
    inDir('/etc/profile.d', '.sh'),
    inDir(posix.join(fishDir, 'conf.d'), '.fish'),
    inDir('/etc/fish/conf.d', '.fish'),
    inDir(posix.join(configHome, 'environment.d'), '.conf'),
  ]);
  const files: StartupFile[] = [
    { path: '/etc/environment', syntax: 'env', system: true },
    { path: '/etc/profile', syntax: 'sh', system: true },
    ...profileD.map((path) => ({ path, syntax: 'sh' as const, system: true })),
    { path: '/etc/bash.bashrc', syntax: 'sh', system: true },
    ...['zshenv', 'zprofile', 'zshrc'].map((name) => ({ path: `/etc/zsh/${name}`, syntax: 'sh' as const, system: true })),
    ...systemFishConfD.map((path) => ({ path, syntax: 'fish' as const, system: true })),
    { path: '/etc/fish/config.fish', syntax: 'fish', system: true },
    ...environmentD.map((path) => ({ path, syntax: 'env' as const, system: false })),
    ...user.filter((file) => file.syntax === 'sh').map((file) => ({ ...file, system: false })),
    { path: posix.join(zdotdir, '.zlogin'), syntax: 'sh', system: false },
    { path: posix.join(fishDir, 'fish_variables'), syntax: 'fish-universal', system: false },
    ...fishConfD.map((path) => ({ path, syntax: 'fish' as const, system: false })),
    ...user.filter((file) => file.syntax === 'fish').map((file) => ({ ...file, system: false })),
  ];
  return files;
}

// ---------------------------------------------------------------------------------------------
// Words of a shell line: quotes removed, expansions resolved where they are known.

/** Expansion results that are not plain text: the existing PATH, and anything that cannot be known here. */
const EXISTING_PATH = '\u0001';
const UNKNOWN = '\u0000';

interface Word {
  /** As written. */
  raw: string;
  /** Quotes removed, known variables and ~ expanded; EXISTING_PATH / UNKNOWN mark what is not. */
  value: string;
}

type Lookup = (name: string) => string | undefined;

interface Tokens {
  words: (Word | { separator: string })[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

function expandVariable(name: string, lookup: Lookup): string {
  if (name === 'PATH') return EXISTING_PATH;
  return lookup(name) ?? UNKNOWN;
}

/**
 * Splits one line into words and separators (`;`, `&&`, `||`, `|`, `&`), stopping at a comment. Handles '…', "…",
 * backslashes, $NAME, ${NAME}, $(…) and `…` (unknown), and a leading or post-colon ~ in assignments.
 */
function tokenize(line: string, lookup: Lookup, fish: boolean): Tokens {
  const words: Tokens['words'] = [];
  let i = 0;
  let raw = '';
  let value = '';
  let inWord = false;
  const flush = () => {
    if (inWord) words.push({ raw, value });
    raw = '';
    value = '';
    inWord = false;
  };
  const dollar = (quoted: boolean): void => {
    // At line[i] === '$'
    const rest = line.slice(i + 1);
    if (rest.startsWith('(')) {
      let depth = 0;
      let j = i + 1;
      for (; j < line.length; j++) {
        if (line[j] === '(') depth++;
        else if (line[j] === ')' && --depth === 0) break;
      }
      raw += line.slice(i, j + 1);
      value += UNKNOWN;
      i = j + 1;
      return;
    }
    const braced = !fish && rest.startsWith('{') ? /^\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(rest) : null;
    if (braced) {
      raw += `$${braced[0]}`;
      value += expandVariable(braced[1]!, lookup);
      i += 1 + braced[0].length;
      return;
    }
    if (!fish && rest.startsWith('{')) {
      const end = line.indexOf('}', i);
      const stop = end === -1 ? line.length : end + 1;
      raw += line.slice(i, stop);
      value += UNKNOWN;
      i = stop;
      return;
    }
    const name = NAME.exec(rest);
    if (name) {
      raw += `$${name[0]}`;
      value += expandVariable(name[0], lookup);
      i += 1 + name[0].length;
      return;
    }
    raw += '$';
    value += quoted || rest === '' ? '$' : UNKNOWN;
    i++;
  };
  while (i < line.length) {
    const ch = line[i]!;
    if (/\s/.test(ch)) {
      flush();
      i++;
      continue;
    }
    if (ch === '#' && !inWord) break;
    if (ch === ';' || ch === '|' || ch === '&') {
      flush();
      const two = line.slice(i, i + 2);
      const separator = two === '&&' || two === '||' ? two : ch;
      words.push({ separator });
      i += separator.length;
      continue;
    }
    inWord = true;
    if (ch === '~' && (raw === '' || /[:=]$/.test(raw)) && /^(\/|$|:|\s)/.test(line.slice(i + 1, i + 2) || '')) {
      raw += '~';
      value += lookup('HOME') ?? UNKNOWN;
      i++;
      continue;
    }
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      const stop = end === -1 ? line.length : end;
      raw += line.slice(i, stop + 1);
      value += line.slice(i + 1, stop);
      i = stop + 1;
      continue;
    }
    if (ch === '"') {
      raw += '"';
      i++;
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\' && i + 1 < line.length) {
          raw += line.slice(i, i + 2);
          value += line[i + 1];
          i += 2;
        } else if (line[i] === '$') {
          dollar(true);
        } else if (line[i] === '`') {
          const end = line.indexOf('`', i + 1);
          const stop = end === -1 ? line.length : end;
          raw += line.slice(i, stop + 1);
          value += UNKNOWN;
          i = stop + 1;
        } else {
          raw += line[i];
          value += line[i];
          i++;
        }
      }
      raw += '"';
      i++;
      continue;
    }
    if (ch === '\\' && i + 1 < line.length) {
      raw += line.slice(i, i + 2);
      value += line[i + 1];
      i += 2;
      continue;
    }
    if (ch === '$') {
      dollar(false);
      continue;
    }
    if (ch === '`') {
      const end = line.indexOf('`', i + 1);
      const stop = end === -1 ? line.length : end;
      raw += line.slice(i, stop + 1);
      value += UNKNOWN;
      i = stop + 1;
      continue;
    }
    if (fish && ch === '{' && line[i + 1] === '$') {
      // fish's {$NAME}
      const match = /^\{\$([A-Za-z_][A-Za-z0-9_]*)\}/.exec(line.slice(i));
      if (match) {
        raw += match[0];
        value += expandVariable(match[1]!, lookup);
        i += match[0].length;
        continue;
      }
    }
    raw += ch;
    value += ch;
    i++;
  }
  flush();
  return { words };
}

/** Simple commands of a tokenized line (split at separators, leading keywords dropped). */
function commands(tokens: Tokens, keywords: Set<string>): Word[][] {
  const out: Word[][] = [];
  let current: Word[] = [];
  for (const token of tokens.words) {
    if ('separator' in token) {
      if (current.length) out.push(current);
      current = [];
    } else if (current.length === 0 && keywords.has(token.raw)) {
      continue;
    } else {
      current.push(token);
    }
  }
  if (current.length) out.push(current);
  return out;
}

const SH_KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', '(', 'time']);
const FISH_KEYWORDS = new Set(['if', 'else', 'and', 'or', 'not', 'begin', 'while', 'command', 'builtin']);

/** How a line changes the nesting of compound commands, for commenting a line out without emptying a body. */
function nestingChange(words: Word[], fish: boolean): number {
  let change = 0;
  for (const word of words) {
    if (fish) {
      if (['if', 'begin', 'for', 'while', 'function', 'switch'].includes(word.raw)) change++;
      else if (word.raw === 'end') change--;
    } else if (['if', 'while', 'until', 'for', 'case', 'select', '{'].includes(word.raw)) change++;
    else if (['fi', 'done', 'esac', '}'].includes(word.raw)) change--;
  }
  return change;
}

// ---------------------------------------------------------------------------------------------

interface Assignment {
  variable: string;
  /** The value's words (a list for fish `set`, one word for sh). */
  values: Word[];
  exported: boolean;
}

/** `NAME=value` or `NAME+=value` (bash and zsh append: the value is added, as it is for PATH). */
function shAssignment(word: Word): { name: string; value: Word } | null {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)\+?=/.exec(word.raw);
  if (!match) return null;
  const name = match[1]!;
  const eq = word.value.indexOf('=');
  return { name, value: { raw: word.raw.slice(match[0].length), value: word.value.slice(eq + 1) } };
}

/** zsh's PATH array: `path=(/usr/local/go/bin $path)`, `path+=(/usr/local/go/bin)`. */
function zshPathArray(command: Word[]): Assignment[] {
  const first = command[0]!;
  const match = /^path\+?=\(/.exec(first.raw);
  if (!match) return [];
  const words = [{ raw: first.raw.slice(match[0].length), value: first.value.slice(first.value.indexOf('(') + 1) }, ...command.slice(1)];
  const items = words
    .map((word) => ({ raw: word.raw.replace(/\)$/, ''), value: word.value.replace(/\)$/, '') }))
    .filter((word) => word.raw !== '' && !/^\$\{?path\}?$/.test(word.raw));
  return items.length ? [{ variable: 'PATH', values: items.map((item) => ({ ...item, raw: item.raw })), exported: true }] : [];
}

function shAssignments(command: Word[]): Assignment[] {
  const [first, ...rest] = command;
  if (!first) return [];
  if (/^path\+?=\(/.test(first.raw)) return zshPathArray(command);
  if (['export', 'declare', 'typeset', 'readonly', 'local'].includes(first.raw)) {
    const options = rest.filter((word) => word.raw.startsWith('-')).map((word) => word.raw);
    const exported = first.raw === 'export' || options.some((option) => /^-\w*x/.test(option));
    return rest.flatMap((word) => {
      const assignment = shAssignment(word);
      return assignment ? [{ variable: assignment.name, values: [assignment.value], exported }] : [];
    });
  }
  // `NAME=value` alone sets a shell variable; `NAME=value cmd` only sets it for cmd.
  const assignments = command.map(shAssignment);
  if (assignments.some((a) => a === null)) return [];
  return assignments.map((a) => ({ variable: a!.name, values: [a!.value], exported: false }));
}

function fishAssignments(command: Word[]): Assignment[] {
  const [first, ...rest] = command;
  if (!first) return [];
  if (first.raw === 'export') return shAssignments(command).map((a) => ({ ...a, exported: true }));
  if (first.raw === 'fish_add_path') {
    const dirs = rest.filter((word) => !word.raw.startsWith('-'));
    return dirs.length ? [{ variable: 'PATH', values: dirs, exported: true }] : [];
  }
  if (first.raw !== 'set') return [];
  const options: string[] = [];
  let index = 0;
  while (index < rest.length && rest[index]!.raw.startsWith('-')) options.push(rest[index++]!.raw);
  const name = rest[index]?.raw;
  if (!name || !NAME.test(name)) return [];
  const has = (short: string, long: string) => options.some((o) => o === long || (/^-[a-zA-Z]+$/.test(o) && o.includes(short)));
  if (has('e', '--erase') || has('q', '--query') || has('n', '--names') || has('S', '--show')) return [];
  const values = rest.slice(index + 1);
  // fish_user_paths is prepended to PATH by fish itself.
  if (name === 'fish_user_paths') return [{ variable: 'PATH', values, exported: true }];
  return [{ variable: name, values, exported: name === 'PATH' || has('x', '--export') }];
}

/** `KEY=VALUE` of /etc/environment and environment.d (an optional `export ` is tolerated, as pam_env does). */
function envAssignment(line: string, lookup: Lookup, expands: boolean): Assignment[] {
  const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
  if (!match) return [];
  let text = match[2]!.trim();
  if (/^(["']).*\1$/.test(text)) text = text.slice(1, -1);
  const value = expands
    ? text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-[^}]*)?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_all, braced: string | undefined, bare: string | undefined) =>
        expandVariable((braced ?? bare)!, lookup),
      )
    : text;
  return [{ variable: match[1]!, values: [{ raw: text, value }], exported: true }];
}

/** fish_variables: `SETUVAR [--export] NAME:value` with \xNN escapes and \x1e between list items. */
function universalAssignment(line: string): Assignment[] {
  const match = /^SETUVAR\s+(--export\s+)?([A-Za-z_][A-Za-z0-9_]*):(.*)$/.exec(line);
  if (!match) return [];
  const decoded = match[3]!.replace(/\\x([0-9a-fA-F]{2})/g, (_all, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  const items = decoded.split('\x1e').map((item) => ({ raw: item, value: item }));
  const name = match[2]!;
  if (name === 'fish_user_paths') return [{ variable: 'PATH', values: items, exported: true }];
  return [{ variable: name, values: items, exported: Boolean(match[1]) }];
}

// ---------------------------------------------------------------------------------------------

/** A PATH entry that is a Go toolchain's bin directory (not a GOPATH's bin, where `go install` puts programs). */
async function goToolchainBin(host: Host, entry: Word, home: string): Promise<string | null | false> {
  if (entry.value === EXISTING_PATH || entry.value === '') return false;
  const mentionsGoroot = /\$\{?GOROOT\b|go env GOROOT/.test(entry.raw);
  const mentionsGopath = /\$\{?GOPATH\b|go env GOPATH|\$\{?GOBIN\b/.test(entry.raw);
  if (entry.value.includes(UNKNOWN) || entry.value.includes(EXISTING_PATH)) return mentionsGoroot ? null : false;
  const dir = posix.normalize(entry.value).replace(/(.)\/+$/, '$1');
  if (!dir.startsWith('/') || !dir.endsWith('/bin')) return false;
  if ((await host.stat(posix.join(dir, 'go')))?.executable) return dir;
  if (mentionsGoroot) return dir;
  if (mentionsGopath || dir === posix.join(home, 'go/bin')) return false;
  // A Go tree that is gone or not readable still looks like one: /usr/local/go/bin, /usr/lib/go-1.22/bin, ~/sdk/go1.21.0/bin.
  return /\/(go|go-1\.\d+|go\d+(\.\d+)*(rc\d+|beta\d+)?)\/bin$/.test(dir) ? dir : false;
}

const lineText = (line: string) => redact(line.replace(/\r$/, '').trim());

/** Text of one value for people: quotes gone, what cannot be known as written. */
function shownValue(values: Word[]): string {
  return redact(values.map((word) => (word.value.includes(UNKNOWN) || word.value.includes(EXISTING_PATH) ? word.raw : word.value)).join(' '));
}

/** The settings one file makes, in line order. `known` carries variables set by files read earlier. */
export async function readStartupFile(host: Host, file: StartupFile, home: string, known: Map<string, string>, text?: string | null): Promise<StartupSetting[]> {
  const content = text === undefined ? await host.readFile(file.path) : text;
  if (content === null) return [];
  const lookup: Lookup = (name) => (name === 'HOME' ? home : known.get(name));
  const fish = file.syntax === 'fish';
  const found: StartupSetting[] = [];
  let inBlock = false;
  let depth = 0;
  const lines = content.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (isBlockBegin(line)) {
      inBlock = true;
      continue;
    }
    if (inBlock) {
      if (isBlockEnd(line)) inBlock = false;
      continue;
    }
    if (/^\s*(#|$)/.test(line)) continue;
    let assignments: Assignment[];
    let nested = false;
    if (file.syntax === 'env') {
      assignments = envAssignment(line, lookup, !file.system);
    } else if (file.syntax === 'fish-universal') {
      assignments = universalAssignment(line);
    } else {
      const tokens = tokenize(line.replace(/\r$/, ''), lookup, fish);
      const flat = tokens.words.filter((w): w is Word => !('separator' in w));
      nested = depth > 0;
      depth = Math.max(0, depth + nestingChange(flat, fish));
      assignments = commands(tokens, fish ? FISH_KEYWORDS : SH_KEYWORDS).flatMap((command) => (fish ? fishAssignments(command) : shAssignments(command)));
    }
    for (const assignment of assignments) {
      const base = { file: file.path, line: index + 1, text: lineText(line), syntax: file.syntax, system: file.system, nested };
      if (assignment.variable === 'PATH') {
        const entries = assignment.values.flatMap((word) => splitPath(word, file.syntax));
        const bins = await Promise.all(entries.map((entry) => goToolchainBin(host, entry, home)));
        const goBins = bins.filter((bin): bin is string | null => bin !== false);
        if (goBins.length === 0) continue;
        found.push({ ...base, variable: 'PATH', value: shownValue(assignment.values), resolved: null, goBins: goBins.map((bin) => bin ?? '') });
        continue;
      }
      const value = assignment.values.map((word) => word.value).join(fish ? ' ' : '');
      const resolved = value.includes(UNKNOWN) || value.includes(EXISTING_PATH) ? null : value;
      if (resolved !== null) known.set(assignment.variable, resolved);
      if (!GO_VARIABLE_SET.has(assignment.variable)) continue;
      // A shell variable that is not exported does not reach `go` (unless exported elsewhere: then it counts).
      if (!assignment.exported && !hasExport(lines, assignment.variable)) continue;
      found.push({ ...base, variable: assignment.variable, value: shownValue(assignment.values), resolved: resolved === null ? null : redact(resolved) });
    }
  }
  return found;
}

/** `NAME=…` followed somewhere by `export NAME` (the two-line form of many guides). */
function hasExport(lines: string[], name: string): boolean {
  const pattern = new RegExp(`(^|[;&|\\s])(export|declare\\s+-\\w*x\\w*)\\s+([A-Za-z_][A-Za-z0-9_]*\\s+)*${name}(\\s|;|$)`);
  return lines.some((line) => !/^\s*#/.test(line) && pattern.test(line));
}

/** One PATH word's entries: sh and env values are colon lists; fish list items are one entry each (or colon lists). */
function splitPath(word: Word, syntax: StartupSyntax): Word[] {
  const raws = word.raw.split(':');
  const values = word.value.split(':');
  if (syntax !== 'fish' && syntax !== 'fish-universal' && raws.length !== values.length) {
    // Quoting made the two differ in shape: fall back to the values.
    return values.map((value) => ({ raw: value, value }));
  }
  return values.map((value, index) => ({ raw: raws[index] ?? value, value }));
}

/** Every Go setting the startup files of this user (and the system's) make, in the order a login reads them. */
export async function readStartupEnvironment(host: Host, places: StartupPlaces): Promise<StartupSetting[]> {
  const files = await startupFiles(host, places);
  // System files come from the --sysroot when one is given, like the rest of the system facts.
  const texts = await Promise.all(
    files.map(async (file) => (file.system ? ((await host.readSystemFile(file.path))?.toString('utf8') ?? null) : host.readFile(file.path))),
  );
  const known = new Map<string, string>();
  const out: StartupSetting[] = [];
  for (const [index, file] of files.entries()) out.push(...(await readStartupFile(host, file, places.home, known, texts[index])));
  return out;
}
