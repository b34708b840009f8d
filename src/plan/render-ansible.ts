// The plan as an Ansible playbook for provisioning many machines: get_url with the sha256, unarchive into the
// staging dir, blockinfile with the wizard's markers, copy for env.sh/env.fish; the rest runs the step's own bash.
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { redact } from '../redact.js';
import type { Plan, Step } from '../types.js';
import { stagingDir } from './tarball.js';
import { envFishContent, envSettingsFor, envShContent, fishBlock, shBlock, systemProfileBlock } from './profiles.js';
import { cachedArchivePath } from '../paths.js';

type Task = Record<string, unknown>;

function shellTask(step: Step): Task {
  return { name: step.title, 'ansible.builtin.shell': { cmd: `set -euo pipefail\n${step.run}`, executable: '/bin/bash' } };
}

function touchedPath(step: Step): string {
  return step.touches[0]!.path;
}

function goBinDir(plan: Plan): string {
  return plan.method === 'snap' ? '/snap/bin' : join(plan.goroot, 'bin');
}

function profileBlock(plan: Plan, step: Step): string {
  if (step.id === 'profile-fish') return fishBlock(plan.paths.envFish);
  if (step.id === 'profile-system') return systemProfileBlock(join(plan.goroot, 'bin'));
  return shBlock(plan.paths.envSh);
}

/** The lines between the markers (blockinfile writes the markers itself). */
function blockBody(block: string): string {
  return block.split('\n').slice(1, -1).join('\n');
}

function tasksFor(plan: Plan, step: Step): Task[] {
  const become = step.root ? { become: true } : {};
  const release = plan.release;
  switch (step.id) {
    case 'download': {
      const dest = cachedArchivePath(plan.paths, release!.sha256);
      return [
        { name: `Create ${dirname(dest)}`, 'ansible.builtin.file': { path: dirname(dest), state: 'directory', mode: '0755' } },
        { name: step.title, 'ansible.builtin.get_url': { url: release!.url, dest, checksum: `sha256:${release!.sha256}`, mode: '0644' } },
      ];
    }
    case 'prepare-staging':
      // The extract task below creates the staging directory itself.
      return [];
    case 'extract': {
      const staging = stagingDir(plan.goroot, plan.runId);
      const archive = release!.archivePath ?? cachedArchivePath(plan.paths, release!.sha256);
      return [
        { name: `Create ${staging}`, 'ansible.builtin.file': { path: staging, state: 'directory', mode: '0755' }, ...become },
        { name: step.title, 'ansible.builtin.unarchive': { src: archive, dest: staging, remote_src: true }, ...become },
        {
          name: `Check that the unpacked tree is ${release!.version}`,
          'ansible.builtin.command': { argv: [join(staging, 'go/bin/go'), 'version'] },
          environment: { GOTOOLCHAIN: 'local' },
          register: 'gsw_staged_version',
          changed_when: false,
          failed_when: `not gsw_staged_version.stdout.startswith('go version ${release!.version} ')`,
        },
      ];
    }
    case 'move-aside':
    case 'place': {
      const move = step.touches.find((t) => t.kind === 'move');
      if (!move || move.kind !== 'move') return [shellTask(step)];
      const tasks: Task[] = [{ name: step.title, 'ansible.builtin.command': { argv: ['mv', '-T', '--', move.path, move.to], creates: move.to }, ...become }];
      if (step.id === 'place') tasks.push({ name: `Remove ${dirname(move.path)}`, 'ansible.builtin.file': { path: dirname(move.path), state: 'absent' }, ...become });
      return tasks;
    }
    case 'env-files': {
      const settings = envSettingsFor({
        home: plan.paths.home,
        goroot: plan.goroot,
        gopath: plan.gopath,
        goBinDir: goBinDir(plan),
        persistProxy: plan.options.persistProxy,
        proxy: plan.options,
      });
      const mode = settings.proxies.length ? '0600' : '0644';
      return [
        { name: `Create ${plan.paths.configDir}`, 'ansible.builtin.file': { path: plan.paths.configDir, state: 'directory', mode: '0755' } },
        { name: `Write ${plan.paths.envSh}`, 'ansible.builtin.copy': { dest: plan.paths.envSh, content: envShContent(settings), mode } },
        { name: `Write ${plan.paths.envFish}`, 'ansible.builtin.copy': { dest: plan.paths.envFish, content: envFishContent(settings), mode } },
      ];
    }
    default:
      if (step.id.startsWith('profile-')) {
        const path = touchedPath(step);
        return [
          { name: `Create ${dirname(path)}`, 'ansible.builtin.file': { path: dirname(path), state: 'directory', mode: '0755' }, ...become },
          {
            name: step.title,
            'ansible.builtin.blockinfile': {
              path,
              create: true,
              block: blockBody(profileBlock(plan, step)),
              marker: '# {mark} go-setup-wizard {mark}',
              marker_begin: '>>>',
              marker_end: '<<<',
            },
            ...become,
          },
        ];
      }
      return [{ ...shellTask(step), ...become }];
  }
}

export function renderAnsible(plan: Plan, _purpose: 'run' | 'display', _t: unknown): string {
  const playbook = [
    {
      name: `go-setup-wizard plan ${plan.runId}: Go ${plan.release?.version ?? plan.method} -> ${plan.goroot}`,
      hosts: 'localhost',
      connection: 'local',
      gather_facts: false,
      tasks: plan.steps.flatMap((step) => tasksFor(plan, step)),
    },
  ];
  return redact(`# Made by go-setup-wizard for ${plan.paths.home} (${plan.scope} scope).\n${stringify(playbook, { lineWidth: 0 })}`);
}
