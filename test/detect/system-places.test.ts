// The real Host on real system paths: inside `unshare -m`, /usr and /etc get copy-on-write overlays (upper
// layers on a private tmpfs), so an apt-style /usr/lib/go-1.18 + /usr/bin/go, a tarball /usr/local/go holding
// a genuine Go toolchain, and /etc/sudoers can exist without touching the machine. detect and doctor run as the CLI.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { bundle, ensureBuilt } from '../cli/built-cli.js';
import { goFixture } from '../helpers/go-fixture.js';
import { createTempHome } from '../helpers/temp-home.js';

const isRoot = process.getuid?.() === 0;
const canUnshare = isRoot && spawnSync('unshare', ['-m', 'true']).status === 0;
const skip = canUnshare ? false : 'needs root and unshare -m (mount namespaces) to lay out system paths safely';

const scratch = mkdtempSync(join(tmpdir(), 'gsw-system-places-'));
const home = createTempHome();
after(() => {
  rmSync(scratch, { recursive: true, force: true });
  home.cleanup();
});
before(ensureBuilt);

const setupScript = `
set -euo pipefail
layers=$1 prepared=$2
mount -t tmpfs gsw-layers "$layers"
for dir in usr etc; do
  mkdir -p "$layers/$dir-upper" "$layers/$dir-work"
  mount -t overlay gsw-$dir -o "lowerdir=/$dir,upperdir=$layers/$dir-upper,workdir=$layers/$dir-work" "/$dir"
done
# official tarball layout with the genuine go binary
rm -rf /usr/local/go
cp -a "$prepared/go" /usr/local/go
# golang-1.18-go + golang-go symlinks, as apt lays them out
mkdir -p /usr/lib/go-1.18/bin /usr/lib/go-1.18/src
cp /usr/local/go/bin/go /usr/lib/go-1.18/bin/go
printf 'go1.18.1\\n' > /usr/lib/go-1.18/VERSION
ln -sfn go-1.18 /usr/lib/go
ln -sfn ../lib/go-1.18/bin/go /usr/bin/go
printf 'Defaults\\tsecure_path="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"\\n' > /etc/sudoers
shift 2
exec "$@"
`;

function inNamespace(args: string[], env: NodeJS.ProcessEnv): { code: number | null; stdout: string; stderr: string } {
  const layers = mkdtempSync(join(scratch, 'layers-'));
  const result = spawnSync('unshare', ['-m', '--propagation', 'private', 'bash', '-c', setupScript, 'setup', layers, prepared, process.execPath, bundle, ...args], {
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

// The genuine toolchain's go binary and VERSION, unpacked once (the go command wants pkg/tool to accept its GOROOT).
const prepared = join(scratch, 'prepared');
before(async () => {
  if (skip) return;
  mkdirSync(prepared);
  execFileSync('tar', ['-xzf', (await goFixture()).tarball, '-C', prepared, 'go/bin/go', 'go/VERSION']);
  mkdirSync(join(prepared, 'go/pkg/tool'), { recursive: true });
  mkdirSync(join(prepared, 'go/src'));
});

test('detect: apt Go first on PATH, the tarball Go in /usr/local/go, both with versions and sources', { skip }, () => {
  const env = { ...home.env, PATH: '/usr/bin:/usr/local/go/bin:/bin' };
  const result = inNamespace(['detect', '--json'], env);
  assert.equal(result.code, 0, result.stderr);
  const d = JSON.parse(result.stdout);
  assert.deepEqual(
    d.existingGo.map((go: { path: string; version: string; source: string; goroot?: string; onPath?: boolean }) => [go.path, go.version, go.source, go.goroot, go.onPath === true]),
    [
      ['/usr/bin/go', 'go1.18.1', 'apt', '/usr/lib/go-1.18', true],
      ['/usr/local/go/bin/go', 'go1.19.8', 'tarball', '/usr/local/go', false],
    ],
  );
  assert.ok(d.warnings.some((w: string) => w.includes('apt') && w.includes('/usr/bin/go')), d.warnings.join('\n'));
  // The overlays lived only in the namespace.
  assert.equal(spawnSync('test', ['-e', '/usr/lib/go-1.18']).status, 1);
});

test('doctor: shadowed-go (apt hides /usr/local/go) and sudo-secure-path (read from /etc/sudoers)', { skip }, () => {
  const env = { ...home.env, PATH: `/usr/bin:/usr/local/go/bin:${join(home.home, 'go/bin')}:/bin`, GOPROXY: 'off' };
  const result = inNamespace(['doctor', '--json'], env);
  assert.equal(result.code, 0, result.stderr);
  const findings = JSON.parse(result.stdout).findings as { id: string; message: string; fix: string }[];
  assert.deepEqual(findings.map((f) => f.id), ['shadowed-go']);
  assert.match(findings[0]!.fix, /apt remove golang-go/);

  // With the tarball Go first, sudo's secure_path is the problem left.
  const tarballFirst = { ...env, PATH: `/usr/local/go/bin:/usr/bin:${join(home.home, 'go/bin')}:/bin` };
  const second = inNamespace(['doctor', '--json'], tarballFirst);
  const ids = (JSON.parse(second.stdout).findings as { id: string }[]).map((f) => f.id);
  assert.deepEqual(ids, ['sudo-secure-path'], second.stdout + second.stderr);
  assert.equal(second.code, 0);
});

test('the genuine go binary really runs from /usr/local/go (the fixture is not a fake)', { skip }, () => {
  const env = { ...home.env, PATH: '/usr/bin:/bin' };
  const layers = mkdtempSync(join(scratch, 'layers-'));
  const out = execFileSync('unshare', ['-m', '--propagation', 'private', 'bash', '-c', setupScript, 'setup', layers, prepared, '/usr/local/go/bin/go', 'version'], { env, encoding: 'utf8' });
  assert.match(out, /^go version go1\.19\.8 linux\/amd64/);
});
