// Screen 3: which Go: the latest stable first, then the supported majors, or a version typed in.
import { Box, Text } from 'ink';
import type { Loadable, Translate } from '../src/types.js';
import { useState } from 'react';
import { Layout } from './Layout.js';
import { Choice, choiceKeys } from './parts/Choice.js';
import { useTone } from './parts/theme.js';

/** What the version question offers, worked out from the index by the wizard. */
export interface VersionChoices {
  /** The newest stable release, e.g. 'go1.27.1'. */
  latest: string | null;
  /** The supported majors, newest first, each with its newest stable patch (apt: the package, in `hint`). */
  majors: { minor: string; newest: string; hint?: string }[];
  /** A warning to show above the choices (apt's Go out of support). */
  warning?: string | null;
  /** Set when the index is the shipped snapshot (no network answered). */
  snapshot: { date: string; reason: string } | null;
}

export interface VersionScreenProps {
  t: Translate;
  step: { step: number; count: number } | null;
  versions: Loadable<VersionChoices>;
  selected: string;
  /** Checks a typed version against the index: a one-line reason, or null. */
  validate: (text: string) => string | null;
  onChoose: (version: string, typed: boolean) => void;
  onBack: () => void;
  onQuit: () => void;
}

export function VersionScreen({ t, step, versions, selected, validate, onChoose, onBack, onQuit }: VersionScreenProps) {
  const [typing, setTyping] = useState(false);
  const tone = useTone();
  const loaded = versions.status === 'ready' ? versions.value : null;
  const latest = loaded?.latest ?? null;
  const majors = loaded?.majors ?? [];
  return (
    <Layout t={t} title={t('wizard.version.title')} step={step} keys={choiceKeys(t, typing)}>
      {versions.status === 'loading' ? <Text>{t('wizard.version.loading')}</Text> : null}
      {versions.status === 'failed' ? <Text color={tone('warn')}>{t('wizard.version.failed', { error: versions.error })}</Text> : null}
      {loaded?.snapshot ? (
        <Text color={tone('warn')} wrap="truncate-end">
          {t('wizard.version.snapshot', { date: loaded.snapshot.date, reason: loaded.snapshot.reason })}
        </Text>
      ) : null}
      {loaded?.warning ? <Text color={tone('warn')}>{loaded.warning}</Text> : null}
      <Box marginTop={versions.status === 'ready' && !loaded?.snapshot && !loaded?.warning ? 0 : 1}>
        <Choice
          key={versions.status}
          items={[
            { value: 'latest', label: t('wizard.version.latest'), hint: latest ?? undefined },
            ...majors.map((m) => ({ value: m.minor, label: t('wizard.version.major', { minor: m.minor }), hint: m.hint ?? t('wizard.version.newestPatch', { version: m.newest }) })),
          ]}
          selected={selected}
          typed={{ label: t('wizard.version.other'), prompt: t('wizard.version.prompt'), initial: '', placeholder: '1.26.3', validate }}
          onChoose={onChoose}
        onTypingChange={setTyping}
          onBack={onBack}
          onQuit={onQuit}
        />
      </Box>
    </Layout>
  );
}
