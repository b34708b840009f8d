// Pure helpers that turn the wizard's state into what a screen shows: no Ink, no effects.
import { isAbsolute, resolve } from 'node:path';
import type { Detection, ExistingGo, Loadable, LoadedIndex, Plan, Translate } from '../types.js';
import type { OtherGo } from '../plan/other-go-found.js';
import { sdkDir, versionCommand } from '../plan/alongside.js';
import { GOPROXY_PRESETS, MAINLAND_MIRRORS, MIRROR_BASES, MIRROR_PRESETS } from '../presets.js';
import { defaultScope, resolveShells } from '../plan/build.js';
import { redact } from '../redact.js';
import { INVALID } from '../options/values.js';
import type { PreviewTab } from '../../screens/PreviewScreen.js';
import type { VersionChoices } from '../../screens/VersionScreen.js';
import type { AptView } from '../../screens/MethodScreen.js';
import { latestStable, supportedMinors } from '../versions/support.js';
import { versionNumber } from '../versions/grammar.js';
import { aptSummary } from './describe.js';
import { withoutPassword } from './validate.js';
import { aptDefault, chooseAptPackage, type AptCandidate } from '../apt/candidates.js';
import { aptSupportWarning } from '../apt/support.js';
import type { Answers } from './machine.js';
import { SYSTEM_GOROOT } from '../plan/other-go-found.js';
import type { WizardServices } from './services.js';

export const SYSTEM_DIR = SYSTEM_GOROOT;

/** NO_PROXY=* sends every host direct: that is how "no proxy" is written, also in the answers file. */
export const NO_PROXY_ALL = '*';

/** The location question's current answer: 'alongside', 'system', 'user' or a typed path. */
export function locationChoice(answers: Answers, userDir: string): string {
  if (answers.alongside) return 'alongside';
  if (answers.installDir && answers.installDir !== SYSTEM_DIR && answers.installDir !== userDir) return answers.installDir;
  if (answers.installDir === SYSTEM_DIR) return 'system';
  if (answers.installDir === userDir) return 'user';
  return answers.scope ?? '';
}

/** The GOPROXY answer the question starts on: goproxy.cn after a mainland mirror, unless GOPROXY was given or chosen. */
export function goproxyChoice(answers: Answers, explicit: readonly string[]): string {
  if (answers.goproxy === 'keep' && !explicit.includes('goproxy') && MAINLAND_MIRRORS.includes(answers.mirror)) return 'goproxy.cn';
  return answers.goproxy;
}

/** The HTTP proxy question's current answer: 'env', 'none' or the URL without its password. */
export function httpChoice(answers: Answers): string {
  if (answers.noProxy === NO_PROXY_ALL) return 'none';
  const url = answers.httpsProxy ?? answers.httpProxy;
  return url === undefined ? 'env' : withoutPassword(url);
}

/** The newest stable Go in the index, e.g. 'go1.27.1'. */
export function latestVersion(index: LoadedIndex | null): string | null {
  return (index && latestStable(index.releases)?.version) ?? null;
}

/** What the version question offers: the latest stable and the supported majors, from the index. */
export function versionChoices(index: Loadable<LoadedIndex>): Loadable<VersionChoices> {
  if (index.status !== 'ready') return index;
  const loaded = index.value;
  return {
    status: 'ready',
    value: {
      latest: latestStable(loaded.releases)?.version ?? null,
      majors: supportedMinors(loaded.releases),
      snapshot: loaded.source === 'snapshot' ? { date: loaded.snapshotDate ?? '?', reason: loaded.fallbackReason ?? '' } : null,
    },
  };
}

/**
 * The version question for --method apt: only what this machine's apt offers — `latest` (what golang-go gives, else
 * the newest package) and each golang-1.NN-go — each out-of-support one marked, and the warning when apt's own
 * default is out of support (naming what the tarball would give).
 */
export function aptVersionChoices(apt: Loadable<AptCandidate[]>, index: Loadable<LoadedIndex>, t: Translate): Loadable<VersionChoices> {
  if (apt.status !== 'ready') return apt.status === 'failed' ? { status: 'failed', error: t('plan.error.aptCache') } : apt;
  const releases = index.status === 'ready' ? index.value.releases : undefined;
  const outOfSupport = (minor: number) => aptSupportWarning(minor, releases, t) !== null;
  const best = chooseAptPackage(apt.value, 'latest');
  const versioned = apt.value.filter((c) => c.name !== 'golang-go');
  const hint = (c: AptCandidate) => [`${c.name} ${c.candidate}`, ...(outOfSupport(c.minor) ? [t('apt.wizard.outOfSupport')] : [])].join(' · ');
  const given = aptDefault(apt.value);
  return {
    status: 'ready',
    value: {
      latest: best ? hint(best) : null,
      majors: versioned.map((c) => ({ minor: c.goVersion, newest: c.goVersion, hint: hint(c) })),
      snapshot: null,
      warning: given ? aptSupportWarning(given.minor, releases, t) : null,
    },
  };
}

/** A version typed on the apt version question: a reason when apt has no package for it, else null. */
export function aptVersionProblem(candidates: AptCandidate[], spec: string, t: Translate): string | null {
  if (chooseAptPackage(candidates, spec)) return null;
  const offered = [...new Set(candidates.map((c) => c.goVersion))].join(', ') || '-';
  return t('plan.error.aptNoPackage', { version: spec, offered });
}

/** What apt would install, for the method question. */
export function aptView(apt: Loadable<AptCandidate[]>, index: LoadedIndex | null): AptView {
  if (apt.status === 'loading') return 'loading';
  if (apt.status === 'failed') return 'unknown';
  return aptSummary(apt.value, latestVersion(index)) ?? 'unknown';
}

export function previewTabs(plan: Plan, services: Pick<WizardServices, 'renderPlan' | 'renderRollbackScript'>, t: Translate): Loadable<PreviewTab[]> {
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

/** Catalog key of the advice after Ctrl-C: it says what happens to the download, as the cache now holds it. */
export function interruptedAdvice(kept: 'verified' | 'partial' | null): string {
  return kept === 'verified' ? 'wizard.advice.interruptedVerified' : kept === 'partial' ? 'wizard.advice.interruptedPartial' : 'wizard.advice.interruptedFresh';
}

/** Catalog key of the advice shown when `step` failed. */
export function adviceKey(step: string | null): string {
  if (!step) return 'wizard.advice.generic';
  if (step.startsWith('profile-')) return 'wizard.advice.profile';
  return ADVICE[step] ?? 'wizard.advice.generic';
}

/**
 * Where a script is saved: the text as typed, `~/` for HOME, relative to the folder the wizard was started in.
 * INVALID for an empty name, control characters, or a name ending in '/' (a folder, not a file).
 */
export function savePath(text: string, home: string, cwd: string): string | typeof INVALID {
  const trimmed = text.trim();
  if (!trimmed || /[\x00-\x1f\x7f]/.test(trimmed) || trimmed.endsWith('/')) return INVALID;
  const expanded = trimmed === '~' ? home : trimmed.startsWith('~/') ? `${home}/${trimmed.slice(2)}` : trimmed;
  return isAbsolute(expanded) ? resolve(expanded) : resolve(cwd, expanded);
}

export interface ExpressInputs {
  answers: Answers;
  detection: Detection | null;
  index: LoadedIndex | null;
  userDir: string;
  home: string;
  /** The exact release the answers name, when the index knows it (null: not known yet, or not installable). */
  release: string | null;
  /** The other Go installs the answers leave in the way (machine.ts otherGoFor). */
  otherGo: OtherGo[];
  t: Translate;
}

/** The default `go` of new shells (what side by side keeps), or null when no Go was found. */
export function currentGo(detection: Detection | null): ExistingGo | null {
  return detection?.existingGo.find((go) => go.default) ?? detection?.existingGo.find((go) => go.onPath) ?? null;
}

/** "go1.22.2 in /usr/bin/go": the default go as side by side names it. */
export function currentGoText(detection: Detection | null, t: Translate): string | null {
  const go = currentGo(detection);
  return go ? t('alongside.current', { version: go.version ?? '?', path: go.goroot ?? go.path }) : null;
}

/** Side by side for the location question: where the release goes and its command; null when it is not offered. */
export function alongsideChoice(answers: Answers, detection: Detection | null, release: string | null, home: string, t: Translate): { dir: string; command: string; current: string | null } | null {
  // Offered where there is a Go to keep (or when it was asked for by flag or answers file).
  const current = currentGoText(detection, t);
  if (!current && !answers.alongside) return null;
  const command = release ?? 'go1.N.P';
  return { dir: sdkDir(home, command), command, current };
}

/** One line per other Go install, for the question and the express screen. */
export function otherGoText(found: OtherGo, t: Translate): string {
  return t(`otherGo.item.${found.kind}`, { path: found.path, version: found.version ?? '?' });
}

/**
 * The other-Go answer as the plan would act on it: installs follow `otherGo` (kept by default), GOROOT lines follow
 * `conflicts` (commented out by default). The question starts on 'remove' only when that is what the plan does.
 */
export function otherGoChoice(answers: Answers, found: OtherGo[]): 'remove' | 'keep' {
  if (answers.otherGo) return answers.otherGo;
  return found.every((item) => item.kind === 'goroot') && answers.conflicts !== 'keep' ? 'remove' : 'keep';
}

/** The answers for a choice on the other-Go question: GOROOT lines go with the installs. */
export function otherGoAnswer(choice: 'remove' | 'keep', found: OtherGo[]): Pick<Answers, 'otherGo' | 'conflicts'> {
  const lines = found.some((item) => item.kind === 'goroot');
  return { otherGo: choice, ...(lines ? { conflicts: choice === 'remove' ? ('comment' as const) : ('keep' as const) } : {}) };
}

/** Why removing cannot be offered: every one of them needs root, and this user has neither root nor sudo. */
export function otherGoRemoveProblem(found: OtherGo[], detection: Detection | null, t: Translate): string | null {
  const canRoot = !!detection && (detection.user.isRoot || detection.user.sudo !== 'none');
  return !canRoot && found.every((item) => item.root) ? t('otherGo.noRoot') : null;
}

/** The express screen's "Other Go" line: what stays and what goes, as the plan would do it. */
export function otherGoRow(answers: Answers, found: OtherGo[], t: Translate): string | null {
  if (!found.length) return null;
  const removed = found.filter((item) => (item.kind === 'goroot' ? answers.conflicts !== 'keep' : answers.otherGo === 'remove'));
  const kept = found.filter((item) => !removed.includes(item));
  const list = (items: OtherGo[]) => items.map((item) => otherGoText(item, t)).join(', ');
  return [
    ...(removed.length ? [t('otherGo.express.removed', { items: list(removed) })] : []),
    ...(kept.length ? [t('otherGo.express.kept', { items: list(kept) })] : []),
  ].join(' · ');
}

/** The finished screen's next step after side by side: the command to run, and how to make it the default. */
export function alongsideDone(plan: Plan | null, command: string, t: Translate): string | null {
  if (!plan?.options.alongside || !plan.release) return null;
  const version = plan.release.version;
  return t('alongside.done.next', { command: version, link: versionCommand(plan.gopath, version), tool: command });
}

/** Whether the digests come from go.dev's index (or golang.google.cn's) rather than an index named with --index-url. */
function officialIndex(index: LoadedIndex | null): boolean {
  return !index || [MIRROR_BASES.official, MIRROR_BASES['google-cn']].some((base) => index.url.startsWith(base));
}

function checkedAgainst(mirror: string, index: LoadedIndex | null, t: Translate): string {
  return officialIndex(index) ? t('wizard.express.fromMirror', { mirror }) : t('wizard.express.fromMirrorIndex', { mirror, index: redact(index!.url) });
}

/** 'Go 1.22.3, the official release' — or only 'Go 1.22.3' when another index vouches for the archive. */
function whatTarball(version: string, index: LoadedIndex | null, t: Translate): string {
  return t(officialIndex(index) ? 'wizard.express.whatTarball' : 'wizard.express.whatTarballIndex', { version: versionNumber(version) });
}

/** The recommended plan in a few label/value lines: what, where, from where, which shells, the Go proxy. */
export function expressPlan({ answers, detection, index, userDir, home, release, otherGo, t }: ExpressInputs): [string, string][] {
  const rows: [string, string][] = [];
  if (answers.method === 'tarball' && answers.alongside) {
    const version = release ?? (answers.goVersion === 'latest' ? (latestVersion(index) ?? t('wizard.express.latest')) : answers.goVersion);
    rows.push([t('wizard.express.what'), whatTarball(version, index, t)]);
    const side = alongsideChoice(answers, detection, release, home, t)!;
    const where = side.current ? t('alongside.express.where', { dir: side.dir, command: side.command, current: side.current }) : t('alongside.express.whereNoCurrent', { dir: side.dir, command: side.command });
    rows.push([t('wizard.express.where'), where]);
    const mirror = (MIRROR_PRESETS as readonly string[]).includes(answers.mirror) ? t(`wizard.mirror.${answers.mirror}`) : answers.mirror;
    rows.push([t('wizard.express.from'), checkedAgainst(mirror, index, t)]);
    rows.push([t('wizard.express.shells'), t('alongside.express.shells')]);
    const http = httpChoice(answers);
    if (http !== 'env') rows.push([t('wizard.express.proxy'), http === 'none' ? t('wizard.proxies.none') : redact(http)]);
    return rows;
  }
  if (answers.method === 'tarball') {
    const version = release ?? (answers.goVersion === 'latest' ? (latestVersion(index) ?? t('wizard.express.latest')) : answers.goVersion);
    rows.push([t('wizard.express.what'), whatTarball(version, index, t)]);
    const scope = answers.scope ?? (detection ? defaultScope(detection) : 'user');
    const dir = answers.installDir ?? (scope === 'system' ? SYSTEM_DIR : userDir);
    rows.push([t('wizard.express.where'), t(scope === 'system' ? 'wizard.express.whereSystem' : 'wizard.express.whereUser', { dir })]);
    const mirror = (MIRROR_PRESETS as readonly string[]).includes(answers.mirror) ? t(`wizard.mirror.${answers.mirror}`) : answers.mirror;
    rows.push([t('wizard.express.from'), checkedAgainst(mirror, index, t)]);
  } else {
    rows.push([t('wizard.express.what'), t(answers.method === 'apt' ? 'wizard.express.whatApt' : 'wizard.express.whatSnap')]);
  }
  const shells = detection ? resolveShells(answers.shells, detection) : [];
  rows.push([t('wizard.express.shells'), shells.length ? shells.join(', ') : t('wizard.express.noShells')]);
  const goproxy = answers.goproxy === 'keep' ? t('wizard.express.goproxyKeep') : (GOPROXY_PRESETS as readonly string[]).includes(answers.goproxy) ? t(`wizard.goproxy.${answers.goproxy}`) : answers.goproxy;
  rows.push([t('wizard.express.goproxy'), goproxy]);
  const http = httpChoice(answers);
  if (http !== 'env') rows.push([t('wizard.express.proxy'), http === 'none' ? t('wizard.proxies.none') : redact(http)]);
  const other = otherGoRow(answers, otherGo, t);
  if (other) rows.push([t('otherGo.express'), other]);
  return rows;
}

/** The done screen's warnings: startup-file lines the user kept that override what was chosen. */
export function keptConflicts(plan: Plan | null, t: Translate): string[] {
  return (plan?.conflicts ?? [])
    .filter((conflict) => conflict.action === 'keep')
    .map(({ file, line, text, overrides }) => t('extras.done.keptLine', { file, line, text, overrides }));
}

/** What needs a new login (environment.d is read when the session starts), when the plan wrote it. */
export function loginNote(plan: Plan | null, t: Translate): string | null {
  const step = plan?.steps.find((s) => s.id === 'session-env');
  return step ? t('extras.done.newLogin', { path: step.touches[0]!.path }) : null;
}

/** The optional steps the shells screen offers, as ticked answers: a C compiler only when none was found. */
export const EXTRA_KEYS = ['sessionEnv', 'gopls', 'buildEssential'] as const;
export type ExtraKey = (typeof EXTRA_KEYS)[number];

export function extraChoices(detection: Detection | null, t: Translate): { value: ExtraKey; label: string; hint: string; disabled?: string }[] {
  const items: { value: ExtraKey; label: string; hint: string; disabled?: string }[] = [
    { value: 'sessionEnv', label: t('extras.wizard.sessionEnv'), hint: t('extras.wizard.sessionEnvWhy') },
    { value: 'gopls', label: t('extras.wizard.gopls'), hint: t('extras.wizard.goplsWhy') },
  ];
  if (detection?.cCompiler === null) {
    const canRoot = detection.user.isRoot || detection.user.sudo !== 'none';
    items.push({ value: 'buildEssential', label: t('extras.wizard.buildEssential'), hint: t('extras.wizard.buildEssentialWhy'), ...(canRoot ? {} : { disabled: t('extras.wizard.buildEssentialNoRoot') }) });
  }
  return items;
}

/** Ticked extras as answers: an unticked one is left out (not `false`), so an answers file names only what was chosen. */
export function extraAnswers(ticked: readonly string[]): Pick<Answers, ExtraKey> {
  return { sessionEnv: ticked.includes('sessionEnv') || undefined, gopls: ticked.includes('gopls') || undefined, buildEssential: ticked.includes('buildEssential') || undefined };
}
