// One plan, four renderings: text (what a person reads), json (the plan as data), sh (a standalone bash
// script) and ansible (a playbook, only as a file to run). Credentials in URLs are shown as **** in every display.
import { redact, redactDeep } from '../redact.js';
import { formatBytes } from '../format.js';
import { padEndWidth, textWidth } from '../text-width.js';
import type { MirrorMeasurement, Plan, PlanFormat, Translate } from '../types.js';
import { requestedGoSettings } from './environment.js';
import { renderLocalScript, renderRollbackScript, renderShellScript, secretNotice } from './render-sh.js';
import { hasPortablePlan, realOptions } from './portable.js';
import { OTHER_GO_STEP_IDS } from './other-go.js';
import { UserError } from '../errors.js';

export { renderRollbackScript };

function indentBy(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => (line ? prefix + line : line))
    .join('\n');
}

function renderText(plan: Plan, t: Translate): string {
  const { options, release } = plan;
  const none = t('plan.text.none');
  const heading = (key: string) => t('plan.text.heading', { label: t(key) });
  const goSettings = requestedGoSettings(options)
    .map(([key, value]) => `${key}=${value}`)
    .join('  ');
  const summary: [string, string][] = [
    [t('plan.text.version'), release?.version ?? options.goVersion],
    [t('plan.text.method'), t(`plan.text.methodValue.${plan.method}`)],
  ];
  if (release) {
    summary.push([t('plan.text.source'), release.url], [t('plan.text.digest'), t('plan.text.digestFrom', { digest: release.sha256, source: release.sha256Source })]);
    for (const probe of release.mirrorProbes ?? []) summary.push(['', mirrorMeasurement(probe, release.url, t)]);
  }
  summary.push(
    [t('plan.text.target'), plan.goroot],
    [t('plan.text.scope'), t(`plan.text.scopeValue.${plan.scope}`)],
    [t('plan.text.shells'), plan.shells.join(', ') || none],
    [t('plan.text.gopath'), plan.gopath],
    ...proxyRows(plan, t),
    [t('plan.text.goSettings'), goSettings || none],
  );
  const conflicts = plan.conflicts ?? [];
  if (conflicts.length) summary.push([t('env.plan.summary'), t('env.plan.summaryValue', { count: conflicts.length, mode: options.conflicts ?? 'comment' })]);
  // Padded by display width: CJK labels take two columns per character.
  const width = Math.max(...summary.map(([label]) => textWidth(label)));
  const out = [t('plan.text.summary', { runId: plan.runId }), '', ...summary.map(([label, value]) => `  ${padEndWidth(label, width)}  ${value}`), ''];
  if (conflicts.length) {
    out.push(heading('env.plan.section'));
    for (const c of conflicts) out.push(`  ${c.file}:${c.line}  ${c.text}`, `      → ${t(`env.plan.action.${c.action}`)}: ${c.overrides}`);
    out.push('');
  }
  if (plan.warnings.length) out.push(heading('plan.text.warnings'), ...plan.warnings.map((w) => `  - ${w}`), '');
  if (plan.upToDate) out.push(t('plan.text.upToDate'), '');
  out.push(heading('plan.text.steps'));
  plan.steps.forEach((step, index) => {
    const flags = [step.root ? t('plan.text.asRoot') : '', step.native ? t('plan.text.native') : ''].filter(Boolean);
    out.push('', `${index + 1}. ${step.title}${flags.length ? ` (${flags.join('; ')})` : ''}`, `   ${t('plan.text.labelled', { label: t('plan.text.why'), value: step.why })}`);
    if (step.touches.length) {
      out.push(`   ${heading('plan.text.touches')}`);
      for (const touch of step.touches) {
        out.push(`     ${touch.kind === 'move' ? t('plan.text.moveTo', { from: touch.path, to: touch.to }) : touch.path}`);
      }
    }
    out.push(`   ${heading('plan.text.commands')}`, indentBy(step.run, '     | '));
    if (step.diff) out.push(indentBy(step.diff.trimEnd(), '     '));
  });
  return redact(out.join('\n') + '\n');
}

/** Version of the `plan --format json` contract (docs/plan-json.md): bumped when a field changes meaning or goes. */
export const PLAN_JSON_SCHEMA_VERSION = 1;

/** The plan for a person to read (the preview, `plan --format text|json`): credentials are masked everywhere. */
/**
 * Why this plan has no portable export (side by side or `use`: this user's own files; other Go installs removed from
 * this machine: the export plans for any host), or null when it has one.
 */
export function exportRefusal(plan: Plan, t: Translate): string | null {
  const local = !hasPortablePlan(plan) || plan.steps.some((step) => OTHER_GO_STEP_IDS.includes(step.id));
  return local ? t('alongside.export.local') : null;
}

/** What a person is shown: the playbook is only ever exported (its renderer and YAML library load for that alone). */
export type DisplayFormat = Exclude<PlanFormat, 'ansible'>;

export function renderPlan(plan: Plan, format: DisplayFormat, t: Translate): string {
  const refusal = format === 'sh' ? exportRefusal(plan, t) : null;
  // The preview of a plan that has no portable script: its own steps, as they run here.
  if (refusal) return renderLocalScript(plan, refusal);
  switch (format) {
    case 'json':
      // The machine contract of docs/plan-json.md: its version first.
      return JSON.stringify({ schemaVersion: PLAN_JSON_SCHEMA_VERSION, ...redactDeep(plan) }, null, 2) + '\n';
    case 'sh':
      return renderShellScript(plan, 'display', t);
    case 'text':
      return renderText(plan, t);
  }
}

/**
 * The Proxies rows: each setting this run uses and where it came from (an option or the environment), then the proxy
 * the archive goes through — or "none" when there is no proxy at all.
 */
function proxyRows(plan: Plan, t: Translate): [string, string][] {
  const label = t('plan.text.proxies');
  const proxies = plan.proxies ?? [];
  if (!proxies.length) return [[label, t('plan.text.none')]];
  const width = Math.max(...proxies.map((p) => p.setting.length));
  const rows: [string, string][] = proxies.map((p, i) => [
    i === 0 ? label : '',
    `${p.setting.padEnd(width)}  ${p.value}  (${t(p.source === 'option' ? 'network.proxy.fromOption' : 'network.proxy.fromEnvironment', { flag: p.from, variable: p.from })})`,
  ]);
  if (plan.downloadProxy !== undefined) {
    rows.push(['', plan.downloadProxy === null ? t('network.proxy.downloadDirect') : t('network.proxy.download', { proxy: plan.downloadProxy })]);
  }
  return rows;
}

/** One `--mirror auto` measurement for the preview: throughput and latency, or why the mirror was left out. */
function mirrorMeasurement(probe: MirrorMeasurement, chosenUrl: string, t: Translate): string {
  const chosen = chosenUrl.startsWith(probe.base) ? ` ${t('net.mirror.chosen')}` : '';
  if (!probe.ok) return t('net.mirror.failed', { base: probe.base, error: probe.error ?? '?' });
  const speed = `${formatBytes(probe.bytesPerSecond ?? 0)}/s`;
  return `${t('net.mirror.measured', { base: probe.base, speed, latency: Math.round(probe.latencyMs ?? 0) })}${chosen}`;
}

/**
 * The plan as a file to run (`plan --format sh|ansible`, the wizard's "save"): sh and ansible carry the real proxy
 * values (masking is for display only); text and json are the same as renderPlan.
 */
export async function renderExport(plan: Plan, format: PlanFormat, t: Translate): Promise<string> {
  const refusal = format === 'sh' || format === 'ansible' ? exportRefusal(plan, t) : null;
  if (refusal) throw new UserError(refusal);
  if (format === 'sh') return renderShellScript(plan, 'run', t);
  if (format === 'ansible') {
    const { renderAnsible } = await import('./render-ansible.js');
    return renderAnsible(plan, t);
  }
  return renderPlan(plan, format, t);
}

/** Whether an export of this plan holds a secret (a proxy password): save it with mode 0600. */
export function exportHoldsSecret(plan: Plan, format: PlanFormat): boolean {
  return (format === 'sh' || format === 'ansible') && secretNotice(realOptions(plan)) !== null;
}
