// One question: a list of answers (↑↓ Enter), optionally with a last "type your own…" entry that opens a
// validated text field. Esc goes back (or closes the text field); q quits.
import { useState } from 'react';
import { Box, Text, useInput } from 'ink';
import SelectInput from 'ink-select-input';
import TextInput from 'ink-text-input';
import { useTone } from '../theme.js';

export interface ChoiceItem {
  value: string;
  label: string;
  /** One line saying why one would pick it. */
  hint?: string;
}

export interface TypedEntry {
  /** The list entry that opens the field, e.g. "Another version…". */
  label: string;
  prompt: string;
  /** Prefilled text (the current answer when it is not one of the listed ones). */
  initial: string;
  placeholder?: string;
  mask?: string;
  /** A one-line reason when the text is not acceptable, else null. */
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

export function Choice({ items, selected, typed, onChoose, onBack, onQuit, active = true }: ChoiceProps) {
  const tone = useTone();
  const listed = items.some((i) => i.value === selected);
  const [typing, setTyping] = useState(false);
  const [text, setText] = useState(typed && !listed && selected ? selected : (typed?.initial ?? ''));
  const [error, setError] = useState<string | null>(null);
  const entries = [...items, ...(typed ? [{ value: TYPED, label: typed.label }] : [])];
  const initialIndex = Math.max(0, listed ? entries.findIndex((i) => i.value === selected) : typed && selected ? entries.length - 1 : 0);
  const hints = new Map(entries.map((i) => [i.label, 'hint' in i ? i.hint : undefined]));

  useInput(
    (input, key) => {
      if (key.escape) {
        if (typing) {
          setTyping(false);
          setError(null);
        } else onBack?.();
      } else if (input === 'q' && !typing) onQuit();
    },
    { isActive: active },
  );

  const submitText = (value: string) => {
    const problem = typed?.validate(value) ?? null;
    setError(problem);
    if (!problem) onChoose(value, true);
  };

  return (
    <Box flexDirection="column">
      <SelectInput
        items={entries.map((i) => ({ key: i.value, label: i.label, value: i.value }))}
        initialIndex={initialIndex}
        isFocused={active && !typing}
        indicatorComponent={({ isSelected }) => (
          <Box marginRight={1} flexShrink={0}>
            <Text color={tone('accent')}>{isSelected ? '❯' : ' '}</Text>
          </Box>
        )}
        itemComponent={({ isSelected, label }) => (
          <Text wrap="truncate-end">
            <Text bold={isSelected} color={isSelected ? tone('accent') : undefined}>
              {label}
            </Text>
            {hints.get(label) ? <Text color={tone('muted')}> — {hints.get(label)}</Text> : null}
          </Text>
        )}
        onSelect={(item) => (item.value === TYPED ? setTyping(true) : onChoose(item.value, false))}
      />
      {typing && typed ? (
        <Box flexDirection="column" marginTop={1}>
          <Box>
            <Text>{typed.prompt} </Text>
            <TextInput value={text} onChange={setText} onSubmit={submitText} placeholder={typed.placeholder} mask={typed.mask} focus={active} />
          </Box>
          {error ? <Text color={tone('bad')}>{error}</Text> : null}
        </Box>
      ) : null}
    </Box>
  );
}
