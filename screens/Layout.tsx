// The frame of every screen: a header with the step count, the body, and a footer with the keys.
import { type ReactNode } from 'react';
import { Box, Text, useStdout } from 'ink';
import type { Translate } from '../src/types.js';
import { useTone } from './theme.js';

export const MIN_COLUMNS = 80;
export const MIN_ROWS = 24;

export interface LayoutProps {
  t: Translate;
  title: string;
  step?: { step: number; count: number } | null;
  /** Key hints, e.g. [['↑↓', 'move'], ['Enter', 'choose']]. */
  keys: [string, string][];
  children: ReactNode;
}

export function Layout({ t, title, step, keys, children }: LayoutProps) {
  const tone = useTone();
  const { stdout } = useStdout();
  const columns = stdout.columns ?? MIN_COLUMNS;
  const rows = stdout.rows ?? MIN_ROWS;
  const tooSmall = columns < MIN_COLUMNS || rows < MIN_ROWS;
  return (
    <Box flexDirection="column" width={Math.min(columns, 100)}>
      <Box justifyContent="space-between">
        <Text bold color={tone('accent')}>
          {t('wizard.appName')} · {title}
        </Text>
        {step ? <Text color={tone('muted')}>{t('wizard.stepOf', { step: step.step, count: step.count })}</Text> : null}
      </Box>
      {tooSmall ? <Text color={tone('warn')}>{t('wizard.tooSmall', { columns, rows, minColumns: MIN_COLUMNS, minRows: MIN_ROWS })}</Text> : null}
      <Box flexDirection="column" marginY={1}>
        {children}
      </Box>
      <Text color={tone('muted')} wrap="truncate-end">
        {keys.map(([key, what]) => `${key} ${what}`).join('  ·  ')}
      </Text>
    </Box>
  );
}
