// The direction of dependencies between the folders of kernel-lib/src (issue 11): every relative import that leaves its
// folder is an edge of the folder graph; the graph has no cycle, the analysis folders do not import the simulator or the
// recovery folder above it, and compute code does not import display code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const SRC = path.resolve(__dirname, '../kernel-lib/src');

/** Folders that draw or run things for a person: they may import anything, nothing outside them may import them. */
const DISPLAY_FOLDERS = new Set(['plot', 'notebook', 'report', 'cli']);
/** The simulator and the injection–recovery folder above it; every other non-display folder is analysis. */
const SIMULATION_FOLDERS = new Set(['simulate', 'recovery']);

interface Edge {
  from: string;
  to: string;
  file: string;
  module: string;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Relative module specifiers of a file: `import … from`, `export … from`, `import('…')`, side-effect `import '…'`. */
function relativeImports(text: string): string[] {
  const out: string[] = [];
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]+)\1/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[2]);
  return out;
}

/** The top folder of a path under src ('' for a file at the root of src). */
function topFolder(absolute: string): string {
  const rel = path.relative(SRC, absolute).split(path.sep);
  return rel.length > 1 ? rel[0] : '';
}

function folderEdges(): { edges: Edge[]; rootImports: Edge[] } {
  const edges: Edge[] = [];
  const rootImports: Edge[] = [];
  for (const file of sourceFiles(SRC)) {
    const from = topFolder(file);
    const text = fs.readFileSync(file, 'utf8');
    for (const spec of relativeImports(text)) {
      const target = path.resolve(path.dirname(file), spec);
      const to = topFolder(target);
      const module = path.relative(SRC, target).split(path.sep).join('/').replace(/\.(js|ts)$/, '');
      const edge = { from, to, file: path.relative(SRC, file), module };
      if (from === '') {
        if (path.basename(file) !== 'index.ts' && to !== '') rootImports.push(edge);
        continue;
      }
      if (to === '' || to === from) continue; // root modules (paths, progress, escape-markup) are neutral leaves
      edges.push(edge);
    }
  }
  return { edges, rootImports };
}

/** One cycle of the folder graph as a list of folders [a, b, …, a], or null. */
function findCycle(graph: Map<string, Set<string>>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | null => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of [...(graph.get(node) ?? [])].sort()) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (!state.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of [...graph.keys()].sort()) {
    if (!state.has(node)) {
      const found = visit(node);
      if (found) return found;
    }
  }
  return null;
}

function describe(edges: Edge[]): string {
  return edges.map((e) => `  ${e.file} imports '${e.module}' (${e.from} → ${e.to})`).join('\n');
}

const { edges, rootImports } = folderEdges();

test('the import parser sees the folder graph (sanity: many edges, known ones present)', () => {
  assert.ok(edges.length > 100, `only ${edges.length} cross-folder imports found`);
  assert.ok(edges.some((e) => e.from === 'analyze' && e.to === 'gradient'), 'analyze → gradient not found');
  assert.ok(edges.some((e) => e.from === 'recovery' && e.to === 'simulate'), 'recovery → simulate not found');
  assert.deepEqual(relativeImports(`import type { A } from '../x/a';\nexport { b } from "./b";\nconst c = await import('../y/c');\nimport '../z/d';`), ['../x/a', './b', '../y/c', '../z/d']);
});

test('the cycle finder finds a planted cycle and prints it', () => {
  const g = new Map([['a', new Set(['b'])], ['b', new Set(['c'])], ['c', new Set(['a'])], ['d', new Set(['a'])]]);
  assert.deepEqual(findCycle(g), ['a', 'b', 'c', 'a']);
  assert.equal(findCycle(new Map([['a', new Set(['b'])], ['b', new Set<string>()]])), null);
});

test('no folder imports another in a loop', () => {
  const graph = new Map<string, Set<string>>();
  for (const e of edges) {
    if (!graph.has(e.from)) graph.set(e.from, new Set());
    graph.get(e.from)!.add(e.to);
  }
  const cycle = findCycle(graph);
  if (cycle) {
    const steps = cycle.slice(0, -1).map((f, i) => edges.filter((e) => e.from === f && e.to === cycle[i + 1]));
    assert.fail(`folder import cycle ${cycle.join(' → ')}:\n${steps.map(describe).join('\n')}`);
  }
});

test('analysis folders import neither the simulator nor recovery; the simulator does not import recovery', () => {
  const bad = edges.filter((e) => {
    if (DISPLAY_FOLDERS.has(e.from)) return false;
    if (e.from === 'recovery') return false;
    if (e.from === 'simulate') return e.to === 'recovery';
    return SIMULATION_FOLDERS.has(e.to);
  });
  assert.equal(bad.length, 0, `analysis code imports the simulator:\n${describe(bad)}`);
});

test('compute folders do not import display folders (plot, notebook, report, cli)', () => {
  const bad = edges.filter((e) => !DISPLAY_FOLDERS.has(e.from) && DISPLAY_FOLDERS.has(e.to));
  assert.equal(bad.length, 0, `compute code imports display code:\n${describe(bad)}`);
});

test('root modules other than index.ts (paths, progress, …) are neutral: they import no folder', () => {
  assert.equal(rootImports.length, 0, `root modules import folders:\n${describe(rootImports)}`);
});
