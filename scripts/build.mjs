// Bundles the CLI with esbuild behind the ES5 entry guard, in two stages so that a run starts by reading one file:
// - dist/cli.cjs, the entry: src/cli/main.ts with everything it imports (--help's text and the English table
//   included). --help, --version and usage errors read this file alone. It is CommonJS: Node reads and runs it at once,
//   without starting its ES module loader (whose start and asynchronous reads cost more than the rest of --help).
// - dist/chunks/: each command and its libraries (Ink, the proxy agents, …) and the other parts loaded on demand, as ES
//   modules split among themselves. What they import of the entry's modules they import from ../cli.cjs — the module
//   already loaded, so there is one instance of each module (one message registry, one UserError class).
// - the commands in ONE_FILE (install, detect) are each one CommonJS file in dist/chunks instead, holding all the
//   command runs but the parts few runs need (KEEP_LAZY: execa, the proxy agents, the snapshot, the playbook renderer),
//   which they load from the split chunks. Node's ES module loader costs per file (resolve, read, link, in turns of the
//   event loop): install read 35 chunks, 506M instructions from spawn to its first step (callgrind); as one file, 421M.
// A single esbuild build with splitting would put every module the entry shares with a command into a chunk of its
// own: --help read sixteen files.
import { build } from 'esbuild';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
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

const common = {
  absWorkingDir: root,
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
};
const MAIN = 'src/cli/main.ts';
const ENTRY = 'cli.cjs';
/** The entry's export holding what the chunks import of its modules. */
const SHARED = 'shared';
/** Loaded on demand but built alone, importing nothing: the Chinese --help reads the entry and this file only. */
const STANDALONE = ['src/i18n/lang/zh.ts'];
/**
 * Commands built as one CommonJS file each (their modules copied, not shared with the other commands' chunks): the
 * ones whose start-up is measured (`npm run bench`).
 */
const ONE_FILE = ['src/commands/install.ts', 'src/commands/detect.ts'];
/**
 * What a one-file command still loads on demand from the split chunks, because few of its runs need it: the libraries
 * it imports on demand (execa), the shipped snapshot, the playbook renderer (with yaml) and the proxy agents.
 */
const KEEP_LAZY = new Set(['src/versions/snapshot.json', 'src/plan/render-ansible.ts', 'src/net/proxy-agents.ts']);
const keptLazy = (input) => KEEP_LAZY.has(input) || !isSource(join(root, input));
/** What the entry may load on demand before the command runs (a --config URL's fetch, the Chinese table). */
const BEFORE_COMMAND = ['src/cli/remote-answers.ts', 'src/net/proxy.ts', 'src/i18n/lang/zh.ts'];
/**
 * Modules a one-file command holds that a split chunk loaded in the same run may hold too (a --config URL is fetched
 * through net/proxy and net/http before the command starts): a second instance of these costs only its own caches
 * (proxy agents, TLS contexts); they keep no other state. Any other module in both fails the build.
 */
const SECOND_INSTANCE_OK = new Set(['src/net/http.ts', 'src/net/proxy.ts', 'src/net/trust.ts', 'src/net/proxy-variables.ts', 'src/format.ts']);
const isSource = (file) => !relative(join(root, 'src'), file).startsWith('..');
const chunkFiles = { outdir: fresh, outExtension: { '.js': '.mjs' }, entryNames: 'chunks/[name]-[hash]', chunkNames: 'chunks/[name]-[hash]' };

/**
 * Resolves each dynamic import: `lazy(input)` says what to do with its module (by its path from the root) — undefined
 * bundles it, a path makes the import() load that file instead.
 */
const lazyImports = (lazy) => ({
  name: 'lazy-imports',
  setup(b) {
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.kind !== 'dynamic-import' || args.pluginData?.resolving) return undefined;
      const resolved = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { resolving: true } });
      if (resolved.errors.length) return { errors: resolved.errors };
      const file = lazy(relative(root, resolved.path));
      // Left to esbuild when bundled: a path from a plugin would lose its tsconfig settings (JSX).
      return file === undefined ? undefined : { path: file, external: true };
    });
  },
});

// 1. The entry's modules (main.ts and what it imports), and the modules they load on demand.
const loadedOnDemand = new Set();
const { metafile: entryGraph } = await build({
  ...common,
  entryPoints: [MAIN],
  splitting: true,
  outdir: fresh,
  write: false,
  plugins: [lazyImports((input) => (loadedOnDemand.add(input), input)), ...common.plugins],
});
const entryModules = Object.keys(entryGraph.inputs);
const foreign = entryModules.filter((input) => !isSource(join(root, input)) && input !== 'package.json');
if (foreign.length) throw new Error(`the entry imports ${foreign.join(', ')}: only the project's own modules can be shared with the chunks`);
const onDemand = [...loadedOnDemand].filter((input) => !entryModules.includes(input)).sort();

// 2. Each entry module's exports, and the name the entry exports each under (m<module>_<export>).
const { metafile: entryExports } = await build({
  ...common,
  entryPoints: entryModules,
  splitting: true,
  outdir: fresh,
  write: false,
  plugins: [lazyImports((input) => input), ...common.plugins],
});
/** Entry module → [its export, the entry's name for it]. */
const exported = new Map(entryModules.map((input) => [input, []]));
for (const output of Object.values(entryExports.outputs)) {
  if (!output.entryPoint) continue;
  const index = entryModules.indexOf(output.entryPoint);
  exported.set(output.entryPoint, output.exports.map((name) => [name, `m${index}_${name}`]));
}

// 3. The chunks. An import of an entry module becomes the entry's exports, from ../cli.cjs.
const imported = new Set();
const fromEntry = {
  name: 'from-entry',
  setup(b) {
    b.onResolve({ filter: /^\./ }, async (args) => {
      if (args.pluginData?.fromEntry || args.namespace !== 'file' || !isSource(args.importer)) return undefined;
      const resolved = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { fromEntry: true } });
      if (resolved.errors.length) return { errors: resolved.errors };
      const input = relative(root, resolved.path);
      if (!exported.has(input)) return undefined;
      imported.add(input);
      return { path: input, namespace: 'from-entry' };
    });
    b.onResolve({ filter: /.*/, namespace: 'from-entry' }, () => ({ path: `../${ENTRY}`, external: true }));
    b.onLoad({ filter: /.*/, namespace: 'from-entry' }, (args) => {
      // require(), which returns the module already loaded: an ES import of CommonJS would read and lex all of
      // cli.cjs again for its export names (some 200M instructions on each command's start).
      const names = exported.get(args.path).map(([name, alias]) => `${alias}: ${name}`);
      return { contents: `export const { ${names.join(', ')} } = require('../${ENTRY}').${SHARED};`, loader: 'js' };
    });
  },
};
const { metafile: chunksGraph } = await build({
  ...common,
  ...chunkFiles,
  entryPoints: onDemand.filter((input) => !STANDALONE.includes(input) && !ONE_FILE.includes(input)),
  splitting: true,
  plugins: [fromEntry, ...common.plugins],
});
const standalone = [];
for (const input of STANDALONE) {
  const { metafile } = await build({ ...common, ...chunkFiles, entryPoints: [input], banner: {} });
  const imports = Object.keys(metafile.inputs).filter((other) => other !== input);
  if (imports.length) throw new Error(`${input} is built alone, so it must import nothing; it imports ${imports.join(', ')}`);
  standalone.push(metafile);
}
/** Each module loaded on demand → its file, as the entry imports it. */
const chunkOf = new Map();
for (const { outputs } of [chunksGraph, ...standalone]) {
  for (const [output, { entryPoint }] of Object.entries(outputs)) if (entryPoint) chunkOf.set(entryPoint, `./${relative(fresh, join(root, output))}`);
}

// 3b. The one-file commands. What they load on demand stays in the split chunks (KEEP_LAZY); the rest of what they
// import on demand is in the file (esbuild runs it when first imported, as before).
const oneFiles = [];
for (const input of ONE_FILE) {
  const { metafile } = await build({
    ...common,
    entryPoints: [input],
    outdir: join(fresh, 'chunks'),
    entryNames: '[name]-[hash]',
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    banner: { js: '"use strict";' },
    plugins: [fromEntry, lazyImports((other) => (keptLazy(other) ? chunkOf.get(other)?.replace('./chunks/', './') : undefined)), ...common.plugins],
  });
  const [output] = Object.entries(metafile.outputs).filter(([, { entryPoint }]) => entryPoint === input);
  // A JSON module kept lazy is an ES module chunk now: its import must not ask for JSON any more.
  const file = join(root, output[0]);
  const source = readFileSync(file, 'utf8').replace(/(import\("\.\/[^"]+\.mjs"),\{with:\{type:"json"\}\}\)/g, '$1)');
  if (/\bwith:\{type:/.test(source)) throw new Error(`${input}: an import attribute is left in ${output[0]}`);
  writeFileSync(file, source);
  chunkOf.set(input, `./${relative(fresh, file)}`);
  oneFiles.push(metafile);
}

const unplaced = onDemand.filter((input) => !chunkOf.has(input));
if (unplaced.length) throw new Error(`no chunk for ${unplaced.join(', ')}`);

// 4. The entry: main.ts first (so its modules run in their own order), then the exports the chunks import, as the
// properties of one plain object (SHARED): a CommonJS module's exports are getters, one function each to compile and
// call, twice over (__toCommonJS copies them as getters again). The chunks take the values of those exports when they
// load, not live bindings: an exported `let` that changes later would be seen stale, so there must be none.
const sharedNames = [];
const entrySource = [
  `import ${JSON.stringify(join(root, MAIN))};`,
  ...[...imported].sort().map((input) => {
    const source = readFileSync(join(root, input), 'utf8');
    if (/^export\s+(let|var)\b/m.test(source)) throw new Error(`${input} exports a let or var, which the chunks would see stale: export a function that reads it`);
    const names = exported.get(input).map(([name, alias]) => (sharedNames.push(alias), `${name} as ${alias}`));
    return `import { ${names.join(', ')} } from ${JSON.stringify(join(root, input))};`;
  }),
  `export const ${SHARED} = { ${sharedNames.join(', ')} };`,
].join('\n');
// The entry's import() of a one-file command becomes require() of that file: esbuild turns an import() of a module it
// bundles into a require() of it, so the import resolves to a module of one line that requires the file and gives its
// default export.
const requireOneFiles = {
  name: 'require-one-files',
  setup(b) {
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.namespace === 'one-file') return { path: args.path, external: true };
      if (args.kind !== 'dynamic-import' || args.pluginData?.resolving) return undefined;
      const resolved = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { resolving: true } });
      const input = relative(root, resolved.path);
      return ONE_FILE.includes(input) ? { path: chunkOf.get(input), namespace: 'one-file' } : undefined;
    });
    // (main.ts uses a command module's default export alone.)
    b.onLoad({ filter: /.*/, namespace: 'one-file' }, (args) => ({ contents: `export default require(${JSON.stringify(args.path)}).default;`, loader: 'js' }));
  },
};
const { metafile: entryFile } = await build({
  ...common,
  stdin: { contents: entrySource, resolveDir: root, sourcefile: 'entry.js', loader: 'js' },
  outfile: join(fresh, ENTRY),
  format: 'cjs',
  banner: { js: '"use strict";' },
  plugins: [requireOneFiles, lazyImports((input) => (entryModules.includes(input) ? undefined : chunkOf.get(input))), ...common.plugins],
});

const entryInputs = Object.keys(entryFile.inputs).filter((input) => input !== '<stdin>');
const chunkInputs = [chunksGraph, ...standalone].flatMap(({ inputs }) => Object.keys(inputs)).filter((input) => !input.startsWith('from-entry:'));
const oneFileInputs = oneFiles.map(({ inputs }) => Object.keys(inputs).filter((input) => !input.startsWith('from-entry:')));
// A module in both would run twice, with two states (two message registries, two UserError classes).
const twice = chunkInputs.filter((input) => entryInputs.includes(input));
if (twice.length) throw new Error(`the entry and the chunks both hold ${twice.join(', ')}`);
for (const [index, inputs] of oneFileInputs.entries()) {
  const inEntry = inputs.filter((input) => entryInputs.includes(input));
  if (inEntry.length) throw new Error(`the entry and ${ONE_FILE[index]}'s file both hold ${inEntry.join(', ')}`);
  // What a run of this command may load from the split chunks: what it keeps lazy, and what the entry loads on demand.
  const loaded = new Set();
  const follow = (output) => {
    if (loaded.has(output)) return;
    loaded.add(output);
    for (const { path, kind } of chunksGraph.outputs[output]?.imports ?? []) if (kind === 'import-statement') follow(path);
  };
  const lazy = Object.values(oneFiles[index].outputs).flatMap(({ imports }) => imports.filter(({ kind, external }) => kind === 'dynamic-import' && external));
  for (const { path } of lazy) follow(relative(root, join(fresh, 'chunks', path)));
  for (const input of BEFORE_COMMAND) follow(relative(root, join(fresh, chunkOf.get(input))));
  const shared = [...loaded].flatMap((output) => Object.keys(chunksGraph.outputs[output]?.inputs ?? {})).filter((input) => inputs.includes(input) && !SECOND_INSTANCE_OK.has(input));
  if (shared.length) throw new Error(`${ONE_FILE[index]}'s file and the chunks it may load both hold ${[...new Set(shared)].join(', ')}`);
}

// The area files hold both languages: bundled, they would ship (and load) every message a second time.
const bothLanguages = [...entryInputs, ...chunkInputs].filter((input) => /(^|\/)src\/i18n\/messages\//.test(input));
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
