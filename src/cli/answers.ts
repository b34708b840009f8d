// Reading the answers file (--config): a JSON object whose keys are the camelCased install options, checked
// with the same value checks as the flags. Writing it (--save-config, the wizard) is src/options/answers.ts.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute } from 'node:path';
import type { InstallOptionKey, InstallOptions, PinnedDigests } from '../types.js';
import { redact } from '../redact.js';
import { ANSWER_KEYS, UsageProblem, accepted, flagSpec, shown } from './flags.js';
import { INVALID } from '../options/values.js';
import { PINNED_DIGESTS_KEY } from '../options/answers.js';

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

export interface ParsedAnswers {
  options: Partial<InstallOptions>;
  pinned?: PinnedDigests;
}

/** Reads and validates an answers file; relative paths inside it are resolved against its own directory. */
export function readAnswersFile(path: string, home: string): ParsedAnswers {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageProblem('cli.error.configRead', { path, reason: String((error as NodeJS.ErrnoException).code ?? error) });
  }
  return parseAnswersText(text, { kind: 'file', path }, home);
}

/** `pinnedDigests` (see PINNED_DIGESTS_KEY): checked like every other value; the file names are archive names. */
function parsePinned(raw: unknown, path: string): PinnedDigests {
  const bad = () => new UsageProblem('cli.error.configBadValue', { path, key: PINNED_DIGESTS_KEY, value: shown(raw), accepted: 'classroom.accept.pinnedDigests' });
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw bad();
  const { source, files } = raw as Record<string, unknown>;
  if (typeof source !== 'string' || source === '' || source.length > 500 || CONTROL.test(source)) throw bad();
  if (files === null || typeof files !== 'object' || Array.isArray(files) || Object.keys(files).length === 0) throw bad();
  for (const [name, digest] of Object.entries(files)) {
    if (!ARCHIVE_NAME.test(name) || typeof digest !== 'string' || !/^[0-9a-f]{64}$/.test(digest)) throw bad();
  }
  return { source, files: { ...(files as Record<string, string>) }, answers: redact(path) };
}

const CONTROL = /[\0-\x1f\x7f]/;
const ARCHIVE_NAME = /^go[0-9a-z.]+\.linux-[a-z0-9]+\.tar\.gz$/;

/**
 * Validates the text of an answers file with the same checks as the flags. An answers file from a URL is data
 * only: a relative (or ~) local path in it is refused, since it could only mean a file the server cannot know.
 */
export function parseAnswersText(text: string, source: AnswersSource, home: string): ParsedAnswers {
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
  let pinned: PinnedDigests | undefined;
  for (const [key, raw] of Object.entries(data)) {
    if (key === PINNED_DIGESTS_KEY) {
      pinned = parsePinned(raw, path);
      continue;
    }
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
  return { options: answers as Partial<InstallOptions>, ...(pinned ? { pinned } : {}) };
}
