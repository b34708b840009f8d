// Reading the answers file (--config): a JSON object whose keys are the camelCased install options, checked
// with the same value checks as the flags. Writing it (--save-config, the wizard) is src/options/answers.ts.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute } from 'node:path';
import type { InstallOptionKey, InstallOptions } from '../types.js';
import { ANSWER_KEYS, UsageProblem, accepted, flagSpec, shown } from './flags.js';
import { INVALID } from '../options/values.js';

/** Line and column of a JSON.parse error, from the position V8 reports (never an excerpt: it may hold a password). */
function jsonErrorPlace(text: string, error: unknown): { line: string; column: string } | null {
  const position = /position (\d+)/.exec(String((error as Error)?.message))?.[1];
  if (position === undefined) return null;
  const before = text.slice(0, Number(position)).split('\n');
  return { line: String(before.length), column: String(before.at(-1)!.length + 1) };
}

/** Where an answers file came from: a local file (relative paths inside resolve against its folder) or a URL. */
export type AnswersSource = { kind: 'file'; path: string } | { kind: 'url'; url: string };

/** Answers keys whose values name local files; in an answers file served from a URL they must be absolute. */
const LOCAL_PATH_KEYS: readonly InstallOptionKey[] = ['archive', 'sysroot'];

/** Reads and validates an answers file; relative paths inside it are resolved against its own directory. */
export function loadAnswersFile(path: string, home: string): Partial<InstallOptions> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageProblem('cli.error.configRead', { path, reason: String((error as NodeJS.ErrnoException).code ?? error) });
  }
  return parseAnswers(text, { kind: 'file', path }, home);
}

/**
 * Validates the text of an answers file with the same checks as the flags. An answers file from a URL is data
 * only: a relative (or ~) local path in it is refused, since it could only mean a file the server cannot know.
 */
export function parseAnswers(text: string, source: AnswersSource, home: string): Partial<InstallOptions> {
  const path = source.kind === 'file' ? source.path : source.url;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const place = jsonErrorPlace(text, error);
    throw place ? new UsageProblem('cli.error.configJsonAt', { path, ...place }) : new UsageProblem('cli.error.configJson', { path });
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new UsageProblem('cli.error.configNotObject', { path, value: shown(data) });
  }

  const base = { home, dir: source.kind === 'file' ? dirname(source.path) : '/' };
  const answers: Partial<Record<InstallOptionKey, unknown>> = {};
  for (const [key, raw] of Object.entries(data)) {
    const flag = ANSWER_KEYS.get(key as InstallOptionKey);
    if (!flag) throw new UsageProblem('cli.error.configUnknownKey', { path, key: shown(key), accepted: [...ANSWER_KEYS.keys()].join(', ') });
    const spec = flagSpec(flag);
    if (!spec.parse) {
      if (typeof raw !== 'boolean') throw new UsageProblem('cli.error.configType', { path, key, type: 'cli.type.boolean', value: shown(raw) });
      answers[key as InstallOptionKey] = raw;
      continue;
    }
    // shells may also be written as a list: ["bash", "zsh"].
    const isList = key === 'shells' && Array.isArray(raw) && raw.length > 0 && raw.every((item) => typeof item === 'string');
    if (typeof raw !== 'string' && !isList) {
      const type = key === 'shells' ? 'cli.type.shells' : 'cli.type.string';
      throw new UsageProblem('cli.error.configType', { path, key, type, value: shown(raw) });
    }
    const text = isList ? (raw as string[]).join(',') : (raw as string);
    if (source.kind === 'url' && LOCAL_PATH_KEYS.includes(key as InstallOptionKey) && !isAbsolute(text)) {
      throw new UsageProblem('classroom.error.remoteRelativePath', { path, key, value: shown(raw) });
    }
    const result = text === '' ? INVALID : spec.parse(text, base);
    if (result === INVALID) {
      throw new UsageProblem('cli.error.configBadValue', { path, key, value: shown(raw), accepted: accepted(flag) });
    }
    answers[key as InstallOptionKey] = result;
  }
  return answers as Partial<InstallOptions>;
}
