// ID4391's tail (simulate/presets/id4391.ts, addId4391Tail; Ju et al. §4.2.2): the clumps that carry the preset's rising outer
// abundance profile out to the paper's 10 kpc are expected to pass the paper's spaxel cuts, to be placed on the BPT
// diagram as star-forming, and to reach ≥ 9 kpc; and adding them changes no other preset (nor the shared noise).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ID4391_TAIL, msa3dNoiseSigmaErg, presetFor, presetIds } from '../kernel-lib/src/simulate/presets';
import { simulationPreview } from '../kernel-lib/src/simulate/simulate-cube';
import { resolveSimulationParams } from '../kernel-lib/src/simulate/params';
import { ohAtRadius } from '../kernel-lib/src/simulate/metallicity-profile';
import { lineFluxErrorErg } from '../kernel-lib/src/simulate/noise';
import { g140hWavelengthGrid } from '../kernel-lib/src/simulate/wavelength-grid';
import { TRUTH_FLUX_UNIT_ERG } from '../kernel-lib/src/simulate/truth';
import { classifyBpt } from '../kernel-lib/src/classify/bpt';
import { DEFAULT_CLASSIFICATION_MIN_SNR } from '../kernel-lib/src/classify/classify-spaxel';
import { EMISSION_LINES } from '../kernel-lib/src/lines/emission-lines';
import { nirspecG140hDispersion } from '../kernel-lib/src/instrument/nirspec-g140h';
import { SPEED_OF_LIGHT_KMS } from '../kernel-lib/src/constants/physical';

/** Largest deprojected radius among the spaxels expected to pass S/N(Hα) > 10 and S/N(EW) > 5. */
function expectedReachKpc(t: ReturnType<typeof simulationPreview>['truth']['spaxels']): number {
  let r = 0;
  for (let s = 0; s < t.radiusKpc.length; s++) if (t.expectedSelected[s]) r = Math.max(r, t.radiusKpc[s]);
  return r;
}

test('ID4391 tail: its spaxels pass the S/N cuts, are BPT star-forming on the outer profile, and reach ≥ 9 kpc', () => {
  const p = presetFor('ID4391').params;
  assert.equal(p.metallicity.kind, 'broken');
  const tail = p.clumps.filter((c) => c.continuumEwRestAngstrom !== undefined);
  const positions = tail.map((c) => c.xDiskKpc);
  assert.equal(positions[0], ID4391_TAIL.startKpc);
  assert.equal(positions[positions.length - 1], ID4391_TAIL.endKpc);
  for (const c of tail) assert.equal(c.ohOffsetDex, 0);

  const { truth } = simulationPreview(p);
  const t = truth.spaxels;
  const dl = g140hWavelengthGrid().channelWidthAngstrom;
  // expected S/N of Hβ and [O III]: noise.ts's error of a fitted Gaussian of the line's observed width
  const lineSnr = (line: 'hb' | 'oiii5007', s: number) => {
    const mu = EMISSION_LINES[line].restWavelengthAngstrom * (1 + p.redshift);
    const sigmaLambda = (mu * Math.hypot(t.sigmaKms[s], nirspecG140hDispersion()(mu))) / SPEED_OF_LIGHT_KMS;
    return (t.lineFlux[line][s] * TRUTH_FLUX_UNIT_ERG) / lineFluxErrorErg(p.noiseSigmaErg, sigmaLambda, dl);
  };
  // every tail spaxel expected to pass S/N(Hα) > 10 and S/N(EW) > 5 is BPT star-forming on the preset's profile; the
  // usable ones also have Hβ and [O III] above the classification S/N (near the cut in Hα, Hβ at ≈ 0.27 × its S/N is not)
  const usablePerKpc = new Array(Math.ceil(ID4391_TAIL.endKpc - ID4391_TAIL.startKpc)).fill(0);
  let n = 0;
  let usable = 0;
  let reachUsable = 0;
  for (let s = 0; s < t.radiusKpc.length; s++) {
    const r = t.radiusKpc[s];
    if (!t.expectedSelected[s] || r <= ID4391_TAIL.startKpc) continue;
    n++;
    assert.equal(classifyBpt(t.n2[s], t.o3[s]), 'sf', `BPT class at ${r.toFixed(2)} kpc`);
    // offset 0: the gas at the spaxel centre has exactly the preset's profile
    assert.ok(Math.abs(t.oh12[s] - ohAtRadius(p.metallicity, r)) < 1e-9, `O/H at ${r.toFixed(2)} kpc`);
    if (!(lineSnr('hb', s) > DEFAULT_CLASSIFICATION_MIN_SNR && lineSnr('oiii5007', s) > DEFAULT_CLASSIFICATION_MIN_SNR)) continue;
    usable++;
    reachUsable = Math.max(reachUsable, r);
    const bin = Math.floor(r - ID4391_TAIL.startKpc);
    if (bin < usablePerKpc.length) usablePerKpc[bin]++;
  }
  // far from the disk the spaxel's EW(Hα) is the clumps' own (their continuum is Hα/(EW (1 + z))): a check of the model
  const ewClump = tail[0].continuumEwRestAngstrom!;
  let farChecked = 0;
  for (let s = 0; s < t.radiusKpc.length; s++) {
    if (!t.expectedSelected[s] || t.radiusKpc[s] < ID4391_TAIL.startKpc + 3) continue;
    assert.ok(Math.abs(t.ewHaRestAngstrom[s] / ewClump - 1) < 0.01, `EW ${t.ewHaRestAngstrom[s]} at ${t.radiusKpc[s].toFixed(2)} kpc vs ${ewClump}`);
    farChecked++;
  }
  assert.ok(farChecked > 0);
  const reach = expectedReachKpc(t);
  console.log(`# ID4391 tail: ${n} spaxels beyond ${ID4391_TAIL.startKpc} kpc expected to pass the S/N cuts, ${usable} also BPT-classifiable (per kpc ${usablePerKpc.join(' ')}), reaching ${reachUsable.toFixed(2)} kpc`);
  assert.ok(reachUsable >= 9, `usable tail reaches ${reachUsable} kpc`);
  assert.ok(usablePerKpc.every((k) => k > 0), `a gap in the usable tail: ${usablePerKpc.join(' ')}`);
  assert.ok(usable >= n / 2, `${usable} of ${n} tail spaxels usable`);
  // without its tail the same galaxy stops short of it: the tail is what carries the field to 9 kpc
  const clumpFree = presetFor('ID4391', { id4391Tail: false }).params;
  assert.equal(clumpFree.clumps.length, 0);
  const reachClumpFree = expectedReachKpc(simulationPreview(clumpFree).truth.spaxels);
  console.log(`# clump-free ID4391 reaches ${reachClumpFree.toFixed(2)} kpc`);
  assert.ok(reachClumpFree < 9 && reachClumpFree < reach);
});

test('ID4391 tail changes no other preset and not the shared noise: against the clump-free build', () => {
  // the noise calibration previews the uncalibrated prescription only, so it cannot see the tail: one σ for both builds
  const clumpFree = { noise: msa3dNoiseSigmaErg(), presets: presetIds().map((id) => presetFor(id, { id4391Tail: false })) };
  assert.equal(msa3dNoiseSigmaErg(), clumpFree.noise);
  const ids = presetIds();
  assert.equal(ids.length, clumpFree.presets.length);
  ids.forEach((id, j) => {
    const now = presetFor(id);
    const before = clumpFree.presets[j];
    if (id !== 'ID4391') {
      assert.equal(JSON.stringify(now), JSON.stringify(before), id);
      return;
    }
    // ID4391: only the tail clumps and the intrinsic σ0 (re-solved so the measured σ0 stays 42.7 km/s) differ
    assert.ok(now.params.clumps.length > 0 && before.params.clumps.length === 0);
    const strip = (x: typeof now.params) => JSON.stringify({ ...x, clumps: [], dispersion: { ...x.dispersion, sigma0Kms: 0 } });
    assert.equal(strip(now.params), strip(before.params));
    assert.deepEqual(now.params.metallicity, before.params.metallicity);
  });
});

test('a clump continuum EW must be > 0 when given (one-line error naming the field)', () => {
  const clump = { xDiskKpc: 1, yDiskKpc: 0, sigmaKpc: 0.5, halphaFraction: 0.1, ohOffsetDex: 0 };
  assert.doesNotThrow(() => resolveSimulationParams({ redshift: 1, clumps: [clump] }));
  for (const bad of [0, -5, NaN]) {
    assert.throws(() => resolveSimulationParams({ redshift: 1, clumps: [{ ...clump, continuumEwRestAngstrom: bad }] }), /continuumEwRestAngstrom must be > 0/);
  }
});
