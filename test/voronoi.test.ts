// Tests of kernel-lib/src/voronoi: Voronoi binning to a target S/N (Cappellari & Copin 2003; WVT of Diehl & Statler
// 2006) on simulated galaxies — every spaxel in one bin, bins 4-connected, S/N near the target, bright spaxels single,
// determinism, bad input — plus the co-adding of cube spectra per bin. vorbin (if installed) is the peer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Cube } from '../kernel-lib/src/io/index';
import { voronoiBinMapPlot } from '../kernel-lib/src/plot/index';
import { seededRandom } from '../kernel-lib/src/stats/index';
import { binRoundness, binSignalToNoise, binWeightedRadius, coaddCubeBins, countSplitBins, makeBinsContiguous, pixelGrid, voronoiBinning, GARCIA_BENITO_2015_COVARIANCE_ALPHA, type VoronoiBinning } from '../kernel-lib/src/voronoi/index';
import { findPython, runPython, skipWithout } from './helpers/python';

// ---------- a simulated galaxy: exponential S/N profile on a grid, unit noise ----------

interface Field {
  x: Float64Array;
  y: Float64Array;
  signal: Float64Array;
  noise: Float64Array;
}

/** nx × ny spaxels, S/N = peak · exp(−r/scale) on an inclined disc (b/a = 0.7), Gaussian noise of σ = 1 if `noisy`. */
function galaxy(seed: number, nx: number, ny: number, peak: number, scalePix: number, noisy: boolean): Field {
  const random = seededRandom(seed);
  const n = nx * ny;
  const f: Field = { x: new Float64Array(n), y: new Float64Array(n), signal: new Float64Array(n), noise: new Float64Array(n).fill(1) };
  const cx = (nx - 1) / 2 + 0.3;
  const cy = (ny - 1) / 2 + 0.1;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const s = j * nx + i;
      f.x[s] = i;
      f.y[s] = j;
      const r = Math.hypot(i - cx, (j - cy) / 0.7);
      f.signal[s] = peak * Math.exp(-r / scalePix) + (noisy ? random.normal() : 0);
    }
  }
  return f;
}

/** The S/N scatter of multi-spaxel bins, recomputed here from binIndex alone: std(S/N − T, ddof 1)/T. */
function recomputedScatter(f: Field, b: VoronoiBinning): { scatter: number; medianRatio: number } {
  const sumS = new Float64Array(b.nBins);
  const sumV = new Float64Array(b.nBins);
  const count = new Int32Array(b.nBins);
  b.binIndex.forEach((k, i) => {
    if (k < 0) return;
    sumS[k] += f.signal[i];
    sumV[k] += f.noise[i] ** 2;
    count[k]++;
  });
  const ratios: number[] = [];
  let ss = 0;
  for (let k = 0; k < b.nBins; k++) {
    if (count[k] < 2 || b.belowTargetRegion[k]) continue;
    const sn = sumS[k] / Math.sqrt(sumV[k]);
    ratios.push(sn / b.targetSN);
    ss += (sn - b.targetSN) ** 2;
  }
  ratios.sort((p, q) => p - q);
  return { scatter: Math.sqrt(ss / (ratios.length - 1)) / b.targetSN, medianRatio: ratios[Math.floor(ratios.length / 2)] };
}

/** Bins that are not 4-connected, found by a flood fill written here (independent of the library's). */
function disconnectedBins(f: Field, binIndex: Int32Array, nBins: number): number[] {
  const key = (i: number, j: number) => `${i},${j}`;
  const at = new Map<string, number>();
  for (let s = 0; s < f.x.length; s++) at.set(key(f.x[s], f.y[s]), s);
  const members: number[][] = Array.from({ length: nBins }, () => []);
  binIndex.forEach((k, s) => k >= 0 && members[k].push(s));
  const bad: number[] = [];
  for (let k = 0; k < nBins; k++) {
    const seen = new Set<number>([members[k][0]]);
    const queue = [members[k][0]];
    while (queue.length) {
      const s = queue.pop()!;
      for (const [di, dj] of [[1, 0], [-1, 0], [0, 1], [0, -1]]) {
        const t = at.get(key(f.x[s] + di, f.y[s] + dj));
        if (t !== undefined && binIndex[t] === k && !seen.has(t)) {
          seen.add(t);
          queue.push(t);
        }
      }
    }
    if (seen.size !== members[k].length) bad.push(k);
  }
  return bad;
}

const FIELDS = [
  { name: 'noise-free 40×40, target 10', f: galaxy(1, 40, 40, 50, 6, false), target: 10 },
  { name: 'noisy 40×40, target 10', f: galaxy(2, 40, 40, 50, 6, true), target: 10 },
  { name: 'noisy 56×48, target 25', f: galaxy(3, 56, 48, 60, 9, true), target: 25 },
];
const RESULTS = FIELDS.map(({ f, target }) => voronoiBinning(f.x, f.y, f.signal, f.noise, target));

// ---------- assignment, contiguity, S/N ----------

test('every spaxel is in exactly one bin, and every bin holds at least one spaxel', () => {
  FIELDS.forEach(({ name, f }, t) => {
    const b = RESULTS[t];
    const count = new Int32Array(b.nBins);
    for (let s = 0; s < f.x.length; s++) {
      const k = b.binIndex[s];
      assert.ok(Number.isInteger(k) && k >= 0 && k < b.nBins, `${name}: spaxel ${s} has bin ${k}`);
      count[k]++;
    }
    assert.deepEqual(Array.from(count), Array.from(b.count), `${name}: per-bin counts`);
    assert.ok(count.every((c) => c > 0), `${name}: an empty bin`);
    assert.equal(count.reduce((p, c) => p + c, 0), f.x.length);
  });
});

test('every bin is 4-connected on the pixel grid (checked by an independent flood fill)', () => {
  FIELDS.forEach(({ name, f }, t) => {
    const b = RESULTS[t];
    assert.deepEqual(disconnectedBins(f, b.binIndex, b.nBins), [], `${name}: disconnected bins`);
    assert.equal(countSplitBins(b.grid, b.binIndex), 0);
    console.log(`# ${name}: ${b.nBins} bins, ${b.splitBinsRepaired} split by the tessellation and repaired (${b.spaxelsMovedForContiguity} spaxels moved)`);
  });
});

test('the repair gives a detached piece to the neighbouring bin it shares most edges with', () => {
  // 4 × 3 grid; bin 0 owns the left column and, detached, the cell (3, 1) inside bin 1's territory
  const x = Float64Array.from({ length: 12 }, (_, s) => s % 4);
  const y = Float64Array.from({ length: 12 }, (_, s) => Math.floor(s / 4));
  const grid = pixelGrid(x, y, 1, 'test');
  const binIndex = Int32Array.from([0, 1, 1, 1, 0, 1, 1, 0, 0, 1, 1, 1]);
  assert.equal(countSplitBins(grid, binIndex), 1);
  const before = binIndex.slice();
  const repaired = makeBinsContiguous(grid, binIndex);
  assert.equal(repaired.moved, 1);
  assert.equal(repaired.binIndex[7], 1);
  assert.equal(countSplitBins(grid, repaired.binIndex), 0);
  assert.deepEqual(binIndex, before, 'the input is not modified');
});

test('bin S/N is ΣS/√ΣN², and the S/N scatter about the target is small (vorbin reports ~10 %)', () => {
  FIELDS.forEach(({ name, f }, t) => {
    const b = RESULTS[t];
    const check = recomputedScatter(f, b);
    for (let k = 0; k < b.nBins; k++) {
      let s = 0;
      let v = 0;
      b.binIndex.forEach((q, i) => {
        if (q === k) {
          s += f.signal[i];
          v += f.noise[i] ** 2;
        }
      });
      assert.ok(Math.abs(b.signalToNoise[k] - s / Math.sqrt(v)) <= 1e-12 * Math.abs(s / Math.sqrt(v)), `${name}: bin ${k} S/N`);
    }
    assert.ok(Math.abs(check.scatter - b.fractionalScatter) < 1e-12, `${name}: reported scatter ${b.fractionalScatter} vs recomputed ${check.scatter}`);
    console.log(`# ${name}: fractional S/N scatter ${(100 * b.fractionalScatter).toFixed(1)} %, median S/N / target ${check.medianRatio.toFixed(3)}, ${b.singleSpaxelBins} single-spaxel bins, ${b.iterations} WVT iterations`);
    assert.ok(b.fractionalScatter < 0.2, `${name}: fractional S/N scatter ${b.fractionalScatter}`);
    assert.ok(Math.abs(check.medianRatio - 1) < 0.1, `${name}: median bin S/N / target = ${check.medianRatio}`);
  });
});

test('spaxels already at or above the target stay single bins', () => {
  FIELDS.forEach(({ name, f, target }, t) => {
    const b = RESULTS[t];
    let bright = 0;
    for (let s = 0; s < f.x.length; s++) {
      if (f.signal[s] / f.noise[s] < target) continue;
      bright++;
      assert.equal(b.count[b.binIndex[s]], 1, `${name}: spaxel ${s} (S/N ${(f.signal[s] / f.noise[s]).toFixed(2)}) shares a bin`);
    }
    assert.ok(bright > 10, `${name}: the test needs bright spaxels (got ${bright})`);
    assert.equal(b.singleSpaxelBins >= bright, true);
  });
  // vorbin's own behaviour (keepBrightSpaxelsSingle: false) may merge a few; report how many
  const { f, target } = FIELDS[1];
  const v = voronoiBinning(f.x, f.y, f.signal, f.noise, target, { keepBrightSpaxelsSingle: false });
  let merged = 0;
  for (let s = 0; s < f.x.length; s++) if (f.signal[s] >= target && v.count[v.binIndex[s]] > 1) merged++;
  console.log(`# vorbin mode: ${merged} spaxels above the target ended in multi-spaxel bins; scatter ${(100 * v.fractionalScatter).toFixed(1)} %`);
});

test('the CVT variant and the accretion-only bins also assign every spaxel once, 4-connected', () => {
  const { f, target } = FIELDS[1];
  for (const options of [{ wvt: false }, { cvt: false }]) {
    const b = voronoiBinning(f.x, f.y, f.signal, f.noise, target, options);
    assert.ok(b.binIndex.every((k) => k >= 0 && k < b.nBins));
    assert.deepEqual(disconnectedBins(f, b.binIndex, b.nBins), []);
    console.log(`# ${JSON.stringify(options)}: ${b.nBins} bins, scatter ${(100 * b.fractionalScatter).toFixed(1)} %`);
  }
});

test('deterministic, unit-free (pixels or arcsec give the same bins), and the inputs are not modified', () => {
  const { f, target } = FIELDS[2];
  const copy = { x: f.x.slice(), y: f.y.slice(), signal: f.signal.slice(), noise: f.noise.slice() };
  const again = voronoiBinning(f.x, f.y, f.signal, f.noise, target);
  assert.deepEqual(again.binIndex, RESULTS[2].binIndex);
  assert.deepEqual(again.signalToNoise, RESULTS[2].signalToNoise);
  const arcsec = voronoiBinning(f.x.map((v) => 0.08 * v + 3), f.y.map((v) => 0.08 * v - 1), f.signal, f.noise, target);
  assert.deepEqual(arcsec.binIndex, RESULTS[2].binIndex);
  assert.ok(Math.abs(arcsec.pixelSize - 0.08) < 1e-12);
  assert.deepEqual(f, { ...copy });
});

test('minSpaxelSN leaves out exactly the spaxels below it (bin −1) and bins the rest', () => {
  const { f } = FIELDS[1];
  const b = voronoiBinning(f.x, f.y, f.signal, f.noise, 10, { minSpaxelSN: 2 });
  let excluded = 0;
  for (let s = 0; s < f.x.length; s++) {
    const low = f.signal[s] / f.noise[s] < 2;
    assert.equal(b.binIndex[s] === -1, low, `spaxel ${s}`);
    excluded += low ? 1 : 0;
  }
  assert.equal(b.excludedSpaxels, excluded);
  assert.deepEqual(disconnectedBins(f, b.binIndex, b.nBins), []);
  console.log(`# minSpaxelSN 2: ${excluded} left out, ${b.regions} regions, ${b.regionsBelowTarget} below target`);
});

// ---------- formulas ----------

test('roundness (CC03 eq. 5) and the S/N with the covariance correction (García-Benito et al. 2015, eq. 1)', () => {
  const xs = [0, 1, 0, 1];
  const ys = [0, 0, 1, 1];
  assert.equal(binRoundness(xs, ys, [0], 1, 1), -1); // one pixel: r_max = 0
  const square = Math.sqrt(0.5) / Math.sqrt(4 / Math.PI) - 1;
  assert.ok(Math.abs(binRoundness(xs, ys, [0, 1, 2, 3], 4, 1) - square) < 1e-15);
  assert.equal(binSignalToNoise(30, 100, 10), 3);
  assert.ok(Math.abs(binSignalToNoise(30, 100, 10, GARCIA_BENITO_2015_COVARIANCE_ALPHA) - 3 / (1 + 1.07)) < 1e-15);
  const { f } = FIELDS[1];
  const withCov = voronoiBinning(f.x, f.y, f.signal, f.noise, 10, { covarianceAlpha: 1.07 });
  const withoutCov = RESULTS[1];
  assert.ok(withCov.nBins < withoutCov.nBins, `covariance should make bins larger (${withCov.nBins} vs ${withoutCov.nBins} bins)`);
});

// ---------- bad input ----------

test('bad input throws one-line errors naming voronoiBinning', () => {
  const { f } = FIELDS[0];
  const nan = f.signal.slice();
  nan[5] = NaN;
  const zero = f.noise.slice();
  zero[3] = 0;
  const offGrid = f.x.slice();
  offGrid[7] += 0.3;
  const duplicate = f.x.slice();
  duplicate[1] = duplicate[0];
  const cases: Array<[string, () => unknown, RegExp]> = [
    ['NaN signal', () => voronoiBinning(f.x, f.y, nan, f.noise, 10), /signal\[5\] is not a finite number/],
    ['zero noise', () => voronoiBinning(f.x, f.y, f.signal, zero, 10), /noise\[3\] must be > 0/],
    ['lengths', () => voronoiBinning(f.x, f.y.subarray(1), f.signal, f.noise, 10), /x has 1600 values but y has 1599/],
    ['target', () => voronoiBinning(f.x, f.y, f.signal, f.noise, 0), /targetSN must be finite and > 0/],
    ['off grid', () => voronoiBinning(offGrid, f.y, f.signal, f.noise, 10, { pixelSize: 1 }), /not on a regular grid/],
    ['duplicate', () => voronoiBinning(duplicate, f.y, f.signal, f.noise, 10, { pixelSize: 1 }), /same grid cell/],
    ['too faint', () => voronoiBinning(f.x, f.y, f.signal.map((v) => v * 1e-4), f.noise, 10), /nothing can reach the target/],
    ['all excluded', () => voronoiBinning(f.x, f.y, f.signal, f.noise, 10, { minSpaxelSN: 1e9 }), /every spaxel has S\/N below minSpaxelSN/],
    ['empty', () => voronoiBinning([], [], [], [], 10), /no spaxels/],
  ];
  for (const [what, run, message] of cases) {
    assert.throws(run, (e: Error) => e.message.startsWith('voronoiBinning: ') && message.test(e.message) && !e.message.includes('\n'), what);
  }
});

// ---------- co-adding a cube per bin ----------

function tinyCube(): Cube {
  const nx = 3;
  const ny = 2;
  const nWave = 4;
  const flux = new Float64Array(nx * ny * nWave);
  const error = new Float64Array(nx * ny * nWave);
  const mask = new Uint8Array(nx * ny * nWave);
  for (let k = 0; k < nWave; k++) {
    for (let s = 0; s < nx * ny; s++) {
      flux[k * nx * ny + s] = 10 * s + k;
      error[k * nx * ny + s] = 1 + s;
    }
  }
  mask[2 * nx * ny + 4] = 1; // spaxel 4, channel 2
  return {
    flux, error, mask, nx, ny, nWave, wavelengthAngstrom: Float64Array.of(6500, 6501, 6502, 6503), airWavelengths: false,
    pixelScaleArcsec: 0.08, fluxUnit: 'MJy/sr', redshift: 1, header: {},
    source: { path: '<tiny>', fluxHdu: 0, errorHdu: 1, errorKind: 'error', dqHdu: null },
  };
}

test('coaddCubeBins sums the flux, adds errors in quadrature, masks a channel any member masks, ignores bin −1', () => {
  const cube = tinyCube();
  const before = cube.flux.slice();
  const binIndex = [0, 0, 1, 1, 1, -1];
  const binned = coaddCubeBins(cube, binIndex, 2);
  assert.equal(binned.nx, 2);
  assert.equal(binned.ny, 1);
  for (let k = 0; k < 4; k++) {
    assert.equal(binned.flux[k * 2], 10 * 0 + k + 10 * 1 + k);
    assert.ok(Math.abs(binned.error![k * 2] - Math.hypot(1, 2)) < 1e-12);
    if (k === 2) {
      assert.equal(binned.mask[k * 2 + 1], 1);
      assert.ok(Number.isNaN(binned.flux[k * 2 + 1]));
    } else {
      assert.equal(binned.flux[k * 2 + 1], 20 + 30 + 40 + 3 * k);
      assert.ok(Math.abs(binned.error![k * 2 + 1] - Math.hypot(3, 4, 5)) < 1e-12);
    }
  }
  assert.deepEqual(cube.flux, before);
  assert.throws(() => coaddCubeBins(cube, [0, 0, 1], 2), /coaddCubeBins: binIndex has 3 entries/);
  assert.throws(() => coaddCubeBins(cube, [0, 0, 0, 0, 0, 0], 2), /coaddCubeBins: bin 1 has no spaxel/);
  assert.throws(() => coaddCubeBins(cube, [0, 0, 1, 1, 2, 0], 2), /coaddCubeBins: binIndex\[4\] = 2/);
});

// ---------- the bin map ----------

test('voronoiBinMapPlot draws one cell per binned spaxel and the borders between bins', () => {
  // 3 × 2 grid: bins 0 | 1 side by side, spaxel 5 left out
  const fig = voronoiBinMapPlot({ binIndex: [0, 0, 1, 0, 1, -1], nx: 3, ny: 2, centroidX: [0.33, 1.5], centroidY: [0.33, 0.5], title: 'two bins' });
  assert.ok(fig.svg.startsWith('<svg') && fig.widthPx > 0 && fig.heightPx > 0);
  const cells = fig.svg.match(/<rect /g)?.length ?? 0;
  assert.ok(cells >= 5, `expected at least 5 cells, got ${cells}`);
  const valued = voronoiBinMapPlot({ binIndex: [0, 0, 1, 0, 1, -1], nx: 3, ny: 2, binValues: [9.5, 11], label: 'S/N' });
  assert.ok(valued.svg.includes('S/N'));
  assert.throws(() => voronoiBinMapPlot({ binIndex: [0, 1], nx: 3, ny: 2 }), /voronoiBinMapPlot: binIndex has 2 entries, expected nx·ny = 6/);
});

// ---------- the peer: vorbin, when installed ----------

test('agrees with vorbin (voronoi_2d_binning, wvt=True) on the number of bins and the S/N scatter', { skip: skipWithout(['vorbin', 'numpy'], 'python3-numpy python3-scipy; vorbin itself is on PyPI only') }, () => {
  const python = findPython(['vorbin', 'numpy'])!;
  const { f, target } = FIELDS[2];
  const peer = runPython<{ nBins: number; scatter: number }>(python, `
import json, sys, warnings
import numpy as np
warnings.filterwarnings('ignore')
from vorbin.voronoi_2d_binning import voronoi_2d_binning
d = json.load(sys.stdin)
x, y, s, n = (np.array(d[k], float) for k in ('x', 'y', 'signal', 'noise'))
binnum, xg, yg, xb, yb, sn, npix, scale = voronoi_2d_binning(x, y, s, n, d['target'], plot=False, quiet=True, wvt=True, pixelsize=1.0)
multi = npix > 1
print(json.dumps({'nBins': int(sn.size), 'scatter': float(np.std(sn[multi] - d['target'], ddof=1) / d['target'])}))
`, { x: Array.from(f.x), y: Array.from(f.y), signal: Array.from(f.signal), noise: Array.from(f.noise), target });
  const ours = voronoiBinning(f.x, f.y, f.signal, f.noise, target, { keepBrightSpaxelsSingle: false, contiguous: false });
  console.log(`# vorbin: ${peer.nBins} bins, scatter ${(100 * peer.scatter).toFixed(1)} %; ours: ${ours.nBins}, ${(100 * ours.fractionalScatter).toFixed(1)} %`);
  assert.ok(Math.abs(ours.nBins - peer.nBins) <= 0.05 * peer.nBins + 2, 'number of bins');
  assert.ok(Math.abs(ours.fractionalScatter - peer.scatter) < 0.05, 'S/N scatter');
});

test('binWeightedRadius: the line-flux-weighted mean radius of each bin (negative fluxes weigh 0; plain mean when all weigh 0)', () => {
  const radius = [1, 3, 10, 2, 4];
  const bin = Int32Array.from([0, 0, -1, 1, 1]);
  const flux = [1, 3, 100, -5, 0];
  const r = binWeightedRadius(radius, bin, 2, flux);
  assert.equal(r[0], (1 * 1 + 3 * 3) / 4);
  assert.equal(r[1], (2 + 4) / 2);
});
