// Runs every test under test/ with Node's test runner (TypeScript through tsx).
// Usage: node scripts/test.mjs [path-filter…]
import { spawnSync } from 'node:child_process';
import { lstatSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const filters = process.argv.slice(2);

function collect(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return collect(path);
    return /\.test\.tsx?$/.test(name) ? [relative(root, path)] : [];
  });
}

const files = collect(join(root, 'test'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
// Tests never touch the real system or the real HOME (temp HOMEs, unshare -m for system paths). What the tool would
// write there is compared before and after the run, so a test that leaks is a failed suite, not a surprise later.
const home = homedir();
const guarded = [
  '/usr/local/go',
  '/etc/profile.d',
  '/etc/profile.d/go-setup-wizard.sh',
  '/etc/environment',
  '/etc/profile',
  ...['.profile', '.bashrc', '.bash_profile', '.zshrc', '.zshenv', '.gitconfig', '.config/fish/conf.d', '.config/go/env', '.config/environment.d',
    '.config/go-setup-wizard', '.local/state/go-setup-wizard', '.cache/go-setup-wizard', '.local/go', 'sdk', 'go'].map((p) => join(home, p)),
];
function systemState() {
  return guarded.map((path) => {
    try {
      const st = lstatSync(path);
      return `${path} ${st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other'} ${st.size} ${st.mtimeMs}`;
    } catch {
      return `${path} absent`;
    }
  });
}
const before = systemState();

const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { cwd: root, stdio: 'inherit' },
);
const changed = systemState().filter((line, i) => line !== before[i]);
if (changed.length) {
  console.error(`\nThe tests changed the real system or HOME (every test must use a temp HOME or unshare -m):\n${changed.map((l) => `  now: ${l}`).join('\n')}`);
  process.exit(1);
}
process.exit(result.status ?? 1);
