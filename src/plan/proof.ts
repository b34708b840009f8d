// What the proof asks each fresh shell, and what it expects: the new `go` first on PATH, its version, and `go env`
// reporting the installed GOROOT and every Go setting the run chose. One definition for the native proof
// (engine/verify.ts) and the exported script (plan/verify.ts). A line the user kept with --conflicts keep turns the
// mismatch it causes into a warning that names the line, never into a silent success.
import { redact } from '../redact.js';
import type { Plan, PlanConflict, ShellName } from '../types.js';
import { compareGoVersions, parseGoVersion } from '../versions/grammar.js';
import { requestedGoSettings } from './environment.js';

export interface ProofSetting {
  key: string;
  /** The value `go env KEY` must print (credentials as ****: both sides are compared redacted). */
  want: string;
  /** The kept startup lines that override it ('' when none): a mismatch is then a warning. */
  kept: string;
}

type ProofPlan = Pick<Plan, 'goroot' | 'options' | 'method' | 'conflicts'> & { release?: { version: string } | null };

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

/** `go env` knows GOVERSION from this release on. */
const GOVERSION_SINCE = 'go1.16';

/** The parts of `go version`'s line (`go version <GOVERSION> <GOHOSTOS>/<GOHOSTARCH>`), as `go env` gives them. */
const VERSION_KEYS = ['GOVERSION', 'GOHOSTOS', 'GOHOSTARCH'];

export interface ShellProbe {
  /** What each fresh shell runs. */
  command: string;
  /** The version comes from `go env` (three lines) rather than from `go version` (one line). */
  versionFromEnv: boolean;
  /** The lines it prints at its end (a profile may print more before): where go is, the version, one per setting. */
  lines: number;
}

/**
 * What each fresh shell runs: where go is, its version, and `go env` of every proof setting. When the plan pins a
 * release that knows GOVERSION (go1.16+), one `go env` gives the version too: one go process per shell, not two.
 * Otherwise (an older release; apt and snap plans that pin none) `go version` prints it.
 */
export function shellProbe(plan: ProofPlan): ShellProbe {
  const keys = proofSettings(plan).map((s) => s.key);
  const version = plan.release?.version ?? '';
  const versionFromEnv = parseGoVersion(version) !== null && compareGoVersions(version, GOVERSION_SINCE) >= 0;
  const commands = versionFromEnv
    ? ['command -v go', `go env ${[...VERSION_KEYS, ...keys].join(' ')}`]
    : ['command -v go', 'go version', ...(keys.length ? [`go env ${keys.join(' ')}`] : [])];
  return { command: commands.join('; '), versionFromEnv, lines: 1 + (versionFromEnv ? VERSION_KEYS.length : 1) + keys.length };
}

/**
 * The `go version` line from the probe's lines that follow go's path: as `go version` printed it, or rebuilt from
 * `go env`'s GOVERSION, GOHOSTOS and GOHOSTARCH ('' when that go does not know GOVERSION). The exported script
 * rebuilds it the same way (plan/verify.ts).
 */
export function probeVersionLine(lines: string[], probe: ShellProbe): string {
  if (!probe.versionFromEnv) return (lines[0] ?? '').trim();
  const [version, os, arch] = lines.map((line) => line.trim());
  return version ? `go version ${version} ${os ?? ''}/${arch ?? ''}` : '';
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

/**
 * The GOPROXY the module check's go starts with when it is known here: the environment's, else the one the run writes
 * (`go env -w`); undefined when neither says (go then reads the user's own env file, or keeps its default).
 */
export function proofGoproxy(plan: ProofPlan, envGoproxy: string | undefined): string | undefined {
  return envGoproxy || requestedGoSettings(plan.options).find(([key]) => key === 'GOPROXY')?.[1];
}

/**
 * A GOPROXY list whose first entry is `off` fetches nothing: the module check then says so without starting go (go
 * would only answer "module lookup disabled by GOPROXY=off"). The exported script tests the same first entry.
 */
export function fetchesNothing(goproxy: string | undefined): boolean {
  return goproxy?.split(/[,|]/)[0] === 'off';
}

/** Why the module check was skipped, as both proofs print it after "could not fetch … through GOPROXY". */
export const GOPROXY_OFF_REASON = 'GOPROXY=off';

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
