// Proxy values a hostile user can give (the parser takes them: they are URLs) — quotes, $( ), backquotes, ';', a
// trailing backslash — from the environment and from a flag, written by --persist-proxy into env.sh and env.fish by
// the wizard's own step, by the exported script and by the playbook: each file is parsed and sourced by real bash, zsh
// and fish, every variable comes back byte for byte, and nothing runs. The playbook's env.fish was quoted with
// Ansible's POSIX `quote`, which leaves a value ending in '\' open in fish (the rest of the file read as code).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { ensureBuilt, runCli } from '../cli/built-cli.js';
import { goFixture } from '../helpers/go-fixture.js';
import { startFixtureMirror, type Mirror } from '../helpers/mirror.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { shellcheck } from './helpers.js';

let mirror: Mirror;
const homes: TempHome[] = [];
before(async () => {
  await ensureBuilt();
  mirror = await startFixtureMirror(await goFixture());
});
after(async () => {
  await mirror?.close();
  for (const home of homes) home.cleanup();
});

function home(): TempHome {
  const made = createTempHome({ skel: true });
  homes.push(made);
  return made;
}

// What a value would create if any shell ran it (relative: a '/' would end a URL's userinfo), in the shell's cwd.
const PWNED = 'gsw-pwned';
// Each is taken by the parser as it is (the environment's values are persisted as the user had them).
const HOSTILE = {
  ALL_PROXY: `http://eve:p'a"$(touch ${PWNED})\`touch ${PWNED}\`;x@127.0.0.1:3128/\\`,
  HTTP_PROXY: `http://127.0.0.1:3128/'; touch ${PWNED}; echo '\\`,
  // 127.0.0.1 first: the exported script's download from the loopback mirror goes direct.
  NO_PROXY: `127.0.0.1,'$(touch ${PWNED})',*.corp\\`,
};
// From a flag: a non-special scheme keeps its backslash through the URL parser.
const FLAG_HTTPS = `socks5h://127.0.0.1:1080/x'y\\`;
const EXPECTED: Record<string, string> = {
  http_proxy: HOSTILE.HTTP_PROXY,
  https_proxy: FLAG_HTTPS,
  all_proxy: HOSTILE.ALL_PROXY,
  no_proxy: HOSTILE.NO_PROXY,
};
const NAMES = Object.keys(EXPECTED).flatMap((name) => [name, name.toUpperCase()]);
const expected = NAMES.map((name) => `${name}=${EXPECTED[name.toLowerCase()]}`).join('\n') + '\n';

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Parses (-n) then sources the file in a fresh shell; returns each proxy variable as `name=value` lines. */
function sourcedBy(shell: 'bash' | 'zsh' | 'fish', file: string): string {
  // A temp HOME, not a path that does not exist: fish creates ~/.config/fish and ~/.local/share/fish even with
  // --no-config, and as root it would make them at the filesystem root.
  const env = { HOME: home().home, PATH: '/usr/bin:/bin', TERM: 'dumb' };
  const cwd = dirname(file);
  const parsed = spawnSync(shell, ['-n', file], { env, cwd, encoding: 'utf8' });
  assert.equal(parsed.status, 0, `${shell} -n ${file}: ${parsed.stderr}`);
  const print = NAMES.map((name) => `printf '%s=%s\\n' ${name} "$${name}"`).join('; ');
  const args = shell === 'fish' ? ['--no-config', '-c', `source ${file}; ${print}`] : shell === 'zsh' ? ['-f', '-c', `. ${file}; ${print}`] : ['--norc', '--noprofile', '-c', `. ${file}; ${print}`];
  const result = spawnSync(shell, args, { env, cwd, encoding: 'utf8' });
  assert.equal(result.status, 0, `${shell}: ${result.stderr}`);
  return result.stdout;
}

function assertFaithful(envSh: string, envFish: string, what: string): void {
  for (const shell of ['bash', 'zsh'] as const) assert.equal(sourcedBy(shell, envSh), expected, `${what}: ${shell} sourcing env.sh`);
  assert.equal(sourcedBy('fish', envFish), expected, `${what}: fish sourcing env.fish`);
  for (const dir of [dirname(envSh), dirname(envFish)]) assert.ok(!existsSync(join(dir, PWNED)), `${what}: nothing ran`);
}

describe('hostile proxy values in the files --persist-proxy writes', { timeout: 900_000 }, () => {
  const args = () => ['--scope', 'user', '--shells', 'bash,zsh,fish', '--mirror', mirror.url, '--index-url', `${mirror.url}index.json`, '--persist-proxy', '--https-proxy', FLAG_HTTPS];

  test('the exported script: bash -n and shellcheck clean; run for real, the env.sh and env.fish it writes give back every value', async () => {
    const h = home();
    const env = { ...h.env, ...HOSTILE };
    const exported = await runCli(['plan', '--format', 'sh', ...args()], { env });
    assert.equal(exported.code, 0, exported.stderr);
    const file = join(h.root, 'plan.sh');
    writeFileSync(file, exported.stdout, { mode: 0o700 });
    assert.equal(spawnSync('bash', ['-n', file], { encoding: 'utf8' }).status, 0);
    assert.equal(shellcheck(exported.stdout), '', 'shellcheck');
    const ran = await run('bash', [file], h.env, h.root);
    assert.equal(ran.code, 0, ran.output.slice(-3000));
    assert.ok(!existsSync(join(h.root, PWNED)), 'nothing ran while the script wrote them');
    const dir = join(h.configHome, 'go-setup-wizard');
    assertFaithful(join(dir, 'env.sh'), join(dir, 'env.fish'), 'exported script');
  });

  test('the playbook: real ansible-playbook renders env.sh and env.fish; bash, zsh and fish give back every value', async () => {
    const h = home();
    const exported = await runCli(['plan', '--format', 'ansible', ...args()], { env: { ...h.env, ...HOSTILE } });
    assert.equal(exported.code, 0, exported.stderr);
    const [play] = parse(exported.stdout) as { vars: { gsw_plan_defaults: Record<string, unknown> }; tasks: Record<string, unknown>[] }[];
    const content = (name: string) => (play!.tasks.find((task) => task.name === name)!['ansible.builtin.copy'] as { content: string }).content;
    // The playbook's own templates and settings task, rendered by ansible-playbook for one user whose home is this temp HOME.
    const settings = play!.tasks[0]!;
    const out = join(h.root, 'rendered');
    mkdirSync(out);
    const copy = (name: string, file: string) => ({
      name,
      'ansible.builtin.copy': { dest: join(out, file), content: content(name), mode: '0600' },
      loop: [{ name: 'user', group: 'user', home: h.home, goroot: join(h.home, '.local/go') }],
    });
    const mini = [{ hosts: 'localhost', gather_facts: false, vars: play!.vars, tasks: [settings, copy('Write env.sh (PATH first, once)', 'env.sh'), copy('Write env.fish', 'env.fish')] }];
    const playbook = join(h.root, 'mini.yml');
    writeFileSync(playbook, JSON.stringify(mini));
    const inventory = join(h.root, 'inventory.ini');
    writeFileSync(inventory, 'localhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n');
    const ran = await run('ansible-playbook', ['-i', inventory, playbook], { ...h.env, ANSIBLE_LOCAL_TEMP: join(h.root, 'ansible-tmp'), ANSIBLE_NOCOLOR: '1' });
    assert.equal(ran.code, 0, ran.output.slice(-3000));
    assert.ok(readFileSync(join(out, 'env.fish'), 'utf8').includes('set -gx ALL_PROXY '));
    assertFaithful(join(out, 'env.sh'), join(out, 'env.fish'), 'playbook');
  });
});
