// The truth behind a simulated cube: per spaxel (what a perfect fit of the noise-free cube measures, and the model at
// the spaxel centre) and global (every parameter, with the published/prescribed status carried by the preset).
import { EMISSION_LINES, type LineName } from '../lines/emission-lines';
import { lineCoverage } from './detector-gap';
import { SIMULATED_LINES } from './line-ratios';
import type { EmissionModel } from './emission-model';
import type { ExpectedSignalToNoise } from './noise';
import { ohPp04N2Cubic } from '../abundance/calibrations';
import { fittedSlopeDexPerKpc, type MetallicityProfile } from './metallicity-profile';
import type { AgnCore, Clump, SimulationParams } from './params';
import type { DispersionField } from './dispersion-field';
import type { ArctanRotationCurve } from '../kinematics/arctan-rotation-curve';
import type { NonCircularMotions } from './non-circular-motions';

/** Line fluxes in the truth table are in units of 1e-20 erg/s/cm² per spaxel, as the paper and the fit JSON quote them. */
export const TRUTH_FLUX_UNIT_ERG = 1e-20;

/** Per-spaxel truth, typed arrays of length nx·ny, index y·nx + x. */
export interface SpaxelTruth {
  nx: number;
  ny: number;
  x: Int32Array;
  y: Int32Array;
  /** Deprojected galactocentric radius of the spaxel centre, kpc. */
  radiusKpc: Float64Array;
  /** Injected 12+log(O/H) of the star-forming gas at the spaxel centre (clumps mixed by their local Hα share). */
  oh12: Float64Array;
  /** PP04 N2 cubic applied to the noise-free [N II]/Hα of the spaxel (after PSF, with any AGN light): a perfect fit's answer. */
  oh12FromCube: Float64Array;
  /** log([N II]6584/Hα) and log([O III]5007/Hβ) of the noise-free spaxel. */
  n2: Float64Array;
  o3: Float64Array;
  /** Hα flux in the spaxel (after PSF and dust; star-forming + AGN), 1e-20 erg/s/cm². */
  haFlux: Float64Array;
  /** Every simulated line's flux in the spaxel, 1e-20 erg/s/cm² (emitted flux: a line in the gap keeps its value here). */
  lineFlux: Record<LineName, Float64Array>;
  /** Hα-weighted line-of-sight velocity in the spaxel (beam-smeared, non-circular motions included), km/s relative to the redshift. */
  velocityKms: Float64Array;
  /** The non-circular part of velocityKms (Hα-weighted, beam-smeared), km/s; null without non-circular motions. */
  nonCircularKms: Float64Array | null;
  /** Model line-of-sight velocity at the spaxel centre (circular rotation plus any non-circular field there), km/s. */
  velocityModelKms: Float64Array;
  /** The non-circular field at the spaxel centre, km/s; null without non-circular motions. */
  nonCircularModelKms: Float64Array | null;
  /** Hα-weighted intrinsic dispersion including beam-smeared rotation and any AGN light, km/s (LSF excluded). */
  sigmaKms: Float64Array;
  /** Model σ of the star-forming gas at the spaxel centre, km/s. */
  sigmaModelKms: Float64Array;
  /** Rest-frame EW(Hα), Å: Hα flux / continuum F_λ at λ_Hα(1+z) / (1+z). */
  ewHaRestAngstrom: Float64Array;
  /** Continuum F_λ at λ_Hα(1+z), erg/s/cm²/Å per spaxel. */
  continuumErg: Float64Array;
  /** Share of the spaxel's Hα from the AGN core, and 1 where it is ≥ 0.5. */
  agnFraction: Float64Array;
  agnCore: Uint8Array;
  /** Expected S/N of the Hα flux and EW (analytic, from the noise σ), and 1 where both pass the paper's cuts. */
  expectedSnHaFlux: Float64Array;
  expectedSnHaEw: Float64Array;
  expectedSelected: Uint8Array;
}

/** Where each line falls for this galaxy. */
export interface LineTruth {
  restWavelengthAngstrom: number;
  observedMicron: number;
  coverage: 'covered' | 'gap' | 'outside';
  /** Injected with zero flux (params.omittedLines). */
  omitted: boolean;
}

/** Global truth of one simulated cube. */
export interface GlobalTruth {
  name: string;
  presetName: string;
  seed: number;
  redshift: number;
  kpcPerArcsec: number;
  raDeg: number;
  decDeg: number;
  nx: number;
  ny: number;
  pixelScaleArcsec: number;
  centreXPix: number;
  centreYPix: number;
  positionAngleDeg: number;
  axisRatio: number;
  inclinationDeg: number;
  reContinuumKpc: number;
  reHalphaKpc: number;
  metallicity: MetallicityProfile;
  centralOh: number;
  /** The linear gradient (linear profile), or the straight-line slope over 0.5–10 kpc (broken profile), dex/kpc. */
  gradientDexPerKpc: number;
  rotation: ArctanRotationCurve;
  dispersion: DispersionField;
  /** The non-circular motions put in (rms of the intrinsic field, correlation length, seed), or null. */
  nonCircular: NonCircularMotions | null;
  agn: AgnCore | null;
  clumps: Clump[];
  avMag: number;
  /** Observed Hα of the whole model (disk + clumps + AGN), erg/s/cm². */
  totalHalphaErg: number;
  /** Σ of the spaxels' Hα (the part inside the field), erg/s/cm². */
  fieldHalphaErg: number;
  continuum: SimulationParams['continuum'];
  noiseSigmaErg: number;
  addNoise: boolean;
  channelWidthAngstrom: number;
  nWave: number;
  wavelengthRangeMicron: [number, number];
  coverageMicron: [number, number];
  detectorGapMicron: [number, number] | null;
  lines: Record<LineName, LineTruth>;
  /** The PSF (params.psf) FWHM along x and y, arcsec, under the truth JSON's field name. */
  psfFwhmArcsec: { x: number; y: number };
  /** With pixel integration: √(FWHM² + 8 ln2 Δ²/12), arcsec. */
  effectiveResolutionArcsec: { x: number; y: number };
  /** Spaxels expected to pass S/N(Hα flux) > 10 and S/N(EW) > 5. */
  expectedSelectedSpaxels: number;
  /** The central spaxel: injected Hα flux (1e-20 erg/s/cm²) and rest EW (Å) with their expected 1σ errors, and σ (km/s). */
  centralSpaxel: { x: number; y: number; haFlux: number; haFluxErrExpected: number; ewHaRest: number; ewHaRestErrExpected: number; sigmaKms: number; oh12: number };
}

/** Builds the per-spaxel truth from the model and the expected S/N. */
export function spaxelTruth(model: EmissionModel, expected: ExpectedSignalToNoise): SpaxelTruth {
  const { nx, ny, redshift } = model.params;
  const n = nx * ny;
  const x = new Int32Array(n);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) { x[i] = i % nx; y[i] = Math.floor(i / nx); }
  const lineFlux = {} as Record<LineName, Float64Array>;
  for (const line of SIMULATED_LINES) lineFlux[line] = model.lineFlux[line].map((v) => v / TRUTH_FLUX_UNIT_ERG);
  const n2 = new Float64Array(n);
  const o3 = new Float64Array(n);
  const oh12FromCube = new Float64Array(n);
  const ew = new Float64Array(n);
  const agnFraction = new Float64Array(n);
  const agnCore = new Uint8Array(n);
  const expectedSelected = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const ha = model.lineFlux.ha[i];
    n2[i] = Math.log10(model.lineFlux.nii6584[i] / ha);
    o3[i] = Math.log10(model.lineFlux.oiii5007[i] / model.lineFlux.hb[i]);
    oh12FromCube[i] = ohPp04N2Cubic(n2[i]);
    ew[i] = model.continuumErg[i] > 0 ? ha / model.continuumErg[i] / (1 + redshift) : Infinity;
    agnFraction[i] = model.agnHalpha[i] / ha;
    agnCore[i] = agnFraction[i] >= 0.5 ? 1 : 0;
    expectedSelected[i] = expected.snHaFlux[i] > 10 && expected.snHaEw[i] > 5 ? 1 : 0;
  }
  return {
    nx,
    ny,
    x,
    y,
    radiusKpc: model.radiusKpc,
    oh12: model.oh12,
    oh12FromCube,
    n2,
    o3,
    haFlux: lineFlux.ha,
    lineFlux,
    velocityKms: model.velocityKms,
    nonCircularKms: model.nonCircularKms,
    velocityModelKms: model.velocityModelKms,
    nonCircularModelKms: model.nonCircularModelKms,
    sigmaKms: model.sigmaKms,
    sigmaModelKms: model.sigmaModelKms,
    ewHaRestAngstrom: ew,
    continuumErg: model.continuumErg,
    agnFraction,
    agnCore,
    expectedSnHaFlux: expected.snHaFlux,
    expectedSnHaEw: expected.snHaEw,
    expectedSelected,
  };
}

/** Builds the global truth. */
export function globalTruth(
  model: EmissionModel,
  spaxels: SpaxelTruth,
  expected: ExpectedSignalToNoise,
  grid: { channelWidthAngstrom: number; nWave: number; wavelengthAngstrom: Float64Array },
  seed: number,
): GlobalTruth {
  const p = model.params;
  const lines = {} as Record<LineName, LineTruth>;
  for (const line of SIMULATED_LINES) {
    const rest = EMISSION_LINES[line].restWavelengthAngstrom;
    const observedMicron = (rest * (1 + p.redshift)) / 1e4;
    lines[line] = { restWavelengthAngstrom: rest, observedMicron, coverage: lineCoverage(observedMicron, p.detectorGapMicron, p.coverageMicron), omitted: p.omittedLines.includes(line) };
  }
  const c = model.centralSpaxel;
  const pixelTerm = (8 * Math.LN2 * p.pixelScaleArcsec ** 2) / 12;
  let fieldHalphaErg = 0;
  for (let i = 0; i < model.lineFlux.ha.length; i++) fieldHalphaErg += model.lineFlux.ha[i];
  return {
    name: p.name,
    presetName: p.presetName,
    seed,
    redshift: p.redshift,
    kpcPerArcsec: model.kpcPerArcsec,
    raDeg: p.raDeg,
    decDeg: p.decDeg,
    nx: p.nx,
    ny: p.ny,
    pixelScaleArcsec: p.pixelScaleArcsec,
    centreXPix: p.centreXPix,
    centreYPix: p.centreYPix,
    positionAngleDeg: p.positionAngleDeg,
    axisRatio: p.axisRatio,
    inclinationDeg: model.inclinationDeg,
    reContinuumKpc: p.reContinuumKpc,
    reHalphaKpc: p.reHalphaKpc,
    metallicity: p.metallicity,
    centralOh: p.metallicity.centralOh,
    gradientDexPerKpc: p.metallicity.kind === 'linear' ? p.metallicity.gradientDexPerKpc : fittedSlopeDexPerKpc(p.metallicity, 0.5, 10),
    rotation: p.rotation,
    dispersion: p.dispersion,
    nonCircular: p.nonCircular,
    agn: p.agn,
    clumps: p.clumps,
    avMag: p.avMag,
    totalHalphaErg: model.totalHalphaErg,
    fieldHalphaErg,
    continuum: p.continuum,
    noiseSigmaErg: p.noiseSigmaErg,
    addNoise: p.addNoise,
    channelWidthAngstrom: grid.channelWidthAngstrom,
    nWave: grid.nWave,
    wavelengthRangeMicron: [grid.wavelengthAngstrom[0] * 1e-4, grid.wavelengthAngstrom[grid.nWave - 1] * 1e-4],
    coverageMicron: p.coverageMicron,
    detectorGapMicron: p.detectorGapMicron,
    lines,
    psfFwhmArcsec: { x: p.psf.fwhmXArcsec, y: p.psf.fwhmYArcsec },
    effectiveResolutionArcsec: { x: Math.sqrt(p.psf.fwhmXArcsec ** 2 + pixelTerm), y: Math.sqrt(p.psf.fwhmYArcsec ** 2 + pixelTerm) },
    expectedSelectedSpaxels: expected.selectedCount,
    centralSpaxel: {
      x: c % p.nx,
      y: Math.floor(c / p.nx),
      haFlux: spaxels.haFlux[c],
      haFluxErrExpected: expected.haFluxErrErg[c] / TRUTH_FLUX_UNIT_ERG,
      ewHaRest: spaxels.ewHaRestAngstrom[c],
      ewHaRestErrExpected: expected.ewErrAngstrom[c],
      sigmaKms: spaxels.sigmaKms[c],
      oh12: spaxels.oh12[c],
    },
  };
}

/** One row of the truth table, snake_case as in the fit JSON (`ha_flux` in 1e-20 erg/s/cm², `velocity`/`sigma` in km/s). */
export type TruthRow = Record<string, number | boolean>;

/** The per-spaxel truth as rows (one object per spaxel, y-major), for JSON or a DataFrame; `non_circular(_model)` only with non-circular motions. */
export function truthRows(spaxels: SpaxelTruth): TruthRow[] {
  const rows: TruthRow[] = [];
  for (let i = 0; i < spaxels.nx * spaxels.ny; i++) {
    const row: TruthRow = {
      x: spaxels.x[i],
      y: spaxels.y[i],
      radius_kpc: spaxels.radiusKpc[i],
      oh12: spaxels.oh12[i],
      oh12_from_cube: spaxels.oh12FromCube[i],
      n2: spaxels.n2[i],
      o3: spaxels.o3[i],
      velocity: spaxels.velocityKms[i],
      velocity_model: spaxels.velocityModelKms[i],
      sigma: spaxels.sigmaKms[i],
      sigma_model: spaxels.sigmaModelKms[i],
      ha_ew: spaxels.ewHaRestAngstrom[i],
      continuum_erg: spaxels.continuumErg[i],
      agn_fraction: spaxels.agnFraction[i],
      agn_core: spaxels.agnCore[i] === 1,
      expected_sn_ha_flux: spaxels.expectedSnHaFlux[i],
      expected_sn_ha_ew: spaxels.expectedSnHaEw[i],
      expected_selected: spaxels.expectedSelected[i] === 1,
    };
    if (spaxels.nonCircularKms && spaxels.nonCircularModelKms) {
      row.non_circular = spaxels.nonCircularKms[i];
      row.non_circular_model = spaxels.nonCircularModelKms[i];
    }
    for (const line of SIMULATED_LINES) row[`${line}_flux`] = spaxels.lineFlux[line][i];
    rows.push(row);
  }
  return rows;
}
