// Screen 10: proof that Go works, what to do now, and how to undo it all.
import { Box, Text } from 'ink';
import { useKeys } from './input/keys.js';
import type { Translate } from '../src/types.js';
import { formatBytes } from '../src/format.js';
import { Layout } from './Layout.js';
import { useTone } from './parts/theme.js';

export interface DoneScreenProps {
  t: Translate;
  /** One line per check: the shell proofs and the hello-world program. */
  verify: { check: string; ok: boolean; output: string; warning?: boolean }[];
  /** `go env GOROOT GOPATH GOPROXY` as printed (null while it runs). */
  goEnv: string | null;
  /** The line that loads the environment into the terminal already open (null when no profile was changed). */
  sourceLine: string | null;
  backupBytes: number;
  undoCommand: string;
  /** Startup-file lines the user kept that override what was chosen: new terminals will not get it. */
  kept?: string[];
  /** After a side-by-side install: how to run it and make it the default (replaces the new-terminal line), or null. */
  sideBySide?: string | null;
  /** What needs a new login rather than a new terminal (environment.d), or null. */
  loginNote?: string | null;
  /** Stop was asked for when the install had already finished: it was not rolled back. */
  stopTooLate?: boolean;
  onClose: () => void;
}

export function DoneScreen({ t, verify, goEnv, sourceLine, backupBytes, undoCommand, kept = [], loginNote = null, sideBySide = null, stopTooLate = false, onClose }: DoneScreenProps) {
  const tone = useTone();
  useKeys((key) => {
    if (key.name === 'return' || key.name === 'escape' || (key.input === 'q' && !key.ctrl)) onClose();
  });
  return (
    <Layout t={t} title={t('wizard.done.title')} keys={[['Enter', t('wizard.key.exit')]]}>
      {stopTooLate ? (
        <Box marginBottom={1}>
          <Text wrap="wrap" color={tone('warn')}>
            ! {t('wizard.done.stopTooLate')}
          </Text>
        </Box>
      ) : null}
      {verify.map((v) => (
        <Text key={v.check} wrap="truncate-end">
          <Text color={tone(v.ok ? (v.warning ? 'warn' : 'ok') : 'bad')}>{v.ok ? (v.warning ? '!' : '✔') : '✘'}</Text> {v.check}: {v.output.split('\n')[0]}
        </Text>
      ))}
      {goEnv !== null ? (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>go env GOROOT GOPATH GOPROXY</Text>
          {goEnv.split('\n').map((line, i) => (
            <Text key={i} wrap="truncate-end">
              {'  '}
              {line}
            </Text>
          ))}
        </Box>
      ) : null}
      {kept.length ? (
        <Box flexDirection="column" marginTop={1}>
          <Text bold color={tone('warn')}>
            ! {t('extras.done.kept')}
          </Text>
          {kept.map((line) => (
            <Box key={line} paddingLeft={2}>
              <Text wrap="wrap" color={tone('warn')}>
                {line}
              </Text>
            </Box>
          ))}
        </Box>
      ) : null}
      <Box flexDirection="column" marginTop={1}>
        <Text bold>{t('wizard.done.next')}</Text>
        {/* Commands stand on lines of their own, so a narrow terminal never wraps one at a space and it copies whole. */}
        {sideBySide ? (
          <Text wrap="wrap">{sideBySide}</Text>
        ) : sourceLine ? (
          <>
            <Text wrap="wrap">{t('wizard.done.newTerminal')}</Text>
            <Command text={sourceLine} />
          </>
        ) : (
          <Text wrap="wrap">{t('wizard.done.noProfiles')}</Text>
        )}
        {loginNote ? <Text wrap="wrap">{loginNote}</Text> : null}
        <Text wrap="wrap">{t('wizard.done.backups', { size: formatBytes(backupBytes) })}</Text>
        <Text wrap="wrap">{t('wizard.done.undo')}</Text>
        <Command text={undoCommand} />
      </Box>
    </Layout>
  );
}

function Command({ text }: { text: string }) {
  const tone = useTone();
  return (
    <Box paddingLeft={2}>
      <Text wrap="wrap" color={tone('accent')}>
        {text}
      </Text>
    </Box>
  );
}
