// Screen 8: exactly what will happen, before anything does. Tabs: summary · install script · rollback script ·
// one diff per profile file. Lines longer than the terminal wrap (marked ↪). s saves the install script, r the
// rollback script; Enter runs it; Esc goes back.
import { useState } from 'react';
import { Box, Text } from 'ink';
import type { Loadable, Translate } from '../src/types.js';
import { Layout, frameRows } from './Layout.js';
import { useKeys } from './input/keys.js';
import { ScrollText, clampTop, wrapLines } from './parts/ScrollText.js';
import { TextField } from './parts/TextField.js';
import { useTerminalSize } from './terminal.js';
import { useTone } from './parts/theme.js';

export interface PreviewTab {
  label: string;
  text: string;
  diff?: boolean;
}

export type ScriptKind = 'install' | 'rollback';

export interface PreviewScreenProps {
  t: Translate;
  step: { step: number; count: number } | null;
  /** The tabs once the plan is ready. */
  tabs: Loadable<PreviewTab[]>;
  /** Lines above the tabs: warnings of the plan, or "nothing to do". */
  notes: string[];
  /** Where each script is offered to be saved. */
  savePaths: Record<ScriptKind, string>;
  /** Saves a script to the typed path: resolves to where it was saved, or to the one-line reason it was not. */
  onSave: (kind: ScriptKind, path: string) => Promise<{ saved: string } | { error: string }>;
  onRun: () => void;
  onBack: () => void;
  onQuit: () => void;
}

type Saving =
  | { state: 'closed' }
  | { state: 'asking'; kind: ScriptKind }
  | { state: 'saving'; kind: ScriptKind }
  | { state: 'saved'; path: string }
  | { state: 'error'; message: string };

/** Rows around the text inside the body: the tabs, the position line, and one for the save prompt or its result. */
const BODY_CHROME_ROWS = 3;

export function PreviewScreen({ t, step, tabs, notes, savePaths, onSave, onRun, onBack, onQuit }: PreviewScreenProps) {
  const tone = useTone();
  const size = useTerminalSize();
  const [tab, setTab] = useState(0);
  const [top, setTop] = useState(0);
  const [saving, setSaving] = useState<Saving>({ state: 'closed' });
  const ready = tabs.status === 'ready' ? tabs.value : null;
  const lines = ready ? wrapLines((ready[tab]?.text ?? '').split('\n'), size.columns - 1) : [];
  const asking = saving.state === 'asking' || saving.state === 'saving';

  const keys: [string, string][] = asking
    ? [['Enter', t('wizard.key.save')], ['Esc', t('wizard.key.cancel')]]
    : [
        ['Enter', t('wizard.key.run')],
        ['←→', t('wizard.key.tabs')],
        ['↑↓ PgUp PgDn', t('wizard.key.scroll')],
        ['s', t('wizard.key.saveScript')],
        ['r', t('wizard.key.saveRollback')],
        ['Esc', t('wizard.key.back')],
        ['q', t('wizard.key.quit')],
      ];
  const height = Math.max(3, size.rows - frameRows(keys, size) - BODY_CHROME_ROWS - notes.length);

  useKeys(
    (key) => {
      const scroll = (to: number) => setTop(clampTop(to, lines.length, height));
      const switchTab = (delta: number) => {
        if (!ready) return;
        setTab((tab + delta + ready.length) % ready.length);
        setTop(0);
      };
      const input = key.ctrl ? '' : key.input;
      if (key.name === 'escape') onBack();
      else if (input === 'q') onQuit();
      else if (key.name === 'return' && ready) onRun();
      else if (key.name === 'right' || key.name === 'tab') switchTab(1);
      else if (key.name === 'left' || key.name === 'backtab') switchTab(-1);
      else if (key.name === 'down' || input === 'j') scroll(top + 1);
      else if (key.name === 'up' || input === 'k') scroll(top - 1);
      else if (key.name === 'pageDown' || input === ' ') scroll(top + height);
      else if (key.name === 'pageUp') scroll(top - height);
      else if (key.name === 'home' || input === 'g') scroll(0);
      else if (key.name === 'end' || input === 'G') scroll(lines.length);
      else if ((input === 's' || input === 'r') && ready) setSaving({ state: 'asking', kind: input === 's' ? 'install' : 'rollback' });
    },
    { active: !asking },
  );
  useKeys(
    (key) => {
      if (key.name === 'escape' && saving.state === 'asking') setSaving({ state: 'closed' });
    },
    { active: asking },
  );

  const save = async (kind: ScriptKind, path: string) => {
    setSaving({ state: 'saving', kind });
    const result = await onSave(kind, path);
    setSaving('error' in result ? { state: 'error', message: result.error } : { state: 'saved', path: result.saved });
  };

  const shownTop = clampTop(top, lines.length, height);
  return (
    <Layout t={t} title={t('wizard.preview.title')} step={step} keys={keys}>
      {tabs.status === 'loading' ? <Text>{t('wizard.preview.planning')}</Text> : null}
      {tabs.status === 'failed' ? (
        <Text color={tone('bad')} wrap="wrap">
          {t('wizard.preview.failed', { error: tabs.error })}
        </Text>
      ) : null}
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
            {t('wizard.preview.position', { from: Math.min(lines.length, shownTop + 1), to: Math.min(lines.length, shownTop + height), total: lines.length })}
          </Text>
        </>
      ) : null}
      {asking ? (
        <Box>
          <Text>{t(saving.kind === 'install' ? 'wizard.preview.savePrompt' : 'wizard.preview.saveRollbackPrompt')} </Text>
          <TextField key={saving.kind} initial={savePaths[saving.kind]} onSubmit={(path) => void save(saving.kind, path)} active={saving.state === 'asking'} />
        </Box>
      ) : null}
      {saving.state === 'saved' ? <Text color={tone('ok')}>{t('wizard.preview.saved', { path: saving.path })}</Text> : null}
      {saving.state === 'error' ? (
        <Text color={tone('bad')} wrap="wrap">
          {saving.message}
        </Text>
      ) : null}
    </Layout>
  );
}
