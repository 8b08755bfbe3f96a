// The reproduction recorder and report: verdicts, files written, and the refusal of malformed entries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startReproduction, withinTolerance, verdictLabel, verdictOf, KNOWN_MISS_FIXED } from '../kernel-lib/src/report/recorder';
import { summaryTable } from '../kernel-lib/src/report/write-report';
import { nestedSubsampleSpread, seedRangeTolerance } from '../kernel-lib/src/report/tolerances';
import { writeReport, readRecords } from '../kernel-lib/src/report/write-report';
import { clearStaleOutputs, reproduce } from '../kernel-lib/src/report/reproduce';
import type { InputError } from '../kernel-lib/src/errors/input-error';
import { plotFigure } from '../kernel-lib/src/plot/render';
import * as Plot from '@observablehq/plot';

function withOutDir<T>(fn: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msa3d-report-'));
  const before = process.env.MSA3D_OUT_DIR;
  process.env.MSA3D_OUT_DIR = dir;
  try {
    return fn(dir);
  } finally {
    if (before === undefined) delete process.env.MSA3D_OUT_DIR;
    else process.env.MSA3D_OUT_DIR = before;
  }
}

/** What fn printed with console.log (outside a notebook the recorder prints each verdict as text). */
function printedBy(fn: () => void): string[] {
  const printed: string[] = [];
  const log = console.log;
  console.log = (line: string) => printed.push(line);
  try {
    fn();
  } finally {
    console.log = log;
  }
  return printed;
}

test('withinTolerance judges |difference| against the tolerance and rejects non-finite values', () => {
  assert.equal(withinTolerance(-0.013994, -0.0140, 0.00005), true);
  assert.equal(withinTolerance(-0.0141, -0.0140, 0.00005), false);
  assert.equal(withinTolerance(0.0738, 0.07, 0.005), true);
  assert.equal(withinTolerance(NaN, 0.07, 1), false);
  assert.equal(withinTolerance(Infinity, 0.07, Infinity), false);
});

test('compare records pass and fail entries, and the report counts them', () => {
  withOutDir((dir) => {
    const repro = startReproduction('99-test');
    repro.compare({ quantity: 'a', published: 1, reproduced: 1.04, tolerance: 0.05, unit: 'dex' });
    repro.compare({ quantity: 'b', published: 1, reproduced: 1.2, tolerance: 0.05, unit: 'dex' });
    repro.compare({ quantity: 'c', published: 1, reproduced: 1.2, tolerance: 0.05, unit: 'dex', statistical: true });
    const [ok, bad, outside] = repro.records();
    assert.equal(outside.pass, false);
    assert.equal(ok.pass, true);
    assert.equal(bad.pass, false);
    assert.ok(Math.abs(bad.difference - 0.2) < 1e-12);
    const report = writeReport([{ notebook: '99-test', ok: true, seconds: 1, executedPath: '' }], dir);
    assert.equal(report.passed, 1);
    assert.equal(report.failed, 1); // the statistical miss is counted apart, not as a failure
    assert.equal(report.outsideStatistical, 1);
    assert.equal(report.knownMisses, 0);
    const md = fs.readFileSync(path.join(dir, 'reproduction.md'), 'utf8');
    assert.match(md, /\| 99-test \| b \| 1 \| 1\.2 \| ±0\.05 \| dex \|  \| ✗ FAIL \|/);
    assert.match(md, /\| 99-test \| c \| 1 \| 1\.2 \| ±0\.05 \| dex \|  \| ✗ outside \(statistical\) \|/);
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'reproduction.json'), 'utf8'));
    assert.deepEqual(Object.keys(json.entries[0]).filter((k) => ['notebook', 'quantity', 'published', 'reproduced', 'tolerance', 'unit', 'pass'].includes(k)).sort(),
      ['notebook', 'pass', 'published', 'quantity', 'reproduced', 'tolerance', 'unit']);
  });
});

test('the inline verdict of a statistical miss reads "outside (statistical)", not FAIL', () => {
  withOutDir(() => {
    const printed = printedBy(() => {
      const repro = startReproduction('95-verdict');
      repro.compare({ quantity: 'stat', published: 1, reproduced: 1.2, tolerance: 0.05, unit: 'dex', statistical: true });
      repro.compare({ quantity: 'hard', published: 1, reproduced: 1.2, tolerance: 0.05, unit: 'dex' });
      repro.compare({ quantity: 'ok', published: 1, reproduced: 1, tolerance: 0.05, unit: 'dex', statistical: true });
    });
    assert.match(printed[0], /^○ outside \(statistical\) — stat:/);
    assert.doesNotMatch(printed[0], /FAIL/);
    assert.match(printed[1], /^✗ FAIL — hard:/);
    assert.match(printed[2], /^✓ pass — ok:/);
    assert.equal(verdictLabel({ pass: false, statistical: true }), '○ outside (statistical)');
  });
});

test('a known miss outside tolerance is its own verdict, counted apart; within tolerance it is a pass with a hint', () => {
  withOutDir((dir) => {
    const printed = printedBy(() => {
      const repro = startReproduction('94-known');
      repro.compare({ quantity: 'still low', published: 1, reproduced: 0.8, tolerance: 0.05, unit: '', knownMiss: 'target not met yet: low' });
      repro.compare({ quantity: 'fixed', published: 1, reproduced: 0.99, tolerance: 0.05, unit: '', knownMiss: 'target not met yet: was low' });
      repro.compare({ quantity: 'plain miss', published: 1, reproduced: 0.8, tolerance: 0.05, unit: '' });
    });
    const [miss, fixed, plain] = readRecords(dir);
    assert.equal(verdictOf(miss), 'known-miss');
    assert.equal(miss.pass, false); // never counted as passed
    assert.equal(verdictOf(fixed), 'pass');
    assert.equal(verdictOf(plain), 'fail'); // knownMiss is what makes a miss known, not the value
    assert.match(printed[0], /^△ known miss — still low: .* — target not met yet: low$/);
    assert.match(printed[1], new RegExp(`^✓ pass — fixed: .* — ${KNOWN_MISS_FIXED}$`));
    assert.match(printed[2], /^✗ FAIL — plain miss:/);
    const report = writeReport([{ notebook: '94-known', ok: true, seconds: 1, executedPath: '' }], dir);
    assert.deepEqual([report.passed, report.failed, report.knownMisses, report.outsideStatistical], [1, 1, 1, 0]);
    const md = fs.readFileSync(path.join(dir, 'reproduction.md'), 'utf8');
    assert.match(md, /1 of 3 comparisons within tolerance \(3 against published numbers, 0 against references that are not published, marked in the table and listed below\); 1 failed; 0 statistical .* outside; 1 known misses/);
    assert.match(md, /\| 94-known \| still low \| 1 \| 0\.8 \| ±0\.05 \|  \|  \| △ known miss \|/);
    assert.match(md, /## Known misses\n\n- 94-known — still low: outside tolerance; target not met yet: low\n- 94-known — fixed: within tolerance \(known miss now within tolerance: remove knownMiss\)/);
    assert.match(summaryTable(report), /1 passed, 1 failed, 0 outside \(statistical\), 1 known misses/);
    assert.match(summaryTable(report), /fixed .* pass \(remove knownMiss\)/);
  });
});

test('a reference that is not published is written with its kind and label, and marked wherever it is shown', () => {
  withOutDir((dir) => {
    const printed = printedBy(() => {
      const repro = startReproduction('93-refs');
      repro.compare({ quantity: 'paper slope', published: 1, reproduced: 1.01, tolerance: 0.05, unit: 'dex' });
      repro.compare({ quantity: 'chi2 az', published: 7, reproduced: 9, tolerance: 5, unit: 'chi2', reference: 'simulated-null', referenceLabel: 'median of 19 seeded nulls' });
      repro.compare({ quantity: 'flux ratio', published: 1, reproduced: 0.97, tolerance: 0.05, unit: 'ratio', reference: 'agreement', referenceLabel: 'ours equal to theirs' });
    });
    assert.match(printed[0], /^✓ pass — paper slope: reproduced 1\.01 vs published 1 dex/);
    assert.match(printed[1], /^✓ pass — chi2 az: reproduced 9 vs simulated null \(median of 19 seeded nulls\) 7 chi2/);
    assert.doesNotMatch(printed[1], /published/);
    assert.match(printed[2], /vs agreement value \(ours equal to theirs\) 1 ratio/);
    const written = JSON.parse(fs.readFileSync(path.join(dir, 'records', '93-refs.json'), 'utf8'));
    assert.deepEqual(written.map((r: { reference: string }) => r.reference), ['published', 'simulated-null', 'agreement']);
    assert.deepEqual(written.map((r: { referenceLabel?: string }) => r.referenceLabel), [undefined, 'median of 19 seeded nulls', 'ours equal to theirs']);
    const report = writeReport([{ notebook: '93-refs', ok: true, seconds: 1, executedPath: '' }], dir);
    assert.equal(report.passed, 3); // the kind of reference changes how it is shown, not how it is judged
    const md = fs.readFileSync(path.join(dir, 'reproduction.md'), 'utf8');
    assert.match(md, /3 of 3 comparisons within tolerance \(1 against published numbers, 2 against references that are not published/);
    assert.match(md, /\| notebook \| quantity \| reference \(published unless marked\) \| reproduced \|/);
    assert.match(md, /\| 93-refs \| paper slope \| 1 \| 1\.01 \| ±0\.05 \| dex \|  \| ✓ \|/); // a published reference: as before
    assert.match(md, /\| 93-refs \| chi2 az \| 7 \(simulated null\) \| 9 \|/);
    assert.match(md, /\| 93-refs \| flux ratio \| 1 \(agreement value\) \| 0\.97 \|/);
    assert.match(md, /## References that are not published numbers\n\n- 93-refs — chi2 az: simulated null \(median of 19 seeded nulls\)\n- 93-refs — flux ratio: agreement value \(ours equal to theirs\)\n/);
    const table = summaryTable(report);
    assert.match(table, /^notebook +quantity +reference +reproduced/);
    assert.match(table, /chi2 az +7 \(simulated null\) +9 /);
    assert.match(table, /references: 1 published, 2 not \(marked\)/);
  });
});

test('records written before the reference kind existed read as published', () => {
  withOutDir((dir) => {
    fs.mkdirSync(path.join(dir, 'records'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'records', '92-old.json'), JSON.stringify([{ notebook: '92-old', quantity: 'q', published: 2, reproduced: 2, tolerance: 0, unit: '', difference: 0, pass: true }]));
    const report = writeReport([{ notebook: '92-old', ok: true, seconds: 1, executedPath: '' }], dir);
    const md = fs.readFileSync(path.join(dir, 'reproduction.md'), 'utf8');
    assert.match(md, /\| 92-old \| q \| 2 \| 2 \|/);
    assert.match(md, /1 against published numbers, 0 against/);
    assert.doesNotMatch(md, /References that are not published/);
    assert.equal(report.passed, 1);
  });
});

test('starting a notebook again replaces its earlier records', () => {
  withOutDir((dir) => {
    startReproduction('98-again').compare({ quantity: 'x', published: 1, reproduced: 1, tolerance: 0, unit: '' });
    startReproduction('98-again');
    assert.equal(readRecords(dir).length, 0);
  });
});

test('compare refuses a missing number or a negative tolerance', () => {
  withOutDir(() => {
    const repro = startReproduction('97-bad');
    assert.throws(() => repro.compare({ quantity: 'x', published: 1, reproduced: undefined as unknown as number, tolerance: 1, unit: '' }), /reproduced must be a number/);
    assert.throws(() => repro.compare({ quantity: 'x', published: 1, reproduced: 1, tolerance: -1, unit: '' }), /tolerance/);
    assert.throws(() => repro.compare({ quantity: 'x', published: 1, reproduced: 0, tolerance: 0, unit: '', knownMiss: ' ' }), /knownMiss must be the reason/);
    assert.throws(() => repro.compare({ quantity: 'x', published: 1, reproduced: 1, tolerance: 0, unit: '', reference: 'computed' as unknown as 'published' }), /reference must be one of published, simulated-null, agreement \(got computed\)/);
    assert.throws(() => repro.compare({ quantity: 'x', published: 1, reproduced: 1, tolerance: 0, unit: '', reference: 'simulated-null' }), /a 'simulated-null' reference needs referenceLabel/);
    assert.throws(() => repro.compare({ quantity: 'x', published: 1, reproduced: 1, tolerance: 0, unit: '', reference: 'agreement', referenceLabel: '  ' }), /referenceLabel must be a non-empty string/);
    assert.throws(() => repro.compare({ quantity: 'x', published: 1, reproduced: 1, tolerance: 0, unit: '', referenceLabel: 'median of a null' }), /referenceLabel is for a reference that is not published/);
    assert.equal(repro.records().length, 0); // nothing refused was recorded
    assert.throws(() => startReproduction('../escape'), /plain file name/);
  });
});

test('figure writes a PNG with a valid signature', () => {
  withOutDir((dir) => {
    const repro = startReproduction('96-fig');
    const fig = plotFigure({ marks: [Plot.dot([{ x: 1, y: 2 }], { x: 'x', y: 'y' })] });
    repro.figure(fig, 'dots');
    const file = path.join(dir, 'figures', '96-fig', 'dots.png');
    assert.equal(repro.figurePath('dots'), file);
    const bytes = fs.readFileSync(file);
    assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });
});

test('tolerances: the seed-to-seed range plus a share of the published error, and the nested-subsample spread', () => {
  // ours 0.006 in a seed range 0.005–0.009: the far end is 0.003 away, plus 10 % of 0.0062
  assert.ok(Math.abs(seedRangeTolerance(0.006, [0.005, 0.009], 0.0062) - (0.003 + 0.00062)) < 1e-15);
  assert.ok(Math.abs(seedRangeTolerance(0.006, [0.002, 0.007], 0.01, 0) - 0.004) < 1e-15);
  assert.equal(nestedSubsampleSpread(5, 4), 3);
  assert.equal(nestedSubsampleSpread(4, 5), 0);
});

test('reproduce with no matching notebook refuses before touching anything in the output folder', () => {
  withOutDir((dir) => {
    startReproduction('01-spectrum-example').compare({ quantity: 'kept', published: 1, reproduced: 1, tolerance: 0, unit: '' });
    const userFile = path.join(dir, 'figures', 'my-own', 'keep.png');
    fs.mkdirSync(path.dirname(userFile), { recursive: true });
    fs.writeFileSync(userFile, 'mine');
    assert.throws(() => reproduce({ outDir: dir, only: ['no-such-notebook'], log: () => {} }), (e: InputError) => e.code === 'not-one-of' && /no notebook matches no-such-notebook/.test(e.message));
    assert.equal(fs.readFileSync(userFile, 'utf8'), 'mine');
    assert.ok(fs.existsSync(path.join(dir, 'records', '01-spectrum-example.json')));
  });
});

test('clearStaleOutputs removes the named notebooks\' records and figures only; the report covers the notebooks run', () => {
  withOutDir((dir) => {
    for (const nb of ['97-a', '96-b']) {
      const repro = startReproduction(nb);
      repro.compare({ quantity: `q-${nb}`, published: 1, reproduced: 1, tolerance: 0, unit: '' });
      fs.mkdirSync(path.join(dir, 'figures', nb), { recursive: true });
      fs.writeFileSync(path.join(dir, 'figures', nb, 'f.png'), 'x');
    }
    clearStaleOutputs(dir, ['97-a']);
    assert.ok(!fs.existsSync(path.join(dir, 'records', '97-a.json')));
    assert.ok(!fs.existsSync(path.join(dir, 'figures', '97-a')));
    assert.ok(fs.existsSync(path.join(dir, 'records', '96-b.json')));
    assert.ok(fs.existsSync(path.join(dir, 'figures', '96-b', 'f.png')));
    startReproduction('97-a').compare({ quantity: 'q-97-a', published: 1, reproduced: 1, tolerance: 0, unit: '' });
    const report = writeReport([{ notebook: '97-a', ok: true, seconds: 1, executedPath: '' }], dir);
    assert.deepEqual(report.entries.map((e) => e.notebook), ['97-a']);
    assert.doesNotMatch(fs.readFileSync(path.join(dir, 'reproduction.md'), 'utf8'), /96-b/);
  });
});
