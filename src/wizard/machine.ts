// The wizard's flow as a pure reducer: (state, action) → state. No Ink, no effects: the app runs the
// effects (detection, index, plan, install) and feeds their results back in as actions.
import type { Detection, EngineEvent, InstallOptionKey, InstallOptions, Loadable, LoadedIndex, Plan, StepStatus } from '../types.js';
import { EXIT } from '../types.js';
import type { AptCandidate } from '../apt/candidates.js';
import { defaultScope, defaultTarget } from '../plan/build.js';
import { otherGoFound, type OtherGo } from '../plan/other-go-found.js';

/**
 * The questions, in order; `preview` is the last screen before anything changes. `other-go` is asked only when
 * another Go would shadow the new one; side by side (`alongside`) asks neither it nor the shells (it changes no
 * profile and removes nothing).
 */
export const QUESTION_SCREENS = ['system', 'method', 'version', 'location', 'other-go', 'mirror', 'proxies', 'shells', 'preview'] as const;
export type QuestionScreen = (typeof QUESTION_SCREENS)[number];
/**
 * `express`: the first screen, the recommended plan in a few lines (Enter: to the preview; c: the questions).
 * `quit`: left before anything changed (the last frame says so).
 */
export type Screen = 'express' | QuestionScreen | 'installing' | 'done' | 'failed' | 'quit';

/** The install options the wizard asks about; they are remembered and written by --save-config. */
export const ASKED_KEYS = [
  'method',
  'goVersion',
  'scope',
  'installDir',
  'mirror',
  'goproxy',
  'goprivate',
  'httpProxy',
  'httpsProxy',
  'noProxy',
  'persistProxy',
  'gitProxy',
  'shells',
  'sessionEnv',
  'gopls',
  'buildEssential',
  'alongside',
  'otherGo',
  'conflicts',
] as const satisfies readonly InstallOptionKey[];
export type AskedKey = (typeof ASKED_KEYS)[number];
export type Answers = Pick<InstallOptions, AskedKey>;

export interface InstallProgress {
  bytes: number;
  total: number | null;
  bytesPerSecond: number;
  etaSeconds: number | null;
  /** Files unpacked so far, while the archive is unpacked as it arrives. */
  entries?: number;
}

export interface InstallState {
  startedAt: number;
  steps: { id: string; title: string; status: StepStatus }[];
  progress: InstallProgress | null;
  /** The last lines of output of the running command. */
  tail: string[];
  /** `warning`: passed with a caveat (e.g. the module check skipped offline), shown as ! rather than ✔. */
  verify: { check: string; ok: boolean; output: string; warning?: boolean }[];
  failure: { step: string; error: string } | null;
  rollback: {
    status: 'running' | 'complete' | 'incomplete';
    reason: string;
    problems: string[];
    /** The step being undone: the `index`-th (from 0) of `count`. */
    undoing?: { index: number; count: number };
    /** The directory tree that step is removing: `removed` of its `total` entries are gone. */
    removing?: { path: string; removed: number; total: number };
  } | null;
  /** Ctrl-C was pressed: asking whether to stop and roll back. */
  confirmingStop: boolean;
  /** The user chose to stop: the engine is rolling back. */
  stopping: boolean;
  /** Asked to stop (or stopping) when the install finished anyway: nothing was rolled back, and the done screen says so. */
  stopTooLate?: boolean;
}

export interface InstallResult {
  exitCode: number;
  runId: string | null;
  backupBytes: number;
  message: string;
}

export interface WizardState {
  screen: Screen;
  answers: Answers;
  /** Answers given by flags: shown selected, never overwritten by remembered ones. */
  explicit: AskedKey[];
  detection: Loadable<Detection>;
  index: Loadable<LoadedIndex>;
  apt: Loadable<AptCandidate[]>;
  /** Why snap cannot work here (null: it can). */
  snap: Loadable<string | null>;
  /** The preview was opened from the express screen (Esc goes back there, not to the last question). */
  express: boolean;
  /** The plan for the current answers; reset whenever an answer changes. */
  plan: Loadable<Plan> | null;
  install: InstallState | null;
  result: InstallResult | null;
  /** Set when the wizard should end, with this exit code. */
  exitCode: number | null;
}

export type WizardAction =
  | { type: 'detected'; detection: Detection }
  | { type: 'detect-failed'; error: string }
  | { type: 'index-loaded'; index: LoadedIndex }
  | { type: 'index-failed'; error: string }
  | { type: 'apt-loaded'; candidates: AptCandidate[] }
  | { type: 'apt-failed'; error: string }
  | { type: 'snap-checked'; problem: string | null }
  /** The current question is answered: merge and move on. */
  | { type: 'answer'; patch: Partial<Answers> }
  /** Leave the system screen (it has nothing to answer). */
  | { type: 'next' }
  /** On the express screen: take the recommended plan to the preview, or answer the questions. */
  | { type: 'express-install' }
  | { type: 'customise' }
  | { type: 'back' }
  | { type: 'quit' }
  | { type: 'plan-ready'; plan: Plan }
  | { type: 'plan-failed'; error: string }
  /** Enter on the preview: carry the plan out. */
  | { type: 'confirm'; now: number }
  | { type: 'engine-events'; events: EngineEvent[] }
  | { type: 'interrupt' }
  /**
   * A signal from outside, or the terminal stopped answering: before the install quit, during it stop and roll back
   * without asking, after it leave with the result.
   */
  | { type: 'signal' }
  | { type: 'stop' }
  | { type: 'resume' }
  | { type: 'install-finished'; result: InstallResult }
  | { type: 'install-crashed'; error: string }
  /** Leave the done/failed screen. */
  | { type: 'close' };

/** How many lines of command output the installing screen keeps. */
export const TAIL_LINES = 5;

/**
 * Starting answers: a flag wins, then what was chosen last time, then the option's default.
 * `options` already holds defaults for every key that was not given.
 */
export function initialAnswers(options: InstallOptions, explicit: readonly InstallOptionKey[], remembered: Partial<Answers>): Answers {
  const answers = {} as Record<AskedKey, unknown>;
  for (const key of ASKED_KEYS) {
    const given = explicit.includes(key);
    answers[key] = given ? options[key] : (remembered[key] ?? options[key]);
  }
  const result = answers as Answers;
  // A remembered install dir belongs to a remembered scope choice; a scope given by flag overrides both.
  if (explicit.includes('scope') && !explicit.includes('installDir')) result.installDir = options.installDir;
  return result;
}

export function initialState(options: InstallOptions, explicit: readonly InstallOptionKey[], remembered: Partial<Answers>): WizardState {
  return {
    screen: 'express',
    express: false,
    answers: initialAnswers(options, explicit, remembered),
    explicit: ASKED_KEYS.filter((k) => explicit.includes(k)),
    detection: { status: 'loading' },
    index: { status: 'loading' },
    apt: { status: 'loading' },
    snap: { status: 'loading' },
    plan: null,
    install: null,
    result: null,
    exitCode: null,
  };
}

/**
 * The other Go installs the answers would leave in the way (none while detection is not known, and none side by
 * side: that keeps every Go as it is).
 */
export function otherGoFor(answers: Answers, detection: Detection | null): OtherGo[] {
  if (!detection || answers.alongside) return [];
  if (answers.method !== 'tarball') return otherGoFound(detection, answers.method, null);
  const goroot = answers.installDir ?? defaultTarget(answers.scope ?? defaultScope(detection), detection.user.home);
  return otherGoFound(detection, answers.method, goroot);
}

/**
 * The questions shown: apt and snap decide location and download themselves; `other-go` only when another Go is in
 * the way; side by side changes no profile, so no shells.
 */
export function screensFor(answers: Pick<Answers, 'method' | 'alongside'>, otherGo = false): QuestionScreen[] {
  return QUESTION_SCREENS.filter((s) => {
    if (answers.method !== 'tarball' && (s === 'location' || s === 'mirror')) return false;
    if (s === 'other-go') return otherGo;
    return !(s === 'shells' && answers.alongside);
  });
}

function screensOf(state: WizardState): QuestionScreen[] {
  const detection = state.detection.status === 'ready' ? state.detection.value : null;
  return screensFor(state.answers, otherGoFor(state.answers, detection).length > 0);
}

/** 1-based position of a question among the questions shown, and how many there are. */
export function stepNumber(state: WizardState): { step: number; count: number } | null {
  const screens = screensOf(state);
  const at = screens.indexOf(state.screen as QuestionScreen);
  return at < 0 ? null : { step: at + 1, count: screens.length };
}

function move(state: WizardState, delta: 1 | -1): WizardState {
  const screens = screensOf(state);
  const at = screens.indexOf(state.screen as QuestionScreen);
  const next = screens[at + delta];
  if (!next) return state;
  // Entering the preview asks for a fresh plan for the answers as they are now.
  return { ...state, screen: next, plan: next === 'preview' ? { status: 'loading' } : state.plan };
}

function stepsOf(plan: Plan): InstallState['steps'] {
  return plan.steps.map((s) => ({ id: s.id, title: s.title, status: 'pending' as const }));
}

function setStep(install: InstallState, id: string, status: StepStatus): InstallState {
  return { ...install, steps: install.steps.map((s) => (s.id === id ? { ...s, status } : s)) };
}

function applyEvent(install: InstallState, event: EngineEvent): InstallState {
  switch (event.type) {
    case 'plan':
      return { ...install, steps: stepsOf(event.plan) };
    case 'step-start': {
      // During a rollback, the step being undone (the rollback announces each one like a step).
      if (install.rollback?.status === 'running') {
        const rollback = { ...install.rollback, undoing: { index: event.index, count: event.count }, removing: undefined };
        return { ...setStep(install, event.step, 'undoing'), progress: null, rollback };
      }
      const known = install.steps.some((s) => s.id === event.step);
      const steps = known ? install.steps : [...install.steps, { id: event.step, title: event.title, status: 'pending' as const }];
      return { ...setStep({ ...install, steps }, event.step, 'running'), progress: null, tail: [] };
    }
    case 'progress':
      return { ...install, progress: { bytes: event.bytes, total: event.total, bytesPerSecond: event.bytesPerSecond, etaSeconds: event.etaSeconds, ...(event.entries === undefined ? {} : { entries: event.entries }) } };
    case 'removing':
      return install.rollback ? { ...install, rollback: { ...install.rollback, removing: { path: event.path, removed: event.removed, total: event.total } } } : install;
    case 'log': {
      // While rolling back, a line about a step says that step was undone: its mark changes as it happens.
      const undone = install.rollback?.status === 'running' && event.step ? setStep(install, event.step, 'undone') : install;
      return { ...undone, tail: [...install.tail, event.line].slice(-TAIL_LINES) };
    }
    case 'step-done':
      return setStep(install, event.step, 'done');
    case 'step-failed':
      return { ...setStep(install, event.step, 'failed'), failure: { step: event.step, error: event.error } };
    case 'rollback-start':
      return { ...install, rollback: { status: 'running', reason: event.reason, problems: [] }, tail: [], progress: null };
    case 'rollback-done': {
      // Steps that had changed something are now undone.
      const steps = install.steps.map((s) => (s.status === 'done' || s.status === 'running' || s.status === 'undoing' ? { ...s, status: 'undone' as const } : s));
      const status = event.complete ? ('complete' as const) : ('incomplete' as const);
      return { ...install, steps, rollback: { status, reason: install.rollback?.reason ?? '', problems: event.problems } };
    }
    case 'verify':
      return { ...install, verify: [...install.verify, { check: event.check, ok: event.ok, output: event.output, ...(event.warning ? { warning: true } : {}) }] };
    case 'done':
      return install;
  }
}

function newInstall(plan: Plan, now: number): InstallState {
  return {
    startedAt: now,
    steps: stepsOf(plan),
    progress: null,
    tail: [],
    verify: [],
    failure: null,
    rollback: null,
    confirmingStop: false,
    stopping: false,
  };
}

export function reducer(state: WizardState, action: WizardAction): WizardState {
  switch (action.type) {
    case 'detected':
      return { ...state, detection: { status: 'ready', value: action.detection } };
    case 'detect-failed':
      return { ...state, detection: { status: 'failed', error: action.error } };
    case 'index-loaded':
      return { ...state, index: { status: 'ready', value: action.index } };
    case 'index-failed':
      return { ...state, index: { status: 'failed', error: action.error } };
    case 'apt-loaded':
      return { ...state, apt: { status: 'ready', value: action.candidates } };
    case 'apt-failed':
      return { ...state, apt: { status: 'failed', error: action.error } };
    case 'snap-checked':
      return { ...state, snap: { status: 'ready', value: action.problem } };

    case 'next':
      return state.screen === 'system' && state.detection.status !== 'loading' ? move(state, 1) : state;
    case 'express-install':
      if (state.screen !== 'express' || state.detection.status === 'loading') return state;
      return { ...state, screen: 'preview', express: true, plan: { status: 'loading' } };
    case 'customise':
      return state.screen === 'express' ? { ...state, screen: 'system', express: false } : state;
    case 'answer': {
      if (state.screen === 'system' || state.screen === 'preview' || !QUESTION_SCREENS.includes(state.screen as QuestionScreen)) return state;
      const answers = { ...state.answers, ...action.patch };
      // Side by side is a tarball from go.dev: choosing apt or snap drops it.
      if (answers.method !== 'tarball') answers.alongside = undefined;
      return move({ ...state, answers }, 1);
    }
    case 'back':
      if ((state.screen === 'preview' && state.express) || state.screen === 'system') return { ...state, screen: 'express', express: false };
      if (QUESTION_SCREENS.includes(state.screen as QuestionScreen)) return move(state, -1);
      return state;
    case 'quit':
      // Only before anything changes: during the install Ctrl-C goes through 'interrupt'.
      return state.install ? state : { ...state, screen: 'quit', exitCode: EXIT.ok };

    case 'plan-ready':
      return state.screen === 'preview' ? { ...state, plan: { status: 'ready', value: action.plan } } : state;
    case 'plan-failed':
      return state.screen === 'preview' ? { ...state, plan: { status: 'failed', error: action.error } } : state;
    case 'confirm':
      if (state.screen !== 'preview' || state.plan?.status !== 'ready') return state;
      return { ...state, screen: 'installing', install: newInstall(state.plan.value, action.now) };

    case 'engine-events':
      if (!state.install) return state;
      return { ...state, install: action.events.reduce(applyEvent, state.install) };
    case 'interrupt':
      if (state.screen !== 'installing' || !state.install) return state;
      // A second Ctrl-C while asking means "yes, stop".
      if (state.install.confirmingStop) return { ...state, install: { ...state.install, confirmingStop: false, stopping: true } };
      return state.install.stopping ? state : { ...state, install: { ...state.install, confirmingStop: true } };
    case 'signal':
      if (state.screen === 'done' || state.screen === 'failed') return reducer(state, { type: 'close' });
      if (!state.install) return reducer(state, { type: 'quit' });
      if (state.install.stopping || state.result) return state;
      return { ...state, install: { ...state.install, confirmingStop: false, stopping: true } };
    case 'stop':
      if (!state.install?.confirmingStop) return state;
      return { ...state, install: { ...state.install, confirmingStop: false, stopping: true } };
    case 'resume':
      if (!state.install?.confirmingStop) return state;
      return { ...state, install: { ...state.install, confirmingStop: false } };
    case 'install-finished':
      if (state.screen !== 'installing') return state;
      return {
        ...state,
        screen: action.result.exitCode === EXIT.ok ? 'done' : 'failed',
        result: action.result,
        install: state.install && {
          ...state.install,
          confirmingStop: false,
          ...(action.result.exitCode === EXIT.ok && (state.install.confirmingStop || state.install.stopping) ? { stopTooLate: true } : {}),
        },
      };
    case 'install-crashed': {
      if (state.screen !== 'installing' || !state.install) return state;
      // The engine threw instead of reporting: nothing says the changes were restored.
      const failure = state.install.failure ?? { step: state.install.steps.find((s) => s.status === 'running')?.id ?? '', error: action.error };
      return {
        ...state,
        screen: 'failed',
        install: { ...state.install, failure, confirmingStop: false },
        result: { exitCode: EXIT.failedIncomplete, runId: null, backupBytes: 0, message: action.error },
      };
    }
    case 'close':
      return state.result && (state.screen === 'done' || state.screen === 'failed') ? { ...state, exitCode: state.result.exitCode } : state;
  }
}
