// Screen 4: where Go goes: system-wide (sudo), just for this user, or a typed path; with the free space of each.
// Where a Go is already there: keep it and add this one side by side (~/sdk/go1.N.P, the golang.org/dl layout),
// with a word on the per-project `toolchain` line that is often the better answer.
import { Box, Text } from 'ink';
import type { Translate } from '../src/types.js';
import { formatBytes } from '../src/format.js';
import { useState } from 'react';
import { Layout } from './Layout.js';
import { Choice, choiceKeys } from './parts/Choice.js';
import { useTone } from './parts/theme.js';

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
  /** Side by side, where it is offered: its folder, its command, and the default go it keeps (null: none found). */
  alongside?: { dir: string; command: string; current: string | null } | null;
  onChoose: (choice: string, typed: boolean) => void;
  onBack: () => void;
  onQuit: () => void;
}

export function LocationScreen({ t, step, systemDir, userDir, free, selected, sudo, validate, alongside = null, onChoose, onBack, onQuit }: LocationScreenProps) {
  const [typing, setTyping] = useState(false);
  const tone = useTone();
  const space = (bytes: number | null) => (bytes === null ? '' : ` · ${t('wizard.location.free', { size: formatBytes(bytes) })}`);
  const systemNeeds = sudo === 'root' ? t('wizard.location.asRoot') : sudo === 'none' ? t('wizard.location.noSudo') : t('wizard.location.needsSudo');
  return (
    <Layout t={t} title={t('wizard.location.title')} step={step} keys={choiceKeys(t, typing)}>
      <Choice
        items={[
          { value: 'system', label: t('wizard.location.system', { dir: systemDir }), hint: `${systemNeeds}${space(free.system)}` },
          { value: 'user', label: t('wizard.location.user', { dir: userDir }), hint: `${t('wizard.location.userWhy')}${space(free.user)}` },
          ...(alongside
            ? [
                {
                  value: 'alongside',
                  label: t('alongside.location.label', { dir: alongside.dir }),
                  hint: t('alongside.location.hint', { command: alongside.command }),
                },
              ]
            : []),
        ]}
        selected={selected}
        typed={{ label: t('wizard.location.other'), prompt: t('wizard.location.prompt'), initial: '', placeholder: '/opt/go', validate }}
        onChoose={onChoose}
        onTypingChange={setTyping}
        onBack={onBack}
        onQuit={onQuit}
      />
      {alongside ? (
        <Box marginTop={1} flexDirection="column">
          {alongside.current ? (
            <Text wrap="wrap" color={tone('muted')}>
              {t('alongside.location.keeps', { current: alongside.current })}
            </Text>
          ) : null}
          <Text wrap="wrap" color={tone('muted')}>
            {t('alongside.location.toolchain', { command: alongside.command })}
          </Text>
        </Box>
      ) : null}
    </Layout>
  );
}
