// The plan as an Ansible playbook for a fleet, written the way Ansible users expect: `hosts` from a variable
// (default all), every choice a variable with the plan's value as its default (the lowest precedence: inventory
// group_vars/host_vars win), the arch from gathered facts (the
// sha256 of every Linux archive of the release embedded), each user's paths from their home on the host (getent),
// modules over commands, a rescue that puts the old Go back, and idempotent: a second run reports changed=0 and
// never unpacks again. Values typed by the user are data (`!unsafe`), never templates.
import { MACHINE_TO_GOARCH } from '../detect/arch.js';
import { Scalar, stringify } from 'yaml';
import { UserError } from '../errors.js';
import type { Plan, RunOptions, Translate } from '../types.js';
import { requestedGoSettings } from './environment.js';
import { PLACEHOLDERS, realOptions } from './portable.js';
import { envFishContent, envSettingsFor, envShContent, fishBlock, shBlock, systemProfileBlock } from '../shell/profiles.js';
import { releaseArchives, secretNotice } from './render-sh.js';

type Task = Record<string, unknown>;

/** A user-typed value: YAML `!unsafe`, so Ansible never evaluates `{{ … }}` inside it. */
function unsafe(value: string): Scalar {
  const scalar = new Scalar(value);
  scalar.tag = '!unsafe';
  scalar.type = 'QUOTE_DOUBLE';
  return scalar;
}

const GOROOT = `${PLACEHOLDERS.installParent}/${PLACEHOLDERS.installBase}`;

/** Placeholders of the content below → Jinja over the loop item (a user: name, home, goroot). */
const JINJA_PATHS: [string, string][] = [
  [GOROOT, 'item.goroot'],
  [PLACEHOLDERS.configHome, "(item.home ~ '/.config')"],
  [PLACEHOLDERS.zdotdir, 'item.home'],
  [PLACEHOLDERS.home, 'item.home'],
];

const PROXY_VARS: [string, string][] = [
  ['~gsw-http-proxy~', 'gsw_http_proxy'],
  ['~gsw-https-proxy~', 'gsw_https_proxy'],
  ['~gsw-all-proxy~', 'gsw_all_proxy'],
  ['~gsw-no-proxy~', 'gsw_no_proxy'],
];

/**
 * A Jinja expression's value as one shell word, quoted as the wizard quotes it (shell/quote.ts): POSIX single quotes
 * (Ansible's `quote`) for sh files; for fish, whose single quotes take \\ and \' as escapes, those two escaped — `quote`
 * would leave a value ending in a backslash (a proxy URL can) open, and fish would read the rest of the file as code.
 * The backslash is written `'%c' | format(92)`: Ansible rewrites backslashes inside a template's string literals.
 */
function quotedWord(expr: string, shell: 'sh' | 'fish'): string {
  if (shell === 'sh') return `{{ (${expr}) | quote }}`;
  const escaped = `(${expr}) | replace('%c' | format(92), '%c%c' | format(92, 92)) | replace("'", '%c%c' | format(92, 39))`;
  return `{{ (${expr}) if (${expr}) is match('[A-Za-z0-9_@%+=:,./-]+$') else "'" ~ (${escaped}) ~ "'" }}`;
}

/**
 * Jinja for a file's content: literal text raw, each quoted placeholder path built from the user's home (quoted as
 * the wizard quotes it for that shell), each proxy line present only when that proxy is set and persisted.
 */
function jinjaContent(text: string, finalNewline = true, shell: 'sh' | 'fish' = 'sh'): string {
  // Newlines stay inside {% raw %}: Ansible's trim_blocks would eat one right after a block tag.
  const raw = (chunk: string) => (chunk ? `{% raw %}${chunk}{% endraw %}` : '');
  const line = (source: string, newline: boolean) => {
    const parts: string[] = [];
    let last = 0;
    for (const match of source.matchAll(/'([^'\\]*~gsw-[^'\\]*)'/g)) {
      parts.push(raw(source.slice(last, match.index)));
      let expr = `'${match[1]}'`;
      for (const [placeholder, jinja] of [...JINJA_PATHS, ...PROXY_VARS]) expr = expr.split(placeholder).join(`' ~ ${jinja} ~ '`);
      parts.push(quotedWord(expr, shell));
      last = match.index! + match[0].length;
    }
    parts.push(raw(source.slice(last) + (newline ? '\n' : '')));
    const proxy = PROXY_VARS.find(([placeholder]) => source.includes(placeholder));
    const out = parts.join('');
    return proxy ? `{% if gsw_persist_proxy and ${proxy[1]} %}${out}{% endif %}` : out;
  };
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  return lines.map((source, index) => line(source, finalNewline || index < lines.length - 1)).join('');
}

function blockBody(block: string, shell: 'sh' | 'fish' = 'sh'): string {
  return jinjaContent(block.split('\n').slice(1, -1).join('\n'), false, shell);
}

/**
 * The plan's answers, each the default of a `gsw_*` variable. They sit under one play variable of their own and
 * reach `gsw_*` through `default()`, so the `gsw_*` names stay at the bottom of Ansible's precedence: inventory
 * group_vars/host_vars and -e override any of them, host by host.
 */
function defaults(plan: Plan, options: RunOptions): Record<string, unknown> {
  const release = plan.release!;
  const archives = Object.fromEntries(releaseArchives(release).map((a) => [a.arch, { filename: a.filename, sha256: a.sha256 }]));
  const settings = requestedGoSettings(options);
  const setting = (key: string) => unsafe(settings.find(([k]) => k === key)?.[1] ?? '');
  return {
    go_version: release.version,
    scope: plan.scope,
    install_dir: unsafe(options.installDir ?? ''),
    users: [],
    shells: plan.shells,
    goproxy: setting('GOPROXY'),
    gosumdb: setting('GOSUMDB'),
    goprivate: setting('GOPRIVATE'),
    mirror: unsafe(release.url.slice(0, release.url.length - release.filename.length)),
    http_proxy: unsafe(options.httpProxy ?? ''),
    https_proxy: unsafe(options.httpsProxy ?? ''),
    all_proxy: unsafe(options.allProxy ?? ''),
    no_proxy: unsafe(options.noProxy ?? ''),
    persist_proxy: options.persistProxy,
    archives,
    go_arch: { ...MACHINE_TO_GOARCH },
  };
}

/** The first task: each `gsw_*` setting from the inventory (or -e) when given there, else the plan's default. */
function settingsTask(names: string[]): Task {
  return {
    name: "Take each setting from the inventory, else the plan's default",
    'ansible.builtin.set_fact': Object.fromEntries(names.map((name) => [`gsw_${name}`, `{{ gsw_${name} | default(gsw_plan_defaults.${name}) }}`])),
  };
}

const USERS = '{{ gsw_users if gsw_users | length > 0 else [ansible_facts.user_id] }}';
/** Root is needed for a system install, or to write another user's files; never when already root. */
const BECOME = "{{ ansible_facts.user_id != 'root' and (gsw_scope == 'system' or (gsw_user_list | rejectattr('name', 'equalto', ansible_facts.user_id) | list | length > 0)) }}";
const SECRET = "{{ gsw_persist_proxy and (gsw_http_proxy ~ gsw_https_proxy ~ gsw_all_proxy) is search('@') }}";
const PROXY_ENV = {
  http_proxy: '{{ gsw_http_proxy }}',
  https_proxy: '{{ gsw_https_proxy }}',
  all_proxy: '{{ gsw_all_proxy }}',
  no_proxy: '{{ gsw_no_proxy }}',
};

function treeTasks(): Task[] {
  const loop = { loop: '{{ gsw_pending }}', loop_control: { label: '{{ item.goroot }}' } };
  const owner = { owner: '{{ item.owner }}', group: '{{ item.group }}' };
  const staging = "{{ item.goroot | dirname }}/.go-setup-wizard-staging";
  return [
    {
      name: 'Read the Go version at each install directory',
      'ansible.builtin.slurp': { src: '{{ item.goroot }}/VERSION' },
      loop: '{{ gsw_targets }}',
      loop_control: { label: '{{ item.goroot }}' },
      register: 'gsw_found',
      failed_when: false,
    },
    {
      name: 'List the install directories that do not hold this Go yet',
      'ansible.builtin.set_fact': {
        gsw_pending: "{{ gsw_pending + ([item.item] if ((item.content | default('') | b64decode).splitlines() | first | default('')) != gsw_go_version else []) }}",
      },
      loop: '{{ gsw_found.results }}',
      loop_control: { label: '{{ item.item.goroot }}' },
    },
    {
      name: 'Install Go, moving an older one aside',
      when: 'gsw_pending | length > 0',
      become: BECOME,
      block: [
        {
          name: 'Create the download cache',
          'ansible.builtin.file': { path: '{{ item.cache }}', state: 'directory', mode: '0700', ...owner },
          ...loop,
        },
        {
          name: 'Download the archive and check its sha256: {{ gsw_archive.filename }}',
          'ansible.builtin.get_url': {
            url: '{{ gsw_mirror }}{{ gsw_archive.filename }}',
            dest: '{{ item.cache }}/{{ gsw_archive.sha256 }}.tar.gz',
            checksum: 'sha256:{{ gsw_archive.sha256 }}',
            mode: '0644',
            ...owner,
          },
          environment: PROXY_ENV,
          ...loop,
        },
        {
          name: 'Start from an empty staging directory beside the target',
          'ansible.builtin.file': { path: staging, state: 'absent' },
          ...loop,
        },
        {
          name: 'Create the staging directory',
          'ansible.builtin.file': { path: staging, state: 'directory', mode: '0755', ...owner },
          ...loop,
        },
        {
          name: 'Unpack into the staging directory',
          'ansible.builtin.unarchive': { src: '{{ item.cache }}/{{ gsw_archive.sha256 }}.tar.gz', dest: staging, remote_src: true, ...owner },
          when: 'not ansible_check_mode',
          ...loop,
        },
        {
          name: 'Check the unpacked tree: {{ gsw_go_version }}',
          'ansible.builtin.command': { argv: [`${staging}/go/bin/go`, 'version'] },
          environment: { GOTOOLCHAIN: 'local', HOME: '/nonexistent' },
          register: 'gsw_staged',
          changed_when: false,
          failed_when: "not gsw_staged.stdout.startswith('go version ' ~ gsw_go_version ~ ' ')",
          when: 'not ansible_check_mode',
          ...loop,
        },
        {
          name: 'Look for an older Go at the target',
          'ansible.builtin.stat': { path: '{{ item.goroot }}', get_checksum: false },
          register: 'gsw_old',
          ...loop,
        },
        {
          name: 'Move the older Go aside (kept for going back)',
          'ansible.builtin.command': { argv: ['mv', '-T', '--', '{{ item.item.goroot }}', '{{ item.item.goroot }}.gsw-backup-{{ gsw_stamp }}'] },
          loop: '{{ gsw_old.results }}',
          loop_control: { label: '{{ item.item.goroot }}' },
          when: 'item.stat.exists',
          changed_when: true,
        },
        {
          name: 'Put the new Go in place',
          'ansible.builtin.command': { argv: ['mv', '-T', '--', `${staging}/go`, '{{ item.goroot }}'], creates: '{{ item.goroot }}/VERSION' },
          ...loop,
        },
        {
          name: 'Remove the staging directory',
          'ansible.builtin.file': { path: staging, state: 'absent' },
          ...loop,
        },
      ],
      rescue: [
        {
          name: 'Put the older Go back',
          'ansible.builtin.command': {
            argv: ['mv', '-T', '--', '{{ item.goroot }}.gsw-backup-{{ gsw_stamp }}', '{{ item.goroot }}'],
            removes: '{{ item.goroot }}.gsw-backup-{{ gsw_stamp }}',
            creates: '{{ item.goroot }}',
          },
          ...loop,
        },
        {
          name: 'Remove the staging directory',
          'ansible.builtin.file': { path: staging, state: 'absent' },
          ...loop,
        },
        {
          name: 'Report the failure (this host is as it was)',
          'ansible.builtin.fail': { msg: 'Go {{ gsw_go_version }} was not installed; the previous Go is back in place: {{ ansible_failed_result.msg | default(ansible_failed_result) }}' },
        },
      ],
    },
  ];
}

function environmentTasks(plan: Plan): Task[] {
  const gopath = plan.gopath.startsWith(`${plan.paths.home}/`) ? `${PLACEHOLDERS.home}${plan.gopath.slice(plan.paths.home.length)}` : plan.gopath;
  const settings = envSettingsFor({
    home: PLACEHOLDERS.home,
    goroot: GOROOT,
    gopath,
    goBinDir: `${GOROOT}/bin`,
    persistProxy: true,
    proxy: { httpProxy: '~gsw-http-proxy~', httpsProxy: '~gsw-https-proxy~', allProxy: '~gsw-all-proxy~', noProxy: '~gsw-no-proxy~' },
  });
  const envDir = `${PLACEHOLDERS.configHome}/go-setup-wizard`;
  const loop = { loop: '{{ gsw_user_list }}', loop_control: { label: '{{ item.name }}' } };
  const owner = { owner: '{{ item.name }}', group: '{{ item.group }}' };
  const become = { become: BECOME };
  const mode = "{{ '0600' if gsw_persist_proxy and (gsw_http_proxy or gsw_https_proxy or gsw_all_proxy) else '0644' }}";
  const profile = (what: string, path: string, block: string, when: string, shell: 'sh' | 'fish' = 'sh'): Task => ({
    name: `Put the go-setup-wizard block in ${what}`,
    'ansible.builtin.blockinfile': {
      path,
      create: true,
      mode: '0644',
      marker: '# {mark} go-setup-wizard {mark}',
      marker_begin: '>>>',
      marker_end: '<<<',
      block: blockBody(block, shell),
      ...owner,
    },
    when,
    ...loop,
    ...become,
  });
  const tasks: Task[] = [
    {
      name: "Create each user's go-setup-wizard config folder",
      'ansible.builtin.file': { path: "{{ item.home }}/.config/go-setup-wizard", state: 'directory', mode: '0755', ...owner },
      ...loop,
      ...become,
    },
    {
      name: 'Write env.sh (PATH first, once)',
      'ansible.builtin.copy': { dest: "{{ item.home }}/.config/go-setup-wizard/env.sh", content: jinjaContent(envShContent(settings)), mode, ...owner },
      no_log: SECRET,
      ...loop,
      ...become,
    },
    {
      name: 'Write env.fish',
      'ansible.builtin.copy': { dest: "{{ item.home }}/.config/go-setup-wizard/env.fish", content: jinjaContent(envFishContent(settings), true, 'fish'), mode, ...owner },
      no_log: SECRET,
      ...loop,
      ...become,
    },
    {
      name: 'Look for the bash login files that win over ~/.profile',
      'ansible.builtin.stat': { path: '{{ item.0.home }}/{{ item.1 }}', get_checksum: false },
      loop: "{{ gsw_user_list | product(['.bash_profile', '.bash_login']) | list }}",
      loop_control: { label: '{{ item.0.name }} {{ item.1 }}' },
      register: 'gsw_bash_login',
      ...become,
    },
    profile('~/.profile', '{{ item.home }}/.profile', shBlock(`${envDir}/env.sh`), 'gsw_shells | length > 0'),
    {
      name: 'Put the go-setup-wizard block in the bash login files that exist',
      'ansible.builtin.blockinfile': {
        path: '{{ item.stat.path }}',
        mode: '0644',
        marker: '# {mark} go-setup-wizard {mark}',
        marker_begin: '>>>',
        marker_end: '<<<',
        block: blockBody(shBlock(`${envDir}/env.sh`)).replaceAll('item.home', 'item.item.0.home'),
        owner: '{{ item.item.0.name }}',
        group: '{{ item.item.0.group }}',
      },
      loop: '{{ gsw_bash_login.results }}',
      loop_control: { label: '{{ item.stat.path | default(item.item.1) }}' },
      when: "'bash' in gsw_shells and item.stat.exists",
      ...become,
    },
    profile('~/.bashrc', '{{ item.home }}/.bashrc', shBlock(`${envDir}/env.sh`), "'bash' in gsw_shells"),
    profile('~/.zshenv', '{{ item.home }}/.zshenv', shBlock(`${envDir}/env.sh`), "'zsh' in gsw_shells"),
    profile('fish conf.d', '{{ item.home }}/.config/fish/conf.d/go-setup-wizard.fish', fishBlock(`${envDir}/env.fish`), "'fish' in gsw_shells", 'fish'),
    {
      name: 'Put Go on PATH for every user (/etc/profile.d)',
      'ansible.builtin.blockinfile': {
        path: '/etc/profile.d/go-setup-wizard.sh',
        create: true,
        mode: '0644',
        marker: '# {mark} go-setup-wizard {mark}',
        marker_begin: '>>>',
        marker_end: '<<<',
        block: blockBody(systemProfileBlock(`${GOROOT}/bin`)).replaceAll('item.goroot', 'gsw_targets[0].goroot'),
      },
      when: "gsw_scope == 'system'",
      become: "{{ ansible_facts.user_id != 'root' }}",
    },
  ];
  for (const [key, variable] of [
    ['GOPROXY', 'gsw_goproxy'],
    ['GOSUMDB', 'gsw_gosumdb'],
    ['GOPRIVATE', 'gsw_goprivate'],
  ]) {
    tasks.push({
      name: `Set ${key} in Go's own settings (what go env -w writes)`,
      'ansible.builtin.lineinfile': {
        path: '{{ item.home }}/.config/go/env',
        regexp: `^${key}=`,
        line: `${key}={{ ${variable} }}`,
        create: true,
        mode: '0644',
        ...owner,
      },
      when: `${variable} | length > 0`,
      ...loop,
      ...become,
    });
  }
  tasks.push({
    name: 'Check that Go answers',
    'ansible.builtin.command': { argv: ['{{ item.goroot }}/bin/go', 'version'] },
    environment: { GOTOOLCHAIN: 'local', HOME: '/nonexistent' },
    register: 'gsw_version',
    changed_when: false,
    failed_when: "not gsw_version.stdout.startswith('go version ' ~ gsw_go_version ~ ' ')",
    when: 'not ansible_check_mode',
    loop: '{{ gsw_targets }}',
    loop_control: { label: '{{ item.goroot }}' },
  });
  return tasks;
}

function tasks(plan: Plan, settings: string[]): Task[] {
  return [
    settingsTask(settings),
    {
      name: 'Check that this host is Linux on an architecture with a Go archive',
      'ansible.builtin.assert': {
        that: ["ansible_facts.system == 'Linux'", "gsw_go_arch[ansible_facts.architecture] | default('none') in gsw_archives"],
        fail_msg: 'this playbook has no {{ gsw_go_version }} archive for {{ ansible_facts.system }} {{ ansible_facts.architecture }}',
        quiet: true,
      },
    },
    { name: 'Read the users from the host', 'ansible.builtin.getent': { database: 'passwd' } },
    {
      name: 'Start the lists of users and install directories',
      'ansible.builtin.set_fact': { gsw_user_list: [], gsw_targets: [], gsw_pending: [] },
    },
    {
      name: 'Work out each user (home from the host) and where their Go goes',
      'ansible.builtin.set_fact': {
        gsw_user_list:
          "{{ gsw_user_list + [{'name': item, 'group': ansible_facts.getent_passwd[item][2] | int, 'home': ansible_facts.getent_passwd[item][4], 'goroot': (gsw_install_dir if gsw_install_dir | length > 0 else ('/usr/local/go' if gsw_scope == 'system' else ansible_facts.getent_passwd[item][4] ~ '/.local/go'))}] }}",
      },
      loop: USERS,
    },
    {
      name: 'Work out the install directories and the archive for this architecture',
      'ansible.builtin.set_fact': {
        gsw_archive: '{{ gsw_archives[gsw_go_arch[ansible_facts.architecture]] }}',
        gsw_stamp: '{{ ansible_facts.date_time.iso8601_basic_short }}',
        gsw_targets:
          "{{ [{'goroot': gsw_user_list[0].goroot, 'owner': 'root', 'group': 0, 'cache': '/var/cache/go-setup-wizard'}] if gsw_scope == 'system' else [] }}",
      },
    },
    {
      name: 'List the install directory of each user',
      'ansible.builtin.set_fact': {
        gsw_targets: "{{ gsw_targets + [{'goroot': item.goroot, 'owner': item.name, 'group': item.group, 'cache': item.home ~ '/.cache/go-setup-wizard'}] }}",
      },
      loop: '{{ gsw_user_list }}',
      loop_control: { label: '{{ item.name }}' },
      when: "gsw_scope == 'user'",
    },
    ...treeTasks(),
    ...environmentTasks(plan),
  ];
}

/** Words joined with ', ' into lines of at most `width` characters. */
function wrapped(words: string[], width: number): string[] {
  const lines: string[] = [];
  for (const word of words) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last]!.length + word.length + 2 <= width) lines[last] += `, ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** Optional steps the playbook has no tasks for, with the flag that asks for each. */
const PLAYBOOK_LACKS: [keyof Plan['options'], string][] = [
  ['buildEssential', '--build-essential'],
  ['sessionEnv', '--session-env'],
  ['gopls', '--gopls'],
  ['gitProxy', '--git-proxy'],
];

/** The playbook to run: the real proxy values (with a first comment saying so when one holds a password). */
export function renderAnsible(plan: Plan, t: Translate): string {
  if (!plan.release || plan.method !== 'tarball') throw new UserError(t('exports.ansible.tarballOnly', { method: plan.method }));
  // The preview must be what runs: a chosen step the playbook would silently skip is refused instead.
  const missing = PLAYBOOK_LACKS.filter(([option]) => plan.options[option]).map(([, flag]) => flag);
  if (missing.length) throw new UserError(t('exports.ansible.unsupported', { flags: missing.join(', ') }));
  const options = realOptions(plan);
  const planDefaults = defaults(plan, options);
  const play = {
    name: `Go ${plan.release.version} (go-setup-wizard plan ${plan.runId})`,
    hosts: "{{ gsw_hosts | default('all') }}",
    gather_facts: true,
    vars: { gsw_plan_defaults: planDefaults },
    tasks: tasks(plan, Object.keys(planDefaults)),
  };
  const secret = secretNotice(options);
  const text = [
    ...(secret ? [`# ${secret}`] : []),
    `# go-setup-wizard export of plan ${plan.runId}: ansible-playbook -i INVENTORY this.yml [-e gsw_hosts=GROUP] [-e '{"gsw_users": ["alice"]}']`,
    "# Settings, each this plan's value (gsw_plan_defaults) unless inventory group_vars/host_vars or -e give it:",
    ...wrapped(Object.keys(planDefaults).map((name) => `gsw_${name}`), 110).map((line) => `#   ${line}`),
    '---',
    stringify([play], { lineWidth: 150, minContentWidth: 40 }),
  ].join('\n');
  return text;
}
