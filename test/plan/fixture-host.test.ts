// The plan reads the machine only through its Host: built against a fixture Host (a temp dir standing in for `/`)
// it follows the fixture's files — which this machine does not have — and a fixture without them gives another plan.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { createFixtureHost } from '../../src/host/fixture.js';
import { createTranslator } from '../../src/i18n/index.js';
import { appPaths } from '../../src/paths.js';
import { buildPlan } from '../../src/plan/build.js';
import type { Plan } from '../../src/types.js';
import { FAKE_RELEASE, fakeDetection, installOptions } from './helpers.js';

/** A HOME no real machine has: anything the plan finds there came from the fixture. */
const HOME = '/home/gsw-fixture-user';
const TARGET = `${HOME}/.local/go`;

function fixtureRoot(files: Record<string, string>, links: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'gsw-fixture-host-'));
  mkdirSync(join(root, HOME), { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content, { mode: path.endsWith('/bin/go') ? 0o755 : 0o644 });
  }
  for (const [path, target] of Object.entries(links)) symlinkSync(target, join(root, path));
  return root;
}

async function planFor(root: string): Promise<Plan> {
  const env = { HOME, PATH: '/usr/bin:/bin' };
  const host = createFixtureHost({ root, env });
  return buildPlan({
    options: installOptions({ scope: 'user', shells: ['bash'], goproxy: 'https://proxy.golang.org,direct' }),
    detection: fakeDetection(HOME, { login: 'bash', available: ['bash'] }),
    release: FAKE_RELEASE,
    paths: appPaths(env),
    env,
    runId: '20261122-050000-ab12',
    t: createTranslator('en'),
    createdAt: '2026-11-22T05:00:00.000Z',
    disk: host.disk,
  });
}

const ids = (plan: Plan) => plan.steps.map((step) => step.id);

test('a plan built against a fixture Host follows the fixture files, not this machine', async (t) => {
  assert.equal(existsSync(HOME), false, `${HOME} must not exist on this machine for the test to mean anything`);
  const full = fixtureRoot(
    {
      // An older Go where the install goes: moved aside, then replaced.
      [`${TARGET}/VERSION`]: 'go1.18.1\ntime 2022-04-12T00:00:00Z\n',
      [`${TARGET}/bin/go`]: '#!/bin/sh\n',
      [`${TARGET}/src/.keep`]: '',
      // A login file bash reads instead of .profile: the plan adds a block to it too.
      [`${HOME}/.bash_profile`]: '# fixture bash_profile\n',
      // .bashrc is a link into a dotfiles folder (absolute, so it must resolve inside the fixture).
      [`${HOME}/dotfiles/bashrc`]: '# fixture bashrc line\n',
      // Go's env file already has the GOPROXY asked for: no go-env step.
      [`${HOME}/.config/go/env`]: 'GOPROXY=https://proxy.golang.org,direct\n',
    },
    { [`${HOME}/.bashrc`]: `${HOME}/dotfiles/bashrc` },
  );
  const blank = fixtureRoot({});
  t.after(() => {
    rmSync(full, { recursive: true, force: true });
    rmSync(blank, { recursive: true, force: true });
  });

  const plan = await planFor(full);
  const moveAside = plan.steps.find((step) => step.id === 'move-aside');
  assert.ok(moveAside, `move-aside for the fixture's Go tree; steps: ${ids(plan).join(', ')}`);
  assert.deepEqual(
    moveAside.touches.map((touch) => [touch.kind, touch.path, touch.before]),
    [['move', TARGET, 'dir']],
  );
  assert.ok(ids(plan).includes('profile-bash-profile'), ids(plan).join(', '));
  const bashrc = plan.steps.find((step) => step.id === 'profile-bashrc')!;
  assert.equal(bashrc.touches[0]!.path, `${HOME}/dotfiles/bashrc`, 'the link is edited at its target inside the fixture');
  assert.match(bashrc.diff ?? '', /^ # fixture bashrc line$/m, 'the diff starts from the fixture file');
  assert.ok(!ids(plan).includes('go-env'), 'GOPROXY is already set in the fixture');

  const other = await planFor(blank);
  assert.ok(!ids(other).includes('move-aside'), ids(other).join(', '));
  assert.ok(!ids(other).includes('profile-bash-profile'), ids(other).join(', '));
  const newBashrc = other.steps.find((step) => step.id === 'profile-bashrc')!;
  assert.equal(newBashrc.touches[0]!.path, `${HOME}/.bashrc`);
  assert.equal(newBashrc.touches[0]!.before, 'absent');
  assert.ok(ids(other).includes('go-env'), ids(other).join(', '));
});

test('a fixture Go tree of the release itself: the plan installs nothing (the same version is there)', async (t) => {
  const root = fixtureRoot({
    [`${TARGET}/VERSION`]: `${FAKE_RELEASE.version}\n`,
    [`${TARGET}/bin/go`]: '#!/bin/sh\n',
    [`${TARGET}/src/.keep`]: '',
  });
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const plan = await planFor(root);
  assert.ok(!ids(plan).includes('download'), ids(plan).join(', '));
  assert.match(plan.warnings.join('\n'), new RegExp(`${FAKE_RELEASE.version}.*${TARGET.replace(/\./g, '\\.')}`));
});

test('the install-target guard reads the fixture too: a non-Go folder there is refused', async (t) => {
  const root = fixtureRoot({ [`${TARGET}/notes.txt`]: 'not Go\n' });
  t.after(() => rmSync(root, { recursive: true, force: true }));
  await assert.rejects(planFor(root), (error: Error & { exitCode?: number }) => {
    assert.equal(error.exitCode, 2);
    assert.match(error.message, new RegExp(TARGET.replace(/\./g, '\\.')));
    return true;
  });
});
