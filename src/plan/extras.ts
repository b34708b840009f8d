// Optional steps beyond Go itself, each journaled and undone by rollback:
//  - build-essential (--build-essential): a C compiler for cgo and -race, through the exact apt step;
//  - ~/.config/environment.d/go.conf (--session-env): Go on PATH for what the desktop starts (editors, user services);
//  - git's http.proxy (--git-proxy): `go get` of a module fetched `direct` (git) goes through the proxy too;
//  - gopls (--gopls): the language server editors ask for, built with the new Go through the configured GOPROXY.
import { dirname, join } from 'node:path';
import { simulateAptInstall } from '../apt/install.js';
import { addAptInstallStep, addAptUpdateStep } from './apt-steps.js';
import { UserError } from '../errors.js';
import { commandQuery } from '../host/query.js';
import { shQuote } from '../shell/quote.js';
import type { PlanContext } from './context.js';
import { configHome, fileDiff, goTelemetryTouch, requestedGoSettings } from './environment.js';
import { BLOCK_BEGIN, BLOCK_END, blockEditScript, editWithBlock, hasUnterminatedBlock, type BlockEdit } from '../shell/profiles.js';
import type { StepDraft } from './steps.js';

/** The packages that give Ubuntu a C compiler (gcc, make, libc headers). */
export const C_TOOLCHAIN_PACKAGES = ['build-essential'];
/** What `--gopls` installs. */
export const GOPLS_MODULE = 'golang.org/x/tools/gopls';

/** The text a file has when this step runs: an earlier step's result, else what is on disk. */
function currentText(ctx: PlanContext, path: string): string | null {
  return ctx.edited.get(path) ?? (ctx.steps.states.exists(path) ? ctx.disk.readText(path) : null);
}

/**
 * No C compiler: with --build-essential an apt step (after `apt-get update`) that journals exactly what apt adds;
 * without root or sudo a warning naming the command instead (not a failure); without the option the advice.
 */
export async function cCompilerSteps(ctx: PlanContext): Promise<void> {
  const { detection, t } = ctx;
  if (detection.cCompiler !== null) return;
  if (!ctx.options.buildEssential) {
    ctx.warnings.push(t('env.plan.noCCompiler'));
    return;
  }
  const command = `sudo apt install ${C_TOOLCHAIN_PACKAGES.join(' ')}`;
  if (!detection.user.isRoot && detection.user.sudo === 'none') {
    ctx.warnings.push(t('extras.cc.noRoot', { command }));
    return;
  }
  const query = ctx.query ?? commandQuery(ctx.env);
  const simulation = await simulateAptInstall(query, C_TOOLCHAIN_PACKAGES, false);
  if (simulation && simulation.adds.length === 0) {
    ctx.warnings.push(t('extras.cc.installedNotFound', { packages: C_TOOLCHAIN_PACKAGES.join(' ') }));
    return;
  }
  addAptUpdateStep(ctx.steps, t);
  await addAptInstallStep(
    ctx.steps,
    { id: 'c-compiler', title: t('extras.cc.title', { packages: C_TOOLCHAIN_PACKAGES.join(' ') }), why: t('extras.cc.why'), packages: C_TOOLCHAIN_PACKAGES },
    query,
  );
}

/** A marked block written into `path` (created when absent): the preview shows the diff, rollback restores the file. */
function blockStep(
  ctx: PlanContext,
  spec: { id: string; path: string; block: string; title: (edit: BlockEdit) => string; why: string; secret: boolean },
): void {
  const { path, block } = spec;
  const current = currentText(ctx, path);
  if (current !== null && hasUnterminatedBlock(current)) throw new UserError(ctx.t('plan.error.unterminatedBlock', { path }));
  const edit = editWithBlock(current, block);
  if (edit.kind === 'unchanged') return;
  const quoted = shQuote(path);
  const dir = dirname(path);
  const run = [
    ...(ctx.steps.states.exists(dir) ? [] : [`mkdir -p -- ${shQuote(dir)}`]),
    // A file that will hold a password is private before the password reaches it.
    ...(spec.secret ? [`(umask 077 && : >> ${quoted})`, `chmod 600 -- ${quoted}`] : []),
    blockEditScript(path, block, edit),
  ];
  ctx.steps.add({
    id: spec.id,
    title: spec.title(edit),
    why: spec.why,
    root: false,
    touches: [{ touch: { kind: 'path', path, root: false }, after: 'file' }],
    run: run.join('\n'),
    diff: fileDiff(path, current, edit.content),
  });
  ctx.edited.set(path, edit.content);
}

/** systemd reads `${XDG_CONFIG_HOME:-~/.config}/environment.d/*.conf` when the user session starts. */
export function sessionEnvFile(ctx: PlanContext): string {
  return join(configHome(ctx), 'environment.d/go.conf');
}

/**
 * environment.d's KEY=VALUE block: the new Go and $GOPATH/bin first on PATH (`${PATH}` expands to what the session
 * had), GOPATH when it is not Go's default. Never GOROOT (a release `go` finds its own) and never a proxy password.
 */
export function sessionEnvBlock(goBinDir: string, gopath: string, home: string): string {
  const gopathBin = join(gopath, 'bin');
  const dirs = goBinDir === gopathBin ? [gopathBin] : [goBinDir, gopathBin];
  return [
    BLOCK_BEGIN,
    '# Go for programs the desktop starts (editors, IDEs) and systemd user services; read at the next login.',
    '# go-setup-wizard rollback removes this block.',
    `PATH=${dirs.join(':')}:\${PATH}`,
    ...(gopath === join(home, 'go') ? [] : [`GOPATH=${gopath}`]),
    BLOCK_END,
  ].join('\n');
}

/** environment.d values are not shell words: a path it cannot carry as written is refused up front. */
function sessionSafe(path: string): boolean {
  return /^[A-Za-z0-9_@%+=.,/~-]+$/.test(path);
}

export function sessionEnvStep(ctx: PlanContext, goBinary: string): void {
  if (!ctx.options.sessionEnv) return;
  const goBinDir = dirname(goBinary);
  const path = sessionEnvFile(ctx);
  for (const dir of [goBinDir, ctx.gopath]) {
    if (!sessionSafe(dir)) throw new UserError(ctx.t('extras.session.unsafePath', { path: dir }));
  }
  blockStep(ctx, {
    id: 'session-env',
    path,
    block: sessionEnvBlock(goBinDir, ctx.gopath, ctx.home),
    title: () => ctx.t('extras.session.title', { path }),
    why: ctx.t('extras.session.why'),
    secret: false,
  });
}

/**
 * The file `git config --global` writes: ~/.gitconfig, unless only the XDG one (`${XDG_CONFIG_HOME:-~/.config}/git/config`)
 * exists (git reads both).
 */
export function gitConfigFile(ctx: PlanContext): string {
  const dotfile = join(ctx.home, '.gitconfig');
  const xdg = join(configHome(ctx), 'git/config');
  return !ctx.steps.states.exists(dotfile) && ctx.steps.states.exists(xdg) ? xdg : dotfile;
}

/** A git config value in double quotes (`;` and `#` would start a comment otherwise). */
function gitQuoted(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function gitProxyBlock(proxy: string): string {
  return [BLOCK_BEGIN, '# git through the proxy (go get of modules fetched direct); go-setup-wizard rollback removes this block.', '[http]', `\tproxy = ${gitQuoted(proxy)}`, BLOCK_END].join('\n');
}

/**
 * `http.proxy` in the global git config, as a marked block (git takes the last value), written by the step's own bash
 * rather than `git config`, whose argv would show a proxy password to every user (/proc/<pid>/cmdline).
 */
export function gitProxyStep(ctx: PlanContext): void {
  if (!ctx.options.gitProxy) return;
  // Resolved once from this machine's options and environment (proxies.ts: runOptions): the exports' blank-machine
  // plan, which has no environment, writes the same proxy.
  const proxy = ctx.options.gitProxyUrl;
  if (!proxy) throw new UserError(ctx.t('extras.git.noProxy'));
  const path = gitConfigFile(ctx);
  const secret = /\/\/[^/@]*@/.test(proxy);
  blockStep(ctx, {
    id: 'git-proxy',
    path,
    block: gitProxyBlock(proxy),
    title: () => ctx.t('extras.git.title', { path }),
    why: ctx.t(secret ? 'extras.git.whySecret' : 'extras.git.why'),
    secret,
  });
}

/** Where the step puts gopls: $GOPATH/bin, which env.sh (and go.conf) put on PATH. */
export function goplsBinary(ctx: PlanContext): string {
  return join(ctx.gopath, 'bin/gopls');
}

/**
 * gopls built with the new Go: module and build caches in a scratch folder (removed afterwards, so the step's only
 * lasting change is the binary, which rollback removes), Go's settings from its env file — the GOPROXY this run set —
 * and the proxies the run was given.
 */
export function goplsStep(ctx: PlanContext, goBinary: string): void {
  if (!ctx.options.gopls) return;
  const binary = goplsBinary(ctx);
  // Settings this run writes with `go env -w` must not be overridden by the wizard's own environment.
  const unset = ['GOROOT', 'GOBIN', 'GOFLAGS', 'GOENV', ...requestedGoSettings(ctx.options).map(([key]) => key)].map((key) => `-u ${key}`).join(' ');
  const target = dirname(binary);
  const run = [
    'gsw_scratch=$(mktemp -d)',
    'gsw_status=0',
    `env ${unset} GOTOOLCHAIN=local GOPATH=${shQuote(ctx.gopath)} GOBIN=${shQuote(target)} GOMODCACHE="$gsw_scratch/mod" GOCACHE="$gsw_scratch/build" GOFLAGS=-modcacherw ${shQuote(goBinary)} install ${GOPLS_MODULE}@latest || gsw_status=$?`,
    'rm -rf -- "$gsw_scratch"',
    '[ "$gsw_status" -eq 0 ] || { echo "go install ' + GOPLS_MODULE + '@latest failed (exit $gsw_status)" >&2; exit "$gsw_status"; }',
    `test -x ${shQuote(binary)}`,
  ];
  const touches: StepDraft['touches'] = [{ touch: { kind: 'path', path: binary, root: false }, after: 'file' }, ...goTelemetryTouch(ctx)];
  ctx.steps.add({
    id: 'gopls',
    title: ctx.t('extras.gopls.title', { path: binary }),
    why: ctx.t('extras.gopls.why'),
    root: false,
    touches,
    run: run.join('\n'),
  });
}
