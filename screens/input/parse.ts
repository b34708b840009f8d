// Splits what the terminal sent into keys. Under load several keys arrive in one read ("ab\x7f\x7f\r"); each must
// still count as its own key, and a paste (bracketed: ESC[200~ … ESC[201~) as one piece of text.

export type KeyName =
  | 'up'
  | 'down'
  | 'left'
  | 'right'
  | 'return'
  | 'escape'
  | 'backspace'
  | 'delete'
  | 'tab'
  | 'backtab'
  | 'pageUp'
  | 'pageDown'
  | 'home'
  | 'end';

export interface Key {
  /** The text the key types: one character, a whole paste, or '' for a named key. With ctrl, the letter. */
  input: string;
  name: KeyName | null;
  ctrl: boolean;
  /** The text came from a bracketed paste. */
  paste: boolean;
}

const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';

/** CSI/SS3 final sequences → key names (xterm, VT220 and rxvt spellings). */
const SEQUENCES: Record<string, KeyName> = {
  '[A': 'up',
  '[B': 'down',
  '[C': 'right',
  '[D': 'left',
  '[H': 'home',
  '[F': 'end',
  '[Z': 'backtab',
  OA: 'up',
  OB: 'down',
  OC: 'right',
  OD: 'left',
  OH: 'home',
  OF: 'end',
  '[1~': 'home',
  '[7~': 'home',
  '[4~': 'end',
  '[8~': 'end',
  '[3~': 'delete',
  '[5~': 'pageUp',
  '[6~': 'pageDown',
};

const named = (name: KeyName): Key => ({ input: '', name, ctrl: false, paste: false });
const text = (input: string, paste = false): Key => ({ input, name: null, ctrl: false, paste });

/** One key as the terminal sent it (`raw`; a paste with its brackets, however many reads it took) and what it means. */
export interface RawKey {
  raw: string;
  key: Key;
}

/**
 * One chunk of terminal input → its keys, in order, each with the bytes it came from. Printable characters become
 * one key each (so "qq" is two presses), except inside a bracketed paste, which is one key holding the pasted text.
 * Sequences no key stands for (focus reports, unknown CSI) are dropped. `pending` carries an unfinished paste over
 * to the next chunk.
 */
export function splitKeys(chunk: string, pending: { paste: string | null } = { paste: null }): RawKey[] {
  const keys: RawKey[] = [];
  let rest = chunk;
  const take = (length: number, key: Key | null) => {
    if (key) keys.push({ raw: rest.slice(0, length), key });
    rest = rest.slice(length);
  };
  while (rest.length) {
    if (pending.paste !== null) {
      const end = rest.indexOf(PASTE_END);
      if (end < 0) {
        pending.paste += rest;
        break;
      }
      const pasted = pending.paste + rest.slice(0, end);
      keys.push({ raw: PASTE_START + pasted + PASTE_END, key: text(pasted, true) });
      pending.paste = null;
      rest = rest.slice(end + PASTE_END.length);
      continue;
    }
    if (rest.startsWith(PASTE_START)) {
      pending.paste = '';
      rest = rest.slice(PASTE_START.length);
      continue;
    }
    const char = rest[0];
    if (char === '\x1b') {
      // CSI: ESC [ params final; SS3: ESC O letter. Anything else after ESC is Escape followed by that key.
      const csi = /^\x1b(\[[0-9;?]*[ -/]*[@-~]|O[A-Za-z])/.exec(rest);
      if (csi) {
        const name = SEQUENCES[csi[1].replace(/^\[1;\d+([A-Z])$/, '[$1')];
        take(csi[0].length, name ? named(name) : null);
      } else take(1, named('escape'));
      continue;
    }
    if (char === '\r' || char === '\n') take(1, named('return'));
    else if (char === '\x7f' || char === '\b') take(1, named('backspace'));
    else if (char === '\t') take(1, named('tab'));
    else if (char < ' ') take(1, { input: String.fromCharCode(char.charCodeAt(0) + 96), name: null, ctrl: true, paste: false });
    else {
      // A surrogate pair is one character.
      const code = char.charCodeAt(0);
      const length = code >= 0xd800 && code <= 0xdbff && rest.length > 1 ? 2 : 1;
      take(length, text(rest.slice(0, length)));
    }
  }
  return keys;
}

/** One chunk of terminal input → its keys, in order (see splitKeys). */
export function parseKeys(chunk: string, pending: { paste: string | null } = { paste: null }): Key[] {
  return splitKeys(chunk, pending).map((k) => k.key);
}

/** Pasted text as a single-line field takes it: line breaks and other control characters dropped. */
export function printable(input: string): string {
  return input.replace(/[\x00-\x1f\x7f]/g, '');
}
