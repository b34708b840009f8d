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

async function cruised(baseDir: string, paths: string[]): Promise<ICruiseResult> {
  const options: ICruiseOptions = await extractDepcruiseOptions(join(root, '.dependency-cruiser.cjs'));
  const tsConfig = extractTSConfig(join(root, 'tsconfig.json'));
  const result = await cruise(paths, { ...options, baseDir, validate: true }, undefined, { tsConfig });
  const output = result.output as ICruiseResult;
  assert.ok(output.summary.totalCruised > 0, `nothing cruised under ${baseDir}`);
  return output;
}

async function violations(baseDir: string, paths: string[]) {
  const output = await cruised(baseDir, paths);
  return output.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.cycle ? v.cycle.map((step) => step.name).join(' → ') : v.to }));
}

/** The folder a module belongs to: src/<area>, or screens (its parts included); a file right under src is its own. */
function area(path: string): string {
  const parts = path.split('/');
  if (parts[0] === 'screens') return 'screens';
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : path;
}

/** Groups of folders that import each other, however indirectly (each group sorted; Tarjan's components). */
async function folderCycles(baseDir: string, paths: string[]): Promise<string[][]> {
  const edges = new Map<string, Set<string>>();
  for (const module of (await cruised(baseDir, paths)).modules) {
    if (module.coreModule || module.source.includes('node_modules')) continue;
    for (const dependency of module.dependencies) {
      if (dependency.coreModule || dependency.resolved.includes('node_modules')) continue;
      const [from, to] = [area(module.source), area(dependency.resolved)];
      if (from !== to) edges.set(from, (edges.get(from) ?? new Set()).add(to));
    }
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const groups: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) visit(next);
      if (stack.includes(next)) low.set(node, Math.min(low.get(node)!, low.get(next)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const group = stack.splice(stack.indexOf(node));
    if (group.length > 1) groups.push(group.sort());
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return groups;
}

test('no two folders of src/ (or screens/) import each other, however indirectly', { timeout: 120_000 }, async () => {
  assert.deepEqual(await folderCycles(root, ['src', 'screens']), []);
});

test('the folder check catches the fixture whose command line and plan use each other', { timeout: 120_000 }, async () => {
  assert.deepEqual(await folderCycles(fixture, ['src', 'screens']), [['src/cli', 'src/plan']]);
});

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
