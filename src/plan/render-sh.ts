// The plan as a portable bash script for any machine and user: it is made from the blank-machine plan
// (portable.ts), whose placeholders become variables the host fills in when the script runs — HOME, the XDG dirs,
// the user, the architecture (the digest of every Linux archive of the release is embedded), the install
// directory. What is already there decides at run time which steps are needed (a second run has nothing to do).
// Each step is journaled in the engine's format before it runs, so `go-setup-wizard rollback` undoes the run; the
// script also leaves an uninstall script beside its journal, and undoes the started steps itself on failure or
// Ctrl-C.
//
// Two renderings: 'run' (what is saved and executed: the chosen proxies with their real values) and 'display'
// (the preview: credentials masked). Masking never touches what runs.
// The exported script carries both languages, whatever the run's: both tables, read directly.
import { messages as scriptMessages } from '../i18n/lang/script.js';
import { dirname, join } from 'node:path';
import { proxyMask } from '../secrets.js';
import { targetRule } from '../install-target.js';
import { blankDisk } from '../host/disk.js';
import { redact } from '../redact.js';
import { replaceLiterals } from '../shell/substitute.js';
import { shQuote } from '../shell/quote.js';
import type { InstallOptions, LinuxArchive, Plan, ResolvedRelease, RunOptions, Step, Touch, Translate } from '../types.js';
import { defaultTarget } from './build.js';
import { requestedGoSettings } from './environment.js';
import { PLACEHOLDERS, RUNTIME_VARIABLES, portablePlan, realOptions } from './portable.js';
import { envFishContent, envSettingsFor, envShContent, fishBlock, literalTextDirective, shBlock, systemProfileBlock } from '../shell/profiles.js';
import { HELPERS, HOST, JOURNAL, messagesSection } from './sh-runtime.js';
import { proofShells } from './proof.js';

export type RenderPurpose = 'run' | 'display';

/** An unpacked Go tree takes about 3.5 times its archive; 80 MiB is assumed when the index gives no size. */
const ASSUMED_ARCHIVE_BYTES = 80 * 1024 * 1024;

/** The tarball steps: needed only when the target does not hold the release yet. */
const GO_STEPS = new Set(['check-space', 'prepare-staging', 'download', 'verify-archive', 'extract', 'move-aside', 'place']);
import { PROXY_VARIABLES, proxySettingNames } from '../net/proxy-variables.js';
import { backupsDir, cachedArchivePath } from '../paths.js';

function comment(text: string): string {
  return text
    .split('\n')
    .map((line) => `# ${line}`.trimEnd())
    .join('\n');
}

/** Every placeholder of the portable plan, replaced by its run-time variable. */
function sub(text: string): string {
  return replaceLiterals(
    text,
    (Object.keys(PLACEHOLDERS) as (keyof typeof PLACEHOLDERS)[]).map((key) => [PLACEHOLDERS[key], RUNTIME_VARIABLES[key]]),
  );
}

/** A value as a bash word, placeholders expanded at run time. */
function word(value: string): string {
  return sub(shQuote(value));
}

/** Literal text as one bash word; text holding quotes or backslashes (a file that quotes values) in $'…'. */
function literal(text: string): string {
  if (!/['\\]/.test(text)) return sub(shQuote(text));
  return sub(`$'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`);
}

/** A placeholder path as shQuote/fishQuote wrote it (the '~' made them quote it). */
const QUOTED_PLACEHOLDER = /'([^'\\]*~gsw-[^'\\]*)'/g;

/**
 * A bash word giving `text` (file content holding quoted placeholder paths) at run time, each path quoted exactly as
 * the wizard quotes it there (bare when safe): the file is byte for byte what `install` writes on that host.
 */
function runtimeText(text: string): string {
  const parts: string[] = [];
  let last = 0;
  for (const match of text.matchAll(QUOTED_PLACEHOLDER)) {
    if (match.index! > last) parts.push(literal(text.slice(last, match.index)));
    parts.push(`"$(gsw_q ${word(match[1]!)})"`);
    last = match.index! + match[0].length;
  }
  if (last < text.length) parts.push(literal(text.slice(last)));
  return parts.join('') || "''";
}

const holdsCredentials = (url: string | undefined) => url !== undefined && /^[a-z][a-z0-9+.-]*:\/\/[^/]*@/i.test(url);

/** Credentials inside a proxy URL the export carries: the export holding them must say so and be kept private. */
export function holdsProxySecret(options: Pick<RunOptions, 'httpProxy' | 'httpsProxy' | 'allProxy' | 'gitProxyUrl'>): boolean {
  return [options.httpProxy, options.httpsProxy, options.allProxy, options.gitProxyUrl].some(holdsCredentials);
}

/** The export's first line when it holds a proxy password: where the password goes (each file it writes is made 0600). */
export function secretNotice(options: RunOptions): string | null {
  if (!holdsProxySecret(options)) return null;
  const persisted = options.persistProxy && [options.httpProxy, options.httpsProxy, options.allProxy].some(holdsCredentials);
  const git = holdsCredentials(options.gitProxyUrl);
  const into = [...(persisted ? ['env.sh and env.fish'] : []), ...(git ? ["git's global config (http.proxy)"] : [])];
  return into.length
    ? `SECRET: this file holds a proxy password. Keep it private (chmod 600). It writes the password only into ${into.join(' and ')}, with mode 0600.`
    : 'SECRET: this file holds a proxy password (for its downloads only; it is written nowhere else). Keep it private (chmod 600).';
}

interface Rendered {
  /** Index in the script (names its functions, journal records and backups). */
  index: number;
  id: string;
  title: string;
  root: boolean;
  /** The bash that decides, at run time, whether the step is needed (sets gsw_need[index]). */
  decide: string[];
  body: string;
  /** Lines that set gsw_touches for the step's gsw_run call. */
  touches: string[];
}

function touchArgs(touches: Touch[]): string[] {
  return touches.map((touch) => (touch.kind === 'move' ? `gsw_touches+=(move ${word(touch.path)} ${word(touch.to)})` : `gsw_touches+=(path ${word(touch.path)})`));
}

function profileBlockFor(portable: Plan, step: Step): string {
  if (step.id === 'profile-fish') return fishBlock(portable.paths.envFish);
  if (step.id === 'profile-system') return systemProfileBlock(join(portable.goroot, 'bin'));
  return shBlock(portable.paths.envSh);
}

/** The shell a profile step serves, when that shell may be missing on the host ('' for ~/.profile and the system file). */
function profileShell(id: string): string {
  if (id === 'profile-zshenv') return 'zsh';
  if (id === 'profile-fish') return 'fish';
  if (id.startsWith('profile-bash')) return 'bash';
  return '';
}

function renderSteps(portable: Plan, options: InstallOptions, t: Translate): Rendered[] {
  const out: Rendered[] = [];
  const add = (r: Omit<Rendered, 'index'>) => out.push({ ...r, index: out.length });
  const release = portable.release;
  const archiveBytes = (value: number) => (value > 0 ? value : ASSUMED_ARCHIVE_BYTES);

  for (const step of portable.steps) {
    const title = step.title;
    if (step.id === 'check-space') {
      const cache = !release?.archivePath;
      add({
        id: step.id,
        title,
        root: false,
        decide: ['gsw_need[i]=$gsw_go_needed'],
        body: [
          'local unpacked parent',
          `unpacked=$(( (${release?.size ? 'gsw_size' : archiveBytes(0)} * 7 / 2 + 1023) / 1024 ))`,
          'parent=$(gsw_existing_dir "$GSW_INSTALL_PARENT")',
          ...(cache
            ? [
                // Nothing for a verified archive in the cache, only the rest after a partial download (one curl: no side file).
                'local cache archive cached have',
                `cached=${word(cachedArchivePath(portable.paths, PLACEHOLDERS.sha256))}`,
                'have=0',
                'if [ -f "$cached" ]; then have=' + (release?.size ? '$gsw_size' : String(archiveBytes(0))) + '; elif [ -f "$cached.partial" ]; then have=$(stat -c %s -- "$cached.partial"); fi',
                `archive=$(( (${release?.size ? 'gsw_size' : archiveBytes(0)} - have + 1023) / 1024 ))`,
                'cache=$(gsw_existing_dir "$GSW_CACHE_HOME")',
                'if [ "$(stat -c %d -- "$parent")" = "$(stat -c %d -- "$cache")" ]; then',
                '  gsw_need_space "$parent" "$((unpacked + archive))"',
                'else',
                '  gsw_need_space "$parent" "$unpacked"',
                '  gsw_need_space "$cache" "$archive"',
                'fi',
              ]
            : ['gsw_need_space "$parent" "$unpacked"']),
        ].join('\n'),
        touches: [],
      });
      continue;
    }
    if (step.id === 'place') {
      // The blank machine has no Go at the target; the host may: moved aside first, as the CLI does.
      add({
        id: 'move-aside',
        title: t('plan.step.moveAside.title', { version: '~gsw-old-version~' }),
        root: step.root,
        decide: ['gsw_need[i]=0', 'if [ "$gsw_go_needed" = 1 ] && { [ -e "$GSW_TARGET" ] || [ -L "$GSW_TARGET" ]; }; then gsw_need[i]=1; fi'],
        body: 'mv -T -- "$GSW_TARGET" "$GSW_TARGET.gsw-backup-$GSW_RUN_ID"',
        touches: ['gsw_touches+=(move "$GSW_TARGET" "$GSW_TARGET.gsw-backup-$GSW_RUN_ID")'],
      });
    }
    if (GO_STEPS.has(step.id)) {
      // A verified archive or a partial download already in the cache is reused, not a change to record.
      const touches =
        step.id === 'download'
          ? step.touches.map((touch) => `[ -e ${word(touch.path)} ] || gsw_touches+=(path ${word(touch.path)})`)
          : touchArgs(step.touches);
      add({ id: step.id, title, root: step.root, decide: ['gsw_need[i]=$gsw_go_needed'], body: sub(step.run), touches });
      continue;
    }
    if (step.id.startsWith('profile-')) {
      const renderProfile = (id: string, path: string, mustExist: boolean, stepTitle: string) =>
        add({
          id,
          title: stepTitle,
          root: step.root,
          decide: [...literalTextDirective(profileBlockFor(portable, step)), `gsw_prepare_profile "$i" ${word(path)} ${runtimeText(profileBlockFor(portable, step))} ${profileShell(id) || "''"} ${mustExist ? 1 : 0}`],
          body: 'mkdir -p -- "$(dirname -- "${gsw_file[$gsw_i]}")"\ncat -- "${gsw_edit[$gsw_i]}" > "${gsw_file[$gsw_i]}"',
          touches: ['gsw_touches+=(path "${gsw_file[i]}")'],
        });
      renderProfile(step.id, step.touches[0]!.path, false, title);
      if (step.id === 'profile-profile' && portable.shells.includes('bash')) {
        // Present on some hosts only: bash login shells read the first of them instead of ~/.profile.
        for (const [id, name] of [
          ['profile-bash-profile', '.bash_profile'],
          ['profile-bash-login', '.bash_login'],
        ] as const) {
          const path = join(portable.paths.home, name);
          renderProfile(id, path, true, t('plan.step.profile.replaceTitle', { path }));
        }
      }
      continue;
    }
    if (step.id === 'env-files') {
      const settings = envSettingsFor({
        home: portable.paths.home,
        goroot: portable.goroot,
        gopath: portable.gopath,
        goBinDir: portable.method === 'snap' ? '/snap/bin' : join(portable.goroot, 'bin'),
        persistProxy: options.persistProxy,
        proxy: options,
      });
      const secret = settings.proxies.length > 0;
      const files: [string, string, string][] = [
        [portable.paths.envSh, envShContent(settings), 'gsw_env_sh'],
        [portable.paths.envFish, envFishContent(settings), 'gsw_env_fish'],
      ];
      const same = files.map(([path, , name]) => `gsw_same_file ${word(path)} "$${name}"${secret ? ' 600' : ''}`).join(' && ');
      add({
        id: step.id,
        title,
        root: step.root,
        decide: [...files.flatMap(([, content, name]) => [...literalTextDirective(content), `${name}=${runtimeText(content)}`]), 'gsw_need[i]=1', `if ${same}; then gsw_need[i]=0; fi`],
        // As environment.ts writes them: a file holding secrets is made 0600 before they reach it.
        body: [
          `mkdir -p -- ${word(portable.paths.configDir)}`,
          ...files.flatMap(([path, , name]) => [
            ...(secret ? [`(umask 077 && : >> ${word(path)})`, `chmod 600 -- ${word(path)}`] : []),
            `printf '%s' "$${name}" > ${word(path)}`,
          ]),
        ].join('\n'),
        touches: touchArgs(step.touches),
      });
      continue;
    }
    if (step.id === 'go-env') {
      const file = join(dirname(portable.paths.configDir), 'go/env');
      const wanted = requestedGoSettings(options).map(([key, value]) => `grep -Fxq -- ${shQuote(`${key}=${value}`)} ${word(file)}`);
      add({
        id: step.id,
        title,
        root: step.root,
        decide: ['gsw_need[i]=1', `if [ -f ${word(file)} ] && ${wanted.join(' && ')}; then gsw_need[i]=0; fi`],
        body: sub(step.run),
        touches: touchArgs(step.touches),
      });
      continue;
    }
    if (step.native === 'verify') {
      let body = sub(step.run);
      // A shell the plan configures may be missing on this host: its check is skipped there, as its profile is.
      for (const args of proofShells(portable.shells)) {
        if (args[0] === 'bash') continue;
        const line = `gsw_prove ${args.join(' ')}`;
        body = body
          .split('\n')
          .map((l) => (l === line ? `if command -v ${args[0]} >/dev/null 2>&1; then ${line}; else echo ${shQuote(`${args[0]} is not installed here: not checked`)}; fi` : l))
          .join('\n');
      }
      add({ id: step.id, title, root: step.root, decide: ['gsw_need[i]=1'], body, touches: touchArgs(step.touches) });
      continue;
    }
    if (step.packages?.length) {
      const names = step.packages.map(shQuote).join(' ');
      const manager = step.packageManager ?? portable.method;
      const installed = manager === 'snap' ? 'snap list "$gsw_name" >/dev/null 2>&1' : 'gsw_deb_installed "$gsw_name"';
      const missing = `gsw_names=(${names}); for gsw_name in "\${gsw_names[@]}"; do ${installed} || gsw_packages[i]+="\${gsw_packages[i]:+ }$gsw_name"; done`;
      const removal = manager === 'snap' ? 'snap remove' : 'DEBIAN_FRONTEND=noninteractive apt-get remove -y --';
      add({
        id: step.id,
        title,
        root: step.root,
        decide: [
          'gsw_packages[i]=\'\'',
          missing,
          'gsw_need[i]=0',
          'if [ -n "${gsw_packages[i]}" ]; then gsw_need[i]=1; gsw_package_undo[i]="' + removal + ' ${gsw_packages[i]}"; gsw_any_package=1; fi',
        ],
        body: sub(step.run),
        touches: touchArgs(step.touches),
      });
      continue;
    }
    // Refreshing the package lists matters only when a package is to be installed.
    const decide = step.id === 'apt-update' ? ['gsw_need[i]=pending-package'] : ['gsw_need[i]=1'];
    add({ id: step.id, title, root: step.root, decide, body: sub(step.run), touches: touchArgs(step.touches) });
  }
  return out;
}

/** Every Linux archive of the release with its digest (plans made by hand in tests may carry only their own). */
export function releaseArchives(release: ResolvedRelease): LinuxArchive[] {
  if (release.archives?.length) return release.archives;
  const arch = /\.linux-([a-z0-9]+)\.tar\.gz$/.exec(release.filename)?.[1];
  return arch ? [{ arch, filename: release.filename, sha256: release.sha256, size: release.size }] : [];
}

function archiveTable(plan: Plan): string[] {
  const release = plan.release;
  if (!release) return [];
  const archives = releaseArchives(release);
  const known = archives.map((a) => a.arch).join(' ');
  return [
    comment(`The archive of ${release.version} for this machine, with its sha256 (${release.sha256Source}).`),
    'case $GSW_ARCH in',
    ...archives.map((a) =>
      release.archivePath ? `  ${shQuote(a.arch)}) gsw_size=${a.size} ;;` : `  ${shQuote(a.arch)}) GSW_FILENAME=${shQuote(a.filename)} GSW_SHA256=${a.sha256} gsw_size=${a.size} ;;`,
    ),
    `  *) gsw_die "$(gsw_msg noArchive ${shQuote(release.version)} "$GSW_ARCH" ${shQuote(known || 'none')})" ;;`,
    'esac',
    ...(release.archivePath && release.archiveBesideScript
      ? [
          comment('The archive sits next to this script (a bundle folder that may have moved); GSW_ARCHIVE_DIR names another folder.'),
          'GSW_ARCHIVE_DIR=${GSW_ARCHIVE_DIR:-$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)}',
        ]
      : []),
    ...(release.archivePath
      ? []
      : [
          // The mirror chosen at planning; GSW_MIRROR (a base URL ending in /) picks another one for this run.
          `GSW_URL=\${GSW_MIRROR:-${shQuote(release.url.slice(0, release.url.length - release.filename.length))}}$GSW_FILENAME`,
        ]),
    '',
  ];
}

function targetLines(plan: Plan, portable: Plan, options: InstallOptions): string[] {
  if (portable.method !== 'tarball') {
    return [`GSW_TARGET=${shQuote(portable.goroot)}`, 'GSW_GOROOT=$GSW_TARGET', ''];
  }
  const target = options.installDir ?? defaultTarget(plan.scope, PLACEHOLDERS.home);
  // As written, not as this machine resolves them: the script resolves each path itself (readlink -m) where it runs.
  const rule = targetRule(portable.paths, blankDisk);
  return [
    `GSW_TARGET=${word(target)}`,
    'gsw_check_path \'the install directory\' "$GSW_TARGET"',
    'GSW_TARGET=${GSW_TARGET%/}',
    'GSW_GOROOT=$GSW_TARGET',
    'GSW_INSTALL_PARENT=$(dirname -- "$GSW_TARGET")',
    'GSW_INSTALL_BASE=$(basename -- "$GSW_TARGET")',
    // The install-target guard's rule (install-target.ts), applied to this host's paths.
    '# Never /, HOME or a directory holding it, a system directory, our own dirs (or inside them), a file, or a',
    '# directory that is neither empty nor a Go tree. Symlinks resolved first.',
    `gsw_protected=(${rule.protectedPaths.map(word).join(' ')})`,
    `gsw_inside=(${rule.insideRefused.map(word).join(' ')})`,
    'gsw_real_target=$(readlink -m -- "$GSW_TARGET")',
    'for gsw_path in "${gsw_protected[@]}"; do',
    '  gsw_path=$(readlink -m -- "$gsw_path")',
    '  case $gsw_path/ in',
    '    "${gsw_real_target%/}"/*) gsw_die "$(gsw_msg targetHolds "$GSW_TARGET" "$gsw_path")" ;;',
    '  esac',
    'done',
    'for gsw_path in "${gsw_inside[@]}"; do',
    '  gsw_path=$(readlink -m -- "$gsw_path")',
    '  case $gsw_real_target/ in',
    '    "$gsw_path"/*) gsw_die "$(gsw_msg targetInside "$GSW_TARGET" "$gsw_path")" ;;',
    '  esac',
    'done',
    'if [ -e "$gsw_real_target" ]; then',
    '  [ -d "$gsw_real_target" ] || gsw_die "$(gsw_msg targetNotDir "$GSW_TARGET")"',
    '  if [ -n "$(ls -A -- "$gsw_real_target")" ] && ! { [ -f "$gsw_real_target/' + rule.goTree.file + '" ] && [ -x "$gsw_real_target/' + rule.goTree.executable + '" ] && [ -d "$gsw_real_target/' + rule.goTree.dir + '" ]; }; then',
    '    gsw_die "$(gsw_msg targetNotGo "$GSW_TARGET")"',
    '  fi',
    'fi',
    '',
  ];
}

function proxyLines(options: RunOptions): string[] {
  const { httpProxy, httpsProxy, allProxy, noProxy } = options;
  const lines = proxySettingNames({ httpProxy, httpsProxy, allProxy, noProxy }).flatMap(({ names: [lower, upper], value }) => [
    ...literalTextDirective(value),
    `export ${lower}=${shQuote(value)} ${upper}=${shQuote(value)}`,
  ]);
  return lines.length ? ['# The proxies chosen for this plan: used by the downloads and the commands this script runs.', ...lines, ''] : [];
}

const PROFILE_FUNCTION = `# A value as the wizard quotes it in the files it writes: bare when safe, else in single quotes.
gsw_q() {
  if [[ $1 =~ ^[A-Za-z0-9_@%+=:,./-]+$ ]]; then printf '%s' "$1"; else printf "'%s'" "$1"; fi
}

# Decides whether profile step $1 is needed: the edited copy of file $2 (block $3) differs from the file.
# Skipped for a shell ($4) that is not installed, and for a file that must already exist ($5 = 1) and does not.
gsw_prepare_profile() {
  local i=$1 file=$2
  gsw_need[i]=0
  if [ -n "$4" ] && ! command -v "$4" >/dev/null 2>&1; then return 0; fi
  if [ "$5" = 1 ] && [ ! -e "$file" ] && [ ! -L "$file" ]; then return 0; fi
  if [ -L "$file" ]; then
    if ! file=$(readlink -e -- "$file"); then
      gsw_say danglingLink "$2" >&2
      return 0
    fi
  fi
  if gsw_unterminated_block "$file"; then gsw_die "$(gsw_msg unterminated "$file")"; fi
  if [ -e "$file" ] && [ ! -w "$file" ] && [ "\${gsw_roots[i]}" = 0 ]; then gsw_die "$(gsw_msg notWritable "$file")"; fi
  gsw_file[i]=$file
  gsw_edit[i]=$GSW_TMP/profile-$i
  gsw_block_edit "$file" "$3" "\${gsw_edit[i]}"
  if ! cmp -s -- "\${gsw_edit[i]}" "$file"; then gsw_need[i]=1; fi
}`;

/** The script's messages (exports.sh.*, printf formats) in English and Chinese, as two bash associative arrays. */
function messageCatalogs(): string {
  const keys = SH_MESSAGE_KEYS;
  return Object.entries(scriptMessages)
    .map(([lang, table]) => `declare -A GSW_MSG_${lang.toUpperCase()}=(\n${keys.map((key) => `  [${key}]=${shQuote(table[`exports.sh.${key}`] ?? `exports.sh.${key}`)}`).join('\n')}\n)`)
    .join('\n');
}

const SH_MESSAGE_KEYS = [
  'notAbsolute',
  'badChars',
  'noSpace',
  'undoingInterrupted',
  'undoingFailed',
  'restored',
  'incomplete',
  'nothingChanged',
  'noArchive',
  'targetHolds',
  'targetInside',
  'targetNotDir',
  'targetNotGo',
  'danglingLink',
  'unterminated',
  'notWritable',
  'nothingToDo',
  'starting',
  'finished',
];

export function renderShellScript(plan: Plan, purpose: RenderPurpose, t: Translate): string {
  const portable = portablePlan(plan);
  // The preview shows what the export runs (the proxies --persist-proxy took from the environment too), masked below.
  const options = realOptions(plan);
  const steps = renderSteps(portable, options, t);
  const version = portable.release?.version ?? null;
  const what = version ? `${version} (${plan.method})` : plan.method;
  const secret = purpose === 'run' ? secretNotice(options) : null;
  const lines: string[] = [
    '#!/usr/bin/env bash',
    ...(secret ? [comment(secret)] : []),
    comment(`go-setup-wizard export of plan ${plan.runId} (${plan.createdAt}): Go ${what}, ${plan.scope} scope.`),
    comment(
      [
        'Portable: HOME, the user, the architecture and what is already installed are read when it runs, so one script',
        'serves every machine and user. A second run has nothing to do and says so. Every step is recorded in',
        '${XDG_STATE_HOME:-~/.local/state}/go-setup-wizard/runs/<id>/ before it runs: `go-setup-wizard rollback` (or the',
        'uninstall.sh left there) undoes the run; a failure or Ctrl-C undoes it at once.',
        'Exit status: 0 done (or nothing to do), 1 failed and restored, 2 bad input or host (nothing changed),',
        '3 failed and not fully restored, 130 interrupted and restored.',
        'Needs bash, coreutils, tar and curl or wget. GSW_MIRROR=<base URL ending in /> downloads from another mirror.',
      ].join('\n'),
    ),
    'set -euo pipefail',
    '',
    messagesSection(messageCatalogs(), t('exports.sh.lang')),
    HOST,
    `GSW_METHOD=${plan.method}`,
    `GSW_SCOPE=${plan.scope}`,
    `GSW_VERSION_JSON=${shQuote(JSON.stringify(version))}`,
    ...archiveTable(plan),
    ...targetLines(plan, portable, options),
    ...proxyLines(options),
    HELPERS,
    JOURNAL,
    PROFILE_FUNCTION,
    '',
    comment('The steps of the plan, in order.'),
    `gsw_ids=(${steps.map((s) => shQuote(s.id)).join(' ')})`,
    `gsw_roots=(${steps.map((s) => (s.root ? 1 : 0)).join(' ')})`,
    'gsw_titles=()',
    ...steps.map((s) => `gsw_titles[${s.index}]=${word(s.title)}`),
    'gsw_need=()',
    'gsw_file=()',
    'gsw_edit=()',
    'gsw_packages=()',
    'gsw_package_undo=()',
    'gsw_any_package=0',
    '',
  ];
  for (const step of steps) {
    lines.push(sub(comment(`${step.id}: ${step.title}`)), `gsw_step_${step.index}() {`, `gsw_i=${step.index}`, step.body, '}', '');
  }

  lines.push(
    comment('What this host needs: the release at the target, then each step against what is there now.'),
    ...(steps.some((s) => GO_STEPS.has(s.id))
      ? ['gsw_go_needed=1', `if [ "$(head -n 1 -- "$GSW_TARGET/VERSION" 2>/dev/null || true)" = ${shQuote(version ?? '')} ]; then gsw_go_needed=0; fi`]
      : []),
  );
  const moveAside = steps.find((s) => s.id === 'move-aside');
  if (moveAside) {
    lines.push(
      'gsw_old_version=$(head -n 1 -- "$GSW_TARGET/VERSION" 2>/dev/null || echo unknown)',
      `gsw_titles[${moveAside.index}]=\${gsw_titles[${moveAside.index}]//"~gsw-old-version~"/$gsw_old_version}`,
    );
  }
  for (const step of steps) lines.push(`i=${step.index}`, ...step.decide);
  lines.push(
    'for i in "${!gsw_need[@]}"; do',
    '  if [ "${gsw_need[i]}" = pending-package ]; then gsw_need[i]=$gsw_any_package; fi',
    'done',
    '',
    'gsw_changes=0',
    'gsw_needs_root=0',
    'for i in "${!gsw_ids[@]}"; do',
    '  [ "${gsw_need[i]}" = 1 ] || continue',
    '  [ "${gsw_ids[i]}" = verify ] || gsw_changes=1',
    '  [ "${gsw_roots[i]}" = 0 ] || gsw_needs_root=1',
    'done',
    '',
  );

  const verify = steps.find((s) => s.id === 'verify');
  const verifyTraces = verify ? portable.steps.find((s) => s.native === 'verify')!.touches : [];
  lines.push(
    'if [ "$gsw_changes" = 0 ]; then',
    `  gsw_say nothingToDo ${shQuote(version ?? plan.method)} "$GSW_GOROOT" "$GSW_USER"`,
    ...(verify
      ? [
          '  # The proof leaves no trace: what it creates (Go telemetry, fish data) goes again.',
          '  gsw_traces=()',
          ...verifyTraces.map((touch) => `  [ -e ${word(touch.path)} ] || gsw_traces+=(${word(touch.path)})`),
          '  gsw_proved=0',
          `  ( gsw_step_${verify.index} ) || gsw_proved=$?`,
          '  if [ "${#gsw_traces[@]}" -gt 0 ]; then rm -rf -- "${gsw_traces[@]}"; fi',
          '  exit "$gsw_proved"',
        ]
      : ['  exit 0']),
    'fi',
    '',
    'if [ "$gsw_needs_root" = 1 ] && ! gsw_is_root; then',
    "  command -v sudo >/dev/null 2>&1 || gsw_die 'some steps need root: run this as root or install sudo'",
    "  sudo -v || gsw_die 'sudo was refused: nothing was changed' 1",
    'fi',
    '',
    `gsw_say starting ${shQuote(version ?? plan.method)} "$GSW_ARCH" "$GSW_SCOPE" "$GSW_GOROOT" "$GSW_USER" "$GSW_RUN_ID"`,
  );
  for (const step of steps) {
    lines.push(`if [ "\${gsw_need[${step.index}]}" = 1 ]; then`, '  i=' + step.index, '  gsw_touches=()', ...step.touches.map((l) => `  ${l}`), `  gsw_run ${step.index} "\${gsw_touches[@]}"`, 'fi');
  }
  lines.push(
    'gsw_append "{\\"type\\":\\"final\\",\\"status\\":\\"installed\\",\\"at\\":\\"$(gsw_now)\\"}"',
    'gsw_started=0',
    `gsw_say finished ${shQuote(version ?? plan.method)} "$GSW_GOROOT"`,
    'printf \'go-setup-wizard: to undo it: go-setup-wizard rollback --run %s, or bash %s\\n\' "$GSW_RUN_ID" "$GSW_RUN_DIR/uninstall.sh"',
    '',
  );
  const script = lines.join('\n');
  if (purpose === 'run') return script;
  return proxyMask(realOptions(plan))(redact(script));
}

// ---------------------------------------------------------------------------------------------
// The preview's rollback tab: this plan's own undo steps, newest first.

function header(plan: Plan, purpose: string): string[] {
  const what = plan.release ? `${plan.release.version} (${plan.method})` : plan.method;
  return [
    '#!/usr/bin/env bash',
    comment(`go-setup-wizard plan ${plan.runId}, made ${plan.createdAt}: Go ${what} -> ${plan.goroot} (${plan.scope} scope)`),
    comment(purpose),
    'set -euo pipefail',
    '',
    `GSW_BACKUPS=\${GSW_BACKUPS:-${shQuote(backupsDir(plan.paths, plan.runId))}}`,
    '',
    '# Runs one of the functions below as root: directly when root, else through sudo (keeping the proxy settings).',
    'gsw_as_root() {',
    '  if [ "$(id -u)" -eq 0 ]; then',
    '    ( "$1" )',
    '  else',
    `    sudo --preserve-env=${PROXY_VARIABLES.join(',')} \\`,
    '      bash -c "set -euo pipefail; GSW_BACKUPS=$(printf %q "$GSW_BACKUPS"); $(declare -f "$1"); $1"',
    '  fi',
    '}',
    '',
  ];
}

/**
 * The steps as they run on this machine, for a plan with no portable export (side by side, `use`, other Go installs
 * removed): what the preview's script tab shows for it. `note` says why it is not the portable script.
 */
export function renderLocalScript(plan: Plan, note: string): string {
  const lines = header(plan, note);
  plan.steps.forEach((step, index) => lines.push(comment(`${step.id}: ${step.title}`), `gsw_step_${index}() {`, step.run, '}', ''));
  plan.steps.forEach((step, index) => lines.push(step.root ? `gsw_as_root gsw_step_${index}` : `gsw_step_${index}`));
  lines.push('');
  return redact(lines.join('\n'));
}

/** The undo steps alone, newest first: what `rollback` does, as bash (for the preview's rollback tab). */
export function renderRollbackScript(plan: Plan): string {
  const lines = header(plan, 'Undoes that run: puts back every file from $GSW_BACKUPS and removes what it added, newest step first.');
  const undone = plan.steps.map((step, index) => ({ step, index })).filter(({ step }) => step.undo !== ':');
  for (const { step, index } of undone) lines.push(comment(`${step.id}: ${step.title}`), `gsw_undo_${index}() {`, step.undo, '}', '');
  for (const { step, index } of [...undone].reverse()) lines.push(step.root ? `gsw_as_root gsw_undo_${index}` : `gsw_undo_${index}`);
  lines.push('');
  return redact(lines.join('\n'));
}
