// A one-line text field: typing and pasting insert at the cursor, ←→ Home End move, Backspace/Delete erase,
// Ctrl-U/Ctrl-K/Ctrl-W cut, Enter submits the text exactly as it then is. Esc is the caller's.
import { useState } from 'react';
import { Text } from 'ink';
import { useKeys } from '../input/keys.js';
import { printable } from '../input/parse.js';
import { useTone } from './theme.js';

export interface TextFieldProps {
  initial: string;
  placeholder?: string;
  /** Shown instead of each character (a password). */
  mask?: string;
  onChange?: (value: string) => void;
  onSubmit: (value: string) => void;
  active?: boolean;
}

interface Field {
  /** The text as code points, so a cursor never splits a character. */
  chars: string[];
  cursor: number;
}

/** The field after one key (null: the key is not the field's). Pure, so it is tested on its own. */
export function editField(field: Field, key: { input: string; name: string | null; ctrl: boolean }): Field | null {
  const { chars, cursor } = field;
  const at = (next: string[], to: number): Field => ({ chars: next, cursor: Math.max(0, Math.min(to, next.length)) });
  if (key.ctrl) {
    if (key.input === 'a') return at(chars, 0);
    if (key.input === 'e') return at(chars, chars.length);
    if (key.input === 'u') return at(chars.slice(cursor), 0);
    if (key.input === 'k') return at(chars.slice(0, cursor), cursor);
    if (key.input === 'w') {
      let from = cursor;
      while (from > 0 && chars[from - 1] === ' ') from--;
      while (from > 0 && chars[from - 1] !== ' ' && chars[from - 1] !== '/') from--;
      if (from === cursor && from > 0) from--;
      return at([...chars.slice(0, from), ...chars.slice(cursor)], from);
    }
    return null;
  }
  switch (key.name) {
    case 'left':
      return at(chars, cursor - 1);
    case 'right':
      return at(chars, cursor + 1);
    case 'home':
      return at(chars, 0);
    case 'end':
      return at(chars, chars.length);
    case 'backspace':
      return cursor === 0 ? field : at([...chars.slice(0, cursor - 1), ...chars.slice(cursor)], cursor - 1);
    case 'delete':
      return at([...chars.slice(0, cursor), ...chars.slice(cursor + 1)], cursor);
    case null: {
      const typed = Array.from(printable(key.input));
      return typed.length ? at([...chars.slice(0, cursor), ...typed, ...chars.slice(cursor)], cursor + typed.length) : field;
    }
    default:
      return null;
  }
}

export function TextField({ initial, placeholder, mask, onChange, onSubmit, active = true }: TextFieldProps) {
  const tone = useTone();
  const [field, setField] = useState<Field>(() => {
    const chars = Array.from(initial);
    return { chars, cursor: chars.length };
  });
  useKeys(
    (key) => {
      if (key.name === 'return') return onSubmit(field.chars.join(''));
      const next = editField(field, key);
      if (!next || next === field) return;
      setField(next);
      onChange?.(next.chars.join(''));
    },
    { active },
  );
  const shown = mask ? field.chars.map(() => mask) : field.chars;
  if (!shown.length && placeholder) {
    return (
      <Text>
        <Text inverse={active}>{placeholder[0]}</Text>
        <Text color={tone('muted')}>{placeholder.slice(1)}</Text>
      </Text>
    );
  }
  return (
    <Text>
      {shown.slice(0, field.cursor).join('')}
      <Text inverse={active}>{shown[field.cursor] ?? ' '}</Text>
      {shown.slice(field.cursor + 1).join('')}
    </Text>
  );
}
