#!/usr/bin/env node
// The msa3d Jupyter kernel: this installation's tslab, with the packages of the NODE_PATH folders (the project's
// node_modules, which holds kernel-lib) importable from a notebook in ANY folder. `msa3d kernel install` writes the
// kernelspec that runs it:  node msa3d-kernel.js --tslab /abs/tslab/dist/main.js --config-path CONNECTION_FILE
//
// Node's require already reads NODE_PATH at run time, but tslab type-checks every cell with its own TypeScript,
// whose module resolution ignores NODE_PATH ("Cannot find module 'kernel-lib'"). tslab looks for packages in
// <notebook folder>/node_modules (and fakes that folder's existence, to find itself there); below, a package
// missing there is read from the first NODE_PATH folder that has it. A package the user installed in the
// notebook's own node_modules wins, as it does for Node.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

function flag(name) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 1 && i + 1 < process.argv.length ? process.argv[i + 1] : undefined;
}

const tslabMain = flag('tslab');
const configPath = flag('config-path');
if (!tslabMain || !configPath) {
  process.stderr.write('usage: node msa3d-kernel.js --tslab /abs/tslab/dist/main.js --config-path CONNECTION_FILE\n');
  process.exit(2);
}

const moduleDirs = (process.env.NODE_PATH || '').split(path.delimiter).filter(Boolean).map((d) => path.resolve(d));
const notebookModules = path.join(process.cwd(), 'node_modules');

/** `<notebook folder>/node_modules/<pkg>/…` → `<NODE_PATH folder>/<pkg>/…` when only the latter exists. */
function forward(file) {
  if (typeof file !== 'string') return file;
  const rel = path.relative(notebookModules, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return file;
  const parts = rel.split(path.sep);
  const pkg = parts.slice(0, parts[0].startsWith('@') ? 2 : 1);
  if (pkg.length === 0 || fs.existsSync(path.join(notebookModules, ...pkg))) return file;
  for (const dir of moduleDirs) {
    if (fs.existsSync(path.join(dir, ...pkg))) return path.join(dir, rel);
  }
  return file;
}

const ts = require(require.resolve('@tslab/typescript-for-tslab', { paths: [path.dirname(tslabMain)] }));
for (const method of ['fileExists', 'directoryExists', 'readFile', 'realpath', 'getDirectories', 'readDirectory']) {
  const original = ts.sys[method];
  if (typeof original !== 'function') continue;
  ts.sys[method] = function (file, ...rest) {
    return original.call(this, forward(file), ...rest);
  };
}

// enableFindLocal: false — always this installation's tslab, even where the notebook's folder has another.
require(tslabMain).startKernel({ configPath, enableFindLocal: false });
