// The import layering of ARCHITECTURE.md, checked with dependency-cruiser against .dependency-cruiser.cjs: the real
// tree has no violation, and a fixture tree that breaks each rule once is caught on every rule.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { cruise, type ICruiseOptions, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = join(root, 'test/architecture/fixtures/broken');

async function violations(baseDir: string, paths: string[]) {
  const options: ICruiseOptions = await extractDepcruiseOptions(join(root, '.dependency-cruiser.cjs'));
  const tsConfig = extractTSConfig(join(root, 'tsconfig.json'));
  const result = await cruise(paths, { ...options, baseDir, validate: true }, undefined, { tsConfig });
  const output = result.output as ICruiseResult;
  assert.ok(output.summary.totalCruised > 0, `nothing cruised under ${baseDir}`);
  return output.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.cycle ? v.cycle.map((step) => step.name).join(' → ') : v.to }));
}

test('src/ and screens/ keep the layering: no import cycle, no forbidden import', { timeout: 120_000 }, async () => {
  const found = await violations(root, ['src', 'screens']);
  assert.deepEqual(found, [], found.map((v) => `${v.rule}: ${v.from} → ${v.to}`).join('\n'));
});

test('each rule catches the fixture that breaks it', { timeout: 120_000 }, async () => {
  const found = await violations(fixture, ['src', 'screens']);
  const byRule = (rule: string) => found.filter((v) => v.rule === rule).map((v) => `${v.from} → ${v.to.replace(/^.*node_modules\/([^/]+).*$/, '$1')}`).sort();
  assert.deepEqual(byRule('screens-without-wizard'), ['screens/View.ts → src/wizard/machine.ts']);
  assert.deepEqual(byRule('wizard-without-cli'), ['src/wizard/uses-cli.ts → src/cli/flags.ts']);
  assert.deepEqual(byRule('domain-without-interface'), [
    'src/detect/uses-screen.ts → screens/View.ts',
    'src/engine/renders.ts → ink',
    'src/plan/uses-cli.ts → src/cli/flags.ts',
  ]);
  assert.deepEqual(byRule('no-cycles'), ['src/versions/a.ts → src/versions/b.ts → src/versions/a.ts']);
  assert.equal(found.length, 6);
});
