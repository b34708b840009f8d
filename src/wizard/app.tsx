// The wizard: runs the reducer, performs its effects (hooks.ts) and shows one screen at a time (screen.tsx).
import { useMemo, useReducer } from 'react';
import { join } from 'node:path';
import type { InstallOptionKey, InstallOptions, Loadable, Translate } from '../types.js';
import { ColorProvider } from '../../screens/parts/theme.js';
import { InputPacer, useKeys } from '../../screens/input/keys.js';
import { TerminalSizeProvider } from '../../screens/terminal.js';
import type { PreviewTab } from '../../screens/PreviewScreen.js';
import { initialState, reducer, type Answers } from './machine.js';
import type { WizardServices } from './services.js';
import { useFacts, useGoEnv, useInstall, useKeptDownload, useLifecycle, usePlan, useWaitingRun } from './hooks.js';
import { WizardScreen } from './screen.js';
import { previewTabs } from './view.js';

export interface WizardAppProps {
  t: Translate;
  options: InstallOptions;
  explicit: InstallOptionKey[];
  remembered: Partial<Answers>;
  services: WizardServices;
  /** --save-config FILE */
  saveConfig?: string;
  colors: boolean;
  /** The HTTP(S) proxy set in the environment, if any (shown redacted). */
  envProxy: string | null;
  /** How the user started the tool (`npx go-setup-wizard`, `go-setup-wizard`, …), for the hints. */
  command: string;
  /** SIGINT/SIGTERM from outside, or the terminal lost: quit, or stop and roll back without asking. */
  externalStop?: AbortSignal;
  onExit: (exitCode: number) => void;
}

/** The wizard inside what every screen needs: its colours, its keys one at a time (with PacedStdin), and the terminal's size. */
export function WizardApp(props: WizardAppProps) {
  return (
    <ColorProvider enabled={props.colors}>
      <TerminalSizeProvider>
        <InputPacer>
          <Wizard {...props} />
        </InputPacer>
      </TerminalSizeProvider>
    </ColorProvider>
  );
}

function Wizard({ t, options, explicit, remembered, services, saveConfig, envProxy, command, externalStop, onExit }: WizardAppProps) {
  const [state, dispatch] = useReducer(reducer, undefined, () => initialState(options, explicit, remembered));
  const userDir = join(services.paths.home, '.local/go');
  const detection = state.detection.status === 'ready' ? state.detection.value : null;
  const index = state.index.status === 'ready' ? state.index.value : null;
  const plan = state.plan?.status === 'ready' ? state.plan.value : null;

  const free = useFacts(services, options, state.answers, userDir, dispatch);
  usePlan(state, services, options, detection, index, dispatch);
  const now = useInstall({ state, plan, services, options, explicit, saveConfig, t, dispatch });
  const goEnv = useGoEnv(state, plan, services);
  const kept = useKeptDownload(state, plan, services);
  const { waiting, rollBack } = useWaitingRun(services);
  useLifecycle(state.exitCode, onExit, externalStop, dispatch);

  const tabs = useMemo<Loadable<PreviewTab[]>>(
    () => (state.plan === null || state.plan.status === 'loading' ? { status: 'loading' } : state.plan.status === 'failed' ? state.plan : previewTabs(state.plan.value, services, t)),
    [state.plan],
  );

  // Ctrl-C is a key here: quit before the install, ask during it, leave after it.
  useKeys((key) => {
    if (!(key.ctrl && key.input === 'c')) return;
    if (state.screen === 'done' || state.screen === 'failed') dispatch({ type: 'close' });
    else dispatch(state.install ? { type: 'interrupt' } : { type: 'quit' });
  });

  return <WizardScreen {...{ t, state, dispatch, services, options, detection, index, plan, tabs, free, goEnv, kept, now, userDir, envProxy, command, waiting, rollBack }} />;
}
