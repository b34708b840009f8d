// Several answers at once: ↑↓ move, Space toggles, Enter confirms (nothing ticked is a valid answer).
import { useState } from 'react';
import { Box, Text, useInput } from 'ink';
import { useTone } from '../theme.js';

export interface MultiItem {
  value: string;
  label: string;
  hint?: string;
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
  const [cursor, setCursor] = useState(0);
  const [ticked, setTicked] = useState(() => new Set(initial));

  useInput((input, key) => {
    if (key.upArrow) setCursor((c) => (c + items.length - 1) % items.length);
    else if (key.downArrow) setCursor((c) => (c + 1) % items.length);
    else if (input === ' ' && items[cursor]) {
      const value = items[cursor].value;
      setTicked((set) => {
        const next = new Set(set);
        if (next.has(value)) next.delete(value);
        else next.add(value);
        return next;
      });
    } else if (key.return) onConfirm(items.map((i) => i.value).filter((v) => ticked.has(v)));
    else if (key.escape) onBack();
    else if (input === 'q') onQuit();
  });

  return (
    <Box flexDirection="column">
      {items.map((item, i) => (
        <Text key={item.value} wrap="truncate-end">
          <Text color={tone('accent')}>{i === cursor ? '❯ ' : '  '}</Text>
          <Text bold={i === cursor}>{ticked.has(item.value) ? '[x] ' : '[ ] '}{item.label}</Text>
          {item.hint ? <Text color={tone('muted')}> — {item.hint}</Text> : null}
        </Text>
      ))}
    </Box>
  );
}
