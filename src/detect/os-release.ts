// os-release(5): shell-style KEY=VALUE lines. Derivatives are mapped to the Ubuntu release they build on
// through UBUNTU_CODENAME, so Mint 22 is treated as Ubuntu 24.04.
import type { Detection, OsFamily } from '../types.js';

export type OsRelease = Record<string, string>;

/** Parses os-release text: single/double quotes, backslash escapes, comments and blank lines. */
export function parseOsRelease(text: string): OsRelease {
  const fields: OsRelease = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!match) continue;
    fields[match[1]!] = unquote(match[2]!);
  }
  return fields;
}

/** Shell word rules, as os-release(5) asks: "…" takes \" \\ \$ \` escapes, '…' is literal, bare \x is x. */
function unquote(raw: string): string {
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const ch = raw[i]!;
    if (ch === "'") {
      const end = raw.indexOf("'", i + 1);
      const stop = end === -1 ? raw.length : end;
      out += raw.slice(i + 1, stop);
      i = stop + 1;
    } else if (ch === '"') {
      i++;
      while (i < raw.length && raw[i] !== '"') {
        if (raw[i] === '\\' && i + 1 < raw.length && '"\\$`'.includes(raw[i + 1]!)) i++;
        out += raw[i];
        i++;
      }
      i++;
    } else if (ch === '\\' && i + 1 < raw.length) {
      out += raw[i + 1];
      i += 2;
    } else if (ch === '#' && /\s$/.test(out)) {
      break; // a trailing comment after whitespace
    } else {
      out += ch;
      i++;
    }
  }
  return out.trim();
}

export const UBUNTU_RELEASES: Record<string, string> = {
  focal: '20.04',
  jammy: '22.04',
  noble: '24.04',
  oracular: '24.10',
  plucky: '25.04',
  questing: '25.10',
  resolute: '26.04',
};

export const DEBIAN_RELEASES: Record<string, string> = {
  bookworm: '12',
  trixie: '13',
};

/** docs/contract.md "Where it runs". */
const SUPPORTED: Record<Exclude<OsFamily, 'other'>, string[]> = {
  ubuntu: ['20.04', '22.04', '24.04', '24.10', '25.04', '25.10', '26.04'],
  debian: ['12', '13'],
};

export function describeOs(fields: OsRelease): Detection['os'] {
  const id = (fields.ID ?? '').toLowerCase();
  const idLike = (fields.ID_LIKE ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const codename = fields.VERSION_CODENAME ?? '';
  const versionId = fields.VERSION_ID ?? '';
  const ubuntuCodename = fields.UBUNTU_CODENAME ?? (id === 'ubuntu' ? codename : '');

  let family: OsFamily = 'other';
  let baseVersion = '';
  if (id === 'ubuntu' || idLike.includes('ubuntu') || ubuntuCodename !== '') {
    family = 'ubuntu';
    baseVersion = UBUNTU_RELEASES[ubuntuCodename] ?? (id === 'ubuntu' ? versionId : '');
  } else if (id === 'debian' || idLike.includes('debian')) {
    family = 'debian';
    baseVersion = DEBIAN_RELEASES[codename] ?? (id === 'debian' ? versionId.split('.')[0]! : '');
  }
  return {
    id,
    versionId,
    codename,
    ubuntuCodename,
    family,
    prettyName: fields.PRETTY_NAME ?? [fields.NAME, fields.VERSION].filter(Boolean).join(' '),
    baseVersion,
    supported: family !== 'other' && SUPPORTED[family].includes(baseVersion),
  };
}
