// Screen 6: the Go module proxy (GOPROXY) and the company modules that bypass it (GOPRIVATE), then the HTTP(S) proxy
// for the wizard's own downloads. A proxy URL that names a user asks for the password separately, masked; a typed
// proxy then asks whether new shells keep it and whether git uses it.
import { useState } from 'react';
import { Box, Text } from 'ink';
import type { Translate } from '../src/types.js';
import { Layout } from './Layout.js';
import { useKeys } from './input/keys.js';
import { Choice } from './parts/Choice.js';
import { MultiSelect } from './parts/MultiSelect.js';
import { TextField } from './parts/TextField.js';
import { useTone } from './parts/theme.js';

export interface ProxyAnswer {
  goproxy: string;
  /** GOPRIVATE patterns; undefined leaves GOPRIVATE as it is. */
  goprivate: string | undefined;
  /** 'env' (from the environment), 'none', or a URL. */
  http: string;
  /** Asked only for a typed proxy: keep it in new shells (--persist-proxy), and let git use it (--git-proxy). */
  keep?: { persistProxy: boolean; gitProxy: boolean };
}

export interface ProxiesScreenProps {
  t: Translate;
  step: { step: number; count: number } | null;
  /** The GOPROXY names offered (each has a label and a hint in the catalog). */
  goproxyPresets: readonly string[];
  goproxy: string;
  /** The GOPRIVATE answer; undefined: leave it as it is. */
  goprivate: string | undefined;
  validateGoprivate: (text: string) => string | null;
  /** The answers to the typed proxy's follow-up question. */
  persistProxy: boolean;
  gitProxy: boolean;
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

type Part = 'goproxy' | 'goprivate' | 'http' | 'password' | 'keep';

const KEEP_GOPRIVATE = 'keep';

export function ProxiesScreen(props: ProxiesScreenProps) {
  const { t, step, envProxy, onBack, onQuit } = props;
  const tone = useTone();
  const [part, setPart] = useState<Part>('goproxy');
  const [goproxy, setGoproxy] = useState(props.goproxy);
  const [goprivate, setGoprivate] = useState(props.goprivate);
  const [url, setUrl] = useState('');
  const [password, setPassword] = useState<string | null>(null);

  useKeys(
    (key) => {
      if (key.name === 'escape') setPart('http');
    },
    { active: part === 'password' },
  );

  const typedProxy = (value: string, typedPassword: string | null) => {
    setUrl(value);
    setPassword(typedPassword);
    setPart('keep');
  };
  const chooseHttp = (value: string, typed: boolean) => {
    if (typed && props.needsPassword(value)) {
      setUrl(value);
      setPart('password');
    } else if (typed) typedProxy(value, null);
    else props.onChoose({ goproxy, goprivate, http: value }, null);
  };
  const shownGoproxy = props.goproxyPresets.includes(goproxy) ? t(`wizard.goproxy.${goproxy}`) : goproxy;

  const keys: [string, string][] =
    part === 'password'
      ? [['Enter', t('wizard.key.confirm')], ['Esc', t('wizard.key.back')]]
      : part === 'keep'
        ? [['↑↓', t('wizard.key.move')], ['Space', t('wizard.key.toggle')], ['Enter', t('wizard.key.confirm')], ['Esc', t('wizard.key.back')]]
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
            setPart('goprivate');
          }}
          onBack={onBack}
          onQuit={onQuit}
        />
      ) : (
        <Text color={tone('muted')}>  {shownGoproxy}</Text>
      )}
      {part !== 'goproxy' ? (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>{t('extras.wizard.goprivate')}</Text>
          {part === 'goprivate' ? (
            <Choice
              items={[{ value: KEEP_GOPRIVATE, label: t('extras.wizard.goprivate.keep'), hint: t('extras.wizard.goprivate.keepWhy') }]}
              selected={goprivate ?? KEEP_GOPRIVATE}
              typed={{ label: t('extras.wizard.goprivate.typed'), prompt: 'GOPRIVATE=', initial: '', placeholder: 'git.example.com/*,github.com/acme/*', validate: props.validateGoprivate }}
              onChoose={(value, typed) => {
                setGoprivate(typed ? value.trim() : undefined);
                setPart('http');
              }}
              onBack={() => setPart('goproxy')}
              onQuit={onQuit}
            />
          ) : (
            <Text color={tone('muted')}>  {goprivate ?? t('extras.wizard.goprivate.keep')}</Text>
          )}
        </Box>
      ) : null}
      {part !== 'goproxy' && part !== 'goprivate' ? (
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
            onBack={() => setPart('goprivate')}
            onQuit={onQuit}
            active={part === 'http'}
          />
        </Box>
      ) : null}
      {part === 'password' ? (
        <Box marginTop={1}>
          <Text>{t('wizard.proxies.password', { url })} </Text>
          <TextField initial="" mask="*" onSubmit={(value) => typedProxy(url, value)} />
        </Box>
      ) : null}
      {part === 'keep' ? (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>{t('extras.wizard.keep', { url })}</Text>
          <MultiSelect
            items={[
              { value: 'persist', label: t('extras.wizard.keep.persist'), hint: t('extras.wizard.keep.persistWhy') },
              { value: 'git', label: t('extras.wizard.keep.git'), hint: t('extras.wizard.keep.gitWhy') },
            ]}
            initial={[...(props.persistProxy ? ['persist'] : []), ...(props.gitProxy ? ['git'] : [])]}
            onConfirm={(values) =>
              props.onChoose({ goproxy, goprivate, http: url, keep: { persistProxy: values.includes('persist'), gitProxy: values.includes('git') } }, password)
            }
            onBack={() => setPart('http')}
            onQuit={onQuit}
          />
        </Box>
      ) : null}
    </Layout>
  );
}
