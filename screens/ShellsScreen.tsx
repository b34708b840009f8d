// Screen 7: which shells get the environment (their startup files get one marked block). None is allowed.
import { Text } from 'ink';
import type { ShellName, Translate } from '../src/types.js';
import { Layout } from './Layout.js';
import { MultiSelect } from './parts/MultiSelect.js';
import { useTone } from './theme.js';

export interface ShellsScreenProps {
  t: Translate;
  step: { step: number; count: number } | null;
  available: ShellName[];
  login: string;
  preselected: ShellName[];
  onChoose: (shells: ShellName[]) => void;
  onBack: () => void;
  onQuit: () => void;
}

const FILES: Record<ShellName, string> = { bash: '~/.profile, ~/.bashrc', zsh: '~/.zshenv', fish: '~/.config/fish/conf.d/' };

export function ShellsScreen({ t, step, available, login, preselected, onChoose, onBack, onQuit }: ShellsScreenProps) {
  const tone = useTone();
  return (
    <Layout t={t} title={t('wizard.shells.title')} step={step} keys={[['↑↓', t('wizard.key.move')], ['Space', t('wizard.key.toggle')], ['Enter', t('wizard.key.confirm')], ['Esc', t('wizard.key.back')], ['q', t('wizard.key.quit')]]}>
      <Text>{t('wizard.shells.intro')}</Text>
      {available.length === 0 ? <Text color={tone('warn')}>{t('wizard.shells.noneFound')}</Text> : null}
      <MultiSelect
        items={available.map((s) => ({ value: s, label: s === login ? t('wizard.shells.login', { shell: s }) : s, hint: FILES[s] }))}
        initial={preselected}
        onConfirm={(values) => onChoose(values as ShellName[])}
        onBack={onBack}
        onQuit={onQuit}
      />
      <Text color={tone('muted')}>{t('wizard.shells.noneHint')}</Text>
    </Layout>
  );
}
