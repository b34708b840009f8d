// The wizard's effects, one hook each: they call WizardServices and feed the results to the reducer as actions.
import { useEffect, useRef, useState, type Dispatch } from 'react';
import type { Detection, EngineEvent, InstallOptionKey, InstallOptions, LoadedIndex, Plan, Translate } from '../types.js';
import { redact } from '../redact.js';
import { saveAnswers } from '../options/answers.js';
import { defaultScope } from '../plan/build.js';
import { ASKED_KEYS, type Answers, type WizardAction, type WizardState } from './machine.js';
import { remember } from './preferences.js';
import type { KeptDownload, WizardServices } from './services.js';
import { SYSTEM_DIR } from './view.js';

/** Engine events are applied at most this often, so a fast download cannot flood the terminal with redraws. */
const REDRAW_INTERVAL_MS = 100;

export type FreeSpace = { system: number | null; user: number | null };

export function mergedOptions(options: InstallOptions, answers: Answers): InstallOptions {
  return { ...options, ...answers };
}

/** Facts first: detection, the index, what apt offers, free space — all at once, when the wizard opens. */
export function useFacts(services: WizardServices, options: InstallOptions, answers: Answers, userDir: string, dispatch: Dispatch<WizardAction>): FreeSpace {
  const [free, setFree] = useState<FreeSpace>({ system: null, user: null });
  useEffect(() => {
    const settle = <T>(promise: Promise<T>, ok: (value: T) => WizardAction, failed: (error: string) => WizardAction) =>
      promise.then((v) => dispatch(ok(v)), (e: Error) => dispatch(failed(redact(e.message))));
    const detected = settle(services.detect(), (detection) => ({ type: 'detected', detection }), (error) => ({ type: 'detect-failed', error }));
    settle(services.loadIndex(mergedOptions(options, answers)), (index) => ({ type: 'index-loaded', index }), (error) => ({ type: 'index-failed', error }));
    // apt-cache and snapd's checks are whole programs: on a busy machine they would hold up the detected system,
    // the first thing shown, and no screen needs them before it.
    void detected.then(() => {
      settle(services.snapUnavailable(), (problem) => ({ type: 'snap-checked', problem }), (error) => ({ type: 'snap-checked', problem: error }));
      settle(services.aptCandidates(), (candidates) => ({ type: 'apt-loaded', candidates }), (error) => ({ type: 'apt-failed', error }));
      void Promise.all([services.freeSpace(SYSTEM_DIR), services.freeSpace(userDir)]).then(([system, user]) => setFree({ system, user }));
    });
  }, []);
  return free;
}

/** A fresh plan each time the preview opens. */
export function usePlan(state: WizardState, services: WizardServices, options: InstallOptions, detection: Detection | null, index: LoadedIndex | null, dispatch: Dispatch<WizardAction>): void {
  const planWanted = state.screen === 'preview' && state.plan?.status === 'loading';
  useEffect(() => {
    if (!planWanted) return;
    if (!detection) {
      if (state.detection.status === 'failed') dispatch({ type: 'plan-failed', error: state.detection.error });
      return;
    }
    let current = true;
    const answers = state.answers;
    // Side by side is this user's own ~/sdk, whatever scope root would default to.
    const scope = answers.alongside ? 'user' : (answers.scope ?? defaultScope(detection));
    services.preparePlan({ ...mergedOptions(options, answers), scope }, { detection, index: index ?? undefined }).then(
      (plan) => current && dispatch({ type: 'plan-ready', plan }),
      (e: Error) => current && dispatch({ type: 'plan-failed', error: redact(e.message) }),
    );
    return () => {
      current = false;
    };
  }, [planWanted, detection]);
}

export interface InstallInputs {
  state: WizardState;
  plan: Plan | null;
  services: WizardServices;
  options: InstallOptions;
  explicit: InstallOptionKey[];
  saveConfig?: string;
  t: Translate;
  dispatch: Dispatch<WizardAction>;
}

/**
 * Carries the plan out once it is confirmed; engine events are batched into one redraw per interval.
 * Returns the clock for the elapsed time (it moves once a second while installing).
 */
export function useInstall({ state, plan, services, options, explicit, saveConfig, t, dispatch }: InstallInputs): number {
  const [now, setNow] = useState(() => Date.now());
  const abort = useRef<AbortController | null>(null);
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
  return now;
}

/** `go env` of the new toolchain, for the finished screen (null until it answers). */
export function useGoEnv(state: WizardState, plan: Plan | null, services: WizardServices): string | null {
  const [goEnv, setGoEnv] = useState<string | null>(null);
  useEffect(() => {
    if (state.screen !== 'done' || !plan) return;
    services.goEnv(plan).then(setGoEnv, (e: Error) => setGoEnv(redact(e.message)));
  }, [state.screen]);
  return goEnv;
}

/** After an interrupted or failed install: what of the download is still in the cache (the advice depends on it). */
export function useKeptDownload(state: WizardState, plan: Plan | null, services: WizardServices): KeptDownload | undefined {
  // undefined until the cache has been looked at: the advice waits for it rather than guess.
  const [kept, setKept] = useState<KeptDownload | undefined>(undefined);
  useEffect(() => {
    if (state.screen !== 'failed' || !plan) return;
    services.keptDownload(plan).then(setKept, () => setKept(null));
  }, [state.screen]);
  return kept;
}

/** Ends the wizard once the reducer sets an exit code; a signal from outside becomes a 'signal' action. */
export function useLifecycle(exitCode: number | null, onExit: (code: number) => void, externalStop: AbortSignal | undefined, dispatch: Dispatch<WizardAction>): void {
  useEffect(() => {
    if (exitCode !== null) onExit(exitCode);
  }, [exitCode]);

  useEffect(() => {
    if (!externalStop) return;
    const onSignal = () => dispatch({ type: 'signal' });
    externalStop.addEventListener('abort', onSignal);
    return () => externalStop.removeEventListener('abort', onSignal);
  }, []);
}

/** A run left half-way, as the first screen shows it (screens/ExpressScreen.tsx `WaitingRunView`). */
export interface WaitingRun {
  runId: string;
  status: 'waiting' | 'rolling-back' | 'done' | 'failed';
  /** The rollback's summary line, once it ran. */
  message: string | null;
  /** While it runs: the step being undone (`index` from 0 of `count`) and the tree that step is removing. */
  undoing?: { index: number; count: number; title: string };
  removing?: { path: string; removed: number; total: number };
}

/**
 * Runs left half-way (crash, kill -9) still hold their changes: found when the wizard opens, and rolled back on
 * request from the first screen (as `rollback --run <id>` would, holding the run lock). When another one waits
 * after that, it is offered next.
 */
export function useWaitingRun(services: WizardServices): { waiting: WaitingRun | null; rollBack: () => void } {
  const [waiting, setWaiting] = useState<WaitingRun | null>(() => {
    const run = services.incompleteRuns().at(-1);
    return run ? { runId: run.id, status: 'waiting', message: null } : null;
  });
  const rollBack = () => {
    if (waiting?.status !== 'waiting' && waiting?.status !== 'failed') return;
    const { runId } = waiting;
    setWaiting({ runId, status: 'rolling-back', message: null });
    const onEvent = (event: EngineEvent) => {
      if (event.type === 'step-start') {
        setWaiting({ runId, status: 'rolling-back', message: null, undoing: { index: event.index, count: event.count, title: event.title } });
      } else if (event.type === 'removing') {
        setWaiting((now) => now && { ...now, removing: { path: event.path, removed: event.removed, total: event.total } });
      }
    };
    void services.rollBack(runId, onEvent).then(({ exitCode, message }) => {
      const next = services.incompleteRuns().at(-1);
      if (exitCode !== 0) setWaiting({ runId, status: 'failed', message });
      else setWaiting(next ? { runId: next.id, status: 'waiting', message } : { runId, status: 'done', message });
    });
  };
  return { waiting, rollBack };
}
