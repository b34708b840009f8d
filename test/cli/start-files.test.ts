// What a built run reads of the bundle: --help, --version and usage errors read the entry guard and dist/cli.cjs alone
// (scripts/build.mjs puts all they need into that one file); a Chinese --help adds the Chinese table's file and nothing
// else. Counted from the files the process opens (strace), so every module counts, however it is loaded. A structural
// check: the time this saves is measured by `npm run bench -- startup`, never asserted.
// The commands' chunks import the entry's modules from cli.cjs instead of holding copies: one UserError class, one
// message registry.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { renderHelp } from '../../src/cli/help.js';
import { allMessages, createTranslator, loadLang } from '../../src/i18n/index.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { bundle, ensureBuilt, root } from './built-cli.js';

await loadLang('zh');

const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
/** A file's text with esbuild's \uXXXX escapes read back, so that it can be searched for a message. */
const textOf = (file: string) => readFileSync(file, 'utf8').replace(/\\u([0-9a-f]{4})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

describe('the files a built run reads', { timeout: 120_000 }, () => {
  let temp: TempHome;
  let traces: string;

  before(async () => {
    await ensureBuilt();
    temp = createTempHome();
    traces = mkdtempSync(join(tmpdir(), 'gsw-start-files-'));
  });
  after(() => {
    temp?.cleanup();
    rmSync(traces, { recursive: true, force: true });
  });

  let runs = 0;
  /** Runs the bundle under strace: its output, and the files of the bundle it opened (relative to dist/, sorted, once each). */
  function traced(args: string[], env: NodeJS.ProcessEnv) {
    const log = join(traces, `${runs++}.strace`);
    const result = spawnSync('strace', ['-f', '-qq', '-e', 'trace=open,openat,openat2', '-o', log, process.execPath, bundle, ...args], {
      env: { ...temp.env, ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(result.error, undefined, `strace: ${result.error?.message}`);
    const dist = dirname(bundle);
    const opened = new Set<string>();
    for (const line of readFileSync(log, 'utf8').split('\n')) {
      const call = /\bopen(?:at2?)?\((?:[^,]+, )?"([^"]+)".*\) = (\d+)/.exec(line);
      if (call && !relative(dist, call[1]!).startsWith('..')) opened.add(relative(dist, call[1]!));
    }
    assert.ok(opened.has('go-setup-wizard.cjs'), `strace saw the bundle being read: ${[...opened].join(', ')}`);
    return { ...result, opened: [...opened].sort() };
  }

  it('--help, --version and a usage error in English read the guard and cli.cjs, nothing else', async () => {
    const en = createTranslator('en');
    const cases: [string[], string, number][] = [
      [['--help'], await renderHelp(en, version), 0],
      [['-h'], await renderHelp(en, version), 0],
      [['install', '--help'], await renderHelp(en, version, 'install'), 0],
      [['--version'], `${version}\n`, 0],
      [['plan', '--scope', 'nowhere'], '', 2],
    ];
    for (const [args, stdout, code] of cases) {
      const run = traced(args, { LANG: 'C.UTF-8' });
      assert.equal(run.stdout, stdout, args.join(' '));
      assert.equal(run.status, code, `${args.join(' ')}: ${run.stderr}`);
      assert.deepEqual(run.opened, ['cli.cjs', 'go-setup-wizard.cjs'], args.join(' '));
    }
  });

  it('a Chinese --help reads the Chinese table besides, nothing else', async () => {
    const run = traced(['--help'], { LANG: 'zh_CN.UTF-8' });
    assert.equal(run.stdout, await renderHelp(createTranslator('zh'), version));
    const chunks = run.opened.filter((file) => file.startsWith('chunks/'));
    assert.deepEqual(run.opened, [...chunks, 'cli.cjs', 'go-setup-wizard.cjs']);
    assert.equal(chunks.length, 1, chunks.join(', '));
    assert.ok(textOf(join(dirname(bundle), chunks[0]!)).includes(allMessages('zh')['cli.tagline']!), `${chunks[0]} holds the Chinese table`);
  });

  it('the chunks hold no copy of the entry’s message registry', () => {
    const dist = dirname(bundle);
    const files = ['cli.cjs', ...readdirSync(join(dist, 'chunks')).map((name) => `chunks/${name}`)];
    // A text of src/i18n/index.ts alone: the error of a language not loaded.
    const holders = files.filter((file) => readFileSync(join(dist, file), 'utf8').includes('messages are not loaded (await loadLang('));
    assert.deepEqual(holders, ['cli.cjs']);
  });

  it('a UserError thrown in a command’s chunk is the entry’s class: one line, exit 2, in English and Chinese', () => {
    for (const [lang, locale] of [['en', 'C.UTF-8'], ['zh', 'zh_CN.UTF-8']] as const) {
      const run = traced(['rollback', '--run', '20200101-000000-abcd'], { LANG: locale });
      const message = createTranslator(lang, `node ${bundle}`)('engine.rollback.unknownRun', { runId: '20200101-000000-abcd' });
      assert.equal(run.stderr, `go-setup-wizard: ${message}\n`, lang);
      assert.equal(run.status, 2, lang);
      assert.ok(run.opened.some((file) => /^chunks\/rollback-/.test(file)), `the rollback chunk ran: ${run.opened.join(', ')}`);
    }
  });
});
