// One question: a list of answers (ink-select-input: ↑↓ or j/k move, Enter or 1–9 choose), optionally with a last
// "type your own…" entry that opens a validated text field. Esc goes back (or closes the text field); q quits. An
// answer that cannot work here is shown dimmed with the reason; choosing it only says that reason again.
import { useEffect, useState } from 'react';
import type { Translate } from '../../src/types.js';
import { Box, Text } from 'ink';
import SelectInput from 'ink-select-input';
import { useKeys } from '../input/keys.js';
import { useTone } from './theme.js';
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
  /** Told when the text field opens or closes, so the footer can name the field's keys (q types a q there). */
  onTypingChange?: (typing: boolean) => void;
}

/** The footer of a question: the list's keys, or the text field's while one is open. */
export function choiceKeys(t: Translate, typing: boolean): [string, string][] {
  return typing
    ? [['Enter', t('wizard.key.confirm')], ['Esc', t('wizard.key.cancel')]]
    : [['↑↓', t('wizard.key.move')], ['Enter', t('wizard.key.choose')], ['Esc', t('wizard.key.back')], ['q', t('wizard.key.quit')]];
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

/** What ink-select-input hands its item component: the item's own fields, and whether it is highlighted. */
type RowProps = ChoiceItem & { isSelected?: boolean };

function Pointer({ isSelected = false }: { isSelected?: boolean }) {
  const tone = useTone();
  // Never squeezed by a long row beside it.
  return (
    <Box flexShrink={0} width={2}>
      <Text color={tone('accent')}>{isSelected ? '❯' : ' '}</Text>
    </Box>
  );
}

function Row({ label, hint, disabled, isSelected = false }: RowProps) {
  const tone = useTone();
  // One line per answer; the highlighted one shows its whole hint or reason, wrapped, however narrow the terminal.
  // Keyed by the wrap mode: Ink keeps a text's measured height when only its wrap changes.
  const wrap = isSelected ? 'wrap' : 'truncate-end';
  if (disabled) {
    return (
      <Text key={wrap} wrap={wrap} color={tone('muted')} bold={isSelected}>
        {label} — {disabled}
      </Text>
    );
  }
  return (
    <Text key={wrap} wrap={wrap}>
      <Text bold={isSelected} color={isSelected ? tone('accent') : undefined}>
        {label}
      </Text>
      {hint ? <Text color={tone('muted')}> — {hint}</Text> : null}
    </Text>
  );
}

export function Choice({ items, selected, typed, onChoose, onBack, onQuit, active = true, onTypingChange }: ChoiceProps) {
  const tone = useTone();
  const entries: ChoiceItem[] = [...items, ...(typed ? [{ value: TYPED, label: typed.label }] : [])];
  const listed = items.some((i) => i.value === selected && !i.disabled);
  const [initialIndex] = useState(() => {
    const at = listed ? entries.findIndex((i) => i.value === selected) : typed && selected && !items.some((i) => i.value === selected) ? entries.length - 1 : 0;
    return entries[at]?.disabled ? nextEnabled(entries, at, 1) : at;
  });
  const [typing, setTyping] = useState(false);
  useEffect(() => onTypingChange?.(typing), [typing, onTypingChange]);
  const [error, setError] = useState<string | null>(null);
  /** The reason shown after choosing an answer that cannot work here. */
  const [refused, setRefused] = useState<ChoiceItem | null>(null);
  const initialText = typed && !items.some((i) => i.value === selected) && selected ? selected : (typed?.initial ?? '');

  // Enter, ↑↓ and the digits are ink-select-input's; Esc and q are the question's.
  useKeys(
    (key) => {
      if (key.name === 'escape') {
        if (!typing) return onBack?.();
        setTyping(false);
        setError(null);
        return;
      }
      if (!typing && key.input === 'q' && !key.ctrl) onQuit();
    },
    { active },
  );

  const choose = ({ value }: { value: string }) => {
    const entry = entries.find((e) => e.value === value);
    if (!entry) return;
    if (entry.disabled) return setRefused(entry);
    setRefused(null);
    if (entry.value === TYPED) setTyping(true);
    else onChoose(entry.value, false);
  };

  const submitText = (value: string) => {
    const problem = typed?.validate(value) ?? null;
    setError(problem);
    if (!problem) onChoose(value, true);
  };

  return (
    <Box flexDirection="column">
      <SelectInput<string>
        items={entries.map((entry) => ({ ...entry, key: entry.value }))}
        initialIndex={initialIndex}
        isFocused={active && !typing}
        indicatorComponent={Pointer}
        itemComponent={Row as (props: { isSelected?: boolean; label: string }) => JSX.Element}
        onSelect={choose}
        onHighlight={() => setRefused(null)}
      />
      {refused ? (
        <Text color={tone('warn')} wrap="wrap">
          {refused.label} — {refused.disabled}
        </Text>
      ) : null}
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
