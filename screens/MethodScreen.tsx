// Screen 2: how to install: the official tarball (recommended), the distribution's apt package, or snap.
import type { Translate } from '../src/types.js';
import { Layout } from './Layout.js';
import { Choice } from './parts/Choice.js';

/** What apt gives: loading, unknown (not an apt system or apt-cache failed), or the Go it installs. */
export type AptView = 'loading' | 'unknown' | { goVersion: string; behind: number | null };

export interface MethodScreenProps {
  t: Translate;
  step: { step: number; count: number } | null;
  selected: string;
  latest: string | null;
  apt: AptView;
  /** Why snap cannot work here: shown in its place, and it cannot be chosen. */
  snapProblem?: string | null;
  onChoose: (method: string) => void;
  onBack: () => void;
  onQuit: () => void;
}

export function MethodScreen({ t, step, selected, latest, apt, snapProblem, onChoose, onBack, onQuit }: MethodScreenProps) {
  const aptHint =
    apt === 'loading'
      ? t('wizard.method.aptLoading')
      : apt === 'unknown'
        ? t('wizard.method.aptUnknown')
        : apt.behind
          ? t('wizard.method.aptBehind', { version: apt.goVersion, behind: apt.behind })
          : t('wizard.method.aptCurrent', { version: apt.goVersion });
  return (
    <Layout t={t} title={t('wizard.method.title')} step={step} keys={[['↑↓', t('wizard.key.move')], ['Enter', t('wizard.key.choose')], ['Esc', t('wizard.key.back')], ['q', t('wizard.key.quit')]]}>
      <Choice
        items={[
          { value: 'tarball', label: t('wizard.method.tarball'), hint: t('wizard.method.tarballWhy', { version: latest ?? '' }) },
          { value: 'apt', label: t('wizard.method.apt'), hint: aptHint },
          { value: 'snap', label: t('wizard.method.snap'), hint: t('wizard.method.snapWhy'), ...(snapProblem ? { disabled: snapProblem } : {}) },
        ]}
        selected={selected}
        onChoose={onChoose}
        onBack={onBack}
        onQuit={onQuit}
      />
    </Layout>
  );
}
