// linemaps/published-comparison.ts: per-row ratios ours/published, medians over the rows a published S/N selects, and
// the representative spaxel of each bin of a bin map.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { binRepresentativeSpaxels, compareWithPublished } from '../kernel-lib/src/linemaps/published-comparison';

test('compareWithPublished: ratios per row, medians over rows with published S/N above the cut, NaN where unmeasured', () => {
  const rows = [
    { id: 1, ours: { a: 2, b: 3 }, published: { a: { flux: 4, fluxErr: 0.1 }, b: { flux: 3, fluxErr: 1 } } }, // a S/N 40
    { id: 2, ours: { a: 3, b: NaN }, published: { a: { flux: 4, fluxErr: 0.2 }, b: { flux: 2, fluxErr: 1 } } }, // a S/N 20
    { id: 3, ours: { a: 5, b: 1 }, published: { a: { flux: 4, fluxErr: 1 }, b: { flux: 0, fluxErr: 1 } } }, // a S/N 4: out
    { id: 4, ours: { a: 4, b: 2 }, published: { a: { flux: 4, fluxErr: 0.1 }, b: { flux: 4, fluxErr: 1 } } },
  ];
  const c = compareWithPublished(rows, { lines: ['a', 'b'], selectLine: 'a', minPublishedSnr: 10 });
  assert.equal(c.nSelected, 3);
  assert.deepEqual(c.rows.map((r) => r.selected), [true, true, false, true]);
  assert.deepEqual(c.rows[0].ratios, { a: 0.5, b: 1 });
  assert.ok(Number.isNaN(c.rows[1].ratios.b) && Number.isNaN(c.rows[2].ratios.b));
  assert.equal(c.medians.a, 0.75); // of 0.5, 0.75, 1
  assert.equal(c.medians.b, 0.75); // of 1, 0.5
  assert.equal(c.selection, 'published a S/N > 10');
});

test('binRepresentativeSpaxels: the first spaxel of each bin id > 0, bins in order; 0 and NaN are no bin', () => {
  assert.deepEqual(binRepresentativeSpaxels([0, 2, 2, NaN, 1, 3, 1]), [
    { bin: 1, spaxel: 4 },
    { bin: 2, spaxel: 1 },
    { bin: 3, spaxel: 5 },
  ]);
});
