// Shared pieces of the plan tests: a Detection describing the temp machine, and buildPlan inputs around a temp HOME.
import { spawnSync } from 'node:child_process';
import { localDisk } from '../../src/host/disk.js';
import { appPaths } from '../../src/paths.js';
import { createTranslator } from '../../src/i18n/index.js';
import type { BuildInput } from '../../src/plan/context.js';
import type { Detection, InstallOptions, ResolvedRelease, ShellName } from '../../src/types.js';
import type { TempHome } from '../helpers/temp-home.js';

export function fakeDetection(home: string, overrides: { login?: ShellName; available?: ShellName[]; isRoot?: boolean } = {}): Detection {
  return {
    os: { id: 'ubuntu', versionId: '24.04', codename: 'noble', ubuntuCodename: 'noble', family: 'ubuntu', prettyName: 'Ubuntu 24.04', baseVersion: '24.04', supported: true },
    arch: { machine: 'x86_64', goArch: 'amd64', userlandGoArch: 'amd64' },
    wsl: { isWsl: false, version: null, windowsGoOnPath: false, underMntC: false },
    shell: { login: overrides.login ?? 'bash', available: overrides.available ?? ['bash', 'zsh', 'fish'], startupFiles: [], zdotdir: home },
    user: { name: 'user', uid: 1000, isRoot: overrides.isRoot ?? false, home, sudo: overrides.isRoot ? 'root' : 'none' },
    existingGo: [],
    env: {},
    startupEnv: [],
    disk: [],
    warnings: [],
    problems: [],
  };
}

export function installOptions(overrides: Partial<InstallOptions> = {}): InstallOptions {
  return { method: 'tarball', goVersion: 'latest', mirror: 'official', goproxy: 'keep', persistProxy: false, shells: 'auto', sysroot: '/', ...overrides };
}

export const FAKE_RELEASE: ResolvedRelease = {
  version: 'go1.19.8',
  filename: 'go1.19.8.linux-amd64.tar.gz',
  sha256: 'a'.repeat(64),
  size: 70_000_000,
  url: 'http://127.0.0.1:9/dl/go1.19.8.linux-amd64.tar.gz',
  sha256Source: 'http://127.0.0.1:9/dl/?mode=json&include=all',
};

export function buildInput(home: TempHome, overrides: Partial<Omit<BuildInput, 'options'>> & { options?: Partial<InstallOptions> } = {}): BuildInput {
  const { options, ...rest } = overrides;
  return {
    options: installOptions({ scope: 'user', ...options }),
    detection: fakeDetection(home.home),
    release: FAKE_RELEASE,
    paths: appPaths(home.env),
    env: home.env,
    runId: '20261122-050000-ab12',
    t: createTranslator('en'),
    createdAt: '2026-11-22T05:00:00.000Z',
    disk: localDisk,
    ...rest,
  };
}

/** shellcheck's findings for a bash script (empty when clean). */
export function shellcheck(script: string, shell: 'bash' | 'sh' = 'bash'): string {
  const result = spawnSync('shellcheck', ['-s', shell, '-'], { input: script, encoding: 'utf8' });
  return result.status === 0 ? '' : result.stdout + result.stderr;
}
