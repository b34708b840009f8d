// Screen 6: the Go module proxy (GOPROXY), then the HTTP(S) proxy for the wizard's own downloads.
// A proxy URL that names a user asks for the password separately, masked.
import { useState } from 'react';
import { Box, Text } from 'ink';
import type { Translate } from '../src/types.js';
import { Layout } from './Layout.js';
import { useKeys } from './input/keys.js';
import { Choice } from './parts/Choice.js';
import { TextField } from './parts/TextField.js';
import { useTone } from './theme.js';

export interface ProxyAnswer {
  goproxy: string;
  /** 'env' (from the environment), 'none', or a URL. */
  http: string;
}

export interface ProxiesScreenProps {
  t: Translate;
  step: { step: number; count: number } | null;
  /** The GOPROXY names offered (each has a label and a hint in the catalog). */
  goproxyPresets: readonly string[];
  goproxy: string;
  /** 'env', 'none', or the current URL (without its password). */
  http: string;
  /** The proxy found in the environment, credentials already shown as ****; null when there is none. */
  envProxy: string | null;
  validateGoproxy: (text: string) => string | null;
  validateProxy: (text: string) => string | null;
  needsPassword: (url: string) => boolean;
  /** `password` is set when the URL named a user and a password was typed. */
  onChoose: (answer: ProxyAnswer, password: string | null) => void;
  onBack: () => void;
  onQuit: () => void;
}

type Part = 'goproxy' | 'http' | 'password';

export function ProxiesScreen(props: ProxiesScreenProps) {
  const { t, step, envProxy, onBack, onQuit } = props;
  const tone = useTone();
  const [part, setPart] = useState<Part>('goproxy');
  const [goproxy, setGoproxy] = useState(props.goproxy);
  const [url, setUrl] = useState('');

  useKeys(
    (key) => {
      if (key.name === 'escape') setPart('http');
    },
    { active: part === 'password' },
  );

  const chooseHttp = (value: string, typed: boolean) => {
    if (typed && props.needsPassword(value)) {
      setUrl(value);
      setPart('password');
    } else props.onChoose({ goproxy, http: value }, null);
  };

  const keys: [string, string][] =
    part === 'password'
      ? [['Enter', t('wizard.key.confirm')], ['Esc', t('wizard.key.back')]]
      : [['↑↓', t('wizard.key.move')], ['Enter', t('wizard.key.choose')], ['Esc', t('wizard.key.back')], ['q', t('wizard.key.quit')]];
  return (
    <Layout t={t} title={t('wizard.proxies.title')} step={step} keys={keys}>
      <Text bold>{t('wizard.proxies.goproxy')}</Text>
      {part === 'goproxy' ? (
        <Choice
          items={props.goproxyPresets.map((p) => ({ value: p, label: t(`wizard.goproxy.${p}`), hint: t(`wizard.goproxy.${p}.why`) }))}
          selected={props.goproxy}
          typed={{ label: t('wizard.goproxy.custom'), prompt: 'GOPROXY=', initial: '', placeholder: 'https://proxy.example.com,direct', validate: props.validateGoproxy }}
          onChoose={(value) => {
            setGoproxy(value);
            setPart('http');
          }}
          onBack={onBack}
          onQuit={onQuit}
        />
      ) : (
        <Text color={tone('muted')}>  {props.goproxyPresets.includes(goproxy) ? t(`wizard.goproxy.${goproxy}`) : goproxy}</Text>
      )}
      {part !== 'goproxy' ? (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>{t('wizard.proxies.http')}</Text>
          <Choice
            items={[
              { value: 'env', label: t('wizard.proxies.fromEnv'), hint: envProxy ?? t('wizard.proxies.envNone') },
              { value: 'none', label: t('wizard.proxies.none'), hint: t('wizard.proxies.noneWhy') },
            ]}
            selected={props.http}
            typed={{ label: t('wizard.proxies.typed'), prompt: t('wizard.proxies.prompt'), initial: '', placeholder: 'http://user@proxy.example:3128', validate: props.validateProxy }}
            onChoose={chooseHttp}
            onBack={() => setPart('goproxy')}
            onQuit={onQuit}
            active={part === 'http'}
          />
        </Box>
      ) : null}
      {part === 'password' ? (
        <Box marginTop={1}>
          <Text>{t('wizard.proxies.password', { url })} </Text>
          <TextField initial="" mask="*" onSubmit={(value) => props.onChoose({ goproxy, http: url }, value)} />
        </Box>
      ) : null}
    </Layout>
  );
}
