// Several answers at once: ↑↓ move, Space toggles, Enter confirms (nothing ticked is a valid answer).
import { useState } from 'react';
import { Box, Text } from 'ink';
import { useKeys } from '../input/keys.js';
import { nextEnabled } from './Choice.js';
import { useTone } from './theme.js';

export interface MultiItem {
  value: string;
  label: string;
  hint?: string;
  /** Why this one cannot be ticked here; absent when it can. */
  disabled?: string;
}

export interface MultiSelectProps {
  items: MultiItem[];
  initial: string[];
  onConfirm: (values: string[]) => void;
  onBack: () => void;
  onQuit: () => void;
}

export function MultiSelect({ items, initial, onConfirm, onBack, onQuit }: MultiSelectProps) {
  const tone = useTone();
  const [cursor, setCursor] = useState(() => (items[0]?.disabled ? nextEnabled(items, 0, 1) : 0));
  const [ticked, setTicked] = useState(() => new Set(initial.filter((v) => !items.find((i) => i.value === v)?.disabled)));

  useKeys((key) => {
    const input = key.ctrl ? '' : key.input;
    if (key.name === 'up') setCursor(nextEnabled(items, cursor, -1));
    else if (key.name === 'down' || key.name === 'tab') setCursor(nextEnabled(items, cursor, 1));
    else if (input === ' ' && items[cursor] && !items[cursor].disabled) {
      const value = items[cursor].value;
      setTicked((set) => {
        const next = new Set(set);
        if (next.has(value)) next.delete(value);
        else next.add(value);
        return next;
      });
    } else if (key.name === 'return') onConfirm(items.map((i) => i.value).filter((v) => ticked.has(v)));
    else if (key.name === 'escape') onBack();
    else if (input === 'q') onQuit();
  });

  return (
    <Box flexDirection="column">
      {items.map((item, i) => (
        <Text key={item.value} wrap="truncate-end">
          <Text color={tone('accent')}>{i === cursor ? '❯ ' : '  '}</Text>
          {item.disabled ? (
            <Text color={tone('muted')}>
              {'[-] '}
              {item.label} — {item.disabled}
            </Text>
          ) : (
            <>
              <Text bold={i === cursor}>
                {ticked.has(item.value) ? '[x] ' : '[ ] '}
                {item.label}
              </Text>
              {item.hint ? <Text color={tone('muted')}> — {item.hint}</Text> : null}
            </>
          )}
        </Text>
      ))}
    </Box>
  );
}
