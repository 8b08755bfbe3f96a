// Every notebook's text source (notebooks/src/NAME.ts.txt, the reviewable form) must match the .ipynb that Jupyter
// and `npm run reproduce` run: regenerate each with scripts/make_notebook.py and compare the cells.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.join(__dirname, '..');
const srcDir = path.join(root, 'notebooks', 'src');
const cells = (file: string) =>
  (JSON.parse(fs.readFileSync(file, 'utf8')).cells as Array<{ cell_type: string; source: string | string[] }>).map((c) => [
    c.cell_type, Array.isArray(c.source) ? c.source.join('') : c.source,
  ]);

test('every notebook has a text source, and the .ipynb is what that source generates', () => {
  const notebooks = fs.readdirSync(path.join(root, 'notebooks')).filter((f) => f.endsWith('.ipynb')).map((f) => f.replace(/\.ipynb$/, ''));
  const sources = fs.readdirSync(srcDir).filter((f) => f.endsWith('.ts.txt')).map((f) => f.replace(/\.ts\.txt$/, ''));
  assert.deepEqual(sources.sort(), notebooks.sort());
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'msa3d-nbsrc-'));
  for (const name of notebooks) {
    const out = path.join(tmp, `${name}.ipynb`);
    execFileSync('python3', [path.join(root, 'scripts', 'make_notebook.py'), path.join(srcDir, `${name}.ts.txt`), out]);
    assert.deepEqual(cells(out), cells(path.join(root, 'notebooks', `${name}.ipynb`)), `${name}: regenerate it with scripts/make_notebook.py`);
  }
});

const notebookCells = () => fs.readdirSync(path.join(root, 'notebooks')).filter((f) => f.endsWith('.ipynb'))
  .map((f) => ({ name: f, cells: cells(path.join(root, 'notebooks', f)) }));

// counted in UTF-8 bytes, as the project's checks count them: a conservative width for lines with σ, –, Å …
test('every code line fits a notebook cell: ≤ 100 bytes', () => {
  const long: string[] = [];
  for (const { name, cells: nbCells } of notebookCells()) {
    nbCells.filter(([kind]) => kind === 'code').forEach(([, source], i) => {
      for (const line of source.split('\n')) {
        const bytes = Buffer.byteLength(line, 'utf8');
        if (bytes > 100) long.push(`${name}, code cell ${i + 1} (${bytes} bytes): ${line.slice(0, 60)}…`);
      }
    });
  }
  assert.deepEqual(long, []);
});

test('every notebook opens with one parameters cell: its first code cell sets UPPER_CASE constants and imports nothing', () => {
  for (const { name, cells: nbCells } of notebookCells()) {
    assert.equal(nbCells[0]?.[0], 'markdown', `${name}: the title comes first`);
    const first = nbCells.find(([kind]) => kind === 'code');
    assert.ok(first, `${name}: no code cell`);
    assert.doesNotMatch(first[1], /^\s*import\b/m, `${name}: the parameters cell imports`);
    assert.match(first[1], /^const [A-Z][A-Z0-9_]* = /m, `${name}: the first code cell sets no UPPER_CASE parameter`);
  }
});
