// The C compiler cgo and -race need, found (or not) along the real PATH; a plan on a machine without one says how
// to get it.
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { detect } from '../../src/detect/index.js';
import { createHost } from '../../src/host/host.js';
import { createTranslator } from '../../src/i18n/index.js';
import { buildPlan } from '../../src/plan/build.js';
import { createTempHome } from '../helpers/temp-home.js';
import { buildInput } from '../plan/helpers.js';

const t = createTranslator('en');
const home = createTempHome();
after(home.cleanup);

test('gcc on PATH is found; a PATH without gcc or cc finds none, and the plan warns with the apt command', async () => {
  const withGcc = await detect(createHost({ env: home.env }), { t });
  assert.equal(withGcc.cCompiler, '/usr/bin/gcc');

  const tools = join(home.root, 'tools');
  mkdirSync(tools);
  for (const name of ['bash', 'sh', 'env', 'uname', 'id', 'getent']) symlinkSync(`/usr/bin/${name}`, join(tools, name));
  const without = await detect(createHost({ env: { ...home.env, PATH: tools } }), { t });
  assert.equal(without.cCompiler, null);
  const plan = await buildPlan(buildInput(home, { detection: without }));
  assert.ok(plan.warnings.some((w) => w.includes('No C compiler') && w.includes('sudo apt install build-essential')), plan.warnings.join('\n'));
  const planWithGcc = await buildPlan(buildInput(home, { detection: withGcc }));
  assert.ok(!planWithGcc.warnings.some((w) => w.includes('No C compiler')));
});
