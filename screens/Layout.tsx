// The frame of every screen: a header with the step count, the body, and a footer with the keys; as wide as the
// terminal, with less air on a short one.
import { type ReactNode } from 'react';
import { Box, Text } from 'ink';
import type { Translate } from '../src/types.js';
import { textWidth } from '../src/text-width.js';
import { useTerminalSize } from './terminal.js';
import { useTone } from './parts/theme.js';

/** Below this the screens no longer fit and the wizard says so (it still works). */
export const MIN_COLUMNS = 40;
export const MIN_ROWS = 12;
/** A terminal shorter than this gets no blank lines around the body. */
const ROOMY_ROWS = 20;

export interface LayoutProps {
  t: Translate;
  title: string;
  step?: { step: number; count: number } | null;
  /** Key hints, e.g. [['↑↓', 'move'], ['Enter', 'choose']]. */
  keys: [string, string][];
  children: ReactNode;
}

export function keysLine(keys: [string, string][]): string {
  return keys.map(([key, what]) => `${key} ${what}`).join('  ·  ');
}

/** Rows the frame takes around the body (header, blank lines, the wrapped key hints). */
export function frameRows(keys: [string, string][], { columns, rows }: { columns: number; rows: number }): number {
  return 1 + (rows < ROOMY_ROWS ? 0 : 2) + Math.max(1, Math.ceil(textWidth(keysLine(keys)) / columns));
}

export function Layout({ t, title, step, keys, children }: LayoutProps) {
  const tone = useTone();
  const { columns, rows } = useTerminalSize();
  const tooSmall = columns < MIN_COLUMNS || rows < MIN_ROWS;
  return (
    <Box flexDirection="column" width={columns}>
      <Box justifyContent="space-between">
        <Text bold color={tone('accent')} wrap="truncate-end">
          {t('wizard.appName')} · {title}
        </Text>
        {step ? (
          <Box flexShrink={0} marginLeft={1}>
            <Text color={tone('muted')}>{t('wizard.stepOf', { step: step.step, count: step.count })}</Text>
          </Box>
        ) : null}
      </Box>
      {tooSmall ? <Text color={tone('warn')}>{t('wizard.tooSmall', { columns, rows, minColumns: MIN_COLUMNS, minRows: MIN_ROWS })}</Text> : null}
      <Box flexDirection="column" marginY={rows < ROOMY_ROWS ? 0 : 1}>
        {children}
      </Box>
      <Text color={tone('muted')} wrap="wrap">
        {keysLine(keys)}
      </Text>
    </Box>
  );
}
