// What a `plan` run loads of the real bundle: the Ansible renderer with its YAML library, the proxy agents and the
// shipped snapshot of the index each sit in a chunk of their own, loaded only by the run that needs it (a playbook
// export, a configured proxy, the default index unreachable), so a text plan starts without parsing them.
// The modules a run loads are recorded by a module-loading hook (test/helpers/loaded-modules.mjs).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { bundle, ensureBuilt, runCli } from '../cli/built-cli.js';
import { buildIndex, describeContent, startMirror, type Mirror } from '../helpers/mirror.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';

const FILE = 'go1.19.8.linux-amd64.tar.gz';
const BODY = 'not really a tarball: plan never downloads';
const hook = new URL('../helpers/loaded-modules.mjs', import.meta.url).href;
const snapshot = JSON.parse(readFileSync(new URL('../../src/versions/snapshot.json', import.meta.url), 'utf8')) as { releases: { files: { sha256: string }[] }[] };

/** A text found only in the code of each part that is loaded on demand. */
const PARTS: Record<string, string> = {
  'the Ansible renderer': 'ansible.builtin.get_url',
  'the YAML library': 'YAMLParseError',
  'the SOCKS proxy agent': 'SocksClient',
  'the HTTP(S) proxy agents': 'Proxy-Authorization',
  // A digest of the shipped snapshot: data nothing else in the bundle holds.
  'the shipped snapshot': snapshot.releases[0]!.files.find((file) => file.sha256)!.sha256,
};

let mirror: Mirror;
let home: TempHome;

before(async () => {
  await ensureBuilt();
  mirror = await startMirror({
    files: { [FILE]: { body: BODY } },
    index: buildIndex([{ version: 'go1.19.8', files: [{ filename: FILE, ...describeContent(BODY) }] }]),
  });
  home = createTempHome({ skel: true });
});

after(async () => {
  await mirror?.close();
  home?.cleanup();
});

/** The source of every chunk of the bundle a `plan` run loaded, with its output and exit code. */
async function loadedChunks(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; sources: string[] }> {
  const record = join(home.root, 'loaded-modules.txt');
  rmSync(record, { force: true });
  const result = await runCli(['plan', '--scope', 'user', '--shells', 'bash', ...args], {
    env: { ...home.env, GSW_TEST_LOADED_MODULES: record },
    nodeArgs: ['--import', hook],
  });
  const dist = pathToFileURL(dirname(bundle)).href;
  const urls = readFileSync(record, 'utf8').split('\n').filter((url) => url.startsWith(dist));
  assert.ok(urls.length > 1, `the hook recorded the bundle's modules: ${urls.join(', ')}`);
  return { ...result, sources: urls.map((url) => readFileSync(fileURLToPath(url), 'utf8')) };
}

/** The loopback mirror with its index. */
const fromMirror = (...args: string[]) => ['--go-version', '1.19.8', '--mirror', mirror.url, '--index-url', mirror.indexUrl, ...args];

const partsIn = (sources: string[]) => Object.keys(PARTS).filter((part) => sources.some((source) => source.includes(PARTS[part]!)));

describe('which parts of the bundle a plan loads', { timeout: 60_000 }, () => {
  test('each part loaded on demand is in the bundle (its marker names code the bundle holds)', () => {
    const chunks = join(dirname(bundle), 'chunks');
    const sources = readdirSync(chunks).map((name) => readFileSync(join(chunks, name), 'utf8'));
    assert.deepEqual(partsIn(sources), Object.keys(PARTS));
  });

  test('a text plan from an explicit index loads none of them', async () => {
    const run = await loadedChunks(fromMirror());
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(partsIn(run.sources), []);
  });

  test('a playbook export loads the Ansible renderer and YAML, and still neither the proxy agents nor the snapshot', async () => {
    const run = await loadedChunks(fromMirror('--format', 'ansible'));
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(partsIn(run.sources), ['the Ansible renderer', 'the YAML library']);
  });

  for (const proxy of ['socks5://127.0.0.1:9', 'http://127.0.0.1:9']) {
    test(`a proxy ${proxy} loads the proxy agents (the index then fails through the closed proxy port: exit 2, named)`, async () => {
      const run = await loadedChunks(fromMirror('--http-proxy', proxy));
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, new RegExp(`ECONNREFUSED 127\\.0\\.0\\.1:9\\b.*through the proxy ${proxy.replace(/[.]/g, '\\.')}`));
      assert.deepEqual(partsIn(run.sources), ['the SOCKS proxy agent', 'the HTTP(S) proxy agents']);
    });
  }

  test('with the default index unreachable (a closed proxy port), the plan loads the shipped snapshot and comes from it', async () => {
    const run = await loadedChunks(['--go-version', 'latest', '--mirror', 'official', '--https-proxy', 'http://127.0.0.1:9']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /from the snapshot of the official index/);
    assert.deepEqual(partsIn(run.sources), ['the SOCKS proxy agent', 'the HTTP(S) proxy agents', 'the shipped snapshot']);
  });
});
