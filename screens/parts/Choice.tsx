// One question: a list of answers (↑↓ Enter), optionally with a last "type your own…" entry that opens a
// validated text field. Esc goes back (or closes the text field); q quits. An answer that cannot work here is
// shown, dimmed, with the reason, and the cursor passes over it.
import { useState } from 'react';
import { Box, Text } from 'ink';
import { useKeys } from '../input/keys.js';
import { useTone } from '../theme.js';
import { TextField } from './TextField.js';

export interface ChoiceItem {
  value: string;
  label: string;
  /** One line saying why one would pick it. */
  hint?: string;
  /** Why this answer cannot be chosen here (shown in its place); absent when it can. */
  disabled?: string;
}

export interface TypedEntry {
  /** The list entry that opens the field, e.g. "Another version…". */
  label: string;
  prompt: string;
  /** Prefilled text (the current answer when it is not one of the listed ones). */
  initial: string;
  placeholder?: string;
  mask?: string;
  /** A one-line reason when the text is not acceptable, else null. Called with the text as submitted. */
  validate: (text: string) => string | null;
}

export interface ChoiceProps {
  items: ChoiceItem[];
  /** The value shown selected: the current answer. */
  selected?: string;
  typed?: TypedEntry;
  /** `typed` is true when the value was typed into the field. */
  onChoose: (value: string, typed: boolean) => void;
  onBack?: () => void;
  onQuit: () => void;
  /** Keys are handled elsewhere while false. */
  active?: boolean;
}

const TYPED = '\0typed';

/** The next entry from `from` in direction `step` that can be chosen (wrapping); `from` itself when none. */
export function nextEnabled(entries: { disabled?: string }[], from: number, step: 1 | -1): number {
  for (let i = 1; i <= entries.length; i++) {
    const at = (from + step * i + entries.length * i) % entries.length;
    if (!entries[at]?.disabled) return at;
  }
  return from;
}

export function Choice({ items, selected, typed, onChoose, onBack, onQuit, active = true }: ChoiceProps) {
  const tone = useTone();
  const entries: ChoiceItem[] = [...items, ...(typed ? [{ value: TYPED, label: typed.label }] : [])];
  const listed = items.some((i) => i.value === selected && !i.disabled);
  const [cursor, setCursor] = useState(() => {
    const at = listed ? entries.findIndex((i) => i.value === selected) : typed && selected && !items.some((i) => i.value === selected) ? entries.length - 1 : 0;
    return entries[at]?.disabled ? nextEnabled(entries, at, 1) : at;
  });
  const [typing, setTyping] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const initialText = typed && !items.some((i) => i.value === selected) && selected ? selected : (typed?.initial ?? '');

  useKeys(
    (key) => {
      if (key.name === 'escape') {
        if (!typing) return onBack?.();
        setTyping(false);
        setError(null);
        return;
      }
      if (typing) return;
      if (key.name === 'up') setCursor(nextEnabled(entries, cursor, -1));
      else if (key.name === 'down' || key.name === 'tab') setCursor(nextEnabled(entries, cursor, 1));
      else if (key.name === 'home') setCursor(nextEnabled(entries, entries.length - 1, 1));
      else if (key.name === 'end') setCursor(nextEnabled(entries, 0, -1));
      else if (key.name === 'return') {
        const entry = entries[cursor];
        if (!entry || entry.disabled) return;
        if (entry.value === TYPED) setTyping(true);
        else onChoose(entry.value, false);
      } else if (key.input === 'q' && !key.ctrl) onQuit();
    },
    { active },
  );

  const submitText = (value: string) => {
    const problem = typed?.validate(value) ?? null;
    setError(problem);
    if (!problem) onChoose(value, true);
  };

  return (
    <Box flexDirection="column">
      {entries.map((entry, i) => {
        const here = i === cursor;
        return (
          <Text key={entry.value} wrap="truncate-end">
            <Text color={tone('accent')}>{here ? '❯ ' : '  '}</Text>
            {entry.disabled ? (
              <Text color={tone('muted')}>
                {entry.label} — {entry.disabled}
              </Text>
            ) : (
              <>
                <Text bold={here} color={here ? tone('accent') : undefined}>
                  {entry.label}
                </Text>
                {entry.hint ? <Text color={tone('muted')}> — {entry.hint}</Text> : null}
              </>
            )}
          </Text>
        );
      })}
      {typing && typed ? (
        <Box flexDirection="column" marginTop={1}>
          <Text>
            {typed.prompt}{' '}
            <TextField initial={initialText} placeholder={typed.placeholder} mask={typed.mask} onSubmit={submitText} onChange={() => setError(null)} active={active} />
          </Text>
          {error ? (
            <Text color={tone('bad')} wrap="wrap">
              {error}
            </Text>
          ) : null}
        </Box>
      ) : null}
    </Box>
  );
}
