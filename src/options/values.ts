// Validators for flag and answers-file values. Each takes the raw text and returns the value to use,
// or INVALID; the caller turns INVALID into one line naming the flag, the value and what is accepted.
import { statSync } from 'node:fs';
import { isIP } from 'node:net';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { parseProxyUrl } from '../net/schemes.js';
import type { Lang, Method, PlanFormat, Scope, ShellName } from '../types.js';
import { SHELL_NAMES } from '../types.js';
import { GOPROXY_PRESETS, MIRROR_PRESETS } from '../presets.js';
import { archiveVersion, normalizeGoVersionSpec, parseGoVersionSpec } from '../versions/grammar.js';

export const INVALID = Symbol('invalid');
export type Parsed<T> = T | typeof INVALID;

/** What a value may be resolved against: HOME for `~/…`, a directory for relative file names. */
export interface ValueBase {
  home: string;
  /** The working directory for the command line; the answers file's directory for --config values. */
  dir: string;
}

export const METHODS: readonly Method[] = ['tarball', 'apt', 'snap'];
export const SCOPES: readonly Scope[] = ['system', 'user'];
export const LANGS: readonly Lang[] = ['en', 'zh'];
export const CONFLICT_MODES = ['comment', 'keep'] as const;
export const OTHER_GO_MODES = ['remove', 'keep'] as const;
export const FORMATS: readonly PlanFormat[] = ['text', 'sh', 'json', 'ansible'];

const CONTROL = /[\0-\x1f\x7f]/;

export function oneOf<T extends string>(allowed: readonly T[]) {
  return (raw: string): Parsed<T> => ((allowed as readonly string[]).includes(raw) ? (raw as T) : INVALID);
}

/** 'latest', '1.N' or '1.N.P'; a leading 'go' (as in go1.27.1) is dropped. */
export function goVersion(raw: string): Parsed<string> {
  return normalizeGoVersionSpec(raw) ?? INVALID;
}

function parseUrl(raw: string, protocols: readonly string[]): URL | null {
  if (CONTROL.test(raw) || /\s/.test(raw)) return null;
  try {
    const url = new URL(raw);
    return protocols.includes(url.protocol) && url.hostname !== '' ? url : null;
  } catch {
    return null;
  }
}

export function httpUrl(raw: string): Parsed<string> {
  return parseUrl(raw, ['http:', 'https:']) ? raw : INVALID;
}

/** A preset name or an http(s) base URL ending in '/' (files are fetched as base + filename). */
export function mirror(raw: string): Parsed<string> {
  if ((MIRROR_PRESETS as readonly string[]).includes(raw)) return raw;
  return raw.endsWith('/') && parseUrl(raw, ['http:', 'https:']) ? raw : INVALID;
}

/**
 * A proxy for the wizard's own downloads and the commands it runs: http, https or SOCKS (see PROXY_SCHEMES); no scheme
 * means http://, as in curl and as for the environment's variables (parseProxyUrl reads both).
 * Returned in the URL's canonical form, which percent-encodes spaces and quotes in the credentials,
 * so that redact() can always find and mask them later.
 */
export function proxyUrl(raw: string): Parsed<string> {
  return parseProxyUrl(raw)?.href ?? INVALID;
}

/**
 * A preset, or a GOPROXY list separated by ',' or '|': `direct`, `off`, http(s)/file URLs, or a host
 * with a dot and no scheme (the go command reads `goproxy.cn` as `https://goproxy.cn`).
 */
export function goproxy(raw: string): Parsed<string> {
  if ((GOPROXY_PRESETS as readonly string[]).includes(raw)) return raw;
  const entry = (text: string) =>
    text === 'direct' ||
    text === 'off' ||
    parseUrl(text, ['http:', 'https:', 'file:']) !== null ||
    (text.includes('.') && !text.includes(':') && parseUrl(`https://${text}`, ['https:']) !== null);
  return raw.split(/[,|]/).every(entry) ? raw : INVALID;
}

/** `off`, or a checksum database `name[+hash+key…]`, optionally followed by a space and its http(s) URL. */
export function gosumdb(raw: string): Parsed<string> {
  const match = /^(off|[A-Za-z0-9.-]+(?:\+[A-Za-z0-9+/=]+)?)(?: (\S+))?$/.exec(raw);
  if (!match) return INVALID;
  if (match[2] !== undefined && (match[1] === 'off' || !parseUrl(match[2], ['http:', 'https:']))) return INVALID;
  return raw;
}

/** Comma-separated module path globs (GOPRIVATE): no spaces, no empty entries. */
export function goprivate(raw: string): Parsed<string> {
  return /^[^\s,\0-\x1f\x7f]+(,[^\s,\0-\x1f\x7f]+)*$/.test(raw) ? raw : INVALID;
}

/** NO_PROXY: comma-separated hosts, domains, IPs or CIDR ranges, or `*`; spaces after commas are dropped. */
export function noProxy(raw: string): Parsed<string> {
  const entries = raw.split(',').map((entry) => entry.trim());
  return entries.every((entry) => /^[A-Za-z0-9.*:/[\]_-]+$/.test(entry)) ? entries.join(',') : INVALID;
}

export function sha256(raw: string): Parsed<string> {
  return /^[0-9a-fA-F]{64}$/.test(raw) ? raw.toLowerCase() : INVALID;
}

/** `auto`, `none`, or a comma list of bash, zsh and fish (each at most once). */
export function shells(raw: string): Parsed<'auto' | 'none' | ShellName[]> {
  if (raw === 'auto' || raw === 'none') return raw;
  const names = raw.split(',').map((name) => name.trim());
  if (!names.every((name) => (SHELL_NAMES as readonly string[]).includes(name))) return INVALID;
  return [...new Set(names)] as ShellName[];
}

/** A directory the install writes to: absolute or `~/…`, no control characters, never `/` itself. */
export function location(raw: string, base: ValueBase): Parsed<string> {
  if (CONTROL.test(raw)) return INVALID;
  const expanded = raw === '~' ? base.home : raw.startsWith('~/') ? join(base.home, raw.slice(2)) : raw;
  if (!isAbsolute(expanded)) return INVALID;
  const normalised = resolve(expanded);
  return normalised === '/' ? INVALID : normalised;
}

/** A path given on the command line or in the answers file: `~/…` expanded, relative ones resolved against base.dir. */
function localPath(raw: string, base: ValueBase): string | null {
  if (CONTROL.test(raw)) return null;
  if (raw === '~' || raw.startsWith('~/')) return join(base.home, raw.slice(2));
  if (raw.startsWith('~')) return null;
  return resolve(base.dir, raw);
}

function statOrNull(path: string) {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** An existing official-style archive: go*.linux-*.tar.gz. */
export function archive(raw: string, base: ValueBase): Parsed<string> {
  const path = localPath(raw, base);
  if (!path || !archiveVersion(basename(path))) return INVALID;
  return statOrNull(path)?.isFile() ? path : INVALID;
}

/** --config: an existing answers file, or the http(s) URL of one (as `share` serves it; fetched before parsing ends). */
export function configSource(raw: string, base: ValueBase): Parsed<string> {
  if (/^https?:\/\//i.test(raw)) return httpUrl(raw);
  return existingFile(raw, base);
}

export const isConfigUrl = (value: string): boolean => /^https?:\/\//i.test(value);

export function existingFile(raw: string, base: ValueBase): Parsed<string> {
  const path = localPath(raw, base);
  return path && statOrNull(path)?.isFile() ? path : INVALID;
}

export function existingDirectory(raw: string, base: ValueBase): Parsed<string> {
  const path = localPath(raw, base);
  return path && statOrNull(path)?.isDirectory() ? path : INVALID;
}

/** A file to write: its directory must exist and the path must not be a directory. */
export function writableFilePath(raw: string, base: ValueBase): Parsed<string> {
  const path = localPath(raw, base);
  if (!path || statOrNull(path)?.isDirectory()) return INVALID;
  return statOrNull(resolve(path, '..'))?.isDirectory() ? path : INVALID;
}

/** `share --host`: an IPv4 or IPv6 address to listen on and to put in the students' URL. */
export function listenHost(raw: string): Parsed<string> {
  return isIP(raw) !== 0 ? raw : INVALID;
}

/** `share --port`: 0 (any free port, printed) to 65535. */
export function port(raw: string): Parsed<number> {
  return /^\d{1,5}$/.test(raw) && Number(raw) <= 65535 ? Number(raw) : INVALID;
}

/** `bundle DIR`: a folder to write into; created if absent (its parent must exist), or an existing empty one. */
export function bundleDirectory(raw: string, base: ValueBase): Parsed<string> {
  const path = localPath(raw, base);
  if (!path || path === '/') return INVALID;
  const found = statOrNull(path);
  if (found) return found.isDirectory() ? path : INVALID;
  return statOrNull(resolve(path, '..'))?.isDirectory() ? path : INVALID;
}

/** `use`: an installed Go's version, go1.N.P / 1.N.P, or 1.N for its newest installed patch; normalised to go1.N[.P]. */
export function useVersion(raw: string): Parsed<string> {
  const bare = raw.trim().replace(/^go/, '');
  const spec = parseGoVersionSpec(bare, { prerelease: true });
  return spec && spec.kind !== 'latest' ? `go${bare}` : INVALID;
}

/** A journal run id (a folder name under runs/): no slashes, no dots first. */
export function runId(raw: string): Parsed<string> {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(raw) ? raw : INVALID;
}
