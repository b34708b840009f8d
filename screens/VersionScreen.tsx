// Screen 3: which Go: the latest stable first, then the supported majors, or a version typed in.
import { Box, Text } from 'ink';
import type { LoadedIndex, Translate } from '../src/types.js';
import type { Loadable } from '../src/wizard/machine.js';
import { latestStable, supportedMinors } from '../src/versions/support.js';
import { Layout } from './Layout.js';
import { Choice } from './parts/Choice.js';
import { useTone } from './theme.js';

export interface VersionScreenProps {
  t: Translate;
  step: { step: number; count: number } | null;
  index: Loadable<LoadedIndex>;
  selected: string;
  /** Checks a typed version against the index: a one-line reason, or null. */
  validate: (text: string) => string | null;
  onChoose: (version: string, typed: boolean) => void;
  onBack: () => void;
  onQuit: () => void;
}

export function VersionScreen({ t, step, index, selected, validate, onChoose, onBack, onQuit }: VersionScreenProps) {
  const tone = useTone();
  const loaded = index.status === 'ready' ? index.value : null;
  const latest = loaded ? (latestStable(loaded.releases)?.version ?? null) : null;
  const majors = loaded ? supportedMinors(loaded.releases) : [];
  return (
    <Layout t={t} title={t('wizard.version.title')} step={step} keys={[['↑↓', t('wizard.key.move')], ['Enter', t('wizard.key.choose')], ['Esc', t('wizard.key.back')], ['q', t('wizard.key.quit')]]}>
      {index.status === 'loading' ? <Text>{t('wizard.version.loading')}</Text> : null}
      {index.status === 'failed' ? <Text color={tone('warn')}>{t('wizard.version.failed', { error: index.error })}</Text> : null}
      {loaded?.source === 'snapshot' ? (
        <Text color={tone('warn')} wrap="truncate-end">
          {t('wizard.version.snapshot', { date: loaded.snapshotDate ?? '?', reason: loaded.fallbackReason ?? '' })}
        </Text>
      ) : null}
      <Box marginTop={index.status === 'ready' && loaded?.source !== 'snapshot' ? 0 : 1}>
        <Choice
          key={index.status}
          items={[
            { value: 'latest', label: t('wizard.version.latest'), hint: latest ?? undefined },
            ...majors.map((m) => ({ value: m.minor, label: t('wizard.version.major', { minor: m.minor }), hint: t('wizard.version.newestPatch', { version: m.newest }) })),
          ]}
          selected={selected}
          typed={{ label: t('wizard.version.other'), prompt: t('wizard.version.prompt'), initial: '', placeholder: '1.26.3', validate }}
          onChoose={onChoose}
          onBack={onBack}
          onQuit={onQuit}
        />
      </Box>
    </Layout>
  );
}
