// Startup-file lines that would override what the plan sets up (another Go on PATH, a stale GOROOT, an exported
// GOPROXY that defeats `go env -w` …). With --conflicts comment (the default) each file gets one journaled step that
// comments those lines out with a note — undone byte for byte by rollback; with keep they stay and the plan warns.
import { createHash } from 'node:crypto';
import { basename, dirname, join, relative } from 'node:path';
import { redact } from '../redact.js';
import { fishQuote, shQuote } from '../shell/quote.js';
import { createTranslator } from '../i18n/index.js';
import type { PlanConflict, StartupSetting } from '../types.js';
import type { PlanContext } from './context.js';
import { fileDiff, requestedGoSettings } from './environment.js';

export const CONFLICT_NOTE = '# go-setup-wizard: commented out, overrides';

const stripSlash = (path: string) => path.replace(/(.)\/+$/, '$1');

type Override = [key: string, vars: Record<string, string>];

/** What the line overrides in this plan (a catalog key and its values), or null when it does not get in the way. */
function overrides(ctx: PlanContext, setting: StartupSetting, goBinDir: string): Override | null {
  const { resolved } = setting;
  const chosen = new Map(requestedGoSettings(ctx.options));
  const setTo = (variable: string, value: string): Override => ['env.override.setting', { setting: `${variable}=${redact(value)}` }];
  switch (setting.variable) {
    case 'PATH':
      return (setting.goBins ?? []).some((dir) => dir !== goBinDir) ? ['env.override.path', { dir: goBinDir }] : null;
    case 'GOROOT':
      return resolved !== null && stripSlash(resolved) === ctx.goroot ? null : ['env.override.goroot', { goroot: ctx.goroot }];
    case 'GOPATH':
      return resolved !== null && stripSlash(resolved.split(':')[0]!) === ctx.gopath ? null : setTo('GOPATH', ctx.gopath);
    case 'GOBIN':
      return resolved !== null && stripSlash(resolved) === join(ctx.gopath, 'bin') ? null : setTo('GOBIN', join(ctx.gopath, 'bin'));
    case 'GOPROXY':
    case 'GOSUMDB':
    case 'GOPRIVATE': {
      const wanted = chosen.get(setting.variable);
      return wanted === undefined || resolved === redact(wanted) ? null : setTo(setting.variable, wanted);
    }
    case 'GONOSUMDB':
    case 'GONOPROXY': {
      const wanted = chosen.get('GOPRIVATE');
      return wanted === undefined || resolved === wanted ? null : setTo('GOPRIVATE', wanted);
    }
    case 'GOTOOLCHAIN':
      return resolved === null || /^go\d/.test(resolved) ? ['env.override.toolchain', { dir: goBinDir }] : null;
    case 'GO111MODULE':
      return resolved === 'off' ? ['env.override.modules', {}] : null;
    default:
      return null;
  }
}

const english = createTranslator('en');

/** Every line that gets in the way of this plan, with what it overrides (and the English note for the file). */
export function findConflicts(ctx: PlanContext, goBinary: string): (PlanConflict & { note: string })[] {
  const goBinDir = dirname(goBinary);
  const fishInstalled = ctx.detection.shell.available.includes('fish');
  return ctx.detection.startupEnv.flatMap((setting) => {
    if (setting.syntax === 'fish-universal' && !fishInstalled) return [];
    const found = overrides(ctx, setting, goBinDir);
    if (!found) return [];
    const [key, vars] = found;
    const { file, line, text, variable, system } = setting;
    return [{ file, line, text, variable, system, overrides: ctx.t(key, vars), note: english(key, vars), action: ctx.options.conflicts ?? 'comment' }];
  });
}

/** A file's lines as awk sees them (records split on \n; a final newline ends the last record). */
function records(text: string): string[] {
  return (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
}

/** The line as `sed -n Np` prints it, hashed: the step refuses to edit a file whose line changed since the plan. */
function lineDigest(text: string, lineNumber: number): string {
  const lines = text.split('\n');
  const isLast = lineNumber === lines.length;
  return createHash('sha256').update(lines[lineNumber - 1]! + (isLast ? '' : '\n')).digest('hex');
}

/** The comment that replaces a line: a note, then the line itself commented out; a no-op keeps an if/for body non-empty. */
function commentedOut(line: string, note: string, keepCommand: boolean): string[] {
  return [`${keepCommand ? ': ' : ''}${CONFLICT_NOTE} ${note}`, `# ${line}`];
}

/** Kebab-case step id for a file: `comment-out-bashrc`, `comment-out-etc-profile-d-golang-sh`. */
function stepId(ctx: PlanContext, file: string): string {
  const name = file.startsWith('/etc/') ? relative('/', file) : basename(file);
  const slug = name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase();
  let id = `comment-out-${slug || 'file'}`;
  for (let n = 2; ctx.steps.steps.some((step) => step.id === id); n++) id = `comment-out-${slug}-${n}`;
  return id;
}

type Found = ReturnType<typeof findConflicts>[number];

function textFileStep(ctx: PlanContext, listed: string, conflicts: Found[], settings: StartupSetting[]): void {
  const { t } = ctx;
  // A symlinked dotfile is edited (and journaled) at the file it points to.
  const file = ctx.disk.realpath(listed);
  const current = file === null ? null : ctx.disk.readText(file);
  if (file === null || current === null) return;
  const byLine = new Map<number, { note: string; nested: boolean }>();
  for (const conflict of conflicts) {
    const setting = settings.find((s) => s.file === listed && s.line === conflict.line)!;
    const entry = byLine.get(conflict.line);
    const note = entry ? `${entry.note}; ${conflict.note}` : conflict.note;
    byLine.set(conflict.line, { note, nested: setting.syntax === 'sh' && setting.nested });
  }
  const lines = records(current);
  const out = lines.flatMap((line, index) => {
    const entry = byLine.get(index + 1);
    return entry ? commentedOut(line, entry.note, entry.nested) : [line];
  });
  const content = out.join('\n') + '\n';
  const quoted = shQuote(file);
  const numbers = [...byLine.keys()].sort((a, b) => a - b);
  const checks = numbers.map(
    (n) => `[ "$(sed -n '${n}p' -- ${quoted} | sha256sum)" = '${lineDigest(current, n)}  -' ] || { echo ${shQuote(`${file}:${n} changed since the plan was made; not editing it`)} >&2; false; }`,
  );
  const notes = numbers.map((n) => `GSW_NOTE_${n}=${shQuote(commentedOut('', byLine.get(n)!.note, byLine.get(n)!.nested)[0]!)}`);
  const program = numbers.map((n) => `  NR == ${n} { print ENVIRON["GSW_NOTE_${n}"]; print "# " $0; next }`);
  const root = conflicts[0]!.system;
  ctx.steps.add({
    id: stepId(ctx, file),
    title: t('env.plan.comment.title', { path: file, lines: numbers.join(', ') }),
    why: t('env.plan.comment.why'),
    root,
    touches: [{ touch: { kind: 'path', path: file, root }, after: 'file' }],
    // Rewritten through a temp file and `cat >` so the file keeps its inode, mode and owner.
    run: [...checks, 'gsw_tmp=$(mktemp)', `${notes.join(' ')} awk '`, ...program, '  { print }', `' ${quoted} > "$gsw_tmp"`, `cat -- "$gsw_tmp" > ${quoted}`, 'rm -f -- "$gsw_tmp"'].join('\n'),
    diff: fileDiff(file, current, content),
  });
  ctx.edited.set(file, content);
}

/** fish's universal variables live in fish_variables, which fish rewrites: they are erased with fish itself. */
function universalStep(ctx: PlanContext, file: string, conflicts: Found[], settings: StartupSetting[], goBinDir: string): void {
  const commands = conflicts.flatMap((conflict) => {
    const setting = settings.find((s) => s.file === file && s.line === conflict.line && s.variable === conflict.variable)!;
    if (setting.variable !== 'PATH') return [`set -Ue ${setting.variable}`];
    const others = (setting.goBins ?? []).filter((dir) => dir && dir !== goBinDir);
    return others.map((dir) => `set -U fish_user_paths (string match -v -- ${fishQuote(dir)} $fish_user_paths)`);
  });
  if (commands.length === 0) return;
  ctx.steps.add({
    id: 'fish-universal-variables',
    title: ctx.t('env.plan.universal.title', { names: [...new Set(conflicts.map((c) => (c.variable === 'PATH' ? 'fish_user_paths' : c.variable)))].join(', ') }),
    why: ctx.t('env.plan.universal.why'),
    root: false,
    touches: [{ touch: { kind: 'path', path: file, root: false }, after: 'file' }],
    run: `fish --no-config -c ${shQuote(commands.join('; '))}`,
  });
}

/** Adds the steps (comment mode) or warnings (keep mode, or a system file this user cannot change). Returns the conflicts. */
export function conflictSteps(ctx: PlanContext, goBinary: string): PlanConflict[] {
  const conflicts = findConflicts(ctx, goBinary);
  const settings = ctx.detection.startupEnv;
  const canRoot = ctx.detection.user.isRoot || ctx.detection.user.sudo !== 'none';
  for (const conflict of conflicts) {
    if (conflict.action === 'comment' && conflict.system && !canRoot) conflict.action = 'keep';
    if (conflict.action === 'keep') {
      ctx.warnings.push(ctx.t('env.plan.kept', { file: conflict.file, line: conflict.line, text: conflict.text, overrides: conflict.overrides }));
    }
  }
  const files = [...new Set(conflicts.filter((c) => c.action === 'comment').map((c) => c.file))];
  for (const file of files) {
    const inFile = conflicts.filter((c) => c.file === file && c.action === 'comment');
    const syntax = settings.find((s) => s.file === file)!.syntax;
    if (syntax === 'fish-universal') universalStep(ctx, file, inFile, settings, dirname(goBinary));
    else textFileStep(ctx, file, inFile, settings);
  }
  return conflicts.map(({ note: _note, ...conflict }) => conflict);
}
