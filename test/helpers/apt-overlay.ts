// Real apt and dpkg in an isolated overlay: `unshare -m` with overlayfs over /usr, /etc and /var (the upper
// layers live in a temp dir and vanish with the namespace), apt's sources replaced by one local file repository.
// This machine's real package state is never changed.
//
// The repository holds tiny packages built here with dpkg-deb (fast, with Depends and Recommends to test exactness)
// and, when this machine's apt cache has them (scripts/build-go-fixture.sh fetches them), Debian's real golang debs.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function works(argv: string[]): boolean {
  const result = spawnSync(argv[0]!, argv.slice(1), { stdio: 'ignore' });
  return !result.error && result.status === 0;
}

/** Root, `unshare -m`, overlayfs, dpkg-deb and dpkg-scanpackages: everything these tests need. */
export function aptOverlayProblem(): string | null {
  if (process.getuid?.() !== 0) return 'needs root (unshare -m and overlay mounts)';
  for (const tool of ['apt-get', 'dpkg-deb', 'dpkg-scanpackages', 'unshare']) {
    if (!works(['sh', '-c', `command -v ${tool}`])) return `${tool} is not installed`;
  }
  const dir = mkdtempSync(join(tmpdir(), 'gsw-ovl-probe-'));
  try {
    for (const d of ['lower', 'upper', 'work', 'merged']) mkdirSync(join(dir, d));
    const probe = `mount -t overlay overlay -o lowerdir=${dir}/lower,upperdir=${dir}/upper,workdir=${dir}/work ${dir}/merged`;
    return works(['unshare', '-m', '--propagation', 'private', 'sh', '-c', probe]) ? null : 'overlayfs cannot be mounted here';
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface FakePackage {
  name: string;
  version?: string;
  depends?: string;
  recommends?: string;
  /** A file the package installs (absolute path), so dpkg has something to track. */
  file?: string;
}

function buildDeb(out: string, pkg: FakePackage): void {
  const root = mkdtempSync(join(tmpdir(), 'gsw-deb-'));
  try {
    mkdirSync(join(root, 'DEBIAN'));
    const fields = [
      `Package: ${pkg.name}`,
      `Version: ${pkg.version ?? '1.0'}`,
      'Architecture: all',
      'Maintainer: go-setup-wizard tests <tests@invalid>',
      ...(pkg.depends ? [`Depends: ${pkg.depends}`] : []),
      ...(pkg.recommends ? [`Recommends: ${pkg.recommends}`] : []),
      `Description: test package ${pkg.name}`,
    ];
    writeFileSync(join(root, 'DEBIAN/control'), `${fields.join('\n')}\n`);
    const file = pkg.file ?? `/usr/share/gsw-test/${pkg.name}`;
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), `${pkg.name}\n`);
    const result = spawnSync('dpkg-deb', ['--root-owner-group', '-Zgzip', '--build', root, join(out, `${pkg.name}_${pkg.version ?? '1.0'}_all.deb`)], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`dpkg-deb: ${result.stderr}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export interface LocalRepo {
  dir: string;
  /** Debian's golang-go, golang-src, golang-1.19-go and golang-1.19-src are in it. */
  hasGolang: boolean;
  cleanup(): void;
}

const GOLANG_DEBS = /^(golang-go|golang-src|golang-1\.19-go|golang-1\.19-src)_.*\.deb$/;

/** A flat local repository (`deb [trusted=yes] file:DIR ./`) with the fake packages and, if cached, the golang debs. */
export function buildLocalRepo(fakes: FakePackage[], opts: { golang?: boolean } = {}): LocalRepo {
  const dir = mkdtempSync(join(tmpdir(), 'gsw-apt-repo-'));
  for (const pkg of fakes) buildDeb(dir, pkg);
  let hasGolang = false;
  if (opts.golang) {
    const cache = '/var/cache/apt/archives';
    const debs = existsSync(cache) ? readdirSync(cache).filter((name) => GOLANG_DEBS.test(name)) : [];
    for (const deb of debs) copyFileSync(join(cache, deb), join(dir, deb));
    hasGolang = new Set(debs.map((d) => d.split('_')[0])).size === 4;
  }
  const scan = spawnSync('sh', ['-c', 'dpkg-scanpackages --multiversion . /dev/null > Packages 2>/dev/null'], { cwd: dir, encoding: 'utf8' });
  if (scan.status !== 0) throw new Error(`dpkg-scanpackages failed: ${scan.stderr}`);
  return { dir, hasGolang, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Bash printing dpkg's package set, one `<label>: name version state` line each (inside the namespace). */
export function dpkgSet(label: string): string {
  return `dpkg-query -W -f='\${Package} \${Version} \${db:Status-Abbrev}\\n' | sort | sed 's/^/${label}: /'`;
}

/**
 * Runs `script` (bash) in a private mount namespace where /usr, /etc and /var are overlays and apt knows only
 * `repo`; its lists are refreshed first. Async so servers in the test process can answer. The overlay's upper
 * layers are removed afterwards.
 */
export function inAptOverlay(script: string, opts: { repo: LocalRepo; env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<{ status: number | null; output: string }> {
  const layers = mkdtempSync(join(tmpdir(), 'gsw-apt-layers-'));
  const setup = [
    'set -euo pipefail',
    `layers=${JSON.stringify(layers)}`,
    'for d in /usr /etc /var; do',
    '  n=${d//\\//_}',
    '  mkdir -p "$layers/up$n" "$layers/work$n"',
    '  mount -t overlay overlay -o "lowerdir=$d,upperdir=$layers/up$n,workdir=$layers/work$n" "$d"',
    'done',
    'rm -f /etc/apt/sources.list.d/* /etc/apt/sources.list',
    `echo ${JSON.stringify(`deb [trusted=yes] file:${opts.repo.dir} ./`)} > /etc/apt/sources.list`,
    // The repository sits in a private temp dir: apt reads it as root rather than as its sandbox user.
    `echo 'APT::Sandbox::User "root";' > /etc/apt/apt.conf.d/00gsw-test-sandbox`,
    'rm -rf /var/lib/apt/lists/*',
    'apt-get update -qq > "$layers/update.log" 2>&1 || { cat "$layers/update.log"; exit 1; }',
    script,
  ].join('\n');
  const file = join(layers, 'script.sh');
  writeFileSync(file, setup);
  return new Promise((resolve, reject) => {
    const child = spawn('unshare', ['-m', '--propagation', 'private', 'bash', file], {
      env: opts.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: opts.timeoutMs ?? 240_000,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.on('error', reject);
    child.on('close', (status) => {
      rmSync(layers, { recursive: true, force: true });
      resolve({ status, output });
    });
  });
}

/** The lines `dpkgSet(label)` printed, without the label. */
export function section(output: string, label: string): string[] {
  const lines = output.split('\n').filter((line) => line.startsWith(`${label}: `));
  if (!lines.length) throw new Error(`no ${label} lines in:\n${output}`);
  return lines.map((line) => line.slice(label.length + 2));
}
