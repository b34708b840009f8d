// Screen 5: where the tarball is downloaded from. The checksum always comes from the official index.
import { Text } from 'ink';
import type { Translate } from '../src/types.js';
import { useState } from 'react';
import { Layout } from './Layout.js';
import { Choice, choiceKeys } from './parts/Choice.js';
import { useTone } from './parts/theme.js';

export interface MirrorScreenProps {
  t: Translate;
  step: { step: number; count: number } | null;
  /** The mirror names offered (each has a label and a hint in the catalog). */
  presets: readonly string[];
  selected: string;
  validate: (text: string) => string | null;
  onChoose: (mirror: string, typed: boolean) => void;
  onBack: () => void;
  onQuit: () => void;
}

export function MirrorScreen({ t, step, presets, selected, validate, onChoose, onBack, onQuit }: MirrorScreenProps) {
  const [typing, setTyping] = useState(false);
  const tone = useTone();
  return (
    <Layout t={t} title={t('wizard.mirror.title')} step={step} keys={choiceKeys(t, typing)}>
      <Text color={tone('muted')}>{t('wizard.mirror.checksum')}</Text>
      <Choice
        items={presets.map((m) => ({ value: m, label: t(`wizard.mirror.${m}`), hint: t(`wizard.mirror.${m}.why`) }))}
        selected={selected}
        typed={{ label: t('wizard.mirror.other'), prompt: t('wizard.mirror.prompt'), initial: '', placeholder: 'https://mirror.example/golang/', validate }}
        onChoose={onChoose}
        onTypingChange={setTyping}
        onBack={onBack}
        onQuit={onQuit}
      />
    </Layout>
  );
}
