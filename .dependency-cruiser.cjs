// The import layering (ARCHITECTURE.md), checked by test/architecture/layers.test.ts with dependency-cruiser.
// Type-only imports count too: a screen that needs a wizard type is as tied to the wizard as one that calls it.
// As resolved into node_modules, or by name when it could not be resolved.
const UI_PACKAGES = '(ink|ink-[^/]+|react|react-[^/]+|@inkjs/[^/]+)';
const UI_LIBRARIES = `(^|/)node_modules/${UI_PACKAGES}/|^${UI_PACKAGES}(/|$)`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Modules form no import cycle: each one can be read, tested and loaded on its own.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'screens-without-wizard',
      severity: 'error',
      comment: 'Screens are views: props in, keys out. What they show comes as props, never from src/wizard.',
      from: { path: '^screens/' },
      to: { path: '^src/wizard/' },
    },
    {
      name: 'domain-without-interface',
      severity: 'error',
      comment: 'The engine, the plan and detection are the domain: no command line, no wizard, no screens, no Ink or React.',
      from: { path: '^src/(engine|plan|detect)/' },
      to: { path: [`^src/(cli|wizard|commands)/`, '^screens/', UI_LIBRARIES] },
    },
    {
      name: 'wizard-without-cli',
      severity: 'error',
      comment: 'The wizard and the CLI share src/options; the wizard never imports the command line.',
      from: { path: '^src/wizard/' },
      to: { path: '^src/cli/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    moduleSystems: ['es6', 'cjs'],
  },
};
