// Screen 8: exactly what will happen, before anything does. Tabs: summary · install script · rollback script ·
// one diff per profile file. s saves the install script; Enter runs it; Esc goes back.
import { useState } from 'react';
import { Box, Text, useInput, useStdout } from 'ink';
import TextInput from 'ink-text-input';
import type { Loadable, Translate } from '../src/types.js';
import { Layout, MIN_ROWS } from './Layout.js';
import { ScrollText, clampTop } from './parts/ScrollText.js';
import { useTone } from './theme.js';

export interface PreviewTab {
  label: string;
  text: string;
  diff?: boolean;
}

export interface PreviewScreenProps {
  t: Translate;
  step: { step: number; count: number } | null;
  /** The tabs once the plan is ready. */
  tabs: Loadable<PreviewTab[]>;
  /** Lines above the tabs: warnings of the plan, or "nothing to do". */
  notes: string[];
  defaultSavePath: string;
  /** Saves the install script; resolves to an error line, or null when saved. */
  onSave: (path: string) => Promise<string | null>;
  onRun: () => void;
  onBack: () => void;
  onQuit: () => void;
}

type Saving = { state: 'closed' } | { state: 'asking'; path: string } | { state: 'saved'; path: string } | { state: 'error'; message: string };

export function PreviewScreen({ t, step, tabs, notes, defaultSavePath, onSave, onRun, onBack, onQuit }: PreviewScreenProps) {
  const tone = useTone();
  const { stdout } = useStdout();
  const height = Math.max(5, (stdout.rows ?? MIN_ROWS) - 10 - notes.length);
  const [tab, setTab] = useState(0);
  const [top, setTop] = useState(0);
  const [saving, setSaving] = useState<Saving>({ state: 'closed' });
  const ready = tabs.status === 'ready' ? tabs.value : null;
  const lines = ready ? (ready[tab]?.text ?? '').split('\n') : [];

  useInput(
    (input, key) => {
      const scroll = (to: number) => setTop(clampTop(to, lines.length, height));
      const switchTab = (delta: number) => {
        if (!ready) return;
        setTab((tab + delta + ready.length) % ready.length);
        setTop(0);
      };
      if (key.escape) onBack();
      else if (input === 'q') onQuit();
      else if (key.return && ready) onRun();
      else if (key.rightArrow || key.tab) switchTab(1);
      else if (key.leftArrow) switchTab(-1);
      else if (key.downArrow || input === 'j') scroll(top + 1);
      else if (key.upArrow || input === 'k') scroll(top - 1);
      else if (key.pageDown || input === ' ') scroll(top + height);
      else if (key.pageUp) scroll(top - height);
      else if (input === 'g') scroll(0);
      else if (input === 'G') scroll(lines.length);
      else if (input === 's' && ready) setSaving({ state: 'asking', path: defaultSavePath });
    },
    { isActive: saving.state !== 'asking' },
  );
  useInput(
    (_input, key) => {
      if (key.escape) setSaving({ state: 'closed' });
    },
    { isActive: saving.state === 'asking' },
  );

  const keys: [string, string][] =
    saving.state === 'asking'
      ? [['Enter', t('wizard.key.save')], ['Esc', t('wizard.key.cancel')]]
      : [['←→', t('wizard.key.tabs')], ['↑↓ PgUp PgDn', t('wizard.key.scroll')], ['s', t('wizard.key.saveScript')], ['Enter', t('wizard.key.run')], ['Esc', t('wizard.key.back')], ['q', t('wizard.key.quit')]];
  return (
    <Layout t={t} title={t('wizard.preview.title')} step={step} keys={keys}>
      {tabs.status === 'loading' ? <Text>{t('wizard.preview.planning')}</Text> : null}
      {tabs.status === 'failed' ? <Text color={tone('bad')}>{t('wizard.preview.failed', { error: tabs.error })}</Text> : null}
      {notes.map((note) => (
        <Text key={note} color={tone('warn')} wrap="truncate-end">
          ! {note}
        </Text>
      ))}
      {ready ? (
        <>
          <Text wrap="truncate-end">
            {ready.map((tb, i) => (
              <Text key={tb.label} inverse={i === tab} bold={i === tab}>
                {` ${tb.label} `}
              </Text>
            ))}
          </Text>
          <ScrollText lines={lines} top={top} height={height} diff={ready[tab]?.diff} />
          <Text color={tone('muted')}>
            {t('wizard.preview.position', { from: Math.min(lines.length, clampTop(top, lines.length, height) + 1), to: Math.min(lines.length, clampTop(top, lines.length, height) + height), total: lines.length })}
          </Text>
        </>
      ) : null}
      {saving.state === 'asking' ? (
        <Box>
          <Text>{t('wizard.preview.savePrompt')} </Text>
          <TextInput
            value={saving.path}
            onChange={(path) => setSaving({ state: 'asking', path })}
            onSubmit={async (path) => {
              const error = await onSave(path);
              setSaving(error ? { state: 'error', message: error } : { state: 'saved', path });
            }}
          />
        </Box>
      ) : null}
      {saving.state === 'saved' ? <Text color={tone('ok')}>{t('wizard.preview.saved', { path: saving.path })}</Text> : null}
      {saving.state === 'error' ? <Text color={tone('bad')}>{saving.message}</Text> : null}
    </Layout>
  );
}
