// The readable form of a Detection: one section per topic, labels aligned, every word from the catalog.
import type { Detection, StartupSetting, Translate } from '../types.js';
import { formatBytes } from '../format.js';
import { padEndWidth, textWidth } from '../text-width.js';

type Row = [label: string, value: string];

/** Sections of label/value rows, the values of each section starting in one column. */
export function renderSections(sections: { title: string; rows: Row[]; lines?: string[] }[]): string {
  const out: string[] = [];
  for (const section of sections) {
    const width = Math.max(0, ...section.rows.map(([label]) => textWidth(label)));
    out.push(section.title);
    for (const [label, value] of section.rows) out.push(`  ${padEndWidth(label, width)}  ${value}`);
    for (const line of section.lines ?? []) out.push(`  ${line}`);
    out.push('');
  }
  return out.join('\n');
}

export function renderDetection(d: Detection, t: Translate): string {
  const yesNo = (value: boolean) => t(value ? 'detect.value.yes' : 'detect.value.no');
  const orUnknown = (value: string | null) => value || t('detect.value.unknown');
  const list = (values: string[]) => (values.length > 0 ? values.join(', ') : t('detect.value.none'));
  const familyName = { ubuntu: 'Ubuntu', debian: 'Debian', other: '' }[d.os.family];
  const base = familyName ? `${familyName} ${d.os.baseVersion}`.trim() : t('detect.value.unknown');

  const sections = [
    {
      title: t('detect.section.system'),
      rows: [
        [t('detect.field.os'), orUnknown(d.os.prettyName || d.os.id)],
        [t('detect.field.base'), base],
        [t('detect.field.supported'), yesNo(d.os.supported)],
        [t('env.detect.cCompiler'), d.cCompiler ?? t('env.detect.noCCompiler')],
      ] as Row[],
    },
    {
      title: t('detect.section.arch'),
      rows: [
        [t('detect.field.machine'), orUnknown(d.arch.machine)],
        [t('detect.field.goArch'), orUnknown(d.arch.goArch)],
        [t('detect.field.userland'), orUnknown(d.arch.userlandGoArch)],
      ] as Row[],
    },
    {
      title: t('detect.section.wsl'),
      rows: [
        [t('detect.field.wsl'), d.wsl.isWsl ? t('detect.value.wslVersion', { version: d.wsl.version ?? '?' }) : t('detect.value.notWsl')],
        ...(d.wsl.isWsl
          ? ([
              [t('detect.field.windowsGo'), yesNo(d.wsl.windowsGoOnPath)],
              [t('detect.field.mntC'), yesNo(d.wsl.underMntC)],
            ] as Row[])
          : []),
      ] as Row[],
    },
    {
      title: t('detect.section.shell'),
      rows: [
        [t('detect.field.login'), orUnknown(d.shell.login)],
        [t('detect.field.available'), list(d.shell.available)],
        [t('detect.field.startup'), list(d.shell.startupFiles)],
      ] as Row[],
    },
    {
      title: t('detect.section.user'),
      rows: [
        [t('detect.field.name'), t('detect.value.userWithUid', { name: d.user.name, uid: d.user.uid })],
        [t('detect.field.home'), d.user.home],
        [t('detect.field.sudo'), t(`detect.value.sudo.${d.user.sudo}`)],
      ] as Row[],
    },
    {
      title: t('detect.section.go'),
      rows: [],
      lines:
        d.existingGo.length > 0
          ? d.existingGo.map((go) => {
              const notes = [
                t(`detect.value.source.${go.source}`),
                ...(go.onPath ? [t('detect.value.firstOnPath')] : []),
                ...(go.default ? [t('apt.versions.default')] : []),
              ];
              return `${go.path}  ${go.version ?? t('detect.value.unknown')}  (${notes.join(', ')})`;
            })
          : [t('detect.value.noGo')],
    },
    {
      title: t('detect.section.env'),
      rows: Object.entries(d.env) as Row[],
      lines: Object.keys(d.env).length > 0 ? [] : [t('detect.value.noEnv')],
    },
    {
      title: t('env.detect.section'),
      rows: [],
      lines: d.startupEnv.length > 0 ? d.startupEnv.map((setting) => `${setting.file}:${setting.line}  ${describeStartupSetting(setting, t)}`) : [t('env.detect.none')],
    },
    {
      title: t('detect.section.disk'),
      rows: d.disk.map(({ path, freeBytes }) => [
        path,
        freeBytes === null ? t('detect.value.unknown') : t('detect.value.free', { size: formatBytes(freeBytes) }),
      ]) as Row[],
    },
    { title: t('detect.section.warnings'), rows: [], lines: d.warnings.length > 0 ? d.warnings.map((w) => `! ${w}`) : [t('detect.value.none')] },
    ...(d.problems.length > 0
      ? [{ title: t('detect.section.problems'), rows: [], lines: d.problems.map((p) => `${p.probe}: ${p.message}`) }]
      : []),
  ];
  return renderSections(sections);
}

/** What one startup line does, for people: `sets GOPROXY=…` or `puts /usr/local/go/bin on PATH`. */
export function describeStartupSetting(setting: StartupSetting, t: Translate): string {
  if (setting.variable === 'PATH') {
    const dirs = (setting.goBins ?? []).map((dir) => dir || t('env.detect.unknownDir'));
    return t('env.detect.path', { dirs: dirs.join(', ') });
  }
  return t('env.detect.sets', { variable: setting.variable, value: setting.value });
}

/** The detected system in one line, as the wizard shows it first: `Found Ubuntu 24.04.1 LTS · x86_64 (amd64) · bash`. */
export function foundLine(t: Translate, d: Detection): string {
  const arch = `${d.arch.machine} (${d.arch.userlandGoArch ?? d.arch.goArch ?? t('wizard.system.unsupportedArch')})`;
  const wsl = d.wsl.isWsl ? ` · WSL ${d.wsl.version ?? ''}`.trimEnd() : '';
  const found = t('wizard.express.found', { system: `${d.os.prettyName}${wsl}`, arch, shell: String(d.shell.login) });
  return d.os.supported ? found : `${found} — ${t('wizard.system.unsupported')}`;
}
