// The shell environment steps: env-files (env.sh, env.fish), one profile-<name> step per startup file that
// needs the marked block, and go-env (Go's own settings through `go env -w`).
import { dirname, join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { UserError } from '../errors.js';
import { xdgDir } from '../paths.js';
import { goproxyValue } from '../presets.js';
import { redact } from '../redact.js';
import { shQuote } from '../shell/quote.js';
import type { FileChange, ShellName } from '../types.js';
import { fileChangesStep } from './file-changes.js';
import type { PlanContext } from './context.js';
import type { StepDraft } from './steps.js';
import {
  editWithBlock,
  envFishContent,
  envSettingsFor,
  envShContent,
  fishBlock,
  hasUnterminatedBlock,
  shBlock,
  systemProfileBlock,
  type EnvSettings,
} from '../shell/profiles.js';

export const SYSTEM_PROFILE = '/etc/profile.d/go-setup-wizard.sh';

/** The unified diff of a file's change, for the preview (credentials redacted). */
export function fileDiff(path: string, before: string | null, after: string): string {
  return redact(createTwoFilesPatch(path, path, before ?? '', after, before === null ? '(new file)' : '', ''));
}

export function configHome(ctx: PlanContext): string {
  return xdgDir(ctx.env, 'XDG_CONFIG_HOME', ctx.home);
}

/** Where fish looks for conf.d files (fish honours XDG_CONFIG_HOME). */
export function fishConfDir(ctx: PlanContext): string {
  return join(configHome(ctx), 'fish/conf.d');
}

/** `go env -w` writes os.UserConfigDir()/go/env. */
export function goEnvFile(ctx: PlanContext): string {
  return join(configHome(ctx), 'go/env');
}

/** A go command of Go 1.23+ run as the user may create os.UserConfigDir()/go/telemetry: listed so undo removes it. */
export function goTelemetryTouch(ctx: PlanContext): StepDraft['touches'] {
  const telemetry = join(configHome(ctx), 'go/telemetry');
  return ctx.steps.states.exists(telemetry) ? [] : [{ touch: { kind: 'path', path: telemetry, root: false }, after: 'dir' }];
}

export function zdotdir(ctx: PlanContext): string {
  const value = ctx.env.ZDOTDIR;
  return value && value.startsWith('/') ? value : ctx.home;
}

interface ProfileTarget {
  id: string;
  /** The file named in the list (may be a symlink). */
  path: string;
  block: string;
  root: boolean;
}

function profileTargets(ctx: PlanContext): ProfileTarget[] {
  const { home, shells, paths } = ctx;
  if (shells.length === 0) return [];
  const sh = shBlock(paths.envSh);
  const has = (shell: ShellName) => shells.includes(shell);
  const targets: ProfileTarget[] = [{ id: 'profile-profile', path: join(home, '.profile'), block: sh, root: false }];
  if (has('bash')) {
    for (const [id, name] of [
      ['profile-bash-profile', '.bash_profile'],
      ['profile-bash-login', '.bash_login'],
    ] as const) {
      const path = join(home, name);
      if (ctx.steps.states.exists(path)) targets.push({ id, path, block: sh, root: false });
    }
    targets.push({ id: 'profile-bashrc', path: join(home, '.bashrc'), block: sh, root: false });
  }
  if (has('zsh')) targets.push({ id: 'profile-zshenv', path: join(zdotdir(ctx), '.zshenv'), block: sh, root: false });
  if (has('fish')) targets.push({ id: 'profile-fish', path: join(fishConfDir(ctx), 'go-setup-wizard.fish'), block: fishBlock(paths.envFish), root: false });
  if (ctx.scope === 'system' && ctx.options.method === 'tarball') {
    targets.push({ id: 'profile-system', path: SYSTEM_PROFILE, block: systemProfileBlock(join(ctx.goroot, 'bin')), root: true });
  }
  return targets;
}

/** A symlinked dotfile is edited at the file it points to; null when the link leads nowhere. */
function editablePath(ctx: PlanContext, path: string): string | null {
  if (ctx.steps.states.before(path) !== 'symlink') return path;
  return ctx.disk.realpath(path);
}

function profileSteps(ctx: PlanContext): void {
  const { t, steps } = ctx;
  for (const target of profileTargets(ctx)) {
    const file = editablePath(ctx, target.path);
    if (!file) {
      ctx.warnings.push(t('plan.warn.danglingLink', { path: target.path }));
      continue;
    }
    const current = ctx.edited.get(file) ?? ctx.disk.readText(file);
    if (current !== null && hasUnterminatedBlock(current)) throw new UserError(t('plan.error.unterminatedBlock', { path: file }));
    const edit = editWithBlock(current, target.block);
    if (edit.kind === 'unchanged') continue;
    if (current !== null && !target.root && !ctx.disk.writable(file)) throw new UserError(t('plan.error.notWritable', { path: file }));
    const dir = dirname(file);
    const changes: FileChange[] = [
      ...(steps.states.exists(dir) ? [] : [{ kind: 'mkdir' as const, path: dir }]),
      edit.kind === 'append'
        ? { kind: 'append-block', path: file, block: target.block, separator: edit.separator }
        : { kind: 'replace-block', path: file, block: target.block },
    ];
    steps.add({
      id: target.id,
      title: t(edit.kind === 'append' ? 'plan.step.profile.addTitle' : 'plan.step.profile.replaceTitle', { path: file }),
      why: t(`plan.step.${target.id}.why`),
      root: target.root,
      touches: [{ touch: { kind: 'path', path: file, root: target.root }, after: 'file' }],
      ...fileChangesStep(changes, target.root && !ctx.detection.user.isRoot),
      diff: fileDiff(file, current, edit.content),
    });
  }
}

function envSettings(ctx: PlanContext, goBinary: string): EnvSettings {
  const { home, goroot, gopath, options } = ctx;
  return envSettingsFor({ home, goroot, gopath, goBinDir: dirname(goBinary), persistProxy: options.persistProxy, proxy: options });
}

function envFilesStep(ctx: PlanContext, goBinary: string): void {
  const { t, steps, paths } = ctx;
  const settings = envSettings(ctx, goBinary);
  const secret = settings.proxies.length > 0;
  const files = [
    { path: paths.envSh, content: envShContent(settings) },
    { path: paths.envFish, content: envFishContent(settings) },
  ];
  const changed = files.filter(({ path, content }) => ctx.disk.readText(path) !== content || (secret && ctx.disk.stat(path)?.mode !== 0o600));
  if (changed.length === 0) return;
  // A file that will hold secrets is made 0600 before they reach it (FileChange 'write').
  const changes: FileChange[] = [{ kind: 'mkdir', path: paths.configDir }, ...changed.map(({ path, content }) => ({ kind: 'write' as const, path, content, secret }))];
  steps.add({
    id: 'env-files',
    title: t('plan.step.envFiles.title', { path: paths.configDir }),
    why: t(secret ? 'plan.step.envFiles.whySecret' : 'plan.step.envFiles.why'),
    root: false,
    touches: changed.map(({ path }) => ({ touch: { kind: 'path' as const, path, root: false }, after: 'file' as const })),
    ...fileChangesStep(changes, false),
    diff: changed.map(({ path, content }) => fileDiff(path, ctx.disk.readText(path), content)).join(''),
  });
}

/** KEY=VALUE lines of Go's env file. */
export function parseGoEnv(text: string | null): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of (text ?? '').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) values.set(line.slice(0, eq).trim(), line.slice(eq + 1));
  }
  return values;
}

/** The Go settings the options ask for (GOPROXY presets expanded); empty when they keep everything. */
export function requestedGoSettings(options: PlanContext['options']): [string, string][] {
  const wanted: [string, string][] = [];
  const goproxy = goproxyValue(options.goproxy);
  if (goproxy !== null) wanted.push(['GOPROXY', goproxy]);
  if (options.gosumdb !== undefined) wanted.push(['GOSUMDB', options.gosumdb]);
  if (options.goprivate !== undefined) wanted.push(['GOPRIVATE', options.goprivate]);
  return wanted;
}

/**
 * What `go env -w` does to Go's env file (replace each key's line, or append it), done with shell builtins when a
 * value holds credentials: `go env -w KEY=VALUE` would put them in a world-readable argv (/proc/<pid>/cmdline).
 * The file is made 0600 before the value reaches it.
 */
function privateGoEnvScript(file: string, changes: [string, string][]): string[] {
  const quoted = shQuote(file);
  const cases = changes.map(([key, value]) => `      ${key}=*) printf '%s\\n' ${shQuote(`${key}=${value}`)}; gsw_set="$gsw_set ${key}" ;;`);
  const appends = changes.map(([key, value]) => `  case " $gsw_set " in *" ${key} "*) ;; *) printf '%s\\n' ${shQuote(`${key}=${value}`)} ;; esac`);
  return [
    `mkdir -p -- ${shQuote(dirname(file))}`,
    `(umask 077 && : >> ${quoted})`,
    `chmod 600 -- ${quoted}`,
    'gsw_go_env=$(',
    '  gsw_set=',
    '  while IFS= read -r gsw_line || [ -n "$gsw_line" ]; do',
    '    case $gsw_line in',
    ...cases,
    `      *) printf '%s\\n' "$gsw_line" ;;`,
    '    esac',
    `  done < ${quoted}`,
    ...appends,
    ')',
    `printf '%s\\n' "$gsw_go_env" > ${quoted}`,
  ];
}

function goEnvStep(ctx: PlanContext, goBinary: string): void {
  const { t, steps } = ctx;
  const file = goEnvFile(ctx);
  const current = parseGoEnv(ctx.disk.readText(file));
  const changes = requestedGoSettings(ctx.options).filter(([key, value]) => current.get(key) !== value);
  if (changes.length === 0) return;
  const assignments = changes.map(([key, value]) => shQuote(`${key}=${value}`)).join(' ');
  // A GOPROXY (or any setting) holding a token makes Go's env file private: created 0600 before the token reaches
  // it (go env -w keeps an existing file's mode), and made 0600 if it was there already.
  const after = new Map([...current, ...changes]);
  const secret = [...after.values()].some((value) => redact(value) !== value);
  const run = secret ? privateGoEnvScript(file, changes) : [`env -u GOROOT GOTOOLCHAIN=local ${shQuote(goBinary)} env -w ${assignments}`];
  steps.add({
    id: 'go-env',
    title: t('plan.step.goEnv.title', { keys: changes.map(([key]) => key).join(', ') }),
    why: t('plan.step.goEnv.why', { path: file }),
    root: false,
    touches: [{ touch: { kind: 'path', path: file, root: false }, after: 'file' }, ...goTelemetryTouch(ctx)],
    run: run.join('\n'),
  });
}

export function environmentSteps(ctx: PlanContext, goBinary: string): void {
  envFilesStep(ctx, goBinary);
  profileSteps(ctx);
  goEnvStep(ctx, goBinary);
}
