// The first screen: what was found, and the recommended plan in a few lines. Enter goes to the preview (nothing
// changes before its confirmation), c answers the questions one by one, q leaves with nothing changed.
import { Box, Text } from 'ink';
import type { Detection, Loadable, Translate } from '../src/types.js';
import { padEndWidth, textWidth } from '../src/text-width.js';
import { foundLine } from '../src/detect/render.js';
import { Layout } from './Layout.js';
import { useKeys } from './input/keys.js';
import { useTone } from './parts/theme.js';
import { Removing } from './parts/Removing.js';

export interface ExpressScreenProps {
  t: Translate;
  detection: Loadable<Detection>;
  /** The recommended plan as label/value lines: what, where, from where, which shells, … */
  plan: [string, string][];
  onInstall: () => void;
  onCustomise: () => void;
  onQuit: () => void;
  /** A run left half-way (crash, kill -9) that still holds its changes: r finishes its rollback. */
  waiting?: WaitingRunView | null;
  onRollBack?: () => void;
}

export interface WaitingRunView {
  runId: string;
  status: 'waiting' | 'rolling-back' | 'done' | 'failed';
  message: string | null;
  /** While it rolls back: the step being undone (`index` from 0 of `count`) and the tree that step is removing. */
  undoing?: { index: number; count: number; title: string };
  removing?: { path: string; removed: number; total: number };
}

export function ExpressScreen({ t, detection, plan, onInstall, onCustomise, onQuit, waiting, onRollBack }: ExpressScreenProps) {
  const tone = useTone();
  const rollingBack = waiting?.status === 'rolling-back';
  const canRollBack = waiting?.status === 'waiting' || waiting?.status === 'failed';
  const ready = detection.status !== 'loading' && !rollingBack;
  useKeys((key) => {
    const input = key.ctrl ? '' : key.input;
    if (key.name === 'return' && ready) onInstall();
    else if ((input === 'c' || input === 'C') && ready) onCustomise();
    else if ((input === 'r' || input === 'R') && canRollBack) onRollBack?.();
    else if ((input === 'q' || key.name === 'escape') && !rollingBack) onQuit();
  });
  const keys: [string, string][] = [
    ...(canRollBack ? [['r', t('wizard.key.rollBackWaiting')] as [string, string]] : []),
    ['Enter', t('wizard.key.installPreview')],
    ['c', t('wizard.key.customise')],
    ['q', t('wizard.key.quit')],
  ];
  const width = Math.max(0, ...plan.map(([label]) => textWidth(label))) + 2;
  return (
    <Layout t={t} title={t('wizard.express.title')} keys={keys}>
      {waiting ? <Waiting t={t} waiting={waiting} /> : null}
      {detection.status === 'loading' ? <Text>{t('wizard.system.looking')}</Text> : null}
      {detection.status === 'failed' ? (
        <Text color={tone('warn')} wrap="wrap">
          {t('wizard.system.failed', { error: detection.error })}
        </Text>
      ) : null}
      {detection.status === 'ready' ? <Found t={t} detection={detection.value} /> : null}
      {ready ? (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>{t('wizard.express.recommended')}</Text>
          {plan.map(([label, value]) => (
            <Text key={label} wrap="truncate-end">
              {'  '}
              <Text bold>{padEndWidth(label, width)}</Text>
              {value}
            </Text>
          ))}
        </Box>
      ) : null}
    </Layout>
  );
}

/** The notice about a run left half-way: what it means, r to roll it back, and how that went. */
function Waiting({ t, waiting }: { t: Translate; waiting: WaitingRunView }) {
  const tone = useTone();
  return (
    <Box flexDirection="column" marginBottom={1}>
      {waiting.message ? (
        <Text color={tone(waiting.status === 'failed' ? 'warn' : 'ok')} wrap="wrap">
          {waiting.message}
        </Text>
      ) : null}
      {waiting.status === 'waiting' || waiting.status === 'failed' ? (
        <Text color={tone('warn')} wrap="wrap">
          ! {t('wizard.waiting.notice', { runId: waiting.runId })}
        </Text>
      ) : null}
      {waiting.status === 'rolling-back' ? <Text wrap="wrap">{t('wizard.waiting.rollingBack', { runId: waiting.runId })}</Text> : null}
      {waiting.status === 'rolling-back' && waiting.undoing ? (
        <Text wrap="truncate-end">
          [{waiting.undoing.index + 1}/{waiting.undoing.count}] {waiting.undoing.title}
        </Text>
      ) : null}
      {waiting.status === 'rolling-back' && waiting.removing ? <Removing t={t} removing={waiting.removing} /> : null}
    </Box>
  );
}

/** The detected system in one line, the Go already there, and the warnings. */
function Found({ t, detection: d }: { t: Translate; detection: Detection }) {
  const tone = useTone();
  return (
    <>
      <Text wrap="truncate-end">{foundLine(t, d)}</Text>
      {d.existingGo.map((go) => (
        <Text key={go.path} wrap="truncate-end" color={tone('muted')}>
          {'  '}
          {t('wizard.express.existing', { version: go.version ?? t('wizard.system.goUnknownVersion'), path: go.path, source: t(`wizard.source.${go.source}`) })}
        </Text>
      ))}
      {d.warnings.map((w) => (
        <Text key={w} color={tone('warn')} wrap="truncate-end">
          ! {w}
        </Text>
      ))}
    </>
  );
}
