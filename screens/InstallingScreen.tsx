// Screen 9: the plan being carried out: step marks, the download's progress, the running command's output.
// Ctrl-C (handled by the app) asks whether to stop; then the rollback's own progress shows here.
import { Box, Text } from 'ink';
import { useKeys } from './input/keys.js';
import type { StepStatus, Translate } from '../src/types.js';
import { formatBytes, formatDuration, formatEta } from '../src/format.js';
import { Layout } from './Layout.js';
import { useTerminalSize } from './terminal.js';
import { ProgressBar } from './parts/ProgressBar.js';
import { Removing } from './parts/Removing.js';
import { useTone, type Role } from './parts/theme.js';

/** The install as this screen shows it. */
export interface InstallView {
  /** Milliseconds since the epoch. */
  startedAt: number;
  steps: { id: string; title: string; status: StepStatus }[];
  /** Bytes done of the running step (null when it reports none). */
  progress: { bytes: number; total: number | null; bytesPerSecond: number; etaSeconds: number | null; entries?: number } | null;
  /** The last lines of output of the running command. */
  tail: string[];
  rollback: {
    status: 'running' | 'complete' | 'incomplete';
    undoing?: { index: number; count: number };
    /** A directory tree being removed by the step undone: `removed` of its `total` entries are gone. */
    removing?: { path: string; removed: number; total: number };
  } | null;
  /** Ctrl-C was pressed: asking whether to stop and roll back. */
  confirmingStop: boolean;
  /** Stopping: the rollback is about to start. */
  stopping: boolean;
}

export interface InstallingScreenProps {
  t: Translate;
  install: InstallView;
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
  undoing: ['‹', 'warn'],
  undone: ['↺', 'warn'],
};

export function InstallingScreen({ t, install, now, onStop, onResume }: InstallingScreenProps) {
  const tone = useTone();
  const { columns } = useTerminalSize();
  useKeys(
    (key) => {
      if (key.input === 'y' || key.name === 'return') onStop();
      else if (key.input === 'n' || key.name === 'escape') onResume();
    },
    { active: install.confirmingStop },
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
          <Text key={s.id} wrap="truncate-end" bold={s.status === 'running' || s.status === 'undoing'}>
            <Text color={role && tone(role)}>{mark}</Text> {s.title}
          </Text>
        );
      })}
      {progress && (running || install.rollback?.status === 'running') ? (
        // Any step that reports its bytes (the download, the unpacking, …) shows how far it is.
        <Box flexDirection="column" marginTop={1}>
          <ProgressBar ratio={progress.total ? progress.bytes / progress.total : 0} width={Math.max(10, Math.min(40, columns - 8))} />
          <Text wrap="truncate-end">
            {progress.total ? `${formatBytes(progress.bytes)} / ${formatBytes(progress.total)}` : formatBytes(progress.bytes)}
            {progress.bytesPerSecond > 0 ? `  ${t('wizard.installing.speed', { speed: `${formatBytes(progress.bytesPerSecond)}/s` })}` : ''}
            {progress.etaSeconds !== null ? `  ${t('wizard.installing.eta', { eta: formatEta(progress.etaSeconds) })}` : ''}
            {progress.entries !== undefined ? `  ${t('net.progress.entries', { entries: progress.entries })}` : ''}
          </Text>
        </Box>
      ) : null}
      {install.rollback?.status === 'running' && install.rollback.undoing ? (
        <Box marginTop={1}>
          <Text color={tone('warn')} wrap="truncate-end">
            {t('wizard.installing.undoing', {
              index: install.rollback.undoing.index + 1,
              count: install.rollback.undoing.count,
              title: install.steps.find((s) => s.status === 'undoing')?.title ?? '',
            })}
          </Text>
        </Box>
      ) : null}
      {install.rollback?.status === 'running' && install.rollback.removing ? <Removing t={t} removing={install.rollback.removing} /> : null}
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
