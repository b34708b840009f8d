// Bundles the CLI into one ESM file (dist/cli.mjs) behind the ES5 entry guard.
import { build } from 'esbuild';
import { chmodSync, copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
mkdirSync(dist, { recursive: true });

// Ink only loads react-devtools-core when DEV=true; ship an empty module in its place.
const devtoolsStub = {
  name: 'devtools-stub',
  setup(b) {
    b.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'stub', namespace: 'devtools-stub' }));
    b.onLoad({ filter: /.*/, namespace: 'devtools-stub' }, () => ({ contents: 'export default { connectToDevTools() {} };' }));
  },
};

await build({
  entryPoints: [join(root, 'src/cli/main.ts')],
  outfile: join(dist, 'cli.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node18.19',
  minify: true,
  legalComments: 'none',
  plugins: [devtoolsStub],
  define: { 'process.env.NODE_ENV': '"production"' },
  // Bundled CommonJS (react) calls require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __gsw_createRequire } from 'node:module'; const require = __gsw_createRequire(import.meta.url);" },
  logLevel: 'warning',
});

const guard = join(dist, 'go-setup-wizard.cjs');
copyFileSync(join(root, 'bin/go-setup-wizard.cjs'), guard);
chmodSync(guard, 0o755);
