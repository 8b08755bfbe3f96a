// ID4391's tail (Ju et al. §4.2.2): the row of Hα clumps on the receding major axis that carries the rising outer
// abundance profile to the end of the paper's 0.5–10 kpc fit — a step of the ID4391 preset, switched off by
// `{ id4391Tail: false }` — and the note on what the finished preset selects.
import { kpcPerArcsec } from '../../cosmology/flat-lcdm';
import { diskToSkyOffset } from '../../geometry/deproject';
import { DEFAULT_CLASSIFICATION_MIN_SNR } from '../../classify/classify-spaxel';
import { fitLine } from '../../stats/least-squares';
import type { SimulationParams } from '../params';
import { fittedSlopeDexPerKpc } from '../metallicity-profile';
import { expectedLineSnr } from '../noise';
import { simulationPreview } from '../simulate-cube';
import { g140hWavelengthGrid } from '../wavelength-grid';
import type { GalaxyPreset, ResolvedPresetOptions } from './galaxy-preset';

/**
 * ID4391's tail (Ju et al. §4.2.2): O/H rises at R ≳ 5 kpc, "largely driven by a tail-like structure" connected to a
 * neighbouring galaxy, in the direction where σ is raised, which "roughly corresponds to the kinematic major axis".
 * Our ID4391 gets a row of Hα clumps on one half of the major axis, so that its field holds star-forming spaxels out to
 * the end of the paper's 0.5–10 kpc fit. Every value is our prescription (the paper gives no numbers for the tail).
 */
export const ID4391_TAIL = Object.freeze({
  /** First and last clump centre on the receding half of the major axis (x_disk > 0), kpc: from where the paper's O/H rises to the end of its fit range. */
  startKpc: 5,
  endKpc: 10,
  /** Clump spacing, kpc; σ = half of it, so neighbours merge into a continuous ridge (≈ 3 % ripple along it before the PSF). */
  spacingKpc: 1,
  sigmaKpc: 0.5,
  /** Expected S/N demanded above each cut at the spaxel on each clump centre: a measured S/N scatters by ≈ 1 about it, so +2 passes ≈ 98 % of the time. */
  snMargin: 2,
});

/** Spaxel index of the disk-plane point (x_disk, 0) on the major axis: sky (east, north) = x_disk (sin PA, cos PA), +x pixel is west. */
function majorAxisSpaxel(p: SimulationParams, xDiskKpc: number): number {
  const kpcPerPixel = p.pixelScaleArcsec * kpcPerArcsec(p.redshift);
  const sky = diskToSkyOffset(xDiskKpc, 0, p.positionAngleDeg, p.axisRatio);
  const xPix = Math.round(p.centreXPix - sky.east / kpcPerPixel);
  const yPix = Math.round(p.centreYPix + sky.north / kpcPerPixel);
  if (xPix < 0 || xPix >= p.nx || yPix < 0 || yPix >= p.ny) {
    throw new Error(`addId4391Tail: the major-axis point at ${xDiskKpc} kpc lands on spaxel (${xPix}, ${yPix}), outside the ${p.nx} × ${p.ny} field`);
  }
  return yPix * p.nx + xPix;
}

/**
 * Adds the tail of ID4391_TAIL (unless options.id4391Tail is false) — clumps of equal Hα on the receding major axis,
 * O/H offset 0 (their gas follows the preset's rising outer profile, as the paper's tail makes the profile rise), each
 * with a stellar continuum at the disk's central EW (a star-forming tail has stars too; without a continuum its S/N(EW)
 * could never pass) — with the smallest Hα fraction per clump for which the spaxel on every clump centre is expected to
 * exceed, by snMargin, S/N(Hα) > 10 and S/N(EW) > 5 (the paper's cuts) and S/N(Hβ), S/N([O III]) > 3 (BPT
 * classification, the diagram ID4391 gets). All four S/N grow with the tail's brightness, so the fraction is a
 * bisection in log f (0.1 %), rounded up to 3 significant digits. Applied after the noise calibration, which stays
 * clump-free (other presets unchanged).
 */
export function addId4391Tail(preset: GalaxyPreset, options: ResolvedPresetOptions): GalaxyPreset {
  const p = preset.params;
  if (!p.continuum || !options.id4391Tail) return preset;
  const t = ID4391_TAIL;
  const count = Math.round((t.endKpc - t.startKpc) / t.spacingKpc) + 1;
  const positions = Array.from({ length: count }, (_, j) => t.startKpc + j * t.spacingKpc);
  const ewRest = p.continuum.centralEwRestAngstrom;
  const withTail = (f: number): SimulationParams => ({
    ...p,
    clumps: [...p.clumps, ...positions.map((x) => ({ xDiskKpc: x, yDiskKpc: 0, sigmaKpc: t.sigmaKpc, halphaFraction: f, ohOffsetDex: 0, continuumEwRestAngstrom: ewRest }))],
  });
  const targets = positions.map((x) => majorAxisSpaxel(p, x));
  const cutBpt = DEFAULT_CLASSIFICATION_MIN_SNR + t.snMargin;
  // worst (expected S/N)/(cut + margin) over the clump-centre spaxels: ≥ 1 when every one of them passes with the margin
  const worst = (f: number): number => {
    const { model, expected } = simulationPreview(withTail(f));
    const hb = expectedLineSnr(model, 'hb', g140hWavelengthGrid(), p.noiseSigmaErg);
    const oiii = expectedLineSnr(model, 'oiii5007', g140hWavelengthGrid(), p.noiseSigmaErg);
    let w = Infinity;
    for (const s of targets) w = Math.min(w, expected.snHaFlux[s] / (10 + t.snMargin), expected.snHaEw[s] / (5 + t.snMargin), hb[s] / cutBpt, oiii[s] / cutBpt);
    return w;
  };
  let lo = 1e-4;
  let hi = 1;
  if (!(worst(hi) >= 1)) throw new Error('addId4391Tail: even clumps each as bright as the whole disk leave a tail spaxel below the S/N cuts');
  while (hi / lo > 1.001) {
    const mid = Math.sqrt(lo * hi);
    if (worst(mid) >= 1) hi = mid;
    else lo = mid;
  }
  const step = 10 ** (Math.floor(Math.log10(hi)) - 2);
  const fraction = Number((Math.ceil(hi / step) * step).toPrecision(3));
  preset.params = withTail(fraction);
  const r = (x: number) => x.toFixed(2);
  preset.prescribed.tail = `${count} clumps on the receding major axis at x_disk = ${positions.join(', ')} kpc (§4.2.2: the tail makes O/H rise beyond ~5 kpc and lies toward the companion, ≈ the kinematic major axis; the paper fits to 10 kpc), ` +
    `σ = ${t.sigmaKpc} kpc (half the spacing: one continuous ridge), O/H offset 0 (their gas follows the rising outer profile), ` +
    `stellar continuum at the disk's central EW ${ewRest} Å (no published EW; without one S/N(EW) < 5 whatever the Hα), ` +
    `Hα ${fraction} of the disk's each (${r(100 * fraction * count)} % in all): the least for which each clump-centre spaxel is expected ${t.snMargin} above S/N(Hα) 10, S/N(EW) 5, S/N(Hβ), S/N([O III]) ${DEFAULT_CLASSIFICATION_MIN_SNR}; ` +
    `which half is our choice (PA ${p.positionAngleDeg}° is a random draw). Added before the σ0 calibration: the tail's spaxels lie beyond 3 kpc and enter the measured σ0`;
  return preset;
}

/**
 * What ID4391's final preset (tail added, σ0 calibrated) is expected to select — total, beyond the tail's start, the
 * reach — and the straight-line slope of the injected profile over those spaxels from 0.5 kpc, to set beside the
 * uniform-in-R slope the outer gradient was solved for (Table 1's −0.0013). Null without the tail.
 */
export function id4391TailNote(preset: GalaxyPreset, options: ResolvedPresetOptions): string | null {
  if (!options.id4391Tail) return null;
  const params = preset.params;
  const t = simulationPreview(params).truth.spaxels;
  let n = 0;
  let nTail = 0;
  let reachKpc = 0;
  const radii: number[] = [];
  const oh: number[] = [];
  for (let s = 0; s < t.radiusKpc.length; s++) {
    if (!t.expectedSelected[s]) continue;
    n++;
    reachKpc = Math.max(reachKpc, t.radiusKpc[s]);
    if (t.radiusKpc[s] > ID4391_TAIL.startKpc) nTail++;
    if (t.radiusKpc[s] >= 0.5) { radii.push(t.radiusKpc[s]); oh.push(t.oh12[s]); }
  }
  const slope = fitLine(radii, oh).slope;
  return `with its tail, ${n} spaxels are expected to pass the S/N cuts, ${nTail} of them beyond ${ID4391_TAIL.startKpc} kpc, reaching ${reachKpc.toFixed(2)} kpc (deprojected); ` +
    `a line through the injected O/H of those at R ≥ 0.5 kpc has slope ${slope.toFixed(4)} dex/kpc (the outer gradient is solved uniform in R for ${fittedSlopeDexPerKpc(params.metallicity, 0.5, 10).toFixed(4)})`;
}
