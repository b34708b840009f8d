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

/**
 * One chunk of terminal input → its keys, in order. Printable characters become one key each (so "qq" is two
 * presses), except inside a bracketed paste, which is one key holding the pasted text.
 * `pending` carries an unfinished paste over to the next chunk.
 */
export function parseKeys(chunk: string, pending: { paste: string | null } = { paste: null }): Key[] {
  const keys: Key[] = [];
  let rest = chunk;
  while (rest.length) {
    if (pending.paste !== null) {
      const end = rest.indexOf(PASTE_END);
      if (end < 0) {
        pending.paste += rest;
        break;
      }
      keys.push(text(pending.paste + rest.slice(0, end), true));
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
        const body = csi[1].replace(/^\[1;\d+([A-Z])$/, '[$1');
        const name = SEQUENCES[body];
        if (name) keys.push(named(name));
        rest = rest.slice(csi[0].length);
        continue;
      }
      keys.push(named('escape'));
      rest = rest.slice(1);
      continue;
    }
    rest = rest.slice(1);
    if (char === '\r' || char === '\n') keys.push(named('return'));
    else if (char === '\x7f' || char === '\b') keys.push(named('backspace'));
    else if (char === '\t') keys.push(named('tab'));
    else if (char < ' ') keys.push({ input: String.fromCharCode(char.charCodeAt(0) + 96), name: null, ctrl: true, paste: false });
    else {
      // A surrogate pair is one character.
      const code = char.charCodeAt(0);
      if (code >= 0xd800 && code <= 0xdbff && rest.length) {
        keys.push(text(char + rest[0]));
        rest = rest.slice(1);
      } else keys.push(text(char));
    }
  }
  return keys;
}

/** Pasted text as a single-line field takes it: line breaks and other control characters dropped. */
export function printable(input: string): string {
  return input.replace(/[\x00-\x1f\x7f]/g, '');
}
