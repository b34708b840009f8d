// doctor(host, detection): what is wrong with the Go setup as it stands, each finding with a stable id and a fix.
// Checks run in parallel; each one reads the machine through the Host, so fixtures can provoke every finding.
import { dirname, posix } from 'node:path';
import { gorootProblem } from '../detect/goroot.js';
import { UserError } from '../errors.js';
import type { Host } from '../host/host.js';
import { describeNetworkError, request } from '../net/http.js';
import { proxySettings } from '../net/proxy.js';
import { appPaths } from '../paths.js';
import { incompleteRuns } from '../engine/rollback.js';
import { redact } from '../redact.js';
import { shQuote } from '../shell/quote.js';
import type { AppPaths, Detection, Translate } from '../types.js';
import { compareGoVersions } from '../versions/grammar.js';
import { freshShellAttempts, runInFreshShell } from './fresh-shell.js';
import type { Check, Context, Finding, FreshEnvironment, Severity } from './checks.js';
import { ENVIRONMENT_CHECKS, freshEnvironments } from './environment.js';
import { goSettings } from './go-env.js';

export type { Finding, Severity } from './checks.js';

export interface DoctorOptions {
  t: Translate;
  paths?: AppPaths;
  /** Time limit for the GOPROXY request and each fresh shell. */
  timeoutMs?: number;
}

const SYSTEM_GOROOT = '/usr/local/go';

const pathDirs = (host: Host) => (host.env.PATH ?? '').split(':').map((dir) => dir.replace(/(.)\/+$/, '$1'));

const noGo: Check = async ({ detection, pathGos, t }) => {
  if (pathGos.length > 0) return null;
  const elsewhere = detection.existingGo[0];
  return {
    id: 'no-go',
    severity: 'error',
    message: elsewhere ? t('doctor.noGo.elsewhere', { path: elsewhere.path }) : t('doctor.noGo.message'),
    fix: elsewhere ? t('doctor.noGo.fixElsewhere', { dir: dirname(elsewhere.path) }) : t('doctor.noGo.fix'),
  };
};

/** Bin dirs named in the wizard's env.sh that hold a go: where the wizard meant `go` to come from. */
async function wizardGoDirs(host: Host, envSh: string): Promise<string[] | null> {
  const script = await host.readFile(envSh);
  if (script === null) return null;
  const dirs = [...new Set(script.match(/\/[^\s"':;$]*\/bin\b/g) ?? [])];
  const withGo = await Promise.all(dirs.map(async (dir) => (await host.stat(posix.join(dir, 'go')))?.executable === true));
  return dirs.filter((_, index) => withGo[index]);
}

const shadowedGo: Check = async ({ host, pathGos, paths, t }) => {
  const [first, ...later] = pathGos;
  if (!first) return null;
  const intendedDirs = (await wizardGoDirs(host, paths.envSh)) ?? [];
  const intended = later.find((go) => intendedDirs.includes(dirname(go.path)));
  const newer = later
    .filter((go) => go.version && first.version && compareGoVersions(go.version, first.version) > 0)
    .sort((a, b) => compareGoVersions(b.version!, a.version!))[0];
  const hidden = intended ?? newer;
  if (!hidden) return null;
  const fix = first.source === 'apt' ? 'doctor.shadowedGo.fixApt' : 'doctor.shadowedGo.fix';
  return {
    id: 'shadowed-go',
    severity: 'warning',
    message: t('doctor.shadowedGo.message', {
      first: first.path,
      firstVersion: first.version ?? '?',
      hidden: hidden.path,
      hiddenVersion: hidden.version ?? '?',
    }),
    fix: t(fix, { dir: dirname(hidden.path), firstDir: dirname(first.path) }),
  };
};

const staleGoroot: Check = async ({ host, detection, inUse, t }) => {
  const goroot = host.env.GOROOT;
  const problem = await gorootProblem(host, goroot, inUse);
  if (!problem) return null;
  const contents = await Promise.all(detection.shell.startupFiles.map((file) => host.readFile(file)));
  const setIn = detection.shell.startupFiles.filter((_, index) => /\bGOROOT\s*=|set\s+-\w*x\w*\s+GOROOT\b/.test(contents[index] ?? ''));
  return {
    id: 'stale-goroot',
    severity: 'error',
    message: t(`doctor.staleGoroot.${problem}`, { goroot: goroot!, inUse: inUse?.goroot ?? inUse?.path ?? '?' }),
    fix: setIn.length > 0 ? t('doctor.staleGoroot.fixIn', { files: setIn.join(', ') }) : t('doctor.staleGoroot.fix'),
  };
};

const gopathBin: Check = async ({ host, detection, inUse, settings, t }) => {
  if (!inUse) return null;
  const gopath = (settings.get('GOPATH') ?? '').split(':')[0] || posix.join(detection.user.home, 'go');
  const bin = (settings.get('GOBIN') || posix.join(gopath, 'bin')).replace(/(.)\/+$/, '$1');
  if (pathDirs(host).includes(bin)) return null;
  return {
    id: 'gopath-bin-not-on-path',
    severity: 'warning',
    message: t('doctor.gopathBin.message', { dir: bin }),
    fix: t('doctor.gopathBin.fix', { line: `export PATH="$PATH:${bin}"` }),
  };
};

/** Asks a fresh login or interactive shell of this user where `go` is. */
async function goInFreshShell(ctx: Context, shell: string, mode: 'login' | 'interactive'): Promise<string> {
  const result = await runInFreshShell(ctx, shell, mode, 'command -v go');
  return result.code === 0 ? result.stdout.trim().split('\n').pop()!.trim() : '';
}

const profileNotLoaded: Check = async (ctx) => {
  const { host, detection, paths, t } = ctx;
  const intendedDirs = await wizardGoDirs(host, paths.envSh);
  if (intendedDirs === null) return null;
  const attempts = freshShellAttempts(detection);
  const found = await Promise.all(attempts.map(({ shell, mode }) => goInFreshShell(ctx, shell, mode)));
  const failing = attempts.filter((_, index) => {
    const go = found[index]!;
    return go === '' || (intendedDirs.length > 0 && !intendedDirs.includes(dirname(go)));
  });
  if (failing.length === 0) return null;
  return {
    id: 'profile-not-loaded',
    severity: 'error',
    message: t('doctor.profileNotLoaded.message', {
      shells: failing.map(({ shell, mode }) => t(`doctor.shellMode.${mode}`, { shell })).join(', '),
      envSh: paths.envSh,
    }),
    fix: t('doctor.profileNotLoaded.fix', { source: `. ${shQuote(paths.envSh)}` }),
  };
};

/** The last `Defaults … secure_path=…` of sudoers and its drop-ins; null when none could be read. */
async function securePath(host: Host): Promise<string | null> {
  const dropIns = (await host.listDir('/etc/sudoers.d')).map((name) => `/etc/sudoers.d/${name}`);
  const texts = await Promise.all(['/etc/sudoers', ...dropIns].map((file) => host.readFile(file)));
  let value: string | null = null;
  for (const line of texts.join('\n').split('\n')) {
    const match = /^\s*Defaults\S*\s+.*\bsecure_path\s*=\s*"?([^"\s]+)"?/.exec(line);
    if (match) value = match[1]!;
  }
  return value;
}

const sudoSecurePath: Check = async ({ host, detection, inUse, t }) => {
  if (!inUse || !(inUse.goroot === SYSTEM_GOROOT || inUse.path.startsWith(`${SYSTEM_GOROOT}/`))) return null;
  const binDir = `${SYSTEM_GOROOT}/bin`;
  const fix = t('doctor.sudoSecurePath.fix', { dir: binDir });
  const configured = await securePath(host);
  if (configured !== null) {
    if (configured.split(':').includes(binDir)) return null;
    return { id: 'sudo-secure-path', severity: 'warning', message: t('doctor.sudoSecurePath.message', { dir: binDir, securePath: configured }), fix };
  }
  if (detection.user.sudo !== 'passwordless') return null;
  const asRoot = await host.run('sudo', ['-n', 'sh', '-c', 'command -v go'], { timeoutMs: 3000 });
  const sudoGo = asRoot.code === 0 ? asRoot.stdout.trim() : '';
  if (sudoGo === `${binDir}/go`) return null;
  return {
    id: 'sudo-secure-path',
    severity: 'warning',
    message: t('doctor.sudoSecurePath.found', { found: sudoGo || t('doctor.nothing'), dir: binDir }),
    fix,
  };
};

const wslWindowsGo: Check = async ({ detection, t }) =>
  detection.wsl.windowsGoOnPath ? { id: 'wsl-windows-go', severity: 'warning', message: t('doctor.wslWindowsGo.message'), fix: t('doctor.wslWindowsGo.fix') } : null;

const wslMntC: Check = async ({ host, detection, t }) =>
  detection.wsl.underMntC
    ? { id: 'wsl-mnt-c', severity: 'warning', message: t('doctor.wslMntC.message', { cwd: host.cwd }), fix: t('doctor.wslMntC.fix') }
    : null;

function exportedGoproxyFix(ctx: Context): string {
  const line = ctx.detection.startupEnv.filter((setting) => setting.variable === 'GOPROXY').at(-1);
  const where = line ? `${line.file}:${line.line} \`${line.text}\`` : ctx.t('env.doctor.goproxy.whereUnknown');
  return ctx.t('env.doctor.goproxy.fixExported', { where });
}

const goproxyUnreachable: Check = async (ctx) => {
  const { host, inUse, settings, timeoutMs, t } = ctx;
  if (!inUse) return null;
  const first = (settings.get('GOPROXY') ?? '').split(/[,|]/)[0]!.trim();
  if (!/^https?:\/\//i.test(first)) return null; // direct, off: nothing to reach
  let reason: string;
  try {
    // Go accepts credentials in GOPROXY (basic auth); they go in a header.
    const url = new URL(first);
    const headers: Record<string, string> = {};
    if (url.username || url.password) {
      const userinfo = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
      headers.authorization = `Basic ${Buffer.from(userinfo).toString('base64')}`;
      url.username = '';
      url.password = '';
    }
    const response = await request(url.href, { headers, proxy: proxySettings({}, host.env), headersTimeoutMs: timeoutMs });
    response.body.destroy();
    if (response.status < 500) return null;
    reason = `HTTP ${response.status}`;
  } catch (error) {
    reason = error instanceof UserError ? error.message : describeNetworkError(error);
  }
  return {
    id: 'goproxy-unreachable',
    severity: 'warning',
    message: t('doctor.goproxy.message', { url: redact(first), reason: redact(reason) }),
    // An exported GOPROXY wins over `go env -w`: then the line that exports it is what to change.
    fix: host.env.GOPROXY ? exportedGoproxyFix(ctx) : t('doctor.goproxy.fix'),
  };
};

const toolchainAuto: Check = async ({ inUse, settings, t }) => {
  if (!inUse?.version || compareGoVersions(inUse.version, 'go1.21') < 0) return null;
  const value = settings.get('GOTOOLCHAIN') ?? 'auto';
  if (value !== 'auto' && !value.endsWith('+auto')) return null;
  return {
    id: 'toolchain-auto-download',
    severity: 'info',
    message: t('doctor.toolchain.message', { value, version: inUse.version }),
    fix: t('doctor.toolchain.fix'),
  };
};

/** A run left half-way (crash, `kill -9`, closed terminal during its rollback) still holds the machine half-changed. */
const incompleteRun: Check = async ({ paths, t }) => {
  const run = incompleteRuns(paths).at(-1);
  if (!run) return null;
  return {
    id: 'incomplete-run',
    severity: 'warning',
    message: t('safety.incomplete.message', { runId: run.id, date: run.date, version: run.version ?? '?', target: run.target }),
    fix: t('safety.incomplete.fix', { runId: run.id }),
  };
};

const CHECKS: Check[] = [
  noGo,
  shadowedGo,
  staleGoroot,
  profileNotLoaded,
  gopathBin,
  sudoSecurePath,
  wslWindowsGo,
  wslMntC,
  goproxyUnreachable,
  toolchainAuto,
  incompleteRun,
  ...ENVIRONMENT_CHECKS,
];

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export async function doctor(host: Host, detection: Detection, options: DoctorOptions): Promise<Finding[]> {
  const onPath = await host.which('go');
  const pathGos = onPath.flatMap((path) => detection.existingGo.filter((go) => go.path === path));
  const inUse = pathGos[0];
  let fresh: Promise<FreshEnvironment[]> | undefined;
  const ctx: Context = {
    host,
    detection,
    t: options.t,
    paths: options.paths ?? appPaths(host.env),
    timeoutMs: options.timeoutMs ?? 5000,
    pathGos,
    inUse,
    settings: await goSettings(host, detection.user.home, inUse?.goroot),
    freshEnvironments: () => (fresh ??= freshEnvironments(ctx)),
  };
  const results = await Promise.all(CHECKS.map((check) => check(ctx)));
  return results
    .filter((finding): finding is Finding => finding !== null)
    .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

export function hasError(findings: Finding[]): boolean {
  return findings.some((finding) => finding.severity === 'error');
}
