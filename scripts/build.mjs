// Bundles the CLI with esbuild behind the ES5 entry guard: dist/cli.mjs is a small ESM entry that parses the
// arguments; each command and its libraries (Ink, the proxy agents, …) sit in chunks loaded only when that command runs, so
// `--help` and validation errors do not pay for parsing the whole program.
import { build } from 'esbuild';
import { chmodSync, copyFileSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
// Built aside and swapped in, so stale chunks never linger and a reader never sees a half-written dist/.
const fresh = join(root, `.dist-${process.pid}`);
mkdirSync(fresh, { recursive: true });

// Ink only loads its devtools bridge (and, through it, react-devtools-core and the `ws` WebSocket library) when
// DEV=true; ship empty modules in their place.
const devtoolsStub = {
  name: 'devtools-stub',
  setup(b) {
    b.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'stub', namespace: 'devtools-stub' }));
    b.onResolve({ filter: /^\.\/devtools\.js$/ }, (args) => (/[\\/]ink[\\/]build[\\/]/.test(args.importer) ? { path: 'stub', namespace: 'devtools-stub' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'devtools-stub' }, () => ({ contents: 'export default { connectToDevTools() {} };' }));
  },
};

// conf validates against a JSON schema with ajv only when given one; the preferences store passes none, so the
// validator (about 130 KiB) is left out and fails loudly if a schema is ever passed.
const noSchemaValidator = {
  name: 'no-schema-validator',
  setup(b) {
    b.onResolve({ filter: /^ajv(\/dist\/2020\.js)?$|^ajv-formats$/ }, (args) => ({ path: args.path, namespace: 'no-schema-validator' }));
    b.onLoad({ filter: /.*/, namespace: 'no-schema-validator' }, () => ({
      contents:
        "const refuse = () => { throw new Error('go-setup-wizard: conf schemas are not bundled'); };" +
        'export class Ajv2020 { constructor() { refuse(); } } export default { default: refuse };',
    }));
  },
};

// string-width builds its Intl.Segmenter when its module loads, which costs tens of milliseconds (ICU's break rules)
// before --help, the wizard's first line or a plan can print — although src/text-width.ts measures nearly all text
// without it. Build it on first use instead. Fails the build if string-width's source no longer has that line.
const lazySegmenter = {
  name: 'lazy-segmenter',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const eager = 'const segmenter = new Intl.Segmenter();';
      if (!source.includes(eager)) throw new Error(`lazy-segmenter: ${args.path} no longer has "${eager}"`);
      const lazy = 'let built; const segmenter = { segment: (text) => (built ??= new Intl.Segmenter()).segment(text) };';
      return { contents: source.replace(eager, lazy), loader: 'js' };
    });
  },
};

// Each language's table (src/i18n/lang/<lang>.ts merges it from every area's { en, zh }) is computed here, from that
// same source, and shipped as JSON alone: an English run then never parses the Chinese strings (nor the reverse), and
// JSON.parse reads a table faster than the JavaScript object literals would be compiled.
const oneLanguageTables = {
  name: 'one-language-tables',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]i18n[\\/]lang[\\/][a-z]+\.ts$/ }, async (args) => {
      const { outputFiles } = await build({ entryPoints: [args.path], bundle: true, write: false, format: 'esm', platform: 'node', logLevel: 'warning' });
      const { messages } = await import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString('base64')}`);
      return { contents: `export const messages = JSON.parse(${JSON.stringify(JSON.stringify(messages))});`, loader: 'js' };
    });
  },
};

const { metafile } = await build({
  entryPoints: { cli: join(root, 'src/cli/main.ts') },
  outdir: fresh,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node18.19',
  minify: true,
  legalComments: 'none',
  plugins: [devtoolsStub, noSchemaValidator, lazySegmenter, oneLanguageTables],
  metafile: true,
  define: { 'process.env.NODE_ENV': '"production"' },
  // Bundled CommonJS (react) calls require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __gsw_createRequire } from 'node:module'; const require = __gsw_createRequire(import.meta.url);" },
  logLevel: 'warning',
});

// The area files hold both languages: bundled, they would ship (and load) every message a second time.
const bothLanguages = Object.keys(metafile.inputs).filter((input) => /(^|\/)src\/i18n\/messages\//.test(input));
if (bothLanguages.length) throw new Error(`the bundle imports the catalog's area files (${bothLanguages.join(', ')}): import src/i18n instead`);

const guard = join(fresh, 'go-setup-wizard.cjs');
copyFileSync(join(root, 'bin/go-setup-wizard.cjs'), guard);
chmodSync(guard, 0o755);

const old = join(root, `.dist-old-${process.pid}`);
try {
  renameSync(dist, old);
} catch (error) {
  if (error.code !== 'ENOENT') throw error;
}
renameSync(fresh, dist);
rmSync(old, { recursive: true, force: true });
