// Every notebook's code type-checks against the built library's declarations (kernel-lib/dist), in seconds: a renamed
// or moved library name shows up here before the notebooks are executed (test/notebooks.test.ts). The code cells of
// one notebook are checked together as one module, as tslab shares declarations between the cells of a kernel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ts from 'typescript';

const root = path.join(__dirname, '..');
const dist = path.join(root, 'kernel-lib', 'dist', 'index.d.ts');

test('every notebook type-checks against kernel-lib (cells of a notebook as one module)', { skip: !fs.existsSync(dist) && 'kernel-lib is not built (npm run build)' }, () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'msa3d-nbtypes-'));
  const files: string[] = [];
  for (const name of fs.readdirSync(path.join(root, 'notebooks')).filter((f) => f.endsWith('.ipynb'))) {
    const nb = JSON.parse(fs.readFileSync(path.join(root, 'notebooks', name), 'utf8')) as { cells: Array<{ cell_type: string; source: string | string[] }> };
    const code = nb.cells.filter((c) => c.cell_type === 'code').map((c) => (Array.isArray(c.source) ? c.source.join('') : c.source));
    const file = path.join(tmp, name.replace(/\.ipynb$/, '.ts'));
    fs.writeFileSync(file, `${code.join('\n')}\nexport {};\n`);
    files.push(file);
  }
  assert.ok(files.length > 0, 'no notebooks found');
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    noEmit: true,
    skipLibCheck: true,
    strict: false,
    types: ['node'],
    typeRoots: [path.join(root, 'node_modules', '@types')],
    baseUrl: root,
    paths: { 'kernel-lib': [dist], '*': ['node_modules/*'] }, // resolve from the project, not the temporary folder
  });
  const errors = ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${path.basename(d.file.fileName, '.ts')}.ipynb` : '';
    return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
  fs.rmSync(tmp, { recursive: true, force: true });
  assert.deepEqual(errors, [], `notebook type errors:\n${errors.join('\n')}`);
});
