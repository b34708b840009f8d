// What the proof asks each fresh shell, and what it expects: the new `go` first on PATH, its version, and `go env`
// reporting the installed GOROOT and every Go setting the run chose. One definition for the native proof
// (engine/verify.ts) and the exported script (plan/verify.ts). A line the user kept with --conflicts keep turns the
// mismatch it causes into a warning that names the line, never into a silent success.
import { redact } from '../redact.js';
import type { Plan, PlanConflict, ShellName } from '../types.js';
import { requestedGoSettings } from './environment.js';

export interface ProofSetting {
  key: string;
  /** The value `go env KEY` must print (credentials as ****: both sides are compared redacted). */
  want: string;
  /** The kept startup lines that override it ('' when none): a mismatch is then a warning. */
  kept: string;
}

type ProofPlan = Pick<Plan, 'goroot' | 'options' | 'method' | 'conflicts'>;

const keptLines = (conflicts: PlanConflict[]) => conflicts.map((c) => `${c.file}:${c.line}`).join(', ');

function keptFor(plan: ProofPlan, variables: string[]): string {
  return keptLines((plan.conflicts ?? []).filter((c) => c.action === 'keep' && variables.includes(c.variable)));
}

/** The settings each fresh shell's `go env` must report. Snap's GOROOT is a revision directory: not compared. */
export function proofSettings(plan: ProofPlan): ProofSetting[] {
  const settings: ProofSetting[] = [];
  if (plan.method !== 'snap') settings.push({ key: 'GOROOT', want: plan.goroot, kept: keptFor(plan, ['GOROOT', 'PATH', 'GOTOOLCHAIN']) });
  for (const [key, value] of requestedGoSettings(plan.options)) {
    const related = key === 'GOPRIVATE' ? ['GOPRIVATE', 'GONOSUMDB', 'GONOPROXY'] : [key];
    settings.push({ key, want: redact(value), kept: keptFor(plan, related) });
  }
  return settings;
}

/** Kept lines that put another Go first on PATH (or run another toolchain): finding another go is then a warning. */
export function keptGoConflicts(plan: ProofPlan): string {
  return keptFor(plan, ['PATH', 'GOROOT', 'GOTOOLCHAIN']);
}

/** The fresh shells that must find the new go, per configured shell: each one's argv before the probe. */
export function proofShells(shells: ShellName[]): string[][] {
  const checks: Record<ShellName, string[][]> = {
    bash: [
      ['bash', '-lc'],
      ['bash', '-ic'],
    ],
    zsh: [
      ['zsh', '-lc'],
      ['zsh', '-ic'],
    ],
    fish: [['fish', '-c']],
  };
  return shells.flatMap((shell) => checks[shell]);
}

/** The command each fresh shell runs. */
export function shellProbe(settings: ProofSetting[]): string {
  return ['command -v go', 'go version', ...(settings.length ? [`go env ${settings.map((s) => s.key).join(' ')}`] : [])].join('; ');
}

/** The offline hello world: its source, and the one line it must print. */
export const HELLO_SOURCE = 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello, world") }\n';
export const HELLO_OUTPUT = 'hello, world';

/**
 * The complete environment `go run hello.go` gets in its scratch dir `dir`: nothing of the user's (no settings, no
 * proxy, no other toolchain, no C compiler needed), and everything go writes (caches, telemetry) stays in `dir`.
 */
export function helloEnvironment(dir: string): [string, string][] {
  return [
    ['HOME', dir],
    ['TERM', 'dumb'],
    ['PATH', '/usr/bin:/bin'],
    ['GOPATH', `${dir}/gopath`],
    ['GOCACHE', `${dir}/cache`],
    ['GOENV', 'off'],
    ['GOPROXY', 'off'],
    ['GOTOOLCHAIN', 'local'],
    ['GOFLAGS', '-modcacherw'],
    ['CGO_ENABLED', '0'],
  ];
}

/**
 * The online check after the offline hello world: one small module with no dependencies, downloaded through the
 * configured GOPROXY (the user's environment and `go env -w` settings) into a scratch GOPATH, in bounded time. A
 * failure is reported as skipped (offline, filtered network), never as a failed install.
 */
export const PROOF_MODULE = 'github.com/google/uuid@v1.6.0';
export const MODULE_CHECK_SECONDS = 60;
export const moduleDownloadArgs = ['mod', 'download', '-json', PROOF_MODULE];

/** What the module check sets on top of the user's environment, with its scratch dir `dir`. */
export function moduleCheckSettings(dir: string): [string, string][] {
  return [
    ['GOPATH', `${dir}/gopath`],
    ['GOMODCACHE', `${dir}/gopath/pkg/mod`],
    ['GOCACHE', `${dir}/cache`],
    ['GOFLAGS', '-modcacherw'],
    ['GOTOOLCHAIN', 'local'],
  ];
}

/** Lines the probe prints at its end (a profile may print more before). */
export const probeLines = (settings: ProofSetting[]) => 2 + settings.length;
