// buildPlan: from validated options, what was detected and the chosen release, the ordered steps of the
// install — computed against the current state, so a step that would change nothing is left out.
import { basename, join } from 'node:path';
import { assertInstallTarget } from '../install-target.js';
import { redactDeep } from '../redact.js';
import type { Detection, InstallOptions, Plan, PlanConflict, Scope, ShellName, Translate } from '../types.js';
import { conflictSteps } from './conflicts.js';
import { SHELL_NAMES } from '../types.js';
import { environmentSteps } from './environment.js';
import { cCompilerSteps, gitProxyStep, goplsStep, sessionEnvStep } from './extras.js';
import { commandQuery, type CommandQuery } from '../host/query.js';
import type { BuildInput, PlanContext } from './context.js';
import { packageSteps } from './packages.js';
import { planProxies, runOptions } from './proxies.js';
import { otherGoSteps } from './other-go.js';
import { alongsideSteps, assertAlongsideOptions, sdkDir } from './alongside.js';
import { appPaths } from '../paths.js';
import { attachRunValues, PLACEHOLDERS, PORTABLE_INSTALL_DIR, portableEnv, portableRelease } from './portable.js';
import { StepList } from './steps.js';
import { tarballSteps } from './tarball.js';
import { verifyStep } from './verify.js';

/** Scope when not chosen: system when root or passwordless sudo, else user (docs/contract.md, `--scope`). */
export function defaultScope(detection: Detection): Scope {
  return detection.user.isRoot || detection.user.sudo === 'passwordless' ? 'system' : 'user';
}

/**
 * Why this user cannot carry the plan out: some step needs root, and the user is neither root nor able to use
 * sudo (docs/contract.md: system scope "needs root or sudo"). Null when it can run (sudo with a password is asked for once).
 */
export function privilegeProblem(plan: Pick<Plan, 'steps' | 'method' | 'goroot'>, detection: Detection, t: Translate): string | null {
  if (detection.user.isRoot || detection.user.sudo !== 'none') return null;
  if (!plan.steps.some((step) => step.root)) return null;
  return t(plan.method === 'tarball' ? 'plan.error.needsRoot' : 'plan.error.needsRootPackages', { path: plan.goroot });
}

/** `auto`: the login shell plus every other installed one; `none`: no profiles at all. */
export function resolveShells(choice: InstallOptions['shells'], detection: Detection): ShellName[] {
  if (choice === 'none') return [];
  if (Array.isArray(choice)) return [...new Set(choice)];
  const login = basename(String(detection.shell.login)) as ShellName;
  const ordered = (SHELL_NAMES as readonly string[]).includes(login) ? [login, ...detection.shell.available] : detection.shell.available;
  return [...new Set(ordered)];
}

export function defaultTarget(scope: Scope, home: string): string {
  return scope === 'system' ? '/usr/local/go' : join(home, '.local/go');
}

export async function buildPlan(given: BuildInput): Promise<Plan> {
  const input = given.portable ? given : { ...given, query: memoised(given.query ?? commandQuery(given.env)) };
  const { options, detection, paths, t } = input;
  // Side by side (~/sdk) and `use` are this user's own: never root.
  const scope = given.options.alongside || given.use ? 'user' : (options.scope ?? defaultScope(detection));
  const home = paths.home;
  const method = options.method;
  if (method === 'tarball' && !input.release && !input.use) throw new Error('buildPlan: the tarball method needs a release');
  assertAlongsideOptions(input);
  const requested = input.use?.goroot ?? (options.alongside ? sdkDir(home, input.release!.version) : (options.installDir ?? defaultTarget(scope, home)));
  // The tarball method moves the target aside and replaces it: the guard decides, on the resolved path.
  const target = method === 'tarball' && !input.use ? assertInstallTarget(requested, paths, input.disk, t) : requested;
  const ctx: PlanContext = {
    ...input,
    // The portable plan is given the real plan's run options: it has no environment to read.
    options: input.portable ? options : runOptions(options, input.env, t),
    scope,
    home,
    goroot: target,
    gopath: options.gopath ?? join(home, 'go'),
    shells: resolveShells(options.shells, detection),
    steps: new StepList(input.disk),
    warnings: [],
    edited: new Map(),
  };

  let goBinary: string;
  let versionPrefix: string;
  if (options.alongside) {
    alongsideSteps(ctx, input.release!);
    return finishPlan(input, ctx, method, scope, []);
  }
  if (input.use) {
    goBinary = join(ctx.goroot, 'bin/go');
    versionPrefix = `go version ${input.use.version} `;
  } else if (method === 'tarball') {
    const release = input.release!;
    tarballSteps(ctx, release);
    goBinary = join(ctx.goroot, 'bin/go');
    versionPrefix = `go version ${release.version} `;
  } else {
    const packaged = await packageSteps(ctx);
    ctx.goroot = packaged.goroot;
    goBinary = packaged.goBinary;
    versionPrefix = packaged.versionPrefix;
  }
  if (!input.use) await otherGoSteps(ctx);
  const conflicts = conflictSteps(ctx, goBinary);
  ctx.conflicts = conflicts;
  environmentSteps(ctx, goBinary);
  await cCompilerSteps(ctx);
  sessionEnvStep(ctx, goBinary);
  gitProxyStep(ctx);
  goplsStep(ctx, goBinary);
  verifyStep(ctx, goBinary, versionPrefix);
  return finishPlan(input, ctx, method, scope, conflicts);
}

async function finishPlan(input: BuildInput, ctx: PlanContext, method: InstallOptions['method'], scope: Scope, conflicts: PlanConflict[]): Promise<Plan> {
  const { options, detection, paths, t } = input;
  const steps = ctx.steps.steps;
  const cannotRun = privilegeProblem({ steps, method, goroot: ctx.goroot }, detection, t);
  if (cannotRun) ctx.warnings.push(cannotRun);
  // The portable plan has no environment of its own: the machine it runs on decides its proxies.
  const network = input.portable ? null : planProxies(options, input.env, input.release, t);
  if (network) ctx.warnings.push(...network.warnings);
  const plan: Plan = {
    schema: 1,
    runId: input.runId,
    createdAt: input.createdAt ?? new Date().toISOString(),
    method,
    scope,
    goroot: ctx.goroot,
    gopath: ctx.gopath,
    release: input.release,
    shells: ctx.shells,
    options: redactDeep(options),
    paths,
    warnings: ctx.warnings,
    conflicts,
    // The proof's own side effects (fish's data dir, Go telemetry) are not a change the install makes.
    upToDate: steps.every((step) => step.native === 'verify' || (step.touches.length === 0 && !step.packages?.length)),
    steps,
    ...(network ? { proxies: network.proxies } : {}),
    ...(network && network.downloadProxy !== undefined ? { downloadProxy: network.downloadProxy } : {}),
  };
  // `use` and --alongside change this user's own files only: there is no blank-machine export of them.
  attachRunValues(plan, ctx.options, input.portable || input.use || options.alongside || input.noExport ? null : await buildPortablePlan({ ...input, options: ctx.options }));
  return plan;
}

/** Package queries answered once for both plans. */
function memoised(query: CommandQuery): CommandQuery {
  const answers = new Map<string, ReturnType<CommandQuery>>();
  return (command, args) => {
    const key = JSON.stringify([command, args]);
    if (!answers.has(key)) answers.set(key, query(command, args));
    return answers.get(key)!;
  };
}

/** The same plan for a blank machine whose HOME, user, install directory and archive are placeholders. */
async function buildPortablePlan(input: BuildInput): Promise<Plan> {
  const env = portableEnv();
  const { detection, options } = input;
  return buildPlan({
    ...input,
    portable: true,
    env,
    paths: appPaths(env),
    runId: PLACEHOLDERS.runId,
    release: portableRelease(input.release),
    options: { ...options, installDir: options.method === 'tarball' ? PORTABLE_INSTALL_DIR : options.installDir },
    detection: {
      ...detection,
      user: { ...detection.user, name: PLACEHOLDERS.user, home: PLACEHOLDERS.home },
      shell: { ...detection.shell, startupFiles: [], zdotdir: PLACEHOLDERS.zdotdir },
      existingGo: [],
    },
  });
}
