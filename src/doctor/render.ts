// doctor's readable output: one block per finding, the fix right under it.
import type { Translate } from '../types.js';
import type { Finding } from './checks.js';

const MARK = { error: '✖', warning: '!', info: 'i' } as const;

export function renderFindings(findings: Finding[], t: Translate): string {
  if (findings.length === 0) return `${t('doctor.title')}\n  ${t('doctor.allGood')}\n`;
  const blocks = findings.map(
    (f) => `${MARK[f.severity]} ${t(`doctor.severity.${f.severity}`)} [${f.id}] ${f.message}\n    ${t('doctor.fixLabel')}: ${f.fix}`,
  );
  return `${t('doctor.title')}\n\n${blocks.join('\n\n')}\n`;
}
