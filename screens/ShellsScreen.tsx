// Screen 7: which shells get the environment (their startup files get one marked block). None is allowed.
// Then what else editors and builds need: Go for apps started from the desktop, gopls, a C compiler.
import { useState } from 'react';
import { Box, Text } from 'ink';
import type { ShellName, Translate } from '../src/types.js';
import { Layout } from './Layout.js';
import { MultiSelect, type MultiItem } from './parts/MultiSelect.js';
import { useTone } from './parts/theme.js';

export interface ShellsScreenProps {
  t: Translate;
  step: { step: number; count: number } | null;
  available: ShellName[];
  login: string;
  preselected: ShellName[];
  /** The optional steps asked after the shells (none: not asked). */
  extras?: MultiItem[];
  extrasInitial?: string[];
  onChoose: (shells: ShellName[], extras: string[]) => void;
  onBack: () => void;
  onQuit: () => void;
}

const FILES: Record<ShellName, string> = { bash: '~/.profile, ~/.bashrc', zsh: '~/.zshenv', fish: '~/.config/fish/conf.d/' };

export function ShellsScreen({ t, step, available, login, preselected, extras = [], extrasInitial = [], onChoose, onBack, onQuit }: ShellsScreenProps) {
  const tone = useTone();
  const [shells, setShells] = useState<ShellName[] | null>(null);
  if (shells !== null) {
    return (
      <Layout t={t} title={t('wizard.shells.title')} step={step} keys={[['↑↓', t('wizard.key.move')], ['Space', t('wizard.key.toggle')], ['Enter', t('wizard.key.confirm')], ['Esc', t('wizard.key.back')], ['q', t('wizard.key.quit')]]}>
        <Text color={tone('muted')}>  {shells.length ? shells.join(', ') : t('extras.wizard.noShells')}</Text>
        <Box flexDirection="column" marginTop={1}>
          <Text bold>{t('extras.wizard.extras')}</Text>
          <MultiSelect items={extras} initial={extrasInitial} onConfirm={(values) => onChoose(shells, values)} onBack={() => setShells(null)} onQuit={onQuit} />
        </Box>
      </Layout>
    );
  }
  return (
    <Layout t={t} title={t('wizard.shells.title')} step={step} keys={[['↑↓', t('wizard.key.move')], ['Space', t('wizard.key.toggle')], ['Enter', t('wizard.key.confirm')], ['Esc', t('wizard.key.back')], ['q', t('wizard.key.quit')]]}>
      <Text>{t('wizard.shells.intro')}</Text>
      {available.length === 0 ? <Text color={tone('warn')}>{t('wizard.shells.noneFound')}</Text> : null}
      <MultiSelect
        items={available.map((s) => ({ value: s, label: s === login ? t('wizard.shells.login', { shell: s }) : s, hint: FILES[s] }))}
        initial={preselected}
        onConfirm={(values) => (extras.length ? setShells(values as ShellName[]) : onChoose(values as ShellName[], []))}
        onBack={onBack}
        onQuit={onQuit}
      />
      <Text color={tone('muted')}>{t('wizard.shells.noneHint')}</Text>
    </Layout>
  );
}
