// Issue 15 item 4 beyond the simulated ID9424: correlated noise and the azimuthal statistic's null.
// - stats/correlated-field.ts: the correlated unit fields have unit variance and the kernel's lag correlations.
// - injection (hand-made disks, no azimuthal structure, noise correlated like a resampled cube's): the independent
//   null rejects too often, the null drawn with the noise's correlation does not.
// - REAL data, the SAMI cube of GAMA 485885 (data/sami-485885/): the measured noise correlation and the separable
//   Gaussian model of it; the statistic and its nulls on the real forward fit (few draws, seeded).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { readFitsImage } from '../kernel-lib/src/io/fits-file';
import { writeForwardGradientMaps } from '../kernel-lib/src/gradient/forward-maps';
import { seededRandom } from '../kernel-lib/src/stats/random';
import { correlatedNormalField, kernelLagCorrelation, kernelSigmaForLagOneCorrelation, mapLagCorrelation } from '../kernel-lib/src/stats/correlated-field';
import { measureSpatialNoiseCorrelation } from '../kernel-lib/src/linemaps/noise-correlation';
import { fitGradientForward } from '../kernel-lib/src/gradient/fit-gradient-forward';
import { azimuthalNullDistribution } from '../kernel-lib/src/gradient/azimuthal-residuals';
import { n2FromOhPp04 } from '../kernel-lib/src/abundance/inverse-calibrations';
import { mixtureEquivalentFwhm, psfSigmaPixels } from '../kernel-lib/src/instrument/psf';
import { readCube } from '../kernel-lib/src/io/cube';
import { fitCube } from '../kernel-lib/src/linemaps/fit-cube';
import { defineWindow } from '../kernel-lib/src/spectra/windows';
import { galaxyGeometry } from '../kernel-lib/src/geometry/galaxy-geometry';
import { readBlobby3dModelOptions } from '../kernel-lib/src/tables/blobby3d-model-options';
import type { CubeFit } from '../kernel-lib/src/linemaps/fit-cube';
import { DATA_DIR } from './helpers/real-data';

const median = (x: ArrayLike<number>) => {
  const s = Array.from(x).sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

test('correlated unit fields: unit variance and the kernel\'s lag correlations (seeded)', () => {
  for (const sigmaPx of [0, 0.6, 1.7]) {
    const rng = seededRandom(11);
    const maps = Array.from({ length: 20 }, () => correlatedNormalField(40, 30, sigmaPx, rng));
    let s2 = 0;
    for (const m of maps) for (const v of m) s2 += v * v;
    const variance = s2 / (maps.length * 40 * 30);
    assert.ok(Math.abs(variance - 1) < 0.08, `σ ${sigmaPx}: variance ${variance}`);
    const lags = mapLagCorrelation(maps, 40, 30, 2);
    const expect = (dx: number, dy: number) => kernelLagCorrelation(sigmaPx, dx) * kernelLagCorrelation(sigmaPx, dy);
    for (const [dx, dy] of [[1, 0], [0, 1], [1, 1], [2, 0]]) {
      const got = lags[dy][dx + 2];
      assert.ok(Math.abs(got - expect(dx, dy)) < 0.06, `σ ${sigmaPx} lag (${dx}, ${dy}): ${got} vs ${expect(dx, dy)}`);
    }
  }
  assert.equal(kernelLagCorrelation(0, 1), 0);
  assert.ok(Math.abs(kernelLagCorrelation(kernelSigmaForLagOneCorrelation(0.47), 1) - 0.47) < 1e-9);
  assert.throws(() => kernelSigmaForLagOneCorrelation(1), /correlation/);
  assert.throws(() => correlatedNormalField(10, 10, -1, seededRandom(1)), /sigmaPx/);
  // the two-Gaussian PSF's equivalent FWHM: the root of the weighted mean square
  assert.ok(Math.abs(mixtureEquivalentFwhm([2, 1], [3, 1]) - Math.sqrt((3 * 4 + 1) / 4)) < 1e-12);
  assert.ok(Math.abs(mixtureEquivalentFwhm([1.5, 1.5], [0.2, 0.8]) - 1.5) < 1e-12);
});

/** A 20 × 20 disk without azimuthal structure: [N II] from 8.6 − 0.05 r through PP04, noise correlated by a kernel of σ = sigmaPx. */
function smoothDisk(seed: number, sigmaPx: number): { fit: CubeFit; geometry: { radiusKpc: Float64Array; azimuthDeg: Float64Array } } {
  const nx = 20;
  const ny = 20;
  const rng = seededRandom(seed);
  const noise = correlatedNormalField(nx, ny, sigmaPx, rng);
  const radiusKpc = new Float64Array(nx * ny);
  const azimuthDeg = new Float64Array(nx * ny);
  const maps: Record<string, Float64Array> = {
    ha_flux: new Float64Array(nx * ny), ha_flux_err: new Float64Array(nx * ny).fill(1e-3),
    nii6584_flux: new Float64Array(nx * ny), nii6584_flux_err: new Float64Array(nx * ny).fill(2),
  };
  for (let s = 0; s < nx * ny; s++) {
    const dx = (s % nx) - 9.5;
    const dy = Math.floor(s / nx) - 9.5;
    radiusKpc[s] = Math.hypot(dx, dy) * 0.4;
    azimuthDeg[s] = (Math.atan2(dy, dx) * 180) / Math.PI + 180;
    const ha = 200 * Math.exp(-radiusKpc[s] / 3);
    maps.ha_flux[s] = ha;
    maps.nii6584_flux[s] = ha * 10 ** n2FromOhPp04(8.6 - 0.05 * radiusKpc[s]) + 2 * noise[s];
  }
  const selected = Uint8Array.from(maps.ha_flux, (h) => (h > 10 ? 1 : 0));
  return { fit: { nx, ny, maps, selected, quantities: Object.keys(maps) } as unknown as CubeFit, geometry: { radiusKpc, azimuthDeg } };
}

test('injection: with correlated noise and no azimuthal structure, the independent null rejects too often; the correlated null does not', () => {
  const SIGMA_PX = 1.5;
  const pIndependent: number[] = [];
  const pCorrelated: number[] = [];
  for (let seed = 1; seed <= 5; seed++) {
    const { fit, geometry } = smoothDisk(seed, SIGMA_PX);
    const f = fitGradientForward(fit, geometry, { seed, nLive: 60, mask: fit.selected });
    assert.ok(f.ok);
    const fitOptions = { nLive: 60 };
    pIndependent.push(azimuthalNullDistribution(fit, geometry, f, { seed: 100 + seed, nDraws: 9, fitOptions }).pValue);
    pCorrelated.push(azimuthalNullDistribution(fit, geometry, f, {
      seed: 100 + seed, nDraws: 9, fitOptions, noise: { measurementKernelSigmaPx: SIGMA_PX, scatterKernelSigmaPx: 0 },
    }).pValue);
  }
  console.log(`# smooth disks, noise kernel σ ${SIGMA_PX} px: p independent ${pIndependent.join(' ')}; p correlated ${pCorrelated.join(' ')}`);
  // under a right null P(p ≤ 0.1) = 0.1: ≥ 4 of 5 happens with probability < 0.001
  assert.ok(pIndependent.filter((p) => p <= 0.1).length >= 4, 'the independent null should reject most smooth disks with correlated noise');
  assert.ok(pCorrelated.filter((p) => p <= 0.1).length <= 2, 'the correlated null should reject few');
});

const CUBE = path.join(DATA_DIR, 'sami-485885', 'sami_485885_ha_nii.fits');
const OPTIONS = path.join(DATA_DIR, 'sami-485885', 'MODEL_OPTIONS');
const LINES = [6548.1, 6562.81, 6583.1];

test('REAL SAMI cube (GAMA 485885): the noise of neighbouring spaxels is correlated, as a separable Gaussian kernel predicts', () => {
  const cube = readCube(CUBE);
  const nc = measureSpatialNoiseCorrelation(cube, { lineWavelengthsAngstrom: LINES, maskHalfWidthAngstrom: 9 });
  const lag = (dx: number, dy: number) => nc.lagCorrelation[dy][dx + nc.maxLag];
  const model = (dx: number, dy: number) => kernelLagCorrelation(nc.kernelSigmaPx, dx) * kernelLagCorrelation(nc.kernelSigmaPx, dy);
  console.log(`# 485885 noise: lag (1,0) ${lag(1, 0).toFixed(3)}, (0,1) ${lag(0, 1).toFixed(3)}, (1,1) ${lag(1, 1).toFixed(3)} [model ${model(1, 1).toFixed(3)}], (2,0) ${lag(2, 0).toFixed(3)} [model ${model(2, 0).toFixed(3)}]; kernel σ ${nc.kernelSigmaPx.toFixed(3)} px; normalised RMS ${nc.normalisedRms.toFixed(3)} over ${nc.channelsAngstrom.length} channels`);
  assert.ok(nc.channelsAngstrom.length >= 10);
  assert.ok(nc.neighbourCorrelation > 0.2 && nc.neighbourCorrelation < 0.8, `neighbour correlation ${nc.neighbourCorrelation}`);
  for (const [dx, dy] of [[1, 1], [2, 0], [0, 2], [2, 1]]) {
    assert.ok(Math.abs(lag(dx, dy) - model(dx, dy)) < 0.06, `lag (${dx}, ${dy}): measured ${lag(dx, dy)}, model ${model(dx, dy)}`);
  }
  assert.ok(nc.normalisedRms > 0.7 && nc.normalisedRms < 1.2, `normalised RMS ${nc.normalisedRms}`);
  assert.throws(() => measureSpatialNoiseCorrelation({ ...cube, error: null }, { lineWavelengthsAngstrom: LINES, maskHalfWidthAngstrom: 9 }), /no error/);
  assert.throws(() => measureSpatialNoiseCorrelation(cube, { lineWavelengthsAngstrom: LINES, maskHalfWidthAngstrom: 40 }), /at least 5/);
});

test('REAL SAMI cube (GAMA 485885): the azimuthal statistic and its nulls on the forward fit (seeded, few draws)', async () => {
  const cube = readCube(CUBE);
  const options = readBlobby3dModelOptions(OPTIONS);
  const fit = await fitCube(cube, {
    redshift: 0, medium: 'air', instrument: { fwhmAngstrom: options.LSFFWHM[0][0] }, stellarAbsorption: 'off',
    windows: [defineWindow('ha-nii', [6520, 6600], ['nii6548', 'ha', 'nii6584'])],
    selection: { minFluxSnr: 10, minEwSnr: null }, progress: 'none', workers: 1,
  });
  const geometry = galaxyGeometry(cube, { redshift: 0.05, positionAngleDeg: 90, axisRatio: Math.cos(options.INC[0][0]), centre: { xPix: 14.5, yPix: 12.5 } });
  const fitOptions = { psf: null, pixelScaleArcsec: cube.pixelScaleArcsec!, nLive: 100 };
  const f = fitGradientForward(fit, geometry, { seed: 1, mask: fit.selected, ...fitOptions });
  assert.ok(f.ok);
  const nc = measureSpatialNoiseCorrelation(cube, { lineWavelengthsAngstrom: LINES, maskHalfWidthAngstrom: 9 });
  const psfSigmaPx = psfSigmaPixels(mixtureEquivalentFwhm(options.PSFFWHM[0], options.PSFWEIGHT[0]), cube.pixelScaleArcsec!);
  const independent = azimuthalNullDistribution(fit, geometry, f, { seed: 2, nDraws: 4, fitOptions });
  const throughPsf = azimuthalNullDistribution(fit, geometry, f, {
    seed: 2, nDraws: 4, fitOptions, noise: { measurementKernelSigmaPx: nc.kernelSigmaPx, scatterKernelSigmaPx: psfSigmaPx },
  });
  console.log(`# 485885: χ²_az ${independent.observed.chiSquare.toFixed(1)}; null medians independent ${median(independent.chiSquare).toFixed(1)}, PSF-scale scatter ${median(throughPsf.chiSquare).toFixed(1)}; residual lag-1 correlation observed ${independent.observedNeighbourCorrelation.toFixed(2)}, nulls ${median(independent.neighbourCorrelation).toFixed(2)} / ${median(throughPsf.neighbourCorrelation).toFixed(2)}`);
  assert.ok(independent.chiSquare.every(Number.isFinite) && throughPsf.chiSquare.every(Number.isFinite));
  assert.ok(independent.pValue > 0 && independent.pValue <= 1);
  // correlated residuals make sector sums vary more: the PSF-scale null is wider, and its residuals more coherent
  assert.ok(median(throughPsf.chiSquare) > 2 * median(independent.chiSquare), 'the PSF-scale null is wider than the independent one');
  assert.ok(median(throughPsf.neighbourCorrelation) > median(independent.neighbourCorrelation) + 0.2);
  assert.throws(() => azimuthalNullDistribution(fit, geometry, f, { seed: 2, nDraws: 1, fitOptions, noise: { measurementKernelSigmaPx: -1, scatterKernelSigmaPx: 0 } }), /measurementKernelSigmaPx/);
  // the residual map as a FITS image: written, read back unchanged, with the cube's size
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'msa3d-fwdmaps-')), 'maps.fits');
  writeForwardGradientMaps(file, fit, f);
  const resid = readFitsImage(file, 'RESID_SIGMA');
  assert.deepEqual(resid.naxis, [fit.nx, fit.ny]);
  for (let s = 0; s < f.residualSigmaMap.length; s++) {
    const a = f.residualSigmaMap[s];
    assert.ok(Number.isNaN(a) ? Number.isNaN(resid.data[s]) : resid.data[s] === a, `spaxel ${s}`);
  }
  assert.equal(Array.from(readFitsImage(file, 'USED').data).reduce((a, b) => a + b, 0), f.nSpaxels);
  assert.throws(() => writeForwardGradientMaps(file, fit, f), /exist/);
});
