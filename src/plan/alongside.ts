// Several Go versions side by side, in the golang.org/dl layout: `install --alongside` unpacks a release into
// ~/sdk/go1.N.P and links a `go1.N.P` command into $GOPATH/bin (a `go` finds its GOROOT from its resolved path, so
// a symlink works), leaving the default `go` — what env.sh puts first on PATH — as it is. `use go1.N.P` makes an
// installed version the default by pointing the environment at it (plans built with BuildInput.use).
import { delimiter, dirname, join } from 'node:path';
import { UserError } from '../errors.js';
import { shQuote } from '../shell/quote.js';
import type { ResolvedRelease } from '../types.js';
import type { PlanContext } from './context.js';
import { tarballSteps } from './tarball.js';

/** Where `--alongside` puts a release: ~/sdk/go1.N.P (golang.org/dl's layout). */
export function sdkDir(home: string, version: string): string {
  return join(home, 'sdk', version);
}

/** The `go1.N.P` command: a symlink in $GOPATH/bin to the release's bin/go. */
export function versionCommand(gopath: string, version: string): string {
  return join(gopath, 'bin', version);
}

/** --alongside with options that contradict it: one line, exit 2. */
export function assertAlongsideOptions(ctx: Pick<PlanContext, 'options' | 't'>): void {
  const { options, t } = ctx;
  if (!options.alongside) return;
  if (options.method !== 'tarball') throw new UserError(t('apt.alongside.method', { method: options.method }));
  if (options.installDir) throw new UserError(t('apt.alongside.installDir'));
  if (options.scope === 'system') throw new UserError(t('apt.alongside.scope'));
}

/** The steps of `install --alongside`: the release into ~/sdk/go1.N.P, its go1.N.P command, and their proof. */
export function alongsideSteps(ctx: PlanContext, release: ResolvedRelease): void {
  const { t, steps } = ctx;
  tarballSteps(ctx, release);
  const link = versionCommand(ctx.gopath, release.version);
  const target = join(ctx.goroot, 'bin/go');
  if (ctx.disk.readlink(link) !== target) steps.add({
    id: 'link-command',
    title: t('apt.alongside.link.title', { command: release.version }),
    why: t('apt.alongside.link.why', { link, target }),
    root: false,
    touches: [{ touch: { kind: 'path', path: link, root: false }, after: 'symlink' }],
    run: [`mkdir -p -- ${shQuote(dirname(link))}`, `ln -sfn -- ${shQuote(target)} ${shQuote(link)}`].join('\n'),
  });
  const prefix = `go version ${release.version} `;
  steps.add({
    id: 'verify',
    title: t('apt.alongside.verify.title', { command: release.version }),
    why: t('apt.alongside.verify.why'),
    root: false,
    touches: [],
    run: [
      // GOTOOLCHAIN=local and no config dir: the check neither fetches another toolchain nor leaves files in HOME.
      `gsw_run() { env -u GOROOT -u XDG_CONFIG_HOME HOME=/nonexistent GOTOOLCHAIN=local ${shQuote(link)} "$@"; }`,
      'gsw_found=$(gsw_run version)',
      `case $gsw_found in ${shQuote(prefix)}*) echo "$gsw_found" ;; *) printf '%s: %s, expected %s\\n' ${shQuote(link)} "$gsw_found" ${shQuote(release.version)} >&2; exit 1 ;; esac`,
      'gsw_root=$(gsw_run env GOROOT)',
      `if [ "$(readlink -f -- "$gsw_root")" != "$(readlink -f -- ${shQuote(ctx.goroot)})" ]; then printf 'go env GOROOT is %s, expected %s\\n' "$gsw_root" ${shQuote(ctx.goroot)} >&2; exit 1; fi`,
      `echo ${shQuote(`GOROOT ${ctx.goroot}`)}`,
    ].join('\n'),
  });
  const onPath = (ctx.env.PATH ?? '').split(delimiter).includes(dirname(link));
  ctx.warnings.push(t(onPath ? 'apt.alongside.note' : 'apt.alongside.noteNotOnPath', { command: release.version, bin: dirname(link) }));
}
