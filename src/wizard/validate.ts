// What the user types into the wizard goes through the same validators as the flags (src/options/values.ts).
// Each typed field gets a parser (the value to use, or INVALID) and the catalog key of its one-line reason.
import { INVALID, goVersion, goprivate, goproxy, location, mirror, proxyUrl, type Parsed } from '../options/values.js';
import type { DiskView } from '../host/disk.js';
import { checkInstallTarget, refusalMessage, type GuardPaths } from '../install-target.js';
import type { Translate } from '../types.js';

export interface TypedField {
  parse: (text: string) => Parsed<string>;
  /** Catalog key of the reason shown when the text is refused; `{value}` is the text. */
  problem: string;
}

export const VERSION_FIELD: TypedField = { parse: (text) => goVersion(text.trim()), problem: 'wizard.invalid.version' };
/** A mirror typed without its trailing '/' is accepted: files are fetched as base + filename. */
export const MIRROR_FIELD: TypedField = {
  parse: (text) => {
    const trimmed = text.trim();
    return mirror(trimmed.endsWith('/') ? trimmed : `${trimmed}/`);
  },
  problem: 'wizard.invalid.url',
};
export const PROXY_FIELD: TypedField = { parse: (text) => proxyUrl(text.trim()), problem: 'wizard.invalid.proxy' };
export const GOPROXY_FIELD: TypedField = { parse: (text) => goproxy(text.trim()), problem: 'wizard.invalid.goproxy' };
export const GOPRIVATE_FIELD: TypedField = { parse: (text) => goprivate(text.trim()), problem: 'extras.wizard.invalid.goprivate' };

export function locationField(home: string): TypedField {
  return { parse: (text) => location(text.trim(), { home, dir: home }), problem: 'wizard.invalid.path' };
}

/** The install guard's answer for a typed location (the same one plan and engine give), or null when it may be used. */
export function locationRefusal(dir: string, paths: GuardPaths, disk: DiskView, t: Translate): string | null {
  const verdict = checkInstallTarget(dir, paths, disk);
  return verdict.ok ? null : refusalMessage(dir, verdict, t);
}

/** The parsed value; only call after the field's check passed. */
export function parsed(field: TypedField, text: string): string {
  const value = field.parse(text);
  if (value === INVALID) throw new Error(`wizard: "${text}" was accepted by the screen but not by its parser`);
  return value;
}

/** True when the proxy URL names a user but no password (the wizard then asks for it, masked). */
export function needsPassword(value: string): boolean {
  try {
    const url = new URL(value.trim());
    return url.username !== '' && url.password === '';
  } catch {
    return false;
  }
}

/**
 * The URL without its password, user and host kept (what may be stored or shown); text that is not a URL with a
 * password comes back unchanged. A scheme-less `user:pw@host:port`, as curl takes it, is handled too.
 */
export function withoutPassword(value: string): string {
  const schemeless = !value.includes('://');
  try {
    const url = new URL(schemeless ? `http://${value}` : value);
    if (url.password === '') return value;
    url.password = '';
    return schemeless ? url.href.slice('http://'.length).replace(/\/$/, value.endsWith('/') ? '/' : '') : url.href;
  } catch {
    return value;
  }
}

/** Puts a typed password into a proxy URL; the URL setter percent-encodes it, so any character is safe. */
export function withPassword(value: string, password: string): string {
  const url = new URL(value.trim());
  url.password = password;
  return url.href;
}
