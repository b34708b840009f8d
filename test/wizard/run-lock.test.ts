// The wizard's real install holds the same run lock as the CLI's: refused (naming the holder, nothing recorded)
// while another run holds it, and held for the whole install otherwise.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { acquireRunLock, lockFile } from '../../src/engine/run-lock.js';
import { createTranslator } from '../../src/i18n/index.js';
import { shQuote } from '../../src/shell/quote.js';
import type { CommandContext, EngineEvent } from '../../src/types.js';
import { realServices } from '../../src/wizard/real-services.js';
import { makePlan, step, touchPath } from '../engine/support.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';

const t = createTranslator('en');
const homes: TempHome[] = [];
after(() => {
  for (const home of homes) home.cleanup();
});

test('the wizard install is refused while another run holds the lock, and holds it while it runs', { timeout: 60_000 }, async () => {
  const home = createTempHome();
  homes.push(home);
  const marker = join(home.home, 'marker');
  const plan = makePlan(home, []);
  const lock = lockFile(plan.paths);
  plan.steps = [step('check-lock', `if test -e ${shQuote(lock)}; then echo held; else echo free; fi > ${shQuote(marker)}`, [touchPath(marker)])];
  const ctx = { options: plan.options, env: home.env, paths: plan.paths, t, flags: {} } as unknown as CommandContext;
  const services = realServices(ctx);
  const events: EngineEvent[] = [];

  const other = acquireRunLock(plan.paths, 'rollback', t);
  await assert.rejects(services.executePlan(plan, plan.options, (e) => events.push(e), new AbortController().signal), (error: Error) => {
    assert.match(error.message, new RegExp(`another go-setup-wizard rollback is running \\(pid ${process.pid}, since `));
    return true;
  });
  assert.ok(!existsSync(marker), 'no step ran');
  assert.ok(!existsSync(join(plan.paths.stateDir, 'runs', plan.runId)), 'no run recorded');
  other.release();

  const result = await services.executePlan(plan, plan.options, (e) => events.push(e), new AbortController().signal);
  assert.equal(result.exitCode, 0, JSON.stringify(events));
  assert.equal(readFileSync(marker, 'utf8'), 'held\n', 'the lock was held while the step ran');
  assert.ok(!existsSync(lock), 'and released after');
});
