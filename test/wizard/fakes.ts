// Fake data and services for the wizard's flow and screen tests. The end-to-end tests use the real ones.
import type { AppPaths, Detection, EventSink, InstallOptions, LoadedIndex, Plan, Step } from '../../src/types.js';
import { rollBack, type ExecuteResult, type WizardServices } from '../../src/wizard/services.js';
import { incompleteRuns } from '../../src/engine/rollback.js';
import { createTranslator } from '../../src/i18n/index.js';
import { localDisk } from '../../src/host/disk.js';
import type { AptCandidate } from '../../src/apt/candidates.js';

export function fakePaths(home = '/home/ada'): AppPaths {
  return {
    home,
    stateDir: `${home}/.local/state/go-setup-wizard`,
    configDir: `${home}/.config/go-setup-wizard`,
    cacheDir: `${home}/.cache/go-setup-wizard`,
    envSh: `${home}/.config/go-setup-wizard/env.sh`,
    envFish: `${home}/.config/go-setup-wizard/env.fish`,
    preferences: `${home}/.config/go-setup-wizard/config.json`,
  };
}

export function defaultOptions(overrides: Partial<InstallOptions> = {}): InstallOptions {
  return { method: 'tarball', goVersion: 'latest', mirror: 'official', goproxy: 'keep', persistProxy: false, shells: 'auto', sysroot: '/', ...overrides };
}

export function fakeDetection(overrides: Partial<Detection> = {}): Detection {
  return {
    os: { id: 'ubuntu', versionId: '24.04', codename: 'noble', ubuntuCodename: 'noble', family: 'ubuntu', prettyName: 'Ubuntu 24.04.1 LTS', baseVersion: '24.04', supported: true },
    arch: { machine: 'x86_64', goArch: 'amd64', userlandGoArch: 'amd64' },
    wsl: { isWsl: false, version: null, windowsGoOnPath: false, underMntC: false },
    shell: { login: 'bash', available: ['bash', 'zsh'], startupFiles: ['/home/ada/.profile', '/home/ada/.bashrc'], zdotdir: '/home/ada' },
    user: { name: 'ada', uid: 1000, isRoot: false, home: '/home/ada', sudo: 'password' },
    // A machine without Go: the question about other Go installs is not asked (tests that want one pass existingGo).
    existingGo: [],
    env: {},
    startupEnv: [],
    disk: [],
    warnings: [],
    problems: [],
    ...overrides,
  };
}

export function fakeIndex(): LoadedIndex {
  const release = (version: string, stable = true) => ({
    version,
    stable,
    files: [{ filename: `${version}.linux-amd64.tar.gz`, os: 'linux', arch: 'amd64', version, sha256: 'ab'.repeat(32), size: 70_000_000, kind: 'archive' }],
  });
  return { releases: [release('go1.28rc1', false), release('go1.27.1'), release('go1.27.0'), release('go1.26.3'), release('go1.25.9')], source: 'live', url: 'https://go.dev/dl/?mode=json&include=all' };
}

export const APT: AptCandidate[] = [
  { name: 'golang-1.23-go', candidate: '1.23.1-1', minor: 23, goVersion: '1.23', installed: false },
  { name: 'golang-go', candidate: '2:1.22~2', minor: 22, goVersion: '1.22', installed: false },
];

function step(id: string, title: string, extra: Partial<Step> = {}): Step {
  return { id, title, why: `${title} because`, root: false, touches: [], run: `echo ${id}`, undo: `echo undo ${id}`, ...extra };
}

export function fakePlan(options: InstallOptions = defaultOptions()): Plan {
  return {
    schema: 1,
    runId: '20261122-051203-ab12',
    createdAt: '2026-11-22T05:12:03Z',
    method: options.method,
    scope: options.scope ?? 'user',
    goroot: options.installDir ?? '/home/ada/.local/go',
    gopath: '/home/ada/go',
    release: null,
    shells: ['bash'],
    options,
    paths: fakePaths(),
    warnings: [],
    upToDate: false,
    steps: [
      step('check-space', 'Check free space'),
      step('download', 'Download go1.27.1', { native: 'download' }),
      step('extract', 'Unpack'),
      step('place', 'Put Go in place'),
      step('profile-bashrc', 'Update ~/.bashrc', { diff: '--- a/.bashrc\n+++ b/.bashrc\n@@ -1 +1,3 @@\n alias ll=ls\n+# >>> go-setup-wizard >>>\n+. ~/.config/go-setup-wizard/env.sh' }),
      step('verify', 'Prove it works', { native: 'verify' }),
    ],
  };
}

/** A deferred promise the test settles when it wants. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export interface FakeServices extends WizardServices {
  calls: { preparePlan: InstallOptions[]; execute: number; saved: { path: string; content: string; mode: number }[] };
  /** The running install: emit events, then finish it. */
  run: { emit: EventSink; finish: (result: ExecuteResult) => void; fail: (error: Error) => void; signal: AbortSignal } | null;
}

/** Services answering at once with the fake data; executePlan waits for the test to drive it through `run`. */
export function fakeServices(overrides: Partial<WizardServices> = {}): FakeServices {
  const services: FakeServices = {
    calls: { preparePlan: [], execute: 0, saved: [] },
    run: null,
    paths: fakePaths(),
    disk: localDisk,
    cwd: '/home/ada/work',
    detect: async () => fakeDetection(),
    loadIndex: async () => fakeIndex(),
    resolve: (index, options) => {
      const version = options.goVersion;
      const found = index.releases.find((r) => r.version === `go${version}` || r.version.startsWith(`go${version}.`));
      if (!found) throw new Error(`Go ${version} is not in the index.`);
      const file = found.files[0];
      return { version: found.version, filename: file.filename, sha256: file.sha256, size: file.size, url: `https://go.dev/dl/${file.filename}`, sha256Source: index.url };
    },
    aptCandidates: async () => APT,
    snapUnavailable: async () => null,
    freeSpace: async () => 50 * 1024 ** 3,
    preparePlan: async (options) => {
      services.calls.preparePlan.push(options);
      return fakePlan(options);
    },
    renderPlan: (plan, format) => (format === 'sh' ? `#!/usr/bin/env bash\nset -euo pipefail\n${plan.steps.map((s) => s.run).join('\n')}\n` : plan.steps.map((s, i) => `${i + 1}. ${s.title}`).join('\n')),
    // The file to run holds the real values; the display copy above never would.
    renderExport: async (plan, format) => (format === 'sh' ? `#!/usr/bin/env bash\n# export\nset -euo pipefail\n${plan.steps.map((s) => s.run).join('\n')}\n` : ''),
    exportHoldsSecret: () => false,
    renderRollbackScript: (plan) => `#!/usr/bin/env bash\n${[...plan.steps].reverse().map((s) => s.undo).join('\n')}\n`,
    executePlan: (_plan, _options, onEvent, signal) => {
      services.calls.execute += 1;
      const { promise, resolve, reject } = deferred<ExecuteResult>();
      services.run = { emit: onEvent, finish: resolve, fail: reject, signal };
      return promise;
    },
    goEnv: async (plan) => `${plan.goroot}\n/home/ada/go\nhttps://proxy.golang.org,direct`,
    keptDownload: async () => null,
    // The real ones, on this test's temp state dir (none at /home/ada: no run is waiting).
    incompleteRuns: () => incompleteRuns(services.paths),
    rollBack: (runId, onEvent) => rollBack(services.paths, runId, createTranslator('en'), false, onEvent),
    saveText: async (path, content, mode) => {
      services.calls.saved.push({ path, content, mode });
    },
    ...overrides,
  };
  return services;
}

