// The plan's apt steps: installing or removing packages exactly (the scripts, what they record and how rollback
// reads it live in src/apt/install.ts and src/apt/remove.ts). Any plan that needs packages adds them here.
import { aptInstallScript, aptRecordName, aptRemoveScript, simulateAptInstall, type AptSimulation } from '../apt/install.js';
import { aptReinstallScript, aptRemoveOthersScript, simulateAptRemove } from '../apt/remove.js';
import type { CommandQuery } from '../host/query.js';
import type { Translate } from '../types.js';
import type { StepList } from './steps.js';

export interface AptInstallSpec {
  id: string;
  title: string;
  why: string;
  /** What to ask apt for. */
  packages: string[];
  /** Also install Recommends (default: `--no-install-recommends`). */
  recommends?: boolean;
}

export interface AptInstallOutcome {
  /** What apt says it would add now (null when it could not say, e.g. empty package lists). */
  simulation: AptSimulation | null;
  /** False when every package is installed already: no step was added. */
  added: boolean;
}

/**
 * Adds the "apt-get update" step once per plan (the lists must be current for the newest packages).
 * Updating the lists is not undone: it changes no installed package.
 */
export function addAptUpdateStep(steps: StepList, t: Translate): void {
  if (steps.steps.some((s) => s.id === 'apt-update')) return;
  steps.add({ id: 'apt-update', title: t('plan.step.aptUpdate.title'), why: t('plan.step.aptUpdate.why'), root: true, touches: [], run: 'apt-get update' });
}

/**
 * Adds a step installing `spec.packages` with apt, journaling exactly what apt added; undo removes that set.
 * Asks apt first (read-only) what it would add: nothing → no step. The step lists that set in `packages` for
 * the preview; the set actually removed on rollback is the one recorded while the step runs.
 */
export async function addAptInstallStep(steps: StepList, spec: AptInstallSpec, query: CommandQuery): Promise<AptInstallOutcome> {
  const recommends = spec.recommends ?? false;
  const simulation = await simulateAptInstall(query, spec.packages, recommends);
  if (simulation && simulation.adds.length === 0) return { simulation, added: false };
  const index = steps.steps.length;
  steps.add({
    id: spec.id,
    title: spec.title,
    why: spec.why,
    root: true,
    touches: [],
    packages: simulation?.adds ?? spec.packages,
    packageManager: 'apt',
    aptRecord: aptRecordName(index),
    run: aptInstallScript(index, spec.packages, recommends),
    undoFirst: aptRemoveScript(index),
  });
  return { simulation, added: true };
}

export interface AptRemoveSpec {
  id: string;
  title: string;
  why: string;
  /** What to ask apt to remove. */
  packages: string[];
}

/**
 * Adds a step removing `spec.packages` with apt; the step lists what apt says it would remove (it may take along
 * packages that depend on them, and the preview says so). Its undo reinstalls exactly what was removed.
 */
export async function addAptRemoveStep(steps: StepList, spec: AptRemoveSpec, query: CommandQuery): Promise<string[]> {
  const removes = (await simulateAptRemove(query, spec.packages)) ?? spec.packages;
  const index = steps.steps.length;
  steps.add({
    id: spec.id,
    title: spec.title,
    why: spec.why,
    root: true,
    touches: [],
    removes: { manager: 'apt', packages: removes, record: aptRecordName(index) },
    run: aptRemoveOthersScript(index, spec.packages),
    undoFirst: aptReinstallScript(index),
  });
  return removes;
}
