// The last answers, remembered in the preferences file (conf) and offered as defaults next time.
import Conf from 'conf';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AppPaths, ShellName } from '../types.js';
import { SHELL_NAMES } from '../types.js';
import { ASKED_KEYS, type Answers } from './machine.js';
import { withoutPassword } from './validate.js';

/** Answers that may hold a URL with credentials: stored with user and host only, the password is asked again. */
const URL_KEYS = ['httpProxy', 'httpsProxy', 'goproxy'] as const;

/** GOPROXY is a list (`,` or `|`): each entry loses its password on its own. */
function withoutPasswords(value: string): string {
  return value
    .split(/([,|])/)
    .map((part) => (part === ',' || part === '|' ? part : withoutPassword(part)))
    .join('');
}

function openStore(paths: AppPaths): Conf<{ answers?: Partial<Answers> }> {
  // Passwords are never stored; the file still names proxies and users: only its owner may read it.
  return new Conf({ cwd: dirname(paths.preferences), configName: 'config', configFileMode: 0o600, accessPropertiesByDotNotation: false });
}

/** Keeps only remembered values of the right shape: a hand-edited or older file must not break the wizard. */
function sanitise(raw: unknown): Partial<Answers> {
  if (!raw || typeof raw !== 'object') return {};
  const input = raw as Record<string, unknown>;
  const out: Partial<Answers> = {};
  const text = (key: keyof Answers) => (typeof input[key] === 'string' && !/[\0-\x1f]/.test(input[key] as string) ? (input[key] as string) : undefined);
  if (input.method === 'tarball' || input.method === 'apt' || input.method === 'snap') out.method = input.method;
  if (input.scope === 'system' || input.scope === 'user') out.scope = input.scope;
  for (const key of ['goVersion', 'installDir', 'mirror', 'goproxy', 'goprivate', 'httpProxy', 'httpsProxy', 'noProxy'] as const) {
    const value = text(key);
    // A file written by an older version may still hold a password: it is never brought back.
    if (value !== undefined) out[key] = (URL_KEYS as readonly string[]).includes(key) ? withoutPasswords(value) : value;
  }
  for (const key of ['persistProxy', 'gitProxy', 'sessionEnv', 'gopls', 'buildEssential'] as const) if (typeof input[key] === 'boolean') out[key] = input[key] as boolean;
  const shells = input.shells;
  if (shells === 'auto' || shells === 'none') out.shells = shells;
  else if (Array.isArray(shells) && shells.every((s) => (SHELL_NAMES as readonly string[]).includes(s))) out.shells = shells as ShellName[];
  return out;
}

export function loadRemembered(paths: AppPaths): Partial<Answers> {
  // conf creates its folder when opened: a first run that ends with `q` must leave no trace.
  if (!existsSync(paths.preferences)) return {};
  try {
    return sanitise(openStore(paths).get('answers'));
  } catch {
    // An unreadable preferences file only means no defaults from last time.
    return {};
  }
}

/** Answers about this machine as it is now (its other Go installs, side by side): asked again each time. */
const NOT_REMEMBERED: readonly string[] = ['alongside', 'otherGo', 'conflicts'];

export function remember(paths: AppPaths, answers: Answers): void {
  const stored: Partial<Answers> = {};
  for (const key of ASKED_KEYS) if (answers[key] !== undefined && !NOT_REMEMBERED.includes(key)) Object.assign(stored, { [key]: answers[key] });
  for (const key of URL_KEYS) {
    const value = stored[key];
    if (typeof value === 'string') stored[key] = withoutPasswords(value);
  }
  openStore(paths).set('answers', stored);
}
