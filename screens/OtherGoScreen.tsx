// Asked only when another Go would shadow or confuse the new one (apt's Go, the go snap, an old /usr/local/go, a
// GOROOT set in a startup file): remove or move them aside as previewed, journaled steps, or keep them — the preview
// then says what will still run them.
import { Box, Text } from 'ink';
import type { Translate } from '../src/types.js';
import { Layout } from './Layout.js';
import { Choice } from './parts/Choice.js';
import { useTone } from './parts/theme.js';

export interface OtherGoScreenProps {
  t: Translate;
  step: { step: number; count: number } | null;
  /** One line per other Go install found. */
  found: string[];
  selected: 'remove' | 'keep';
  /** Why removing cannot work here (no root or sudo), or null. */
  removeProblem: string | null;
  onChoose: (choice: 'remove' | 'keep') => void;
  onBack: () => void;
  onQuit: () => void;
}

export function OtherGoScreen({ t, step, found, selected, removeProblem, onChoose, onBack, onQuit }: OtherGoScreenProps) {
  const tone = useTone();
  return (
    <Layout t={t} title={t('otherGo.title')} step={step} keys={[['↑↓', t('wizard.key.move')], ['Enter', t('wizard.key.choose')], ['Esc', t('wizard.key.back')], ['q', t('wizard.key.quit')]]}>
      <Text wrap="wrap">{t('otherGo.intro')}</Text>
      <Box flexDirection="column" marginBottom={1}>
        {found.map((line) => (
          <Text key={line} wrap="truncate-end" color={tone('warn')}>
            {'  '}! {line}
          </Text>
        ))}
      </Box>
      <Choice
        items={[
          { value: 'remove', label: t('otherGo.remove'), hint: t('otherGo.removeWhy'), ...(removeProblem ? { disabled: removeProblem } : {}) },
          { value: 'keep', label: t('otherGo.keep'), hint: t('otherGo.keepWhy') },
        ]}
        selected={selected}
        onChoose={(choice) => onChoose(choice as 'remove' | 'keep')}
        onBack={onBack}
        onQuit={onQuit}
      />
    </Layout>
  );
}
