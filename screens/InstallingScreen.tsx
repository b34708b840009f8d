// Screen 9: the plan being carried out: step marks, the download's progress, the running command's output.
// Ctrl-C (handled by the app) asks whether to stop; then the rollback's own progress shows here.
import { Box, Text, useInput } from 'ink';
import type { Translate } from '../src/types.js';
import type { InstallState, StepStatus } from '../src/wizard/machine.js';
import { formatBytes } from '../src/format.js';
import { formatDuration } from '../src/wizard/describe.js';
import { Layout } from './Layout.js';
import { ProgressBar } from './parts/ProgressBar.js';
import { useTone, type Role } from './theme.js';

export interface InstallingScreenProps {
  t: Translate;
  install: InstallState;
  /** Milliseconds since the epoch, for the elapsed time. */
  now: number;
  onStop: () => void;
  onResume: () => void;
}

const MARKS: Record<StepStatus, [string, Role | undefined]> = {
  pending: ['·', 'muted'],
  running: ['›', 'accent'],
  done: ['✔', 'ok'],
  failed: ['✘', 'bad'],
  undone: ['↺', 'warn'],
};

export function InstallingScreen({ t, install, now, onStop, onResume }: InstallingScreenProps) {
  const tone = useTone();
  useInput(
    (input, key) => {
      if (input === 'y' || key.return) onStop();
      else if (input === 'n' || key.escape) onResume();
    },
    { isActive: install.confirmingStop },
  );
  const running = install.steps.find((s) => s.status === 'running');
  const progress = install.progress;
  const title = install.rollback ? t('wizard.installing.rollingBack') : t('wizard.installing.title');
  const keys: [string, string][] = install.confirmingStop
    ? [['y', t('wizard.key.stopRollback')], ['n', t('wizard.key.continueInstall')]]
    : install.stopping || install.rollback
      ? []
      : [['Ctrl-C', t('wizard.key.stop')]];
  return (
    <Layout t={t} title={title} keys={keys}>
      {install.steps.map((s) => {
        const [mark, role] = MARKS[s.status];
        return (
          <Text key={s.id} wrap="truncate-end" bold={s.status === 'running'}>
            <Text color={role && tone(role)}>{mark}</Text> {s.title}
          </Text>
        );
      })}
      {progress && running?.id === 'download' ? (
        <Box flexDirection="column" marginTop={1}>
          <ProgressBar ratio={progress.total ? progress.bytes / progress.total : 0} width={40} />
          <Text>
            {progress.total ? `${formatBytes(progress.bytes)} / ${formatBytes(progress.total)}` : formatBytes(progress.bytes)}
            {'  '}
            {t('wizard.installing.speed', { speed: `${formatBytes(progress.bytesPerSecond)}/s` })}
            {progress.etaSeconds !== null ? `  ${t('wizard.installing.eta', { eta: formatDuration(progress.etaSeconds) })}` : ''}
          </Text>
        </Box>
      ) : null}
      {install.tail.length ? (
        <Box flexDirection="column" marginTop={1}>
          {install.tail.map((line, i) => (
            <Text key={i} color={tone('muted')} wrap="truncate-end">
              {'  '}
              {line}
            </Text>
          ))}
        </Box>
      ) : null}
      <Box marginTop={1}>
        <Text color={tone('muted')}>{t('wizard.installing.elapsed', { elapsed: formatDuration((now - install.startedAt) / 1000) })}</Text>
      </Box>
      {install.confirmingStop ? <Text color={tone('warn')} bold>{t('wizard.installing.confirmStop')}</Text> : null}
      {install.stopping && !install.rollback ? <Text color={tone('warn')}>{t('wizard.installing.stopping')}</Text> : null}
    </Layout>
  );
}
