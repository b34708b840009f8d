// Screen 4: where Go goes: system-wide (sudo), just for this user, or a typed path; with the free space of each.
import type { Translate } from '../src/types.js';
import { formatBytes } from '../src/format.js';
import { Layout } from './Layout.js';
import { Choice } from './parts/Choice.js';

export interface LocationScreenProps {
  t: Translate;
  step: { step: number; count: number } | null;
  systemDir: string;
  userDir: string;
  /** Free bytes where each would go (null: unknown yet). */
  free: { system: number | null; user: number | null };
  /** 'system', 'user', or a typed path. */
  selected: string;
  /** True when the system location needs a sudo password (or cannot work at all). */
  sudo: 'root' | 'passwordless' | 'password' | 'none' | null;
  validate: (text: string) => string | null;
  onChoose: (choice: string, typed: boolean) => void;
  onBack: () => void;
  onQuit: () => void;
}

export function LocationScreen({ t, step, systemDir, userDir, free, selected, sudo, validate, onChoose, onBack, onQuit }: LocationScreenProps) {
  const space = (bytes: number | null) => (bytes === null ? '' : ` · ${t('wizard.location.free', { size: formatBytes(bytes) })}`);
  const systemNeeds = sudo === 'root' ? t('wizard.location.asRoot') : sudo === 'none' ? t('wizard.location.noSudo') : t('wizard.location.needsSudo');
  return (
    <Layout t={t} title={t('wizard.location.title')} step={step} keys={[['↑↓', t('wizard.key.move')], ['Enter', t('wizard.key.choose')], ['Esc', t('wizard.key.back')], ['q', t('wizard.key.quit')]]}>
      <Choice
        items={[
          { value: 'system', label: t('wizard.location.system', { dir: systemDir }), hint: `${systemNeeds}${space(free.system)}` },
          { value: 'user', label: t('wizard.location.user', { dir: userDir }), hint: `${t('wizard.location.userWhy')}${space(free.user)}` },
        ]}
        selected={selected}
        typed={{ label: t('wizard.location.other'), prompt: t('wizard.location.prompt'), initial: '', placeholder: '/opt/go', validate }}
        onChoose={onChoose}
        onBack={onBack}
        onQuit={onQuit}
      />
    </Layout>
  );
}
