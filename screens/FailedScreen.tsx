// Screen 10 when it went wrong: which step, why, whether everything was restored, where the journal is, what next.
import { Box, Text } from 'ink';
import { useKeys } from './input/keys.js';
import type { Translate } from '../src/types.js';
import { Layout } from './Layout.js';
import { useTone } from './parts/theme.js';

export interface FailedScreenProps {
  t: Translate;
  /** 'failed' (a step failed), 'interrupted' (the user stopped it). */
  reason: 'failed' | 'interrupted';
  step: string | null;
  error: string;
  /** True when every change was put back; false when `rollback` must finish it. */
  restored: boolean;
  problems: string[];
  journal: string | null;
  rollbackCommand: string;
  /** What to try next, in plain words. */
  advice: string;
  onClose: () => void;
}

export function FailedScreen({ t, reason, step, error, restored, problems, journal, rollbackCommand, advice, onClose }: FailedScreenProps) {
  const tone = useTone();
  useKeys((key) => {
    if (key.name === 'return' || key.name === 'escape' || (key.input === 'q' && !key.ctrl)) onClose();
  });
  return (
    <Layout t={t} title={reason === 'interrupted' ? t('wizard.failed.interruptedTitle') : t('wizard.failed.title')} keys={[['Enter', t('wizard.key.exit')]]}>
      {reason === 'failed' ? (
        <Text wrap="wrap">
          <Text color={tone('bad')}>✘ </Text>
          {step ? t('wizard.failed.step', { step }) : t('wizard.failed.noStep')} {error}
        </Text>
      ) : (
        <Text>{t('wizard.failed.interrupted')}</Text>
      )}
      <Box flexDirection="column" marginTop={1}>
        {restored ? (
          <Text color={tone('ok')}>{t('wizard.failed.restored')}</Text>
        ) : (
          <Text color={tone('warn')} wrap="wrap">
            {t('wizard.failed.notRestored', { command: rollbackCommand })}
          </Text>
        )}
        {problems.map((p) => (
          <Text key={p} color={tone('warn')} wrap="truncate-end">
            {'  '}! {p}
          </Text>
        ))}
        {journal ? <Text wrap="wrap">{t('wizard.failed.journal', { path: journal })}</Text> : null}
      </Box>
      {advice ? (
        <Box marginTop={1}>
          <Text wrap="wrap">{advice}</Text>
        </Box>
      ) : null}
    </Layout>
  );
}
