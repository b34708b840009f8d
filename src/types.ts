// Shared data types: the contract between the CLI, detection, the index, the plan, the engine and the UI.
// Everything here is plain data so it can be printed as JSON, stored in the journal and rendered by screens.

export type Lang = 'en' | 'zh';
export type Method = 'tarball' | 'apt' | 'snap';
export type Scope = 'system' | 'user';
/** The shells whose startup files the wizard knows, in the order it lists them. */
export const SHELL_NAMES = ['bash', 'zsh', 'fish'] as const;
export type ShellName = (typeof SHELL_NAMES)[number];
export type PlanFormat = 'text' | 'sh' | 'json' | 'ansible';
export type CommandName =
  | 'wizard'
  | 'detect'
  | 'versions'
  | 'plan'
  | 'install'
  | 'rollback'
  | 'doctor'
  | 'prune'
  | 'share'
  | 'bundle'
  | 'use'
  | 'help'
  | 'version';

/** The install options of docs/contract.md, camelCased as in the answers file. Validated values only. */
export interface InstallOptions {
  method: Method;
  /** 'latest', '1.27' or '1.27.1' */
  goVersion: string;
  /** Undefined until asked (wizard) or defaulted (install --yes). */
  scope?: Scope;
  installDir?: string;
  /** A preset name (official, google-cn, aliyun, ustc, nju, auto) or a base URL ending in '/'. */
  mirror: string;
  indexUrl?: string;
  archive?: string;
  sha256?: string;
  /** 'keep', a preset (official, goproxy.cn, goproxy.io, aliyun, tencent) or a GOPROXY value. */
  goproxy: string;
  gosumdb?: string;
  goprivate?: string;
  httpProxy?: string;
  httpsProxy?: string;
  noProxy?: string;
  persistProxy: boolean;
  /**
   * Another Go that would shadow or confuse the new one (apt's golang-go, the go snap, /usr/local/go when the new
   * one goes elsewhere): removed or moved aside by a journaled step, or kept (the default) with a warning.
   */
  otherGo?: 'remove' | 'keep';
  /** Install next to the default Go (~/sdk/go1.N.P and a go1.N.P command) without changing which `go` is the default. */
  alongside?: boolean;
  /** Startup-file lines that would override the chosen setup: commented out (the default) or kept with a warning. */
  conflicts?: 'comment' | 'keep';
  /** No C compiler found: install build-essential with apt (journaled; rollback removes exactly what apt added). */
  buildEssential?: boolean;
  /** Write ~/.config/environment.d/go.conf: programs started from the desktop (editors) and user services find Go. */
  sessionEnv?: boolean;
  /** Install gopls (the Go language server editors ask for) with the new Go, through the configured GOPROXY. */
  gopls?: boolean;
  /** Point git at the proxy (`http.proxy` in the global git config) so `go get` of direct modules goes through it. */
  gitProxy?: boolean;
  /** 'auto', 'none' or an explicit list. */
  shells: 'auto' | 'none' | ShellName[];
  gopath?: string;
  lang?: Lang;
  sysroot: string;
}

export type InstallOptionKey = keyof InstallOptions;

/**
 * The options a plan's steps and its exports run with (src/plan/proxies.ts): the install options, with the proxies
 * --persist-proxy writes taken from the environment when no option gave them, and the proxy --git-proxy writes.
 */
export interface RunOptions extends InstallOptions {
  /** ALL_PROXY as the environment had it (no option sets it): persisted as all_proxy/ALL_PROXY, never as another name. */
  allProxy?: string;
  /** The proxy git's http.proxy gets (--git-proxy), resolved here once: the exports have no environment to read. */
  gitProxyUrl?: string;
}

/** Flags that are not install options. */
export interface CommandFlags {
  json: boolean;
  yes: boolean;
  all: boolean;
  list: boolean;
  /** Take over the run lock even if its holder seems alive (install, rollback, prune). */
  forceUnlock: boolean;
  runId?: string;
  format: PlanFormat;
  config?: string;
  saveConfig?: string;
  /** `share` only: where to listen and what else to serve. */
  share?: { host?: string; port?: number; modules?: string };
  /** `use` only: the installed version to make the default (go1.N.P or 1.N). */
  useVersion?: string;
  /** `bundle` only: the folder to write. */
  bundleDir?: string;
}

/** Where the wizard keeps its own files (all derived from HOME and XDG_* variables). */
export interface AppPaths {
  home: string;
  /** ${XDG_STATE_HOME:-~/.local/state}/go-setup-wizard */
  stateDir: string;
  /** ${XDG_CONFIG_HOME:-~/.config}/go-setup-wizard */
  configDir: string;
  /** ${XDG_CACHE_HOME:-~/.cache}/go-setup-wizard */
  cacheDir: string;
  /** configDir/env.sh */
  envSh: string;
  /** configDir/env.fish */
  envFish: string;
  /** configDir/config.json (conf preferences) */
  preferences: string;
}

export type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** A fact the wizard is still finding out, has found, or could not find. */
export type Loadable<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'failed'; error: string };

/** Where one plan step stands during an install (`undone`: rolled back). */
export type StepStatus = 'pending' | 'running' | 'done' | 'failed' | 'undoing' | 'undone';

export interface Output {
  write(text: string): void;
  isTTY: boolean;
  columns?: number;
  /** The file descriptor behind it, when it is one of the process's own streams. */
  fd?: number;
}

/** What every command receives after parsing and validation. */
/**
 * Digests an answers file pins (`pinnedDigests`, written by `share` and `bundle`): one per archive file name, each
 * with where the file says it took them (the official index the teacher's copy was checked against).
 */
export interface PinnedDigests {
  /** Where the answers file says the digests came from, e.g. https://go.dev/dl/?mode=json&include=all. */
  source: string;
  files: Record<string, string>;
  /** The answers file itself (path or URL, credentials masked). */
  answers: string;
}

export interface CommandContext {
  command: CommandName;
  options: InstallOptions;
  /** Digests pinned by the --config answers file (a classroom's), if it pins any. */
  pinnedDigests?: PinnedDigests;
  /** Install options given explicitly (command line or --config); the wizard pre-fills exactly these. */
  explicit: InstallOptionKey[];
  flags: CommandFlags;
  lang: Lang;
  t: Translate;
  env: NodeJS.ProcessEnv;
  paths: AppPaths;
  stdout: Output;
  stderr: Output;
  stdinIsTTY: boolean;
}

// ---------------------------------------------------------------------------------------------
// Detection (the JSON keys of `detect --json` are fixed by docs/contract.md)

export type OsFamily = 'ubuntu' | 'debian' | 'other';
export type GoSource = 'apt' | 'snap' | 'tarball' | 'version-manager' | 'unknown';
export type SudoState = 'root' | 'passwordless' | 'password' | 'none';

export interface ExistingGo {
  /** The go binary (or GOROOT for known places without a binary on PATH). */
  path: string;
  /** e.g. 'go1.22.2', or null when it could not be run. */
  version: string | null;
  source: GoSource;
  goroot?: string;
  /** True when this is the first `go` on PATH. */
  onPath?: boolean;
  /**
   * True for the default `go` of new shells: the one the wizard's env.sh puts first on PATH (`use` changes it),
   * else the first on PATH here.
   */
  default?: boolean;
}

export interface ProbeProblem {
  probe: string;
  message: string;
}

/** How a startup file is written: shell (sh/bash/zsh), fish, KEY=VALUE (/etc/environment, environment.d), fish_variables. */
export type StartupSyntax = 'sh' | 'fish' | 'env' | 'fish-universal';

/** One line of a startup file that sets a Go variable or puts a Go toolchain's bin on PATH (credentials as ****). */
export interface StartupSetting {
  file: string;
  /** 1-based line number. */
  line: number;
  /** The line as written, trimmed. */
  text: string;
  /** A Go variable (GOPROXY, GOROOT, …) or PATH. */
  variable: string;
  /** The value as written, quotes removed. */
  value: string;
  /** The value with $HOME, ~ and earlier literal settings expanded; null when it depends on a command or unknown variable. */
  resolved: string | null;
  /** PATH lines: the Go bin directories they add ('' when it cannot be known, e.g. $(go env GOROOT)/bin). */
  goBins?: string[];
  syntax: StartupSyntax;
  /** A system file: changing it needs root. */
  system: boolean;
  /** Inside a compound command (if/for/{…}): commenting it out must leave a command in its place. */
  nested: boolean;
}

export interface Detection {
  os: {
    id: string;
    versionId: string;
    codename: string;
    ubuntuCodename: string;
    family: OsFamily;
    prettyName: string;
    /** The Ubuntu or Debian release it maps to, e.g. '24.04' or '12' ('' when unknown). */
    baseVersion: string;
    supported: boolean;
  };
  arch: {
    /** uname -m style, e.g. x86_64, aarch64 */
    machine: string;
    /** Go arch of the kernel, e.g. amd64, arm64 (null when unsupported) */
    goArch: string | null;
    /** Go arch of the userland (from the ELF header of /bin/sh); what to download. */
    userlandGoArch: string | null;
  };
  wsl: { isWsl: boolean; version: 1 | 2 | null; windowsGoOnPath: boolean; underMntC: boolean };
  shell: {
    login: ShellName | string;
    available: ShellName[];
    /** Startup files that exist, absolute paths. */
    startupFiles: string[];
    zdotdir: string;
  };
  user: { name: string; uid: number; isRoot: boolean; home: string; sudo: SudoState };
  existingGo: ExistingGo[];
  env: Record<string, string>;
  /** Lines of startup and environment files that set Go variables or put a Go's bin on PATH. */
  startupEnv: StartupSetting[];
  /** The C compiler cgo and -race would use (gcc, else cc, on PATH); null when there is none. */
  cCompiler?: string | null;
  disk: { path: string; freeBytes: number | null }[];
  warnings: string[];
  problems: ProbeProblem[];
}

// ---------------------------------------------------------------------------------------------
// The download index (go.dev/dl/?mode=json&include=all)

export interface IndexFile {
  filename: string;
  os: string;
  arch: string;
  version: string;
  sha256: string;
  size: number;
  kind: 'archive' | 'installer' | 'source' | string;
}

export interface Release {
  /** 'go1.27.1' */
  version: string;
  stable: boolean;
  files: IndexFile[];
}

export interface LoadedIndex {
  releases: Release[];
  /** 'live' when fetched now; 'snapshot' when the shipped snapshot was used. */
  source: 'live' | 'snapshot';
  url: string;
  /** ISO date of the snapshot, when source is 'snapshot'. */
  snapshotDate?: string;
  /** Why the live index was not used, when source is 'snapshot'. */
  fallbackReason?: string;
}

/** A release picked for one arch: what the tarball plan installs. */
export interface ResolvedRelease {
  version: string;
  filename: string;
  sha256: string;
  size: number;
  /** Where the file is downloaded from (mirror base + filename), or the local --archive path. */
  url: string;
  /** Where the digest came from, e.g. the index URL or '--sha256'. */
  sha256Source: string;
  archivePath?: string;
  /**
   * `bundle`: the exported script finds the --archive in its own folder when it runs (GSW_ARCHIVE_DIR, default the
   * script's directory), so the folder can be moved to another path or machine.
   */
  archiveBesideScript?: boolean;
  /** `--mirror auto`: what each candidate measured, for the preview (the chosen one is `url`'s base). */
  mirrorProbes?: MirrorMeasurement[];
  /**
   * Every Linux archive of this version that has a digest (from the index; just the one archive for --archive):
   * what the portable exports choose from by the architecture of the machine they run on.
   */
  archives?: LinuxArchive[];
}

/** One `--mirror auto` candidate: reachable or not, latency to the headers, measured throughput. */
export interface MirrorMeasurement {
  base: string;
  ok: boolean;
  latencyMs?: number;
  bytesPerSecond?: number;
  bytes?: number;
  error?: string;
}

/** One Linux archive of a release: `arch` is Go's name (amd64, arm64, armv6l …). */
export interface LinuxArchive {
  arch: string;
  filename: string;
  sha256: string;
  size: number;
}

// ---------------------------------------------------------------------------------------------
// The plan: one source of truth for the preview, the exported script and the executor.

/**
 * A path a step changes. The executor records the path's state in the journal (and backs it up)
 * before the step runs; undoing the step puts every touched path back in reverse order:
 *  - 'path': a file, symlink or directory the step creates or rewrites. Absent before → removed on undo;
 *    a file or symlink before → restored byte for byte with its mode and owner; a directory before → left.
 *  - 'move': the step renames `path` to `to` (same filesystem). Undo renames it back.
 */
export type Touch =
  | { kind: 'path'; path: string; root: boolean; before?: PathState }
  | { kind: 'move'; path: string; to: string; root: boolean; before?: PathState };

/** What the plan saw at a touched path (a move's source) when it was made; the executor records its own state. */
export type PathState = 'absent' | 'file' | 'dir' | 'symlink' | 'other';

export interface Step {
  /** Stable kebab-case id, unique in the plan, e.g. 'download', 'profile-bashrc'. */
  id: string;
  title: string;
  /** One sentence: why this step is needed. */
  why: string;
  /** Runs with sudo when the wizard is not root. */
  root: boolean;
  touches: Touch[];
  /** The exact bash commands (a fragment run under `set -euo pipefail`), as shown in the preview. */
  run: string;
  /** Bash that undoes the step, as shown in the rollback script (derived from `touches`). */
  undo: string;
  /**
   * Steps the executor performs natively instead of running `run` (with identical effect and checks):
   * 'download' streams with progress, resume and sha256; 'verify' proves the result in fresh shells;
   * 'check-space' checks `space` with statfs (bash: df); 'prepare-staging' makes the staging directory (its one
   * touch) and its parents (bash: mkdir) — these two only when they need no sudo, else `run` runs;
   * 'file-changes' makes `changes` (place, env-files, the profile edits), and 'check-tree' runs the staged `go version`
   * of `staged` without bash, also only when they need no sudo.
   */
  native?: 'download' | 'verify' | 'check-space' | 'prepare-staging' | 'file-changes' | 'check-tree';
  /** check-tree: the unpacked tree's `go` and the release it must report (the bash in `run` is written from it). */
  staged?: { go: string; version: string };
  /**
   * verify: how every proof's `go version` line must begin — `go version go1.19.8 ` for a release, `go version go1.22`
   * for apt's package of that minor (the bash in `run` checks the same); absent, any `go version go`.
   */
  versionPrefix?: string;
  /** check-space: what it checks, as data (the bash in `run` is written from it). */
  space?: SpaceCheck;
  /** file-changes: what the step does to files, in order, as data (the bash in `run` is written from it). */
  changes?: FileChange[];
  /** For profile edits: the unified diff of the file's change, for the preview. */
  diff?: string;
  /**
   * apt/snap steps (package manager per plan.method): packages this step installs that were not installed
   * before; undoing the step removes them (`apt-get remove -y` / `snap remove`), as its `undo` says.
   */
  packages?: string[];
  /** The manager of `packages` (default: the plan's method). */
  packageManager?: 'apt' | 'snap';
  /**
   * apt steps that record exactly what apt added (apt/install.ts): the prefix of their record files in the run's
   * backups; the executor journals the `-added` set and rollback removes exactly that.
   */
  aptRecord?: string;
  /**
   * Steps that remove another Go's packages (plan/other-go.ts): what they remove. apt steps record exactly what
   * apt removed (`record`, see apt/remove.ts) and rollback reinstalls those versions; snap's is reinstalled from
   * the channel it tracked.
   */
  removes?: { manager: 'apt' | 'snap'; packages: string[]; record?: string; channel?: string };
}

/** One change to files a step makes (plan/file-changes.ts writes its bash; engine/native-steps.ts makes it). */
export type FileChange =
  /** `[ -d path ] || mkdir -p -- path` */
  | { kind: 'mkdir'; path: string }
  /** The whole file, created or truncated in place (`printf > file`); `secret`: made 0600 before the content reaches it. */
  | { kind: 'write'; path: string; content: string; secret: boolean }
  /** The marked block, after `separator`, at the file's end (`printf >> file`). */
  | { kind: 'append-block'; path: string; block: string; separator: '' | '\n' }
  /** The file's first marked block replaced by `block` and further ones dropped, in place (awk, then `cat >`). */
  | { kind: 'replace-block'; path: string; block: string }
  /** `mv -T -- from to` (the same filesystem: a rename). */
  | { kind: 'rename'; from: string; to: string }
  /** `rmdir -- path` */
  | { kind: 'rmdir'; path: string };

/**
 * The free-space check of a tarball install, per filesystem. The download cache's share is worked out when the
 * check runs: nothing when the verified archive is cached, else what is left after a partial download (`.partial`),
 * doubled while that is still large enough to be fetched over several connections.
 */
export interface SpaceCheck {
  cache?: { file: string; archiveBytes: number; segmentedMinBytes: number };
  /** One directory per filesystem: the KiB needed there, plus the cache's share when `withCache`. */
  places: { dir: string; kib: number; withCache: boolean }[];
}

/** A startup-file line that would override what the plan sets up, and what the plan does about it. */
export interface PlanConflict {
  file: string;
  line: number;
  /** The line as written (credentials as ****). */
  text: string;
  variable: string;
  /** What it would override, e.g. `GOPROXY=https://goproxy.cn,direct` or `the new Go (/usr/local/go/bin)`. */
  overrides: string;
  system: boolean;
  /** comment: a step comments it out; keep: it stays, and new shells will not get what was chosen. */
  action: 'comment' | 'keep';
}

export interface Plan {
  schema: 1;
  /** Chosen when the plan is made: names the journal folder and the moved-aside backup, e.g. 20261122-051203-ab12. */
  runId: string;
  createdAt: string;
  method: Method;
  scope: Scope;
  /** GOROOT being installed (or /usr/lib/go-1.NN for apt, /snap/go/current for snap). */
  goroot: string;
  gopath: string;
  release: ResolvedRelease | null;
  shells: ShellName[];
  /** Options as given, with credentials redacted to ****. */
  options: InstallOptions;
  paths: AppPaths;
  warnings: string[];
  /** Startup-file lines that override this setup (absent in plans made before they were read). */
  conflicts?: PlanConflict[];
  /** Nothing to do (already installed and configured): the plan has no steps that change anything. */
  upToDate: boolean;
  steps: Step[];
  /** The proxy settings this run's own requests use (the index, the archive), credentials masked. */
  proxies?: PlanProxy[];
  /** The proxy the archive is downloaded through (masked), null when it connects directly; absent when nothing is downloaded. */
  downloadProxy?: string | null;
}

/** One proxy setting in effect, as the preview shows it. */
export interface PlanProxy {
  /** The variable it is, or stands for: http_proxy, https_proxy, all_proxy, no_proxy. */
  setting: string;
  /** Credentials masked. */
  value: string;
  /** `option`: --http-proxy, --https-proxy or --no-proxy (a flag, the answers file or the wizard's answer). */
  source: 'option' | 'environment';
  /** The flag (`--https-proxy`) or the variable as it is spelled in the environment (`HTTPS_PROXY`). */
  from: string;
}

// ---------------------------------------------------------------------------------------------
// Engine events (`install --json` / `rollback --json` print one per line)

export type EngineEvent =
  | { type: 'plan'; plan: Plan }
  | { type: 'step-start'; step: string; title: string; index: number; count: number }
  | {
      type: 'progress';
      step: string;
      bytes: number;
      total: number | null;
      bytesPerSecond: number;
      etaSeconds: number | null;
      /** Archive entries unpacked so far (while the bytes arrive, or from the complete cache file after them). */
      entries?: number;
      /** The download's last report: every byte is in and tar has finished. */
      final?: boolean;
    }
  /** A directory tree being removed (a rollback's Go tree): `removed` of its `total` entries are gone. */
  | { type: 'removing'; step: string; path: string; removed: number; total: number }
  | { type: 'log'; step?: string; stream: 'stdout' | 'stderr' | 'info'; line: string }
  | { type: 'step-done'; step: string; durationMs: number }
  | { type: 'step-failed'; step: string; error: string }
  | { type: 'rollback-start'; runId: string; reason: string }
  | { type: 'rollback-done'; runId: string; complete: boolean; problems: string[] }
  | { type: 'verify'; check: string; ok: boolean; output: string; warning?: boolean }
  | { type: 'done'; ok: boolean; exitCode: number; runId: string | null; backupBytes: number; message: string };

export type EventSink = (event: EngineEvent) => void;

/** Exit codes (docs/contract.md "Exit codes"). Some share a number; each name says which case a path reports. */
export const EXIT = {
  ok: 0,
  /** Failed, and everything it had changed is restored. */
  failedRestored: 1,
  /** Failed before anything changed (the message says so). */
  failedUnchanged: 1,
  /** `doctor` found at least one error. */
  problemsFound: 1,
  usage: 2,
  failedIncomplete: 3,
  interrupted: 130,
} as const;
