#!/usr/bin/env node
// Entry guard: must parse and run on any Node, so it uses ES5 syntax only.
var required = [18, 19];
var parts = process.versions.node.split('.');
var major = parseInt(parts[0], 10);
var minor = parseInt(parts[1], 10);
if (major < required[0] || (major === required[0] && minor < required[1])) {
  process.stderr.write(
    'go-setup-wizard needs Node.js 18.19 or newer, found ' + process.versions.node +
    '. On Ubuntu 24.04+: sudo apt install nodejs; otherwise install Node 20 LTS from https://nodejs.org/ or with nvm.\n'
  );
  process.exit(2);
}
// The bundle's entry (CommonJS, so that Node need not start its ES module loader for --help or --version).
try {
  require('./cli.cjs');
} catch (e) {
  process.stderr.write(String(e && e.stack || e) + '\n');
  process.exit(1);
}
