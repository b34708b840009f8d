// The four renderings of one plan: every sh script (and rollback script) passes shellcheck in every situation,
// the text shows what a person needs, the JSON is the plan as data, the playbook is well-formed YAML using the
// modules it should (and passes ansible-playbook --syntax-check when ansible is installed).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { createTranslator, loadLang } from '../../src/i18n/index.js';
import { buildPlan } from '../../src/plan/build.js';
import type { BuildInput } from '../../src/plan/context.js';
import { BLOCK_BEGIN, BLOCK_END } from '../../src/shell/profiles.js';
import { renderExport, renderPlan, renderRollbackScript } from '../../src/plan/render.js';
import type { Plan } from '../../src/types.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { buildInput, shellcheck } from './helpers.js';

await loadLang('zh');

const en = createTranslator('en');
const aptPolicy = 'golang-go:\n  Installed: (none)\n  Candidate: 2:1.22~2build1\ngolang-1.22-go:\n  Installed: (none)\n  Candidate: 1.22.2-2\n';
// Mock: apt-cache answers; snap is on PATH and snapd active (snap cannot run here); anything else fails.
const fakeQuery: BuildInput['query'] = async (command) =>
  command === 'apt-cache'
    ? { exitCode: 0, stdout: aptPolicy }
    : command === 'sh'
      ? { exitCode: 0, stdout: '/usr/bin/snap\n' }
      : command === 'systemctl'
        ? { exitCode: 0, stdout: 'active\n' }
        : { exitCode: 1, stdout: '' };

/** Plans for many situations, made in one awkward temp HOME. */
async function variants(home: TempHome): Promise<[string, Plan][]> {
  writeFileSync(join(home.home, '.profile'), `# mine\r\n${BLOCK_BEGIN}\nold\n${BLOCK_END}\n`);
  writeFileSync(join(home.home, '.bashrc'), 'no final newline');
  mkdirSync(join(home.home, '.local/go'), { recursive: true });
  const archive = join(home.root, 'go1.19.8.linux-amd64.tar.gz');
  writeFileSync(archive, 'x');
  const base = buildInput(home);
  const make = (options: Partial<BuildInput['options']>, extra: Partial<BuildInput> = {}) => buildPlan({ ...base, options: { ...base.options, ...options }, ...extra });
  return [
    ['user, replace block, existing target', await make({ goproxy: 'aliyun', gosumdb: 'off', goprivate: "a.b/*,c'd" })],
    ['system scope', await make({ scope: 'system', installDir: join(home.root, 'opt/go') })],
    ['archive', await make({ shells: ['fish'] }, { release: { ...base.release!, archivePath: archive, url: archive } })],
    ['persist proxy', await make({ persistProxy: true, httpsProxy: "http://u:p$'x@127.0.0.1:1", gopath: join(home.root, 'my gopath') })],
    ['apt (mock apt-cache)', await make({ method: 'apt' }, { release: null, query: fakeQuery })],
    ['snap (mock snap)', await make({ method: 'snap', goVersion: '1.22' }, { release: null, query: fakeQuery })],
  ];
}

describe('renderings', () => {
  test('every sh export and rollback script passes shellcheck (no disabled checks beyond the commented SC2016)', async () => {
    const home = createTempHome();
    try {
      for (const [name, plan] of await variants(home)) {
        const script = renderPlan(plan, 'sh', en);
        assert.match(script, /^#!\/usr\/bin\/env bash\n/);
        assert.match(script, /\nset -euo pipefail\n/);
        assert.equal(shellcheck(script), '', `${name}: sh export`);
        assert.equal(shellcheck(renderRollbackScript(plan)), '', `${name}: rollback script`);
        const disables = script.match(/shellcheck disable=\S+/g) ?? [];
        assert.ok(disables.every((d) => d === 'shellcheck disable=SC2016'), `${name}: ${disables.join(' ')}`);
        if (plan.steps.some((s) => s.root)) assert.match(script, /\ngsw_roots=\([01 ]*1[01 ]*\)\n/);
      }
    } finally {
      home.cleanup();
    }
  });

  test('text: summary, numbered steps with why, touched paths, commands and diffs; in Chinese too', async () => {
    const home = createTempHome();
    try {
      const [[, plan]] = await variants(home);
      const text = renderPlan(plan!, 'text', en);
      for (const expected of ['Go version   go1.19.8', `Install to   ${join(home.home, '.local/go')}`, 'Scope        user (just for you, no sudo)', 'Method       tarball (the official release archive)', 'GOPROXY=https://mirrors.aliyun.com/goproxy/,direct', '1. Check free disk space', 'why: ', 'runs:', '-old', '+# >>> go-setup-wizard >>>', `${join(home.home, '.local/go')} → ${join(home.home, '.local/go')}.gsw-backup-`]) {
        assert.ok(text.includes(expected), `missing ${JSON.stringify(expected)}`);
      }
      const zhPlan = await buildPlan({ ...buildInput(home), t: createTranslator('zh') });
      const zh = renderPlan(zhPlan, 'text', createTranslator('zh'));
      assert.match(zh, /\n {2}Go 版本 {3}go1\.19\.8\n {2}安装方式 {2}tarball（官方发行包）\n/, 'labels padded by display width');
      assert.match(zh, /\n {2}范围 {6}user（仅当前用户，不需要 sudo）\n/, 'the scope said in words too');
      assert.match(zh, /1\. 检查磁盘剩余空间/);
      assert.match(zh, /\n步骤：\n/);
      assert.match(zh, /\n {3}原因：\S/);
      assert.ok(!/[\u4e00-\u9fff]:/.test(zh), 'no ASCII colon after a Chinese heading');
    } finally {
      home.cleanup();
    }
  });

  test('json: the plan as data, each step with id, title, run, undo and touches', async () => {
    const home = createTempHome();
    try {
      const [, [, plan]] = await variants(home);
      const data = JSON.parse(renderPlan(plan!, 'json', en)) as Plan;
      assert.equal(data.schema, 1);
      assert.equal(data.scope, 'system');
      for (const s of data.steps) {
        assert.equal(typeof s.id, 'string');
        assert.equal(typeof s.run, 'string');
        assert.equal(typeof s.undo, 'string');
        assert.ok(Array.isArray(s.touches));
      }
      assert.deepEqual(data.steps.map((s) => s.id), plan!.steps.map((s) => s.id));
    } finally {
      home.cleanup();
    }
  });

  test('apt (mock apt-cache): apt-get update + install of the best package, undone by removing what apt recorded it added; snap (mock snap): snap install/remove', async () => {
    const home = createTempHome();
    try {
      const all = new Map(await variants(home));
      const apt = all.get('apt (mock apt-cache)')!;
      assert.equal(apt.goroot, '/usr/lib/go-1.22');
      const install = apt.steps.find((s) => s.id === 'apt-install')!;
      // apt-get -s could not answer (the mock knows only apt-cache): the step lists the request and records at run time.
      assert.match(install.run, /^DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends -- golang-go$/m);
      assert.match(install.run, /> "\$GSW_BACKUPS"\/1-apt-added\.tmp$/m);
      assert.deepEqual(install.packages, ['golang-go']);
      assert.match(install.undo, /^  DEBIAN_FRONTEND=noninteractive apt-get remove -y -- "\$\{gsw_added\[@\]\}"$/m);
      assert.deepEqual(apt.steps.slice(0, 2).map((s) => [s.id, s.root]), [['apt-update', true], ['apt-install', true]]);
      const snap = all.get('snap (mock snap)')!;
      const snapInstall = snap.steps.find((s) => s.id === 'snap-install')!;
      assert.equal(snapInstall.run, 'snap install go --classic --channel=1.22/stable');
      assert.equal(snapInstall.undo, 'snap remove go');
      assert.match(snap.steps.at(-1)!.run, /gsw_go=\/snap\/bin\/go/);
    } finally {
      home.cleanup();
    }
  });

  test('ansible: well-formed YAML, hosts from a variable, every arch digest as data, get_url with the sha256, unarchive, blockinfile with our markers, copy for env.sh', async () => {
    const home = createTempHome();
    try {
      const plays = await variants(home);
      const [[, plan]] = plays;
      const yaml = await renderExport(plan!, 'ansible', en);
      const [play] = parse(yaml) as [{ hosts: string; vars: { gsw_plan_defaults: { archives: Record<string, { sha256: string }> } }; tasks: Record<string, unknown>[] }];
      assert.equal(play.hosts, "{{ gsw_hosts | default('all') }}");
      assert.equal(play.vars.gsw_plan_defaults.archives.amd64!.sha256, 'a'.repeat(64));
      const tasks = play.tasks.flatMap((task) => [task, ...((task.block as Record<string, unknown>[] | undefined) ?? []), ...((task.rescue as Record<string, unknown>[] | undefined) ?? [])]);
      const module = (name: string) => tasks.filter((task) => name in task).map((task) => task[name] as Record<string, unknown>);
      assert.equal(module('ansible.builtin.get_url')[0]!.checksum, 'sha256:{{ gsw_archive.sha256 }}');
      assert.equal(module('ansible.builtin.unarchive').length, 1);
      const blocks = module('ansible.builtin.blockinfile');
      assert.ok(blocks.length >= 2);
      assert.equal(blocks[0]!.marker, '# {mark} go-setup-wizard {mark}');
      assert.equal(blocks[0]!.marker_begin, '>>>');
      assert.ok(module('ansible.builtin.copy').some((copy) => copy.dest === '{{ item.home }}/.config/go-setup-wizard/env.sh'));
      assert.ok(!yaml.includes(home.home), 'no path of the planning user');

      const playbook = spawnSync('ansible-playbook', ['--version'], { encoding: 'utf8' });
      if (playbook.error) {
        console.log('# notice: ansible-playbook not installed; --syntax-check skipped');
        return;
      }
      for (const [name, each] of plays.filter(([, p]) => p.method === 'tarball')) {
        const file = join(home.root, 'playbook.yml');
        writeFileSync(file, await renderExport(each, 'ansible', en));
        const check = spawnSync('ansible-playbook', ['--syntax-check', file], { encoding: 'utf8', env: { ...process.env, ANSIBLE_LOCAL_TEMP: join(home.root, 'ansible-tmp'), HOME: home.home } });
        assert.equal(check.status, 0, `${name}: ${check.stdout}${check.stderr}`);
      }
    } finally {
      home.cleanup();
    }
  });
});
