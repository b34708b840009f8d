// `detect` and `doctor` through the real bundle, as users run them.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ensureBuilt, runCli } from '../cli/built-cli.js';
import { createTempHome } from '../helpers/temp-home.js';
import { buildSysroot, detectionSummary, SYSTEMS } from '../fixtures/sysroots.js';
import { goTree, writeFile } from '../fixtures/trees.js';

const scratch = mkdtempSync(join(tmpdir(), 'gsw-detect-cli-'));
const home = createTempHome();
before(ensureBuilt);
after(() => {
  rmSync(scratch, { recursive: true, force: true });
  home.cleanup();
});

describe('detect --json --sysroot DIR', () => {
  for (const [name, { spec, expected }] of Object.entries(SYSTEMS)) {
    test(name, async () => {
      const root = join(scratch, name);
      buildSysroot(root, spec);
      const result = await runCli(['detect', '--json', '--sysroot', root], { env: home.env });
      assert.equal(result.code, 0, result.stderr);
      const d = JSON.parse(result.stdout);
      // The SPEC's keys, each with the expected value.
      assert.deepEqual(detectionSummary(d), expected);
      assert.equal(d.wsl.isWsl, expected.wslVersion !== null);
      assert.equal(d.shell.login, 'bash');
      assert.ok(Array.isArray(d.shell.available) && d.shell.available.includes('bash'));
      assert.equal(d.user.isRoot, process.getuid!() === 0);
      assert.equal(d.user.home, home.home);
      assert.ok(Array.isArray(d.existingGo));
    });
  }
});

test('detect prints readable sections in English and Chinese, without raw catalog keys', async () => {
  const root = join(scratch, 'text');
  buildSysroot(root, SYSTEMS['raspios-32bit-on-aarch64']!.spec);
  goTree(home.home, '.local/go', 'go1.26.2');
  const en = await runCli(['detect', '--sysroot', root], { env: home.env });
  assert.equal(en.code, 0, en.stderr);
  for (const title of ['System', 'Architecture', 'WSL', 'Shell', 'User', 'Go already installed', 'Go environment', 'Disk', 'Warnings']) {
    assert.match(en.stdout, new RegExp(`^${title}$`, 'm'), title);
  }
  assert.match(en.stdout, /Go arch \(userland\)\s+armv6l/);
  assert.ok(en.stdout.includes(`${join(home.home, '.local/go/bin/go')}  go1.26.2  (tarball)`), en.stdout);
  assert.ok(!/\b(detect|doctor)\.[a-z]+\./.test(en.stdout), en.stdout);

  const zh = await runCli(['detect', '--sysroot', root], { env: { ...home.env, LANG: 'zh_CN.UTF-8' } });
  assert.equal(zh.code, 0, zh.stderr);
  assert.match(zh.stdout, /^已安装的 Go$/m);
  assert.match(zh.stdout, /^警告$/m);
  assert.ok(!/\b(detect|doctor)\.[a-z]+\./.test(zh.stdout), zh.stdout);
  rmSync(join(home.home, '.local'), { recursive: true, force: true });
});

test('doctor --json: exactly {findings:[{id,severity,message,fix}]}, exit 1 on an error finding, 0 otherwise', async () => {
  const bare = createTempHome();
  try {
    const broken = await runCli(['doctor', '--json'], { env: bare.env });
    assert.equal(broken.code, 1, broken.stderr);
    const parsed = JSON.parse(broken.stdout);
    assert.deepEqual(Object.keys(parsed), ['findings']);
    assert.deepEqual(parsed.findings.map((f: object) => Object.keys(f)), [['id', 'severity', 'message', 'fix']]);
    assert.equal(parsed.findings[0].id, 'no-go');
    assert.equal(parsed.findings[0].severity, 'error');

    goTree(bare.home, '.local/go', 'go1.22.2');
    const env = { ...bare.env, PATH: `${join(bare.home, '.local/go/bin')}:${join(bare.home, 'go/bin')}:${bare.env.PATH}`, GOPROXY: 'off' };
    const healthy = await runCli(['doctor', '--json'], { env });
    assert.equal(healthy.code, 0, healthy.stderr);
    assert.deepEqual(JSON.parse(healthy.stdout).findings.map((f: { id: string }) => f.id), ['toolchain-auto-download']);

    const text = await runCli(['doctor'], { env });
    assert.equal(text.code, 0);
    assert.match(text.stdout, /\[toolchain-auto-download\]/);
    assert.match(text.stdout, /fix: .*GOTOOLCHAIN=local/);
  } finally {
    bare.cleanup();
  }
});

test('detect lists the startup lines that set Go variables (text and --json)', async () => {
  const guide = createTempHome();
  try {
    writeFile(guide.home, '.bashrc', '# Go\nexport GOROOT=/usr/local/go\nexport PATH=$PATH:$GOROOT/bin\nexport GOPROXY=https://goproxy.cn,direct\n');
    const json = await runCli(['detect', '--json'], { env: guide.env });
    assert.equal(json.code, 0, json.stderr);
    const bashrc = join(guide.home, '.bashrc');
    const lines = JSON.parse(json.stdout).startupEnv.filter((s: { file: string }) => s.file === bashrc);
    assert.deepEqual(
      lines.map((s: { line: number; variable: string; value: string }) => [s.line, s.variable, s.value]),
      [
        [2, 'GOROOT', '/usr/local/go'],
        [3, 'PATH', '$PATH:$GOROOT/bin'],
        [4, 'GOPROXY', 'https://goproxy.cn,direct'],
      ],
    );
    const text = await runCli(['detect'], { env: guide.env });
    assert.match(text.stdout, /^Go settings in startup files$/m);
    assert.ok(text.stdout.includes(`${bashrc}:3  puts /usr/local/go/bin on PATH`), text.stdout);
    assert.ok(text.stdout.includes(`${bashrc}:4  sets GOPROXY=https://goproxy.cn,direct`), text.stdout);
  } finally {
    guide.cleanup();
  }
});

test('detect shows an environment value with a line break on one row, escaped, and a proxy password masked', async () => {
  const env = { ...home.env, HTTPS_PROXY: 'http://bob:s3cret@127.0.0.1:3128\nEVIL: injected', NO_COLOR: '1' };
  const result = await runCli(['detect'], { env });
  assert.equal(result.code, 0, result.stderr);
  const rows = result.stdout.split('\n');
  const proxyRow = rows.find((row) => row.includes('HTTPS_PROXY'));
  assert.ok(proxyRow?.includes('"http://****@127.0.0.1:3128\\nEVIL: injected"'), `one escaped row: ${proxyRow}`);
  assert.ok(!rows.some((row) => row.startsWith('EVIL')), 'no row begins with the injected text');
  assert.ok(!result.stdout.includes('s3cret'));
  const json = JSON.parse((await runCli(['detect', '--json'], { env })).stdout);
  assert.equal(json.env.HTTPS_PROXY, '"http://****@127.0.0.1:3128\\nEVIL: injected"');
});
