// Screen 1: what the wizard found on this machine, with warnings in plain words.
import { Text } from 'ink';
import { useKeys } from './input/keys.js';
import type { Detection, Loadable, Translate } from '../src/types.js';
import { padEndWidth, textWidth } from '../src/text-width.js';
import { Layout } from './Layout.js';
import { useTone } from './parts/theme.js';

export interface SystemScreenProps {
  t: Translate;
  step: { step: number; count: number } | null;
  detection: Loadable<Detection>;
  onNext: () => void;
  /** Back to the recommended plan. */
  onBack: () => void;
  onQuit: () => void;
}

function Row({ label, value, width }: { label: string; value: string; width: number }) {
  return (
    <Text wrap="truncate-end">
      <Text bold>{padEndWidth(label, width)}</Text>
      {value}
    </Text>
  );
}

export function SystemScreen({ t, step, detection, onNext, onBack, onQuit }: SystemScreenProps) {
  const tone = useTone();
  useKeys((key) => {
    if (key.name === 'return' && detection.status !== 'loading') onNext();
    else if (key.name === 'escape') onBack();
    else if (key.input === 'q' && !key.ctrl) onQuit();
  });
  const keys: [string, string][] = [
    ['Enter', t('wizard.key.continue')],
    ['Esc', t('wizard.key.back')],
    ['q', t('wizard.key.quit')],
  ];

  if (detection.status === 'loading') {
    return (
      <Layout t={t} title={t('wizard.system.title')} step={step} keys={keys}>
        <Text>{t('wizard.system.looking')}</Text>
      </Layout>
    );
  }
  if (detection.status === 'failed') {
    return (
      <Layout t={t} title={t('wizard.system.title')} step={step} keys={keys}>
        <Text color={tone('warn')}>{t('wizard.system.failed', { error: detection.error })}</Text>
      </Layout>
    );
  }
  const d = detection.value;
  const arch =
    d.arch.userlandGoArch && d.arch.userlandGoArch !== d.arch.goArch
      ? t('wizard.system.archUserland', { machine: d.arch.machine, kernel: d.arch.goArch ?? '?', userland: d.arch.userlandGoArch })
      : `${d.arch.machine} (${d.arch.goArch ?? t('wizard.system.unsupportedArch')})`;
  const wsl = d.wsl.isWsl ? t('wizard.system.wslYes', { version: d.wsl.version ?? '?' }) : t('wizard.system.wslNo');
  const others = d.shell.available.filter((s) => s !== d.shell.login);
  const shell = others.length ? t('wizard.system.shellOthers', { login: d.shell.login, others: others.join(', ') }) : d.shell.login;
  const labels = ['os', 'arch', 'wsl', 'shell', 'sudo'].map((k) => t(`wizard.system.${k}`));
  const width = Math.max(...labels.map(textWidth)) + 2;
  return (
    <Layout t={t} title={t('wizard.system.title')} step={step} keys={keys}>
      <Row width={width} label={t('wizard.system.os')} value={`${d.os.prettyName}${d.os.supported ? '' : ` — ${t('wizard.system.unsupported')}`}`} />
      <Row width={width} label={t('wizard.system.arch')} value={arch} />
      <Row width={width} label={t('wizard.system.wsl')} value={wsl} />
      <Row width={width} label={t('wizard.system.shell')} value={shell} />
      <Row width={width} label={t('wizard.system.sudo')} value={t(`wizard.sudo.${d.user.sudo}`)} />
      <Text bold>{t('wizard.system.goFound')}</Text>
      {d.existingGo.length === 0 ? <Text>  {t('wizard.system.noGo')}</Text> : null}
      {d.existingGo.map((go) => (
        <Text key={go.path} wrap="truncate-end">
          {'  '}
          {go.version ?? t('wizard.system.goUnknownVersion')} <Text color={tone('muted')}>{go.path}</Text> ({t(`wizard.source.${go.source}`)})
          {go.onPath ? ` ${t('wizard.system.firstOnPath')}` : ''}
        </Text>
      ))}
      {d.warnings.map((w) => (
        <Text key={w} color={tone('warn')} wrap="truncate-end">
          ! {w}
        </Text>
      ))}
    </Layout>
  );
}
