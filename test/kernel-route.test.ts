// The README's route to the library from the user's own folder: `msa3d kernel install` writes a kernelspec with
// absolute paths; a notebook in a folder OUTSIDE the repository, run by that kernel, imports "kernel-lib" (its types
// resolve too: tslab type-checks cells); a plain Node script imports it after `npm install /path/to/kernel-lib`.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findPython, skipWithout } from './helpers/python';
import { kpcPerArcsec } from '../kernel-lib/src/cosmology/index';

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'kernel-lib', 'bin', 'msa3d.js');
const KERNEL_NAME = 'msa3d-route-test';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'msa3d-route-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const EXPECTED = kpcPerArcsec(1).toFixed(4);
const prefix = path.join(tmp, 'prefix');
const kernelJson = path.join(prefix, 'share', 'jupyter', 'kernels', KERNEL_NAME, 'kernel.json');

function installKernel(): void {
  if (fs.existsSync(kernelJson)) return;
  const r = spawnSync(process.execPath, [BIN, 'kernel', 'install', '--prefix', prefix, '--name', KERNEL_NAME], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /kernelspec 'msa3d-route-test' written/);
}

test('msa3d kernel install --prefix writes a kernelspec whose paths are absolute and exist', () => {
  assert.ok(path.relative(ROOT, tmp).startsWith('..'), 'the temporary folder is outside the repository');
  installKernel();
  const spec = JSON.parse(fs.readFileSync(kernelJson, 'utf8'));
  assert.equal(spec.language, 'typescript');
  assert.equal(spec.argv.at(-1), '{connection_file}');
  const paths = spec.argv.filter((a: string) => !a.startsWith('-') && a !== '{connection_file}');
  assert.equal(paths.length, 3, 'node, the launcher and tslab');
  for (const p of paths) {
    assert.ok(path.isAbsolute(p), `${p} is absolute`);
    assert.ok(fs.existsSync(p), `${p} exists`);
  }
  assert.match(paths[2], /tslab[\\/]dist[\\/]main\.js$/);
  assert.ok(path.isAbsolute(spec.env.NODE_PATH));
  assert.ok(fs.existsSync(path.join(spec.env.NODE_PATH, 'kernel-lib', 'package.json')), 'NODE_PATH holds kernel-lib');

  const show = spawnSync(process.execPath, [BIN, 'kernel', 'show', '--prefix', prefix, '--name', KERNEL_NAME], { encoding: 'utf8' });
  assert.equal(show.status, 0, show.stderr);
  assert.ok(show.stdout.startsWith(kernelJson + '\n'));
});

test('msa3d kernel: usage errors exit 2 with one line', () => {
  for (const args of [['kernel'], ['kernel', 'frob'], ['kernel', 'install', '--user', '--prefix', tmp], ['kernel', 'install', '--name', 'a/b']]) {
    const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  }
  const missing = spawnSync(process.execPath, [BIN, 'kernel', 'show', '--prefix', path.join(tmp, 'none')], { encoding: 'utf8' });
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /no kernelspec 'tslab'.*msa3d kernel install/);
});

// Executes the notebook with nbclient (errors allowed) and prints each cell's stdout and stderr as JSON.
const RUN_NOTEBOOK = `
import json, os, sys
import nbformat
from nbclient import NotebookClient
path, kernel = sys.argv[1], sys.argv[2]
nb = nbformat.read(path, as_version=4)
NotebookClient(nb, kernel_name=kernel, timeout=60, allow_errors=True,
               resources={"metadata": {"path": os.path.dirname(path)}}).execute()
def text(cell, name):
    return "".join(o.get("text", "") for o in cell.outputs if o.get("output_type") == "stream" and o.get("name") == name)
print(json.dumps([{"stdout": text(c, "stdout"), "stderr": text(c, "stderr")} for c in nb.cells]))
`;

const CELLS = [
  'import { kpcPerArcsec } from "kernel-lib";\nconsole.log(kpcPerArcsec(1).toFixed(4));',
  'import * as fs from "fs";\nconsole.log(fs.readFileSync("mine.txt", "utf8"));', // the kernel runs in the notebook's folder
  'const wrong: string = kpcPerArcsec(1);', // the library's types resolve: this is a type error, not `any`
];

test('a notebook in a folder outside the repository imports kernel-lib with the installed kernel', {
  skip: skipWithout(['nbclient', 'nbformat'], 'python3-nbclient'),
  timeout: 100_000,
}, () => {
  installKernel();
  const folder = path.join(tmp, 'my notebooks');
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'mine.txt'), 'my own data');
  const notebook = path.join(folder, 'mine.ipynb');
  fs.writeFileSync(notebook, JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: KERNEL_NAME, display_name: 'TypeScript (msa3d)', language: 'typescript' } },
    cells: CELLS.map((source, i) => ({ cell_type: 'code', id: `c${i}`, metadata: {}, execution_count: null, outputs: [], source })),
  }));
  // Jupyter copies a kernelspec where it is installed (jupyter kernelspec install): run the notebook with a copy.
  const copied = path.join(tmp, 'copied', 'jupyter');
  fs.cpSync(path.dirname(kernelJson), path.join(copied, 'kernels', KERNEL_NAME), { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, JUPYTER_PATH: copied, PYDEVD_DISABLE_FILE_VALIDATION: '1' };
  delete env.NODE_PATH; // the kernelspec must bring its own
  // One retry if the run hangs: once in ~5 full `npm test` runs the kernel did not answer within 55 s (3 s is
  // usual), a start-up flake of the Jupyter client we could not reproduce alone; a second hang fails the test.
  const run = () => execFileSync(findPython(['nbclient', 'nbformat'])!, ['-c', RUN_NOTEBOOK, notebook, KERNEL_NAME], {
    env, cwd: os.tmpdir(), encoding: 'utf8', timeout: 45_000,
  });
  let out: string;
  try {
    out = run();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ETIMEDOUT') throw e;
    console.log('# the notebook run timed out once (45 s); retrying');
    out = run();
  }
  const cells = JSON.parse(out) as { stdout: string; stderr: string }[];
  assert.equal(cells[0].stderr, '', 'the import cell ran without error');
  assert.equal(cells[0].stdout.trim(), EXPECTED);
  assert.equal(cells[1].stdout.trim(), 'my own data');
  assert.match(cells[2].stderr, /Type 'number' is not assignable to type 'string'/);
});

test('a Node script in its own project imports kernel-lib after `npm install /path/to/kernel-lib`', { timeout: 60_000 }, (t) => {
  const project = path.join(tmp, 'my-analysis');
  fs.mkdirSync(project, { recursive: true });
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'my-analysis', private: true }));
  const npm = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--offline', path.join(ROOT, 'kernel-lib')], {
    cwd: project, encoding: 'utf8', timeout: 50_000,
  });
  if (npm.error) {
    t.skip(`npm could not run (${npm.error.message})`);
    return;
  }
  assert.equal(npm.status, 0, npm.stderr);
  fs.writeFileSync(path.join(project, 'gradient.js'), 'const { kpcPerArcsec } = require("kernel-lib");\nconsole.log(kpcPerArcsec(1).toFixed(4));\n');
  fs.writeFileSync(path.join(project, 'gradient.mjs'), 'import { kpcPerArcsec } from "kernel-lib";\nconsole.log(kpcPerArcsec(1).toFixed(4));\n');
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NODE_PATH;
  for (const script of ['gradient.js', 'gradient.mjs']) {
    const r = spawnSync(process.execPath, [script], { cwd: project, env, encoding: 'utf8' });
    assert.equal(r.status, 0, `${script}: ${r.stderr}`);
    assert.equal(r.stdout.trim(), EXPECTED, script);
  }
});
