// The oldest supported Node: the built bundle runs on Node 18 (from `npm i --prefix .cache/node18 node@18`),
// and the entry guard refuses anything older than 18.19 with one line and exit 2.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { transformSync } from 'esbuild';
import { SYSTEMS, buildSysroot } from '../fixtures/sysroots.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { bundle, ensureBuilt, root, runCli } from '../cli/built-cli.js';

const NODE18 = join(root, '.cache/node18/node_modules/node/bin/node');
const INSTALL_HINT = 'npm i --prefix .cache/node18 --no-save node@18';
const missing = !existsSync(NODE18);
const inCi = process.env.CI === 'true';

let temp: TempHome;
before(async () => {
  await ensureBuilt();
  temp = createTempHome();
});
after(() => temp.cleanup());

describe('the bundle on Node 18', { skip: missing && !inCi ? `Node 18 is not installed at ${NODE18}; run: ${INSTALL_HINT}` : false }, () => {
  it('has a Node 18 binary (required when CI=true)', () => {
    assert.ok(!missing, `Node 18 is missing at ${NODE18} and CI=true; .ci/run installs it with: ${INSTALL_HINT}`);
  });

  const node18 = (args: string[], env: NodeJS.ProcessEnv = temp.env) => runCli(args, { env, node: NODE18 });

  it('is really Node 18.19 or newer 18.x', async () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    const result = await node18(['--version']);
    assert.deepEqual(result, { code: 0, stdout: `${version}\n`, stderr: '' });
    assert.match(execFileSync(NODE18, ['--version'], { encoding: 'utf8' }), /^v18\.(19|[2-9]\d)\.\d+\n$/);
  });

  it('prints --help', async () => {
    const result = await node18(['--help']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, '');
    assert.ok(result.stdout.includes('Install options') && result.stdout.includes('--save-config'));
  });

  it('runs detect --json on a fixture Ubuntu 24.04 root', async () => {
    const sysroot = join(temp.root, 'sysroot');
    const { spec, expected } = SYSTEMS['ubuntu-24.04']!;
    buildSysroot(sysroot, spec);
    const result = await node18(['detect', '--json', '--sysroot', sysroot]);
    assert.equal(result.code, 0, result.stderr);
    const detection = JSON.parse(result.stdout) as { os: Record<string, string>; arch: Record<string, string> };
    assert.equal(detection.os.id, expected.id);
    assert.equal(detection.os.versionId, expected.versionId);
    assert.equal(detection.os.ubuntuCodename, expected.ubuntuCodename);
    assert.equal(detection.arch.goArch, expected.goArch);
  });

  it('refuses a bad flag with exit 2 and one line', async () => {
    const result = await node18(['install', '--scope', 'global']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^go-setup-wizard: --scope: "global" [^\n]+\n$/);
    assert.equal(result.stdout, '');
  });
});

describe('the entry guard', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'gsw-guard-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs the bundle with process.versions.node replaced before the guard reads it. */
  async function withNodeVersion(version: string, args: string[]) {
    const preload = join(dir, `node-${version}.cjs`);
    writeFileSync(preload, `Object.defineProperty(process, 'versions', { value: { ...process.versions, node: ${JSON.stringify(version)} } });\n`);
    return runCli(args, { env: temp.env, nodeArgs: ['--require', preload] });
  }

  for (const old of ['16.20.0', '18.18.2', '14.21.3']) {
    it(`refuses Node ${old} with one line and exit 2`, async () => {
      const result = await withNodeVersion(old, ['--version']);
      assert.equal(result.code, 2);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, /^[^\n]+\n$/);
      assert.ok(result.stderr.includes(old) && result.stderr.includes('18.19'), result.stderr);
    });
  }

  for (const ok of ['18.19.0', '22.0.0']) {
    it(`lets Node ${ok} through`, async () => {
      const result = await withNodeVersion(ok, ['--version']);
      assert.equal(result.code, 0, result.stderr);
    });
  }

  it('is plain ES5, so that any old Node can parse it', () => {
    // esbuild refuses to lower let/const, arrow functions, classes … to ES5: a clean transform means ES5 syntax.
    assert.doesNotThrow(() => transformSync(readFileSync(bundle, 'utf8').replace(/^#!.*\n/, ''), { loader: 'js', target: 'es5', format: 'cjs' }));
  });
});
