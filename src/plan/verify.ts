// The verify step: proves the result as a new terminal would see it — `go version` from a fresh login and
// interactive shell of each configured shell (clean environment, the new go first on PATH), and a hello-world
// program compiled and run offline with a throw-away GOPATH and GOCACHE.
import { xdgDir } from '../paths.js';
import { join } from 'node:path';
import { freshSessionEnv } from '../shell/fresh-session.js';
import { shQuote } from '../shell/quote.js';
import type { PlanContext } from './context.js';
import { goTelemetryTouch } from './environment.js';
import {
  fetchesNothing,
  GOPROXY_OFF_REASON,
  HELLO_OUTPUT,
  HELLO_SOURCE,
  helloEnvironment,
  keptGoConflicts,
  MODULE_CHECK_SECONDS,
  moduleCheckSettings,
  moduleDownloadArgs,
  PROOF_MODULE,
  proofGoproxy,
  proofSettings,
  proofShells,
  shellProbe,
} from './proof.js';
import type { StepDraft } from './steps.js';

/** `NAME=value` words for bash, each value in a scratch dir held in `$variable` double-quoted (the rest single-quoted). */
function assignments(settings: [string, string][], variable: string): string {
  return settings.map(([name, value]) => `${name}=${value.startsWith(variable) ? `"${value}"` : shQuote(value)}`).join(' ');
}

/** A fresh session of the user the plan is for (shell/fresh-session.ts): `NAME=value` words for `env -i`. */
export function cleanEnvironment(ctx: PlanContext): string[] {
  return Object.entries(freshSessionEnv({ ...ctx.env, HOME: ctx.home })).map(([name, value]) => `${name}=${value}`);
}

function dataHome(ctx: PlanContext): string {
  return xdgDir(ctx.env, 'XDG_DATA_HOME', ctx.home);
}

export function verifyStep(ctx: PlanContext, goBinary: string, versionPrefix: string): void {
  const { t } = ctx;
  const clean = cleanEnvironment(ctx).map(shQuote).join(' ');
  const checks = proofShells(ctx.shells);
  // What each shell must report (plan/proof.ts, shared with the native proof); values compared with credentials as ****.
  const proof = { goroot: ctx.goroot, options: ctx.options, method: ctx.options.method, conflicts: ctx.conflicts, release: ctx.release };
  const settings = proofSettings(proof);
  const probe = shellProbe(proof);
  // The lines after go's path: the version (one line, or go env's GOVERSION GOHOSTOS GOHOSTARCH), then the settings.
  const versionLines = probe.lines - 1 - settings.length;
  // Every element in single quotes (shellcheck reads a bare comma in an array as a mistaken separator).
  const array = (values: string[]) => `(${values.map((value) => `'${value.replace(/'/g, `'\\''`)}'`).join(' ')})`;
  const lines = [
    `gsw_go=${shQuote(goBinary)}`,
    `gsw_want=${shQuote(versionPrefix)}`,
    `gsw_keys=${array(settings.map((s) => s.key))}`,
    `gsw_wants=${array(settings.map((s) => s.want))}`,
    `gsw_kept=${array(settings.map((s) => s.kept))}`,
    `gsw_kept_go=${shQuote(keptGoConflicts(proof))}`,
    'gsw_prove() {',
    '  local out found version i got want shown',
    '  local -a lines',
    // Only the last lines count: a profile may print something first. setsid: an interactive shell would
    // otherwise take the terminal's foreground over (through /dev/tty) and not give it back.
    `  out=$(setsid -w env -i ${clean} "$@" ${shQuote(probe.command)} 2>/dev/null < /dev/null | tail -n ${probe.lines}) || true`,
    '  mapfile -t lines <<< "$out"',
    '  found=${lines[0]-}',
    // The `go version` line, as it printed it or rebuilt from go env's lines (probeVersionLine in plan/proof.ts).
    ...(probe.versionFromEnv ? ['  version=', '  [ -z "${lines[1]-}" ] || version="go version ${lines[1]} ${lines[2]-}/${lines[3]-}"'] : ['  version=${lines[1]-}']),
    '  if [ "$found" != "$gsw_go" ] || [[ "$version" != "$gsw_want"* ]]; then',
    '    if [ -n "$gsw_kept_go" ]; then',
    '      printf \'warning: %s: found %s (%s), expected %s (kept %s)\\n\' "$*" "${found:-no go}" "$version" "$gsw_go" "$gsw_kept_go" >&2',
    '      return 0',
    '    fi',
    '    printf \'%s: found %s (%s), expected %s\\n\' "$*" "${found:-no go}" "$version" "$gsw_go" >&2',
    '    return 1',
    '  fi',
    '  for i in "${!gsw_keys[@]}"; do',
    `    got=$(printf '%s' "\${lines[$((i + ${1 + versionLines}))]-}" | sed -E 's#([a-z][a-z0-9+.-]*://)[^/@[:space:]]*@#\\1****@#gI')`,
    '    want=${gsw_wants[$i]}',
    '    shown=$got',
    // GOROOT paths are compared resolved, as the native proof does (realpath; a path that does not exist as it is).
    '    if [ "${gsw_keys[$i]}" = GOROOT ]; then',
    '      got=$(readlink -e -- "$got") || got=$shown',
    '      want=$(readlink -e -- "$want") || want=${gsw_wants[$i]}',
    '    fi',
    '    if [ "$got" != "$want" ]; then',
    '      if [ -n "${gsw_kept[$i]}" ]; then',
    '        printf \'warning: %s: go env %s is %s, expected %s (kept %s)\\n\' "$*" "${gsw_keys[$i]}" "${shown:-(empty)}" "${gsw_wants[$i]}" "${gsw_kept[$i]}" >&2',
    '      else',
    '        printf \'%s: go env %s is %s, expected %s\\n\' "$*" "${gsw_keys[$i]}" "${shown:-(empty)}" "${gsw_wants[$i]}" >&2',
    '        return 1',
    '      fi',
    '    fi',
    '  done',
    '  printf \'%s: %s\\n\' "$*" "$version"',
    '}',
    ...checks.map((args) => `gsw_prove ${args.join(' ')}`),
    // No shells configured: the binary itself must still answer.
    ...(checks.length ? [] : ['gsw_version=$(env -u GOROOT GOTOOLCHAIN=local "$gsw_go" version)', '[[ "$gsw_version" == "$gsw_want"* ]]', 'echo "$gsw_version"']),
    'gsw_hello=$(mktemp -d)',
    `printf '%s' ${shQuote(HELLO_SOURCE)} > "$gsw_hello/hello.go"`,
    'gsw_status=0',
    `gsw_out=$(cd "$gsw_hello" && env -i ${assignments(helloEnvironment('$gsw_hello'), '$gsw_hello')} "$gsw_go" run hello.go 2>&1) || gsw_status=$?`,
    'chmod -R u+w -- "$gsw_hello"',
    'rm -rf -- "$gsw_hello"',
    `if [ "$gsw_status" -ne 0 ] || [ "$gsw_out" != ${shQuote(HELLO_OUTPUT)} ]; then`,
    '  printf \'hello world failed: %s\\n\' "$gsw_out" >&2',
    '  exit 1',
    'fi',
    `echo ${shQuote(`hello world: ${HELLO_OUTPUT}`)}`,
    // Online, after the offline proof: one small module through the configured GOPROXY, scratch caches, bounded time.
    'gsw_mods=$(mktemp -d)',
    // GOPROXY as go will start with it: the environment's, else the run's own (whether it begins with off, nothing more).
    `gsw_goproxy=\${GOPROXY:-${fetchesNothing(proofGoproxy(proof, undefined)) ? 'off' : ''}}`,
    'if [ "${gsw_goproxy%%[,|]*}" = off ]; then',
    `  printf 'warning: modules: skipped: could not fetch %s through GOPROXY (%s)\\n' ${shQuote(PROOF_MODULE)} ${shQuote(GOPROXY_OFF_REASON)} >&2`,
    `elif gsw_out=$(cd "$gsw_mods" && ${assignments(moduleCheckSettings('$gsw_mods'), '$gsw_mods')} timeout ${MODULE_CHECK_SECONDS} "$gsw_go" ${moduleDownloadArgs.join(' ')} 2>&1) && [[ "$gsw_out" == *'"Zip":'* ]]; then`,
    `  echo ${shQuote(`modules: fetched ${PROOF_MODULE}`)}`,
    'else',
    // `go mod download -json` reports a failure as "Error": "…" on stdout; else the last line go printed.
    '  gsw_reason=$(printf \'%s\\n\' "$gsw_out" | sed -nE \'s/^[[:space:]]*"Error": "(.*)",?$/\\1/p\' | tail -n 1)',
    '  [ -n "$gsw_reason" ] || gsw_reason=$(printf \'%s\\n\' "$gsw_out" | grep . | tail -n 1)',
    `  printf 'warning: modules: skipped: could not fetch %s through GOPROXY (%s)\\n' ${shQuote(PROOF_MODULE)} "$(printf '%s' "$gsw_reason" | sed -E 's#([a-z][a-z0-9+.-]*://)[^/@[:space:]]*@#\\1****@#gI')" >&2`,
    'fi',
    'chmod -R u+w -- "$gsw_mods"',
    'rm -rf -- "$gsw_mods"',
  ];
  // A first fish start creates its data directory: that is part of what the run changes.
  const fishData = join(dataHome(ctx), 'fish');
  const touches: StepDraft['touches'] = [
    ...goTelemetryTouch(ctx),
    ...(ctx.shells.includes('fish') && !ctx.steps.states.exists(fishData) ? [{ touch: { kind: 'path' as const, path: fishData, root: false }, after: 'dir' as const }] : []),
  ];
  ctx.steps.add({
    id: 'verify',
    title: t('plan.step.verify.title'),
    why: t('plan.step.verify.why'),
    root: false,
    native: 'verify',
    versionPrefix,
    touches,
    run: lines.join('\n'),
  });
}
