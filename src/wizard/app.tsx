// The wizard: runs the reducer, performs the effects through WizardServices, and shows one screen at a time.
import { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { join } from 'node:path';
import { useInput } from 'ink';
import type { EngineEvent, InstallOptionKey, InstallOptions, Plan, Translate } from '../types.js';
import { EXIT } from '../types.js';
import { redact } from '../redact.js';
import { ColorProvider } from '../../screens/theme.js';
import { SystemScreen } from '../../screens/SystemScreen.js';
import { MethodScreen } from '../../screens/MethodScreen.js';
import { VersionScreen } from '../../screens/VersionScreen.js';
import { LocationScreen } from '../../screens/LocationScreen.js';
import { MirrorScreen } from '../../screens/MirrorScreen.js';
import { ProxiesScreen } from '../../screens/ProxiesScreen.js';
import { ShellsScreen } from '../../screens/ShellsScreen.js';
import { PreviewScreen, type PreviewTab } from '../../screens/PreviewScreen.js';
import { InstallingScreen } from '../../screens/InstallingScreen.js';
import { DoneScreen } from '../../screens/DoneScreen.js';
import { FailedScreen } from '../../screens/FailedScreen.js';
import { aptSummary, journalPath, sourceLine } from './describe.js';
import { latestStable } from '../versions/support.js';
import { ASKED_KEYS, initialState, reducer, stepNumber, type Answers, type Loadable, type WizardAction } from './machine.js';
import { remember } from './preferences.js';
import { saveAnswers } from '../cli/answers.js';
import { defaultScope, resolveShells } from '../plan/build.js';
import type { WizardServices } from './services.js';
import { INVALID } from '../cli/values.js';
import { GOPROXY_FIELD, MIRROR_FIELD, PROXY_FIELD, VERSION_FIELD, locationField, needsPassword, parsed, withPassword, type TypedField } from './validate.js';

/** Engine events are applied at most this often, so a fast download cannot flood the terminal with redraws. */
const REDRAW_INTERVAL_MS = 100;

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
  /** SIGINT/SIGTERM from outside, or the terminal lost: quit, or stop and roll back without asking. */
  externalStop?: AbortSignal;
  onExit: (exitCode: number) => void;
}

const SYSTEM_DIR = '/usr/local/go';

function mergedOptions(options: InstallOptions, answers: Answers): InstallOptions {
  return { ...options, ...answers };
}

/** The location question's current answer: 'system', 'user' or a typed path. */
function locationChoice(answers: Answers, userDir: string): string {
  if (answers.installDir && answers.installDir !== SYSTEM_DIR && answers.installDir !== userDir) return answers.installDir;
  if (answers.installDir === SYSTEM_DIR) return 'system';
  if (answers.installDir === userDir) return 'user';
  return answers.scope ?? '';
}

/** NO_PROXY=* sends every host direct: that is how "no proxy" is written, also in the answers file. */
const NO_PROXY_ALL = '*';

/** The HTTP proxy question's current answer: 'env', 'none' or the URL without its password. */
function httpChoice(answers: Answers): string {
  if (answers.noProxy === NO_PROXY_ALL) return 'none';
  const url = answers.httpsProxy ?? answers.httpProxy;
  if (url === undefined) return 'env';
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url;
  }
}

function previewTabs(plan: Plan, services: WizardServices, t: Translate): Loadable<PreviewTab[]> {
  try {
    const tabs: PreviewTab[] = [
      { label: t('wizard.preview.summary'), text: services.renderPlan(plan, 'text', t) },
      { label: t('wizard.preview.script'), text: services.renderPlan(plan, 'sh', t) },
      { label: t('wizard.preview.rollback'), text: services.renderRollbackScript(plan) },
      ...plan.steps.filter((s) => s.diff).map((s) => ({ label: s.id.replace(/^profile-/, ''), text: s.diff ?? '', diff: true })),
    ];
    return { status: 'ready', value: tabs };
  } catch (error) {
    return { status: 'failed', error: (error as Error).message };
  }
}

const ADVICE: Record<string, string> = {
  'check-space': 'wizard.advice.space',
  download: 'wizard.advice.download',
  'verify-archive': 'wizard.advice.archive',
  extract: 'wizard.advice.archive',
  'move-aside': 'wizard.advice.permissions',
  place: 'wizard.advice.permissions',
  'env-files': 'wizard.advice.permissions',
  'go-env': 'wizard.advice.goEnv',
  verify: 'wizard.advice.verify',
};

function adviceKey(step: string | null): string {
  if (!step) return 'wizard.advice.generic';
  if (step.startsWith('profile-')) return 'wizard.advice.profile';
  return ADVICE[step] ?? 'wizard.advice.generic';
}

export function WizardApp({ t, options, explicit, remembered, services, saveConfig, colors, envProxy, externalStop, onExit }: WizardAppProps) {
  const [state, dispatch] = useReducer(reducer, undefined, () => initialState(options, explicit, remembered));
  const [free, setFree] = useState<{ system: number | null; user: number | null }>({ system: null, user: null });
  const [goEnv, setGoEnv] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const abort = useRef<AbortController | null>(null);
  const userDir = join(services.paths.home, '.local/go');
  const detection = state.detection.status === 'ready' ? state.detection.value : null;
  const index = state.index.status === 'ready' ? state.index.value : null;

  // Facts first: detection, the index, what apt offers, free space — all at once.
  useEffect(() => {
    const settle = <T,>(promise: Promise<T>, ok: (value: T) => WizardAction, failed: (error: string) => WizardAction) =>
      promise.then((v) => dispatch(ok(v)), (e: Error) => dispatch(failed(redact(e.message))));
    settle(services.detect(), (detection) => ({ type: 'detected', detection }), (error) => ({ type: 'detect-failed', error }));
    settle(services.loadIndex(mergedOptions(options, state.answers)), (index) => ({ type: 'index-loaded', index }), (error) => ({ type: 'index-failed', error }));
    settle(services.aptCandidates(), (candidates) => ({ type: 'apt-loaded', candidates }), (error) => ({ type: 'apt-failed', error }));
    void Promise.all([services.freeSpace(SYSTEM_DIR), services.freeSpace(userDir)]).then(([system, user]) => setFree({ system, user }));
  }, []);

  // A fresh plan each time the preview opens.
  const planWanted = state.screen === 'preview' && state.plan?.status === 'loading';
  useEffect(() => {
    if (!planWanted) return;
    if (!detection) {
      if (state.detection.status === 'failed') dispatch({ type: 'plan-failed', error: state.detection.error });
      return;
    }
    let current = true;
    const answers = state.answers;
    const scope = answers.scope ?? defaultScope(detection);
    services
      .preparePlan({ ...mergedOptions(options, answers), scope }, { detection, index: index ?? undefined })
      .then(
        (plan) => current && dispatch({ type: 'plan-ready', plan }),
        (e: Error) => current && dispatch({ type: 'plan-failed', error: redact(e.message) }),
      );
    return () => {
      current = false;
    };
  }, [planWanted, detection]);

  const plan = state.plan?.status === 'ready' ? state.plan.value : null;
  const tabs = useMemo<Loadable<PreviewTab[]>>(
    () => (state.plan === null || state.plan.status === 'loading' ? { status: 'loading' } : state.plan.status === 'failed' ? state.plan : previewTabs(state.plan.value, services, t)),
    [state.plan],
  );

  // Carry the plan out once it is confirmed; engine events are batched into one redraw per interval.
  const installing = state.screen === 'installing';
  useEffect(() => {
    if (!installing || !plan || abort.current) return;
    const controller = new AbortController();
    abort.current = controller;
    try {
      remember(services.paths, state.answers);
    } catch {
      // Remembering answers is a convenience: it must not stop the install.
    }
    let pending: EngineEvent[] = [];
    if (saveConfig) {
      try {
        saveAnswers(saveConfig, mergedOptions(options, state.answers), [...new Set([...explicit, ...ASKED_KEYS])]);
      } catch (error) {
        pending.push({ type: 'log', stream: 'info', line: t('wizard.saveConfigFailed', { path: saveConfig, error: (error as Error).message }) });
      }
    }
    const flush = () => {
      if (pending.length) dispatch({ type: 'engine-events', events: pending });
      pending = [];
    };
    // The elapsed time shows whole seconds: redraw for it once a second, not on every tick.
    const timer = setInterval(() => {
      flush();
      setNow((shown) => (Date.now() - shown >= 1000 ? Date.now() : shown));
    }, REDRAW_INTERVAL_MS);
    services
      .executePlan(plan, mergedOptions(options, state.answers), (event) => pending.push(event), controller.signal)
      .then(
        (result) => {
          flush();
          dispatch({ type: 'install-finished', result: { exitCode: result.exitCode, runId: result.runId, backupBytes: result.backupBytes, message: '' } });
        },
        (e: Error) => {
          flush();
          dispatch({ type: 'install-crashed', error: redact(e.message) });
        },
      )
      .finally(() => clearInterval(timer));
    // Unmounted mid-install (only tests do that): stop redrawing.
    return () => clearInterval(timer);
  }, [installing]);

  useEffect(() => {
    if (state.install?.stopping) abort.current?.abort();
  }, [state.install?.stopping]);

  useEffect(() => {
    if (state.screen !== 'done' || !plan) return;
    services.goEnv(plan).then(setGoEnv, (e: Error) => setGoEnv(redact(e.message)));
  }, [state.screen]);

  useEffect(() => {
    if (state.exitCode !== null) onExit(state.exitCode);
  }, [state.exitCode]);

  useEffect(() => {
    if (!externalStop) return;
    const onSignal = () => dispatch({ type: 'signal' });
    externalStop.addEventListener('abort', onSignal);
    return () => externalStop.removeEventListener('abort', onSignal);
  }, []);

  useInput((input, key) => {
    if (!(key.ctrl && input === 'c')) return;
    if (state.screen === 'done' || state.screen === 'failed') dispatch({ type: 'close' });
    else dispatch(state.install ? { type: 'interrupt' } : { type: 'quit' });
  });

  const step = stepNumber(state);
  const answers = state.answers;
  const back = () => dispatch({ type: 'back' });
  const quit = () => dispatch({ type: 'quit' });
  const answer = (patch: Partial<Answers>) => dispatch({ type: 'answer', patch });
  const check = (field: TypedField) => (text: string) => (field.parse(text) === INVALID ? t(field.problem, { value: text }) : null);
  const location = locationField(services.paths.home);

  const screen = (() => {
    switch (state.screen) {
      case 'system':
        return <SystemScreen t={t} step={step} detection={state.detection} onNext={() => dispatch({ type: 'next' })} onQuit={quit} />;
      case 'method': {
        const latest = (index && latestStable(index.releases)?.version) ?? null;
        const apt = state.apt.status === 'loading' ? 'loading' : state.apt.status === 'failed' ? 'unknown' : (aptSummary(state.apt.value, latest) ?? 'unknown');
        return (
          <MethodScreen
            t={t}
            step={step}
            selected={answers.method}
            latest={latest}
            apt={apt}
            onChoose={(method) => answer({ method: method as Answers['method'] })}
            onBack={back}
            onQuit={quit}
          />
        );
      }
      case 'version':
        return (
          <VersionScreen
            t={t}
            step={step}
            index={state.index}
            selected={answers.goVersion}
            validate={(text) => {
              const problem = check(VERSION_FIELD)(text);
              if (problem || !index) return problem;
              try {
                services.resolve(index, { ...mergedOptions(options, answers), goVersion: parsed(VERSION_FIELD, text) }, detection?.arch.userlandGoArch ?? 'amd64');
                return null;
              } catch (error) {
                return (error as Error).message;
              }
            }}
            onChoose={(version, typed) => answer({ goVersion: typed ? parsed(VERSION_FIELD, version) : version })}
            onBack={back}
            onQuit={quit}
          />
        );
      case 'location':
        return (
          <LocationScreen
            t={t}
            step={step}
            systemDir={SYSTEM_DIR}
            userDir={userDir}
            free={free}
            selected={locationChoice(answers, userDir) || (detection ? defaultScope(detection) : 'user')}
            sudo={detection?.user.sudo ?? null}
            validate={check(location)}
            onChoose={(choice, typed) => {
              if (!typed) return answer({ scope: choice as 'system' | 'user', installDir: undefined });
              const dir = parsed(location, choice);
              answer({ installDir: dir, scope: dir.startsWith(`${services.paths.home}/`) ? 'user' : 'system' });
            }}
            onBack={back}
            onQuit={quit}
          />
        );
      case 'mirror':
        return (
          <MirrorScreen
            t={t}
            step={step}
            selected={answers.mirror}
            validate={check(MIRROR_FIELD)}
            onChoose={(mirror, typed) => answer({ mirror: typed ? parsed(MIRROR_FIELD, mirror) : mirror })}
            onBack={back}
            onQuit={quit}
          />
        );
      case 'proxies': {
        return (
          <ProxiesScreen
            t={t}
            step={step}
            goproxy={answers.goproxy}
            http={httpChoice(answers)}
            envProxy={envProxy ? redact(envProxy) : null}
            validateGoproxy={check(GOPROXY_FIELD)}
            validateProxy={check(PROXY_FIELD)}
            needsPassword={needsPassword}
            onChoose={({ goproxy, http }, password) => {
              const givenNoProxy = options.noProxy === NO_PROXY_ALL ? undefined : options.noProxy;
              if (http === 'env' || http === 'none') {
                return answer({ goproxy, httpProxy: undefined, httpsProxy: undefined, noProxy: http === 'none' ? NO_PROXY_ALL : givenNoProxy });
              }
              const url = parsed(PROXY_FIELD, password !== null ? withPassword(http, password) : http);
              answer({ goproxy, httpProxy: url, httpsProxy: url, noProxy: givenNoProxy });
            }}
            onBack={back}
            onQuit={quit}
          />
        );
      }
      case 'shells':
        return (
          <ShellsScreen
            t={t}
            step={step}
            available={detection?.shell.available ?? ['bash']}
            login={detection?.shell.login ?? 'bash'}
            preselected={detection ? resolveShells(answers.shells, detection) : []}
            onChoose={(shells) => answer({ shells: shells.length ? shells : 'none' })}
            onBack={back}
            onQuit={quit}
          />
        );
      case 'preview':
        return (
          <PreviewScreen
            t={t}
            step={step}
            tabs={tabs}
            notes={plan ? [...plan.warnings, ...(plan.upToDate ? [t('wizard.preview.upToDate')] : [])] : []}
            defaultSavePath={join(process.cwd(), 'go-setup.sh')}
            onSave={async (path) => {
              if (!plan) return null;
              const target = location.parse(path);
              if (target === INVALID) return t(location.problem, { value: path });
              try {
                await services.saveText(target, services.renderPlan(plan, 'sh', t));
                return null;
              } catch (error) {
                return t('wizard.preview.saveFailed', { path, error: (error as Error).message });
              }
            }}
            onRun={() => dispatch({ type: 'confirm', now: Date.now() })}
            onBack={back}
            onQuit={quit}
          />
        );
      case 'installing':
        return state.install ? (
          <InstallingScreen t={t} install={state.install} now={now} onStop={() => dispatch({ type: 'stop' })} onResume={() => dispatch({ type: 'resume' })} />
        ) : null;
      case 'done': {
        const shells = plan?.shells ?? [];
        return (
          <DoneScreen
            t={t}
            verify={state.install?.verify ?? []}
            goEnv={goEnv}
            sourceLine={shells.length && plan ? sourceLine(plan.paths, detection?.shell.login ?? 'bash') : null}
            backupBytes={state.result?.backupBytes ?? 0}
            undoCommand={state.result?.runId ? `npx go-setup-wizard rollback --run ${state.result.runId}` : 'npx go-setup-wizard rollback'}
            onClose={() => dispatch({ type: 'close' })}
          />
        );
      }
      case 'failed': {
        const install = state.install;
        const result = state.result;
        const interrupted = result?.exitCode === EXIT.interrupted;
        const failedStep = install?.failure?.step || null;
        const runId = result?.runId ?? plan?.runId ?? null;
        return (
          <FailedScreen
            t={t}
            reason={interrupted ? 'interrupted' : 'failed'}
            step={failedStep && (install?.steps.find((s) => s.id === failedStep)?.title ?? failedStep)}
            error={install?.failure?.error ?? result?.message ?? ''}
            restored={result?.exitCode === EXIT.failedRestored || (interrupted && install?.rollback?.status !== 'incomplete')}
            problems={install?.rollback?.problems ?? []}
            journal={runId ? journalPath(services.paths, runId) : null}
            rollbackCommand={runId ? `npx go-setup-wizard rollback --run ${runId}` : 'npx go-setup-wizard rollback'}
            advice={t(interrupted ? 'wizard.advice.interrupted' : adviceKey(failedStep))}
            onClose={() => dispatch({ type: 'close' })}
          />
        );
      }
    }
  })();

  return <ColorProvider enabled={colors}>{screen}</ColorProvider>;
}
