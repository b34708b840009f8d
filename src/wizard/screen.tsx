// The screen switch: picks the screen for the current state and hands it exactly what it shows, as props.
// Answers come back as reducer actions; typed text is validated here with the same parsers as the flags.
import { dirname, join } from 'node:path';
import type { Dispatch } from 'react';
import type { Detection, InstallOptions, Loadable, LoadedIndex, Plan, Translate } from '../types.js';
import { EXIT } from '../types.js';
import { redact } from '../redact.js';
import { INVALID } from '../options/values.js';
import { GOPROXY_PRESETS, MIRROR_PRESETS } from '../presets.js';
import { defaultScope, resolveShells } from '../plan/build.js';
import { ExpressScreen } from '../../screens/ExpressScreen.js';
import { QuitScreen } from '../../screens/QuitScreen.js';
import { SystemScreen } from '../../screens/SystemScreen.js';
import { MethodScreen } from '../../screens/MethodScreen.js';
import { VersionScreen } from '../../screens/VersionScreen.js';
import { LocationScreen } from '../../screens/LocationScreen.js';
import { OtherGoScreen } from '../../screens/OtherGoScreen.js';
import { MirrorScreen } from '../../screens/MirrorScreen.js';
import { ProxiesScreen } from '../../screens/ProxiesScreen.js';
import { ShellsScreen } from '../../screens/ShellsScreen.js';
import { PreviewScreen, type PreviewTab } from '../../screens/PreviewScreen.js';
import { InstallingScreen } from '../../screens/InstallingScreen.js';
import { DoneScreen } from '../../screens/DoneScreen.js';
import { FailedScreen } from '../../screens/FailedScreen.js';
import { sourceLine } from './describe.js';
import { journalFile } from '../paths.js';
import { otherGoFor, stepNumber, type Answers, type WizardAction, type WizardState } from './machine.js';
import { SCRIPT_MODE, SECRET_SCRIPT_MODE, type KeptDownload, type WizardServices } from './services.js';
import {
  GOPRIVATE_FIELD,
  GOPROXY_FIELD,
  MIRROR_FIELD,
  PROXY_FIELD,
  VERSION_FIELD,
  locationField,
  locationRefusal,
  needsPassword,
  parsed,
  withPassword,
  type TypedField,
} from './validate.js';
import { alongsideChoice, alongsideDone, otherGoAnswer, otherGoChoice, otherGoRemoveProblem, otherGoText } from './view.js';
import { NO_PROXY_ALL, SYSTEM_DIR, savePath, adviceKey, aptView, aptVersionChoices, aptVersionProblem, expressPlan, EXTRA_KEYS, extraAnswers, extraChoices, goproxyChoice, interruptedAdvice, keptConflicts, loginNote, latestVersion, httpChoice, locationChoice, versionChoices } from './view.js';
import { mergedOptions, type FreeSpace, type WaitingRun } from './hooks.js';

export interface WizardScreenProps {
  t: Translate;
  state: WizardState;
  dispatch: Dispatch<WizardAction>;
  services: WizardServices;
  options: InstallOptions;
  detection: Detection | null;
  index: LoadedIndex | null;
  plan: Plan | null;
  tabs: Loadable<PreviewTab[]>;
  free: FreeSpace;
  goEnv: string | null;
  /** What of the download the cache still holds (after a failed or stopped install); undefined while looking. */
  kept: KeptDownload | undefined;
  now: number;
  userDir: string;
  /** The HTTP(S) proxy set in the environment, if any. */
  envProxy: string | null;
  /** How the user started the tool, e.g. `npx go-setup-wizard`. */
  command: string;
  /** A run left half-way, offered for rollback on the first screen. */
  waiting: WaitingRun | null;
  rollBack: () => void;
}

export function WizardScreen(props: WizardScreenProps) {
  const { t, state, dispatch, services, options, detection, index, plan, userDir } = props;
  const step = stepNumber(state);
  const answers = state.answers;
  const back = () => dispatch({ type: 'back' });
  const quit = () => dispatch({ type: 'quit' });
  const answer = (patch: Partial<Answers>) => dispatch({ type: 'answer', patch });
  const check = (field: TypedField) => (text: string) => (field.parse(text) === INVALID ? t(field.problem, { value: text }) : null);
  const location = locationField(services.paths.home);
  const undoCommand = (runId: string | null | undefined) => `${props.command} rollback${runId ? ` --run ${runId}` : ''}`;
  const nav = { onBack: back, onQuit: quit };
  /** The exact release the answers name, when the index knows it. */
  const release = (): string | null => {
    try {
      return index ? services.resolve(index, mergedOptions(options, answers), detection?.arch.userlandGoArch ?? 'amd64').version : null;
    } catch {
      // Not installable as asked: the preview says why.
      return null;
    }
  };
  const otherGo = otherGoFor(answers, detection);

  switch (state.screen) {
    case 'express': {
      return (
        <ExpressScreen
          t={t}
          detection={state.detection}
          plan={expressPlan({ answers, detection, index, userDir, home: services.paths.home, release: release(), otherGo, t })}
          onInstall={() => dispatch({ type: 'express-install' })}
          onCustomise={() => dispatch({ type: 'customise' })}
          onQuit={quit}
          waiting={props.waiting}
          onRollBack={props.rollBack}
        />
      );
    }
    case 'quit':
      return <QuitScreen t={t} />;
    case 'system':
      return <SystemScreen t={t} step={step} detection={state.detection} onNext={() => dispatch({ type: 'next' })} onBack={back} onQuit={quit} />;
    case 'method':
      return (
        <MethodScreen
          t={t}
          step={step}
          selected={answers.method}
          latest={latestVersion(index)}
          apt={aptView(state.apt, index)}
          snapProblem={state.snap.status === 'ready' ? state.snap.value : null}
          onChoose={(method) => answer({ method: method as Answers['method'] })}
          {...nav}
        />
      );
    case 'version':
      return (
        <VersionScreen
          t={t}
          step={step}
          versions={answers.method === 'apt' ? aptVersionChoices(state.apt, state.index, t) : versionChoices(state.index)}
          selected={answers.goVersion}
          validate={(text) => {
            const problem = check(VERSION_FIELD)(text);
            // apt: only what this machine's apt has.
            if (!problem && answers.method === 'apt' && state.apt.status === 'ready') return aptVersionProblem(state.apt.value, parsed(VERSION_FIELD, text), t);
            if (problem || !index) return problem;
            try {
              services.resolve(index, { ...mergedOptions(options, answers), goVersion: parsed(VERSION_FIELD, text) }, detection?.arch.userlandGoArch ?? 'amd64');
              return null;
            } catch (error) {
              return (error as Error).message;
            }
          }}
          onChoose={(version, typed) => answer({ goVersion: typed ? parsed(VERSION_FIELD, version) : version })}
          {...nav}
        />
      );
    case 'location':
      return (
        <LocationScreen
          t={t}
          step={step}
          systemDir={SYSTEM_DIR}
          userDir={userDir}
          free={props.free}
          selected={locationChoice(answers, userDir) || (detection ? defaultScope(detection) : 'user')}
          sudo={detection?.user.sudo ?? null}
          validate={(text) => check(location)(text) ?? locationRefusal(parsed(location, text), services.paths, services.disk, t)}
          alongside={alongsideChoice(answers, detection, release(), services.paths.home, t)}
          onChoose={(choice, typed) => {
            // Side by side is always this user's own ~/sdk.
            if (choice === 'alongside' && !typed) return answer({ alongside: true, scope: 'user', installDir: undefined });
            if (!typed) return answer({ scope: choice as 'system' | 'user', installDir: undefined, alongside: undefined });
            const dir = parsed(location, choice);
            answer({ installDir: dir, scope: dir.startsWith(`${services.paths.home}/`) ? 'user' : 'system', alongside: undefined });
          }}
          {...nav}
        />
      );
    case 'other-go':
      return (
        <OtherGoScreen
          t={t}
          step={step}
          found={otherGo.map((item) => otherGoText(item, t))}
          selected={otherGoChoice(answers, otherGo)}
          removeProblem={otherGoRemoveProblem(otherGo, detection, t)}
          onChoose={(choice) => answer(otherGoAnswer(choice, otherGo))}
          {...nav}
        />
      );
    case 'mirror':
      return (
        <MirrorScreen
          t={t}
          step={step}
          presets={MIRROR_PRESETS}
          selected={answers.mirror}
          validate={check(MIRROR_FIELD)}
          onChoose={(mirror, typed) => answer({ mirror: typed ? parsed(MIRROR_FIELD, mirror) : mirror })}
          {...nav}
        />
      );
    case 'proxies':
      return (
        <ProxiesScreen
          t={t}
          step={step}
          goproxyPresets={GOPROXY_PRESETS}
          goproxy={goproxyChoice(answers, state.explicit)}
          goprivate={answers.goprivate}
          validateGoprivate={check(GOPRIVATE_FIELD)}
          persistProxy={answers.persistProxy}
          gitProxy={answers.gitProxy ?? false}
          http={httpChoice(answers)}
          envProxy={props.envProxy ? redact(props.envProxy) : null}
          validateGoproxy={check(GOPROXY_FIELD)}
          validateProxy={check(PROXY_FIELD)}
          needsPassword={needsPassword}
          onChoose={({ goproxy, goprivate, http, keep }, password) => {
            const givenNoProxy = options.noProxy === NO_PROXY_ALL ? undefined : options.noProxy;
            if (http === 'env' || http === 'none') {
              // Keeping or git-proxying a proxy was asked about a typed one: otherwise the flags decide.
              const flagsDecide = { persistProxy: options.persistProxy, gitProxy: options.gitProxy };
              return answer({ goproxy, goprivate, httpProxy: undefined, httpsProxy: undefined, noProxy: http === 'none' ? NO_PROXY_ALL : givenNoProxy, ...flagsDecide });
            }
            const url = parsed(PROXY_FIELD, password !== null ? withPassword(http, password) : http);
            answer({ goproxy, goprivate, httpProxy: url, httpsProxy: url, noProxy: givenNoProxy, ...keep });
          }}
          {...nav}
        />
      );
    case 'shells':
      return (
        <ShellsScreen
          t={t}
          step={step}
          available={detection?.shell.available ?? ['bash']}
          login={detection?.shell.login ?? 'bash'}
          preselected={detection ? resolveShells(answers.shells, detection) : []}
          extras={extraChoices(detection, t)}
          extrasInitial={EXTRA_KEYS.filter((key) => answers[key])}
          onChoose={(shells, extras) => answer({ shells: shells.length ? shells : 'none', ...extraAnswers(extras) })}
          {...nav}
        />
      );
    case 'preview':
      return (
        <PreviewScreen
          t={t}
          step={step}
          tabs={props.tabs}
          notes={plan ? [...plan.warnings, ...(plan.upToDate ? [t('wizard.preview.upToDate')] : [])] : []}
          savePaths={{ install: join(services.cwd, 'install-go.sh'), rollback: join(services.cwd, 'rollback-go.sh') }}
          onSave={async (kind, text) => {
            const path = savePath(text, services.paths.home, services.cwd);
            if (!plan || path === INVALID) return { error: t('wizard.invalid.savePath', { value: text }) };
            try {
              // The file to run carries the real values (the preview's copy is masked): private when it holds a secret.
              if (kind === 'install') {
                const mode = services.exportHoldsSecret(plan, 'sh') ? SECRET_SCRIPT_MODE : SCRIPT_MODE;
                await services.saveText(path, await services.renderExport(plan, 'sh', t), mode);
              } else await services.saveText(path, services.renderRollbackScript(plan), SCRIPT_MODE);
              return { saved: path };
            } catch (error) {
              const code = (error as NodeJS.ErrnoException).code;
              if (code === 'ENOENT') return { error: t('wizard.preview.noFolder', { path: dirname(path) }) };
              return { error: t('wizard.preview.saveFailed', { path, error: code === 'EISDIR' ? t('wizard.preview.isFolder') : (error as Error).message }) };
            }
          }}
          onRun={() => dispatch({ type: 'confirm', now: Date.now() })}
          {...nav}
        />
      );
    case 'installing':
      return state.install ? (
        <InstallingScreen t={t} install={state.install} now={props.now} onStop={() => dispatch({ type: 'stop' })} onResume={() => dispatch({ type: 'resume' })} />
      ) : null;
    case 'done':
      return (
        <DoneScreen
          t={t}
          verify={state.install?.verify ?? []}
          goEnv={props.goEnv}
          sourceLine={plan?.shells.length ? sourceLine(plan.paths, detection?.shell.login ?? 'bash') : null}
          sideBySide={alongsideDone(plan, props.command, t)}
          backupBytes={state.result?.backupBytes ?? 0}
          undoCommand={undoCommand(state.result?.runId)}
          kept={keptConflicts(plan, t)}
          loginNote={loginNote(plan, t)}
          stopTooLate={Boolean(state.install?.stopTooLate)}
          onClose={() => dispatch({ type: 'close' })}
        />
      );
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
          journal={runId ? journalFile(services.paths, runId) : null}
          rollbackCommand={undoCommand(runId)}
          advice={interrupted ? (props.kept === undefined ? '' : t(interruptedAdvice(props.kept))) : t(adviceKey(failedStep))}
          onClose={() => dispatch({ type: 'close' })}
        />
      );
    }
  }
}
