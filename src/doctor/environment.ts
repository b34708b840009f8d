// Doctor checks of the environment Go runs in: variables that defeat `go env -w`, modules or the checksum database
// turned off, cgo off or without a C compiler, and GOPATH or the caches left owned by root after `sudo go …`.
// Each looks at this terminal, fresh login and interactive shells, and the startup-file line that sets the value.
import { posix } from 'node:path';
import { GO_VARIABLES } from '../detect/startup-env.js';
import { xdgDir } from '../paths.js';
import { redact } from '../redact.js';
import { shQuote } from '../shell/quote.js';
import type { StartupSetting } from '../types.js';
import { freshShellAttempts, runInFreshShell } from './fresh-shell.js';
import type { Check, Context, Finding, FreshEnvironment } from './checks.js';

const WATCHED = new Set<string>([...GO_VARIABLES, 'CC']);

/** The Go variables each fresh shell exports (lines a profile prints are ignored). */
export async function freshEnvironments(ctx: Context): Promise<FreshEnvironment[]> {
  const attempts = freshShellAttempts(ctx.detection);
  const results = await Promise.all(attempts.map(({ shell, mode }) => runInFreshShell(ctx, shell, mode, 'env')));
  return attempts.flatMap((attempt, index) => {
    const result = results[index]!;
    if (result.code !== 0) return [];
    const values: Record<string, string> = {};
    for (const line of result.stdout.split('\n')) {
      const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
      if (match && WATCHED.has(match[1]!)) values[match[1]!] = match[2]!;
    }
    return [{ ...attempt, values }];
  });
}

interface Seen {
  value: string;
  /** Where it was seen: this terminal, or a fresh shell. */
  where: string;
}

/** Every place `key` is set in the environment: this process, then each fresh shell. */
async function seen(ctx: Context, key: string): Promise<Seen[]> {
  const out: Seen[] = [];
  const own = ctx.host.env[key];
  if (own) out.push({ value: own, where: ctx.t('env.doctor.where.here') });
  for (const fresh of await ctx.freshEnvironments()) {
    const value = fresh.values[key];
    if (value) out.push({ value, where: ctx.t(`doctor.shellMode.${fresh.mode}`, { shell: fresh.shell }) });
  }
  return out;
}

/** The startup line that sets `key` last (what a new shell ends up with), if one does. */
function settingLine(ctx: Context, key: string): StartupSetting | undefined {
  return ctx.detection.startupEnv.filter((setting) => setting.variable === key).at(-1);
}

const lineRef = (setting: StartupSetting) => `${setting.file}:${setting.line} \`${setting.text}\``;

const places = (list: Seen[]) => [...new Set(list.map((s) => s.where))].join(', ');

/** An exported variable that defeats a `go env -w` value: go prints a warning once and then ignores the file. */
const envOverridesGoEnv: Check = async (ctx) => {
  const { t, settings } = ctx;
  const problems: { key: string; value: string; written: string; where: string; line?: StartupSetting }[] = [];
  for (const [key, written] of Object.entries(settings.written)) {
    if (!WATCHED.has(key)) continue;
    const differing = (await seen(ctx, key)).filter((s) => s.value !== written);
    if (differing.length === 0) continue;
    problems.push({ key, value: differing[0]!.value, written, where: places(differing), line: settingLine(ctx, key) });
  }
  if (problems.length === 0) return null;
  return {
    id: 'env-overrides-go-env',
    severity: 'warning',
    message: problems
      .map((p) => t('env.doctor.overrides.message', { key: p.key, value: redact(p.value), where: p.where, written: redact(`${p.key}=${p.written}`), file: settings.writtenFile }))
      .join(' '),
    fix: problems
      .map((p) => (p.line ? t('env.doctor.overrides.fixLine', { line: redact(lineRef(p.line)), key: p.key }) : t('env.doctor.overrides.fixUnknown', { key: p.key })))
      .join(' '),
  };
};

/** A setting that is harmful at one value, wherever it comes from: the environment, fresh shells or `go env -w`. */
function badValue(id: string, key: string, bad: string, severity: Finding['severity']): Check {
  return async (ctx) => {
    const { t, settings } = ctx;
    const found = (await seen(ctx, key)).filter((s) => s.value === bad);
    const written = settings.written[key] === bad;
    if (found.length === 0 && !written) return null;
    const line = settingLine(ctx, key);
    const where = [...new Set([...found.map((s) => s.where), ...(written ? [t('env.doctor.where.goEnv', { file: settings.writtenFile })] : [])])].join(', ');
    const fixes = [
      ...(line && line.resolved === bad ? [t('env.doctor.fix.removeLine', { line: lineRef(line) })] : []),
      ...(written ? [t('env.doctor.fix.unset', { command: `go env -u ${key}` })] : []),
    ];
    return {
      id,
      severity,
      message: t(`env.doctor.${id}.message`, { where, setting: `${key}=${bad}` }),
      fix: [...(fixes.length ? fixes : [t('env.doctor.fix.environment', { key })]), t(`env.doctor.${id}.fix`)].join(' '),
    };
  };
}

/** cgo needs a C compiler (CC, default gcc): without one, cgo packages and -race fail. */
const noCCompiler: Check = async ({ host, inUse, settings, t }) => {
  if (!inUse) return null;
  const cc = (settings.get('CC') || 'gcc').trim().split(/\s+/)[0]!;
  const found = cc.startsWith('/') ? (await host.stat(cc))?.executable === true : (await host.which(cc)).length > 0;
  if (found) return null;
  return { id: 'no-c-compiler', severity: 'warning', message: t('env.doctor.noCCompiler.message', { cc }), fix: t('env.doctor.noCCompiler.fix') };
};

/** GOPATH, the module cache or the build cache (or a part of them) owned by someone else: `sudo go …` leaves them to root. */
const gopathNotWritable: Check = async ({ host, detection, settings, t }) => {
  const uid = host.user.uid;
  if (uid === 0) return null;
  const home = detection.user.home;
  const gopath = (settings.get('GOPATH') ?? '').split(':')[0] || posix.join(home, 'go');
  const modcache = settings.get('GOMODCACHE') || posix.join(gopath, 'pkg/mod');
  const gocache = settings.get('GOCACHE') || posix.join(xdgDir(host.env, 'XDG_CACHE_HOME', home), 'go-build');
  const groups = [
    [gopath, posix.join(gopath, 'bin'), posix.join(gopath, 'pkg'), modcache, posix.join(modcache, 'cache'), posix.join(modcache, 'cache/download')],
    [gocache],
  ];
  const owned: string[] = [];
  for (const group of groups) {
    for (const path of group) {
      const info = await host.stat(path);
      if (info && info.uid !== uid) {
        owned.push(path);
        break;
      }
    }
  }
  if (owned.length === 0) return null;
  const user = detection.user.name;
  const fixes = owned.map((path) => {
    const chown = `sudo chown -R ${shQuote(`${user}:`)} ${shQuote(path)}`;
    return path === modcache || path.startsWith(`${modcache}/`) ? t('env.doctor.gopath.fixModcache', { chown }) : t('env.doctor.gopath.fixChown', { chown });
  });
  return { id: 'gopath-not-writable', severity: 'error', message: t('env.doctor.gopath.message', { paths: owned.join(', '), user }), fix: fixes.join(' ') };
};

export const ENVIRONMENT_CHECKS: Check[] = [
  envOverridesGoEnv,
  badValue('go111module-off', 'GO111MODULE', 'off', 'warning'),
  badValue('gosumdb-off', 'GOSUMDB', 'off', 'warning'),
  badValue('cgo-disabled', 'CGO_ENABLED', '0', 'warning'),
  noCCompiler,
  gopathNotWritable,
];
