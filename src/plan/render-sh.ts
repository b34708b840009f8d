// The plan as a standalone bash script: the same steps with the same checks, backups of every file before it
// changes, and a trap that undoes the started steps in reverse on any failure or interrupt.
import { redact } from '../redact.js';
import { shQuote } from '../shell/quote.js';
import type { Plan, Step } from '../types.js';
import { backupName } from './undo.js';

function comment(text: string): string {
  return text
    .split('\n')
    .map((line) => `# ${line}`.trimEnd())
    .join('\n');
}

function defaultBackups(plan: Plan): string {
  return `${plan.paths.stateDir}/runs/${plan.runId}/backups`;
}

function header(plan: Plan, purpose: string): string[] {
  const what = plan.release ? `${plan.release.version} (${plan.method})` : plan.method;
  return [
    '#!/usr/bin/env bash',
    comment(`go-setup-wizard plan ${plan.runId}, made ${plan.createdAt}: Go ${what} -> ${plan.goroot} (${plan.scope} scope)`),
    comment(purpose),
    'set -euo pipefail',
    '',
    `GSW_BACKUPS=\${GSW_BACKUPS:-${shQuote(defaultBackups(plan))}}`,
    '',
    '# Runs one of the functions below as root: directly when root, else through sudo (keeping the proxy settings).',
    'gsw_as_root() {',
    '  if [ "$(id -u)" -eq 0 ]; then',
    '    ( "$1" )',
    '  else',
    '    sudo --preserve-env=http_proxy,https_proxy,no_proxy,HTTP_PROXY,HTTPS_PROXY,NO_PROXY \\',
    '      bash -c "set -euo pipefail; GSW_BACKUPS=$(printf %q "$GSW_BACKUPS"); $(declare -f "$1"); $1"',
    '  fi',
    '}',
    '',
  ];
}

function undoFunction(step: Step, index: number): string[] {
  return [`gsw_undo_${index}() {`, step.undo, '}'];
}

/** Each changed path as the plan saw it at its first touch: the script refuses to run against another state. */
function expectedStates(plan: Plan): [string, string][] {
  const seen = new Map<string, string>();
  // A path inside one an earlier step creates (the staging tree) is not there yet when the script starts.
  const known = (path: string) => [...seen.keys()].some((p) => path === p || path.startsWith(`${p}/`));
  for (const step of plan.steps) {
    for (const touch of step.touches) {
      if (!known(touch.path) && touch.before) seen.set(touch.path, touch.before);
      if (touch.kind === 'move' && !known(touch.to)) seen.set(touch.to, 'absent');
    }
  }
  return [...seen];
}

export function renderShellScript(plan: Plan): string {
  const count = plan.steps.length;
  const lines = header(
    plan,
    [
      'Runs every step in order with the same checks as the wizard. Every file is backed up to $GSW_BACKUPS',
      'before it changes; on any failure or interrupt the started steps are undone in reverse.',
      'Downloads use the proxies of the environment (http_proxy, https_proxy, no_proxy).',
    ].join('\n'),
  );
  lines.push(
    '# The state this plan was made for: if a path it changes is not as it was then, stop before changing anything.',
    'gsw_expect() {',
    "  local now='absent'",
    `  if [ -L "$1" ]; then now='symlink'; elif [ -f "$1" ]; then now='file'; elif [ -d "$1" ]; then now='dir'; elif [ -e "$1" ]; then now='other'; fi`,
    '  if [ "$now" != "$2" ]; then',
    '    printf \'go-setup-wizard: %s is now %s, not %s as when this script was made: make a new plan\\n\' "$1" "$now" "$2" >&2',
    '    exit 2',
    '  fi',
    '}',
    ...expectedStates(plan).map(([path, state]) => `gsw_expect ${shQuote(path)} ${state}`),
    '',
    '# Keeps a copy (with its mode) of a file before a step changes it.',
    'gsw_backup() {',
    '  if [ -f "$1" ] && [ ! -e "$GSW_BACKUPS/$2" ]; then cp -p -- "$1" "$GSW_BACKUPS/$2"; fi',
    '}',
    '',
  );

  plan.steps.forEach((step, index) => {
    lines.push(
      comment(`[${index + 1}/${count}] ${step.id}: ${step.title}`),
      comment(step.why),
      `gsw_step_${index}() {`,
      // Not indented: a multi-line quoted string in the body must keep its exact bytes.
      step.run,
      '}',
      ...undoFunction(step, index),
      '',
    );
  });

  lines.push(
    '# Backups live in a folder of their own; the directories made for it are removed again after a full undo.',
    'gsw_new_dirs=()',
    'gsw_dir=$GSW_BACKUPS',
    'while [ ! -d "$gsw_dir" ]; do',
    '  gsw_new_dirs=("$gsw_dir" "${gsw_new_dirs[@]}")',
    '  gsw_dir=$(dirname -- "$gsw_dir")',
    'done',
    'mkdir -p -- "$GSW_BACKUPS"',
    '',
    'gsw_started=()',
    'gsw_roots=()',
    'gsw_on_exit() {',
    '  local status=$? i index complete=1',
    '  trap - EXIT',
    '  if [ "$status" -ne 0 ] && [ "${#gsw_started[@]}" -gt 0 ]; then',
    '    printf \'go-setup-wizard: failed (exit %s); undoing the started steps\\n\' "$status" >&2',
    '    for ((i = ${#gsw_started[@]} - 1; i >= 0; i--)); do',
    '      index=${gsw_started[i]}',
    '      if [ "${gsw_roots[i]}" = 1 ]; then',
    '        gsw_as_root "gsw_undo_$index" || complete=0',
    '      else',
    '        ( "gsw_undo_$index" ) || complete=0',
    '      fi',
    '    done',
    '    if [ "$complete" = 1 ]; then',
    '      rm -rf -- "$GSW_BACKUPS"',
    '      for ((i = ${#gsw_new_dirs[@]} - 1; i >= 0; i--)); do rmdir -- "${gsw_new_dirs[i]}" 2>/dev/null || true; done',
    '      echo \'go-setup-wizard: everything this script changed was restored\' >&2',
    '    else',
    '      printf \'go-setup-wizard: some changes could not be undone; backups are kept in %s\\n\' "$GSW_BACKUPS" >&2',
    '      status=3',
    '    fi',
    '  fi',
    '  exit "$status"',
    '}',
    'trap gsw_on_exit EXIT',
    "trap 'exit 130' INT TERM",
    '',
    '# Runs step <index> (as root when <root> is 1) after backing up the files it changes.',
    'gsw_run() {',
    '  local index=$1 root=$2 title=$3',
    `  printf '==> [%s/%s] %s\\n' "$((index + 1))" ${count} "$title"`,
    '  gsw_started+=("$index")',
    '  gsw_roots+=("$root")',
    '  if [ "$root" = 1 ]; then gsw_as_root "gsw_step_$index"; else ( "gsw_step_$index" ); fi',
    '}',
    '',
  );

  plan.steps.forEach((step, index) => {
    step.touches.forEach((touch, touchIndex) => {
      if (touch.kind === 'path' && touch.before === 'file') lines.push(`gsw_backup ${shQuote(touch.path)} ${backupName(index, touchIndex)}`);
    });
    lines.push(`gsw_run ${index} ${step.root ? 1 : 0} ${shQuote(step.title)}`);
  });
  lines.push(`echo ${shQuote(`go-setup-wizard: done; backups for undoing are kept in ${defaultBackups(plan)}`)}`, '');
  return redact(lines.join('\n'));
}

/** The undo steps alone, newest first: what `rollback` does, as bash (for the preview's rollback tab). */
export function renderRollbackScript(plan: Plan): string {
  const lines = header(plan, 'Undoes that run: puts back every file from $GSW_BACKUPS and removes what it added, newest step first.');
  const undone = plan.steps.map((step, index) => ({ step, index })).filter(({ step }) => step.undo !== ':');
  for (const { step, index } of undone) lines.push(comment(`${step.id}: ${step.title}`), ...undoFunction(step, index), '');
  for (const { step, index } of [...undone].reverse()) lines.push(step.root ? `gsw_as_root gsw_undo_${index}` : `gsw_undo_${index}`);
  lines.push('');
  return redact(lines.join('\n'));
}
