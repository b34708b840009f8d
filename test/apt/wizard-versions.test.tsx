// The wizard's version question with --method apt: only what this machine's apt offers (apt-cache policy output of
// Ubuntu 24.04, parsed by the real parser), each out-of-support package marked, apt's out-of-support warning shown
// with what the tarball would give, and a typed version apt does not have refused with what it has.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { parseAptPolicy } from '../../src/apt/candidates.js';
import { createTranslator, loadLang } from '../../src/i18n/index.js';
import { VersionScreen } from '../../screens/VersionScreen.js';
import { aptVersionChoices, aptVersionProblem } from '../../src/wizard/view.js';
import { cleanupPaced, renderPaced } from '../wizard/paced.js';
import { fakeIndex } from '../wizard/fakes.js';

await loadLang('zh');

afterEach(() => cleanupPaced());
const nothing = () => {};

const noble = parseAptPolicy(
  [
    'golang-go:',
    '  Installed: (none)',
    '  Candidate: 2:1.22~2build1',
    'golang-1.21-go:',
    '  Installed: (none)',
    '  Candidate: 1.21.1-1',
    'golang-1.22-go:',
    '  Installed: (none)',
    '  Candidate: 1.22.2-2ubuntu0.1',
    'golang-1.23-go:',
    '  Installed: (none)',
    '  Candidate: (none)',
    '',
  ].join('\n'),
);

for (const lang of ['en', 'zh'] as const) {
  test(`apt version question (${lang}): only apt's versions, each marked out of support, apt's warning naming the tarball's release`, () => {
    const t = createTranslator(lang);
    const versions = aptVersionChoices({ status: 'ready', value: noble }, { status: 'ready', value: fakeIndex() }, t);
    const props = { t, step: { step: 2, count: 6 }, selected: 'latest', validate: () => null, onChoose: nothing, onBack: nothing, onQuit: nothing };
    const frame = renderPaced(<VersionScreen {...props} versions={versions} />).lastFrame()!;
    const out = t('apt.wizard.outOfSupport');
    assert.match(frame, new RegExp(`golang-go 2:1\\.22~2build1 · ${out}`));
    assert.match(frame, new RegExp(`Go 1\\.22 — golang-1\\.22-go 1\\.22\\.2-2ubuntu0\\.1 · ${out}`));
    assert.match(frame, new RegExp(`Go 1\\.21 — golang-1\\.21-go 1\\.21\\.1-1 · ${out}`));
    const offered = frame.split('\n').flatMap((line) => /Go (1\.\d+) —/.exec(line)?.[1] ?? []);
    assert.deepEqual(offered, ['1.22', '1.21'], 'nothing apt does not have');
    assert.match(frame.replace(/\s+/g, ''), new RegExp(t('apt.warn.unsupported', { apt: '1.22', supported: '1.27, 1.26', tarball: 'go1.27.1' }).replace(/\s+/g, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  });
}

test('apt version question: a typed version apt lacks is refused naming what apt has; one it has is accepted', () => {
  const t = createTranslator('en');
  assert.equal(aptVersionProblem(noble, '1.23', t), 'apt offers no Go 1.23 here (it has: 1.22, 1.21); choose one of those or --method tarball');
  assert.equal(aptVersionProblem(noble, '1.21', t), null);
});

test('apt version question: while apt-cache runs it waits; when apt-cache failed it says so', () => {
  const t = createTranslator('en');
  assert.deepEqual(aptVersionChoices({ status: 'loading' }, { status: 'loading' }, t), { status: 'loading' });
  const failed = aptVersionChoices({ status: 'failed', error: 'x' }, { status: 'loading' }, t);
  assert.equal(failed.status, 'failed');
});
