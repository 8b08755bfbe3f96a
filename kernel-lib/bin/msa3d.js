#!/usr/bin/env node
// The msa3d command line (compiled library in ../dist; `npm install` builds it).
'use strict';
let cli;
try {
  cli = require('../dist/cli/main.js');
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND' && String(error.message).includes('dist/cli/main.js')) {
    process.stderr.write('msa3d: the library is not built yet; run `npm install` (or `npm run build`) in the project root\n');
    process.exit(1);
  }
  throw error;
}
cli.main(process.argv.slice(2)).then((status) => { process.exitCode = status; });
