// Simulator presets for the 25 MSA-3D galaxies with a published metallicity gradient (Ju et al. Table 1), with the
// case studies' published structure and kinematics (ID8365 §2.2, ID9960 §4.2.1, ID4391 §4.2.2). Every value says
// whether it is published or prescribed, and which prescription made it.
import type { Table1Row } from '../tables/table1';
import { seededRandom } from '../stats/random';
import { EMISSION_LINES } from '../lines/emission-lines';
import { defaultAgnCore, defaultSimulationParams, type Clump, type SimulationParams } from './params';
import { parseObservedLines, placeDetectorGap } from './detector-gap';
import { brokenProfileOuterSlope, fittedSlopeDexPerKpc, ohAtRadius, type MetallicityProfile } from './metallicity-profile';
import { EXPONENTIAL_RE_PER_SCALE_LENGTH } from './emission-model';
import { ccm89K, CCM89_RV } from '../dust/ccm89';
import {
  fluxFromLuminosity,
  garnBest2010AHalphaMag,
  halphaLuminosityFromSfr,
  nelson2016HalphaToContinuumSize,
  prescribedCentralEwAngstrom,
  prescribedCentralOh,
  tiley2016V80Kms,
  ubler2019Sigma0Kms,
  vanDerWel2014LateTypeReKpc,
} from './scaling-relations';
import { noiseForLineFluxError, halphaObservedSigmaAngstrom, expectedLineSnr } from './noise';
import { simulationPreview } from './simulate-cube';
import { g140hWavelengthGrid } from './wavelength-grid';
import { deprojectOffset } from '../geometry/deproject';
import { DEFAULT_SLIT_WIDTH_ARCSEC } from '../kinematics/major-axis-profile';
import { sigma0 } from '../kinematics/sigma0';
// ID4391's tail (addId4391Tail)
import { kpcPerArcsec } from '../cosmology/flat-lcdm';
import { DEFAULT_CLASSIFICATION_MIN_SNR } from '../classify/classify-spaxel';
import { fitLine } from '../stats/least-squares';

/** A galaxy preset: simulation parameters plus the provenance of each. */
export interface GalaxyPreset {
  /** 'ID8365'. */
  id: string;
  /** Table 1 id, '8365'. */
  tableId: string;
  params: SimulationParams;
  /** The Table 1 row the preset was built from (published values). */
  table1: Table1Row;
  /** Parameter → where the published value comes from. */
  published: Record<string, string>;
  /** Parameter → the prescription that set it. */
  prescribed: Record<string, string>;
  notes: string[];
}

/** ID8365's central spaxel (Ju et al. §2.2): Hα flux (133.83 ± 2.28) × 10⁻²⁰ erg/s/cm², rest EW (44.40 ± 1.57) Å. */
export const ID8365_CENTRAL = Object.freeze({ haFluxErg: 133.83e-20, haFluxErrErg: 2.28e-20, ewRestAngstrom: 44.4, ewRestErrAngstrom: 1.57 });

/** Fewest spaxels a preset is expected to pass the S/N cuts with: brighter if needed (the paper's 25 had ≥ 20 SF spaxels). */
export const MIN_EXPECTED_SELECTED_SPAXELS = 30;

/** The radius enclosing 80 % of an exponential disk's light, in scale lengths: 1 − (1 + x)e^{−x} = 0.8 → x = 2.9943. */
const R80_PER_SCALE_LENGTH = 2.994308347;

/** Turnover radius of the arctangent curve as a fraction of the continuum R_e: our prescription (no published value). */
export const RT_PER_RE = 0.4;

/**
 * The highest 12+log(O/H) a star-forming spaxel is given: 8.64 (PP04 N2 ≈ −0.50), 0.1 dex in N2 inside WHAN's
 * star-forming class (N2 < −0.4). Why the margin: at the presets' noise a central spaxel's N2 scatters by 0.03–0.06
 * dex, so a profile touching the boundary (8.72, N2 = −0.41, our earlier ceiling) loses its upward-scattered metal-rich
 * spaxels to the sAGN class and its gradient flattens (measured: 6430 and 8942 recovered with the wrong sign).
 */
export const MAX_STAR_FORMING_OH = 8.64;
const MIN_OH = 7.95;

/** Brightness factor spaxel s needs to pass S/N(Hα flux) > 10 and S/N(EW) > 5 (both S/N scale with brightness). */
function passThreshold(expected: { snHaFlux: ArrayLike<number>; snHaEw: ArrayLike<number> }, s: number): number {
  return Math.max(10 / expected.snHaFlux[s], 5 / expected.snHaEw[s]);
}

let table1Cache: Table1Row[] | null = null;
function table1(): Table1Row[] {
  // loaded on first use: tables/table1 pulls in danfojs-node (≈ 1.8 s), which the CLI should not pay for at start-up
  if (!table1Cache) {
    const { readTable1Rows } = require('../tables/table1') as typeof import('../tables/table1');
    table1Cache = readTable1Rows();
  }
  return table1Cache;
}

function normaliseId(id: string | number): string {
  return String(id).trim().replace(/^id[\s_-]*/i, '');
}

/** The ids ('ID2145', …) of the 25 Table 1 galaxies with a published gradient, in table order. */
export function presetIds(): string[] {
  return table1().filter((r) => Number.isFinite(r.gradientDexPerKpc)).map((r) => `ID${r.id}`);
}

function centralOhWithinRange(logMstar: number, profile: (oh0: number) => MetallicityProfile, rMaxKpc: number): { oh0: number; clipped: boolean } {
  let oh0 = prescribedCentralOh(logMstar);
  const range = (oh: number) => {
    let max = -Infinity;
    let min = Infinity;
    for (let i = 0; i <= 200; i++) {
      const v = ohAtRadius(profile(oh), (rMaxKpc * i) / 200);
      max = Math.max(max, v);
      min = Math.min(min, v);
    }
    return { max, min };
  };
  const { max, min } = range(oh0);
  let clipped = false;
  if (max > MAX_STAR_FORMING_OH) { oh0 -= max - MAX_STAR_FORMING_OH; clipped = true; }
  else if (min < MIN_OH) { oh0 += Math.min(MIN_OH - min, MAX_STAR_FORMING_OH - max); clipped = true; }
  return { oh0: Math.round(oh0 * 1e4) / 1e4, clipped };
}

/** Mean number of spaxels per galaxy the paper used (Ju et al. §4.1: "On average, 107 spaxels per galaxy are employed"). */
export const MSA3D_MEAN_SPAXELS_PER_GALAXY = 107;

let id8365NoiseCache: number | null = null;

/**
 * The noise σ per channel (erg/s/cm²/Å per spaxel) that gives ID8365's central spaxel the published Hα flux error,
 * 2.28 × 10⁻²⁰ erg/s/cm², for a Gaussian whose width is fitted (noise.ts): σ = 2.28e-20 / √(3√π σ_λ Δλ), with σ_λ the
 * spaxel's observed Hα width (beam-smeared intrinsic σ and the G140H LSF in quadrature).
 */
export function id8365NoiseSigmaErg(): number {
  if (id8365NoiseCache !== null) return id8365NoiseCache;
  const params = buildPreset(table1().find((r) => r.id === '8365')!, 1e-21).params;
  const preview = simulationPreview(params);
  const sigmaLambda = halphaObservedSigmaAngstrom(preview.model)[preview.model.centralSpaxel];
  id8365NoiseCache = noiseForLineFluxError(ID8365_CENTRAL.haFluxErrErg, sigmaLambda, g140hWavelengthGrid().channelWidthAngstrom);
  return id8365NoiseCache;
}

const thresholdCache = new Map<string, { noiseSigmaErg: number; thresholds: Float64Array }>();

/**
 * Brightness factor each spaxel needs to pass S/N(Hα flux) > 10 and S/N(EW) > 5 at the preset's SFR-based brightness,
 * sorted, for noise σ: both S/N scale as brightness/σ, so one preview at any σ serves every σ.
 */
function passThresholds(row: Table1Row, noiseSigmaErg: number): Float64Array {
  let cached = thresholdCache.get(row.id);
  if (!cached) {
    const { expected } = simulationPreview(buildPreset(row, noiseSigmaErg).params);
    cached = { noiseSigmaErg, thresholds: Float64Array.from(expected.snHaFlux, (_, i) => passThreshold(expected, i)).sort() };
    thresholdCache.set(row.id, cached);
  }
  const scale = noiseSigmaErg / cached.noiseSigmaErg;
  return cached.thresholds.map((t) => t * scale);
}

let sampleNoiseCache: number | null = null;

/**
 * The noise σ per channel (erg/s/cm²/Å per spaxel) of every preset except ID8365: the largest σ for which the 25
 * presets are expected, on average, to have ≥ 107 spaxels passing S/N(Hα flux) > 10 and S/N(EW) > 5 — the paper's mean
 * number of spaxels used per galaxy (after all its cuts, so this is if anything generous) — counting a galaxy brightened
 * to the floor of MIN_EXPECTED_SELECTED_SPAXELS at that floor and ID8365 at its own noise. Both S/N scale as 1/σ, so one
 * preview per galaxy at a reference σ gives every galaxy's count at any σ (bisection in log σ, 4 significant digits).
 */
export function msa3dNoiseSigmaErg(): number {
  if (sampleNoiseCache !== null) return sampleNoiseCache;
  const reference = id8365NoiseSigmaErg();
  const rows = table1().filter((r) => Number.isFinite(r.gradientDexPerKpc));
  let fixedCount = 0;
  const thresholds: Float64Array[] = [];
  for (const row of rows) {
    if (row.id === '8365') {
      fixedCount += simulationPreview(buildPreset(row, reference).params).expected.selectedCount;
      continue;
    }
    thresholds.push(passThresholds(row, reference));
  }
  if (rows.length === 0) return reference;
  const meanCount = (sigma: number) => {
    const limit = reference / sigma;
    let total = fixedCount;
    for (const t of thresholds) {
      let n = 0;
      while (n < t.length && t[n] < limit) n++;
      total += Math.max(n, MIN_EXPECTED_SELECTED_SPAXELS);
    }
    return total / rows.length;
  };
  let low = Math.log(reference / 20);
  let high = Math.log(reference * 20);
  for (let i = 0; i < 80; i++) {
    const mid = 0.5 * (low + high);
    if (meanCount(Math.exp(mid)) >= MSA3D_MEAN_SPAXELS_PER_GALAXY) low = mid;
    else high = mid;
  }
  let sigma = Number(Math.exp(low).toPrecision(4));
  while (meanCount(sigma) < MSA3D_MEAN_SPAXELS_PER_GALAXY) sigma = Number((sigma * 0.999).toPrecision(4));
  sampleNoiseCache = sigma;
  return sigma;
}

function buildPreset(row: Table1Row, noiseSigmaErg: number): GalaxyPreset {
  const id = `ID${row.id}`;
  const rng = seededRandom(Number(row.id)); // geometry draws depend on the galaxy only, never on the noise seed
  const positionAngleDeg = Math.round(180 * rng.uniform() * 10) / 10;
  const axisRatioDraw = Math.round((0.3 + 0.6 * rng.uniform()) * 1000) / 1000;
  const published: Record<string, string> = {
    redshift: 'Table 1', raDeg: 'Table 1', decDeg: 'Table 1', logMstar: 'Table 1', sfrMsunPerYr: 'Table 1',
    gradientDexPerKpc: 'Table 1', linesObserved: 'Table 1',
  };
  const prescribed: Record<string, string> = {};
  const notes: string[] = [];
  const base = defaultSimulationParams(row.z);
  const p: SimulationParams = { ...base, name: id, presetName: id, raDeg: row.raDeg, decDeg: row.decDeg };

  // field: 23 spaxels (1.8", 9 slit steps) × 31 (2.5", four slitlets); ID8365 had five slitlets, 3.0" (Ju et al. §2.2)
  if (row.id === '8365') {
    p.ny = 38;
    published.ny = '§2.2: five slitlets, FoV 1.8" × 3.0" → 23 × 38 spaxels';
  } else {
    p.ny = 31;
    prescribed.ny = 'four slitlets, 1.8" × 2.5" → 23 × 31 spaxels (PAPER-STEPS: at least 23 × 31)';
  }
  p.nx = 23;
  p.centreXPix = 11;
  p.centreYPix = Math.floor(p.ny / 2);
  prescribed.centre = 'on the central spaxel (11, ⌊ny/2⌋)';

  // sizes
  if (row.id === '9960') {
    p.reContinuumKpc = 6;
    published.reContinuumKpc = '§4.2.1: "half-light radius (6 kpc)"';
  } else if (row.id === '4391') {
    p.reContinuumKpc = 1.4;
    published.reContinuumKpc = '§4.2.2: 3.5 kpc ≈ 2.5 R_e → R_e = 1.4 kpc';
  } else {
    p.reContinuumKpc = Math.round(vanDerWel2014LateTypeReKpc(row.z, row.logMstar) * 1000) / 1000;
    prescribed.reContinuumKpc = 'van der Wel et al. 2014 late-type size–mass relation at z';
  }
  p.reHalphaKpc = Math.round(p.reContinuumKpc * nelson2016HalphaToContinuumSize(row.logMstar) * 1000) / 1000;
  prescribed.reHalphaKpc = 'R_e(continuum) × 1.1 (M* / 10¹⁰)^0.054 (Nelson et al. 2016)';

  // orientation
  p.positionAngleDeg = positionAngleDeg;
  prescribed.positionAngleDeg = `uniform draw in [0, 180)° (seededRandom(${row.id}))`;
  if (row.id === '9960') {
    p.axisRatio = 0.48;
    published.axisRatio = '§4.2.1: b/a = 0.48 (CANDELS) → i = 61°';
  } else if (row.id === '4391') {
    p.axisRatio = Math.round(Math.cos((67 * Math.PI) / 180) * 10000) / 10000;
    published.axisRatio = '§4.2.2: i = 67° from the disk model → b/a = cos 67°';
  } else {
    p.axisRatio = axisRatioDraw;
    prescribed.axisRatio = `uniform draw in [0.3, 0.9] (seededRandom(${row.id})): star-forming disks seen at random inclinations, edge-on excluded`;
  }

  // kinematics
  const rtKpc = Math.round(RT_PER_RE * p.reContinuumKpc * 1000) / 1000;
  prescribed.rtKpc = `R_t = ${RT_PER_RE} R_e(continuum) (our choice)`;
  let vcKms: number;
  if (row.id === '9960') {
    vcKms = 250;
    published.vcKms = '§4.2.1: v_c = 250 (+6/−5) km/s';
    published.rmseKms = '§4.2.1: "The model matches the data to within a RMSE of 33 km/s, comparable to the measurement scatter" (arctan curve, major axis)';
  } else if (row.id === '4391') {
    vcKms = 82;
    published.vcKms = '§4.2.2: v_c = 82 (+4/−3) km/s';
  } else {
    const r80 = (R80_PER_SCALE_LENGTH * p.reHalphaKpc) / EXPONENTIAL_RE_PER_SCALE_LENGTH;
    vcKms = Math.round(tiley2016V80Kms(row.logMstar) / ((2 / Math.PI) * Math.atan(r80 / rtKpc)));
    prescribed.vcKms = 'Tiley et al. 2016 KROSS M*–V80 relation, V80 converted to v_c through the arctan curve at R80 of the Hα disk';
  }
  p.rotation = { v0Kms: 0, vcKms, rtKpc };
  let sigma0Kms: number;
  if (row.id === '9960') {
    sigma0Kms = 48.9;
    published.sigma0Kms = '§4.2.1: σ0 = 48.9 ± 1.6 km/s';
  } else if (row.id === '4391') {
    sigma0Kms = 42.7;
    published.sigma0Kms = '§4.2.2: σ0 = 42.7 ± 1.8 km/s';
  } else {
    sigma0Kms = Math.round(ubler2019Sigma0Kms(row.z) * 10) / 10;
    prescribed.sigma0Kms = 'Übler et al. 2019: σ0 = 23.3 + 9.8 z km/s';
  }
  p.dispersion = { sigma0Kms, centralExcessKms: 0, centralRadiusKpc: 1, majorAxisExcessKms: 0, majorAxisWidthKpc: 1 };
  if (row.id === '4391') {
    p.dispersion.majorAxisExcessKms = 25;
    p.dispersion.majorAxisWidthKpc = 1;
    prescribed.dispersionExcess = '+25 km/s along the major axis (Gaussian, w = 1 kpc): §4.2.2 says σ is "clearly amplified" there, no value given';
  }
  if (row.id === '9960') {
    p.agn = defaultAgnCore();
    published.agn = '§4.2.1: central sAGN by WHAN, narrow Hα with σ ≈ 160 km/s, Hβ/[O III] in the gap';
    prescribed.agn = 'AGN core σ_r = 0.4 kpc, σ = 185 km/s, 85 % of the central spaxel\'s Hα (→ a one-Gaussian fit of the central spaxel gives σ ≈ 160 km/s), log [N II]/Hα = −0.1, log [O III]/Hβ = 0.85';
  }

  // abundance profile
  const rMax = 3 * p.reContinuumKpc;
  if (row.id === '4391') {
    const shape = { kind: 'broken' as const, innerGradientDexPerKpc: -0.074, breakRadiusKpc: 3.5, outerStartKpc: 5 };
    const outer = brokenProfileOuterSlope({ ...shape, centralOh: 8.5 }, 0.5, 10, row.gradientDexPerKpc);
    const { oh0, clipped } = centralOhWithinRange(row.logMstar, (oh) => ({ ...shape, centralOh: oh, outerGradientDexPerKpc: outer }), 10);
    p.metallicity = { ...shape, centralOh: oh0, outerGradientDexPerKpc: outer };
    published.metallicity = '§4.2.2: −0.074 dex/kpc within 0.5–3.5 kpc, rising beyond ~5 kpc; Table 1 slope over 0.5–10 kpc −0.0013';
    prescribed.metallicity = `flat 3.5–5 kpc, outer slope ${outer.toFixed(5)} dex/kpc solved so a uniform-in-R straight-line fit over 0.5–10 kpc gives −0.0013 (radial; the one-sided tail of clumps added by addId4391Tail carries it to 10 kpc, see prescribed.tail)`;
    if (clipped) notes.push(`central abundance shifted to keep the profile within 7.95–${MAX_STAR_FORMING_OH}`);
  } else {
    const g = row.gradientDexPerKpc;
    const { oh0, clipped } = centralOhWithinRange(row.logMstar, (oh) => ({ kind: 'linear', centralOh: oh, gradientDexPerKpc: g }), rMax);
    p.metallicity = { kind: 'linear', centralOh: oh0, gradientDexPerKpc: g };
    if (clipped) notes.push(`central 12+log(O/H) moved from the mass prescription to ${oh0} so that 0–3 R_e stays within 7.95–${MAX_STAR_FORMING_OH} (star-forming by WHAN with a 0.1 dex margin in N2)`);
  }
  prescribed.centralOh = `8.60 + 0.15 (log M* − 10) (our PP04-N2 MZR prescription), clipped so that 0–3 R_e stays in 7.95–${MAX_STAR_FORMING_OH}`;

  // clumps (ID9424: "several strong Hα clumps … far from the galactic center … significantly lower metallicity", §4.1)
  if (row.id === '9424') {
    const clumps: Clump[] = [];
    const phase = 2 * Math.PI * rng.uniform();
    for (let j = 0; j < 3; j++) {
      const azimuth = phase + (2 * Math.PI * j) / 3;
      const r = 1.8 * p.reHalphaKpc;
      clumps.push({ xDiskKpc: Math.round(r * Math.cos(azimuth) * 1000) / 1000, yDiskKpc: Math.round(r * Math.sin(azimuth) * 1000) / 1000, sigmaKpc: 0.6, halphaFraction: 0.06, ohOffsetDex: -0.2 });
    }
    p.clumps = clumps;
    prescribed.clumps = 'three clumps at 1.8 R_e(Hα), σ = 0.6 kpc, 6 % of the disk Hα each, −0.2 dex (§4.1 describes them without numbers)';
  }

  // dust and brightness
  const aHalpha = garnBest2010AHalphaMag(row.logMstar);
  p.avMag = Math.round(((aHalpha * CCM89_RV) / ccm89K(EMISSION_LINES.ha.restWavelengthAngstrom)) * 1000) / 1000;
  prescribed.avMag = `A_Hα = ${aHalpha.toFixed(3)} mag from Garn & Best 2010, A_V = A_Hα R_V / k(Hα) (CCM89), uniform screen`;
  if (row.id === '8365') {
    p.halpha = { kind: 'central-spaxel', fluxErg: ID8365_CENTRAL.haFluxErg };
    published.halpha = '§2.2: central-spaxel Hα (133.83 ± 2.28) × 10⁻²⁰ erg/s/cm²';
    p.continuum = { centralEwRestAngstrom: ID8365_CENTRAL.ewRestAngstrom, slopeBeta: 0 };
    published.continuum = '§2.2: central-spaxel rest EW(Hα) = 44.40 ± 1.57 Å';
  } else {
    const fluxErg = fluxFromLuminosity(halphaLuminosityFromSfr(row.sfrMsunPerYr), row.z) * 10 ** (-0.4 * aHalpha);
    p.halpha = { kind: 'total-flux', fluxErg };
    prescribed.halpha = 'disk Hα = SFR/4.6e-42 erg/s (Kennicutt 1998, Chabrier) / 4π d_L², attenuated by A_Hα';
    p.continuum = { centralEwRestAngstrom: Math.round(prescribedCentralEwAngstrom(row.logSsfr) * 100) / 100, slopeBeta: 0 };
    prescribed.continuum = 'central EW = 44.40 Å (sSFR/10^−8.8)^0.5, floor 6 Å (our prescription); flat in F_λ';
  }
  prescribed.slopeBeta = 'continuum flat in F_λ (β = 0)';

  // detector gap and coverage that reproduce Table 1's "lines observed"
  const placement = placeDetectorGap(row.z, parseObservedLines(row.lines));
  p.detectorGapMicron = placement.gapMicron;
  p.coverageMicron = placement.coverageMicron;
  p.omittedLines = placement.unexplained;
  prescribed.detectorGapMicron = `placed to reproduce Table 1's lines (${placement.note})`;
  if (placement.unexplained.length > 0) notes.push(`Table 1 omits ${placement.unexplained.join(', ')}, which neither gap nor coverage explains: injected with zero flux`);

  p.noiseSigmaErg = noiseSigmaErg;
  if (row.id === '8365') published.noiseSigmaErg = '§2.2: σ per channel set so the central Hα flux error is 2.28e-20 erg/s/cm² (id8365NoiseSigmaErg)';
  else prescribed.noiseSigmaErg = 'σ per channel set so the 25 presets average 107 spaxels passing the S/N cuts (§4.1; msa3dNoiseSigmaErg)';
  return { id, tableId: row.id, params: p, table1: row, published, prescribed, notes };
}

/** Makes a too-faint preset bright enough that MIN_EXPECTED_SELECTED_SPAXELS spaxels are expected to pass the cuts. */
function brightenIfNeeded(preset: GalaxyPreset): GalaxyPreset {
  if (preset.params.halpha.kind !== 'total-flux') return preset;
  const thresholds = passThresholds(preset.table1, preset.params.noiseSigmaErg);
  let count = 0;
  while (count < thresholds.length && thresholds[count] < 1) count++;
  preset.notes.push(`${count} spaxels expected to pass S/N(Hα) > 10 and S/N(EW) > 5 at the SFR-based brightness`);
  if (count >= MIN_EXPECTED_SELECTED_SPAXELS) return preset;
  // S/N of flux and EW both scale linearly with brightness at fixed noise: spaxel i passes above thresholds[i]
  const factor = Number((thresholds[MIN_EXPECTED_SELECTED_SPAXELS - 1] * 1.001).toPrecision(4));
  preset.params.halpha = { kind: 'total-flux', fluxErg: preset.params.halpha.fluxErg * factor };
  preset.prescribed.halpha += `; then ×${factor} so that ≥ ${MIN_EXPECTED_SELECTED_SPAXELS} spaxels pass the cuts (the paper kept only galaxies with ≥ 20 star-forming spaxels)`;
  preset.notes.push(`brightened ×${factor} to reach ${MIN_EXPECTED_SELECTED_SPAXELS} expected selected spaxels`);
  return preset;
}

/**
 * ID9960 only: brightens the disk so that every spaxel of the pseudo-slit (the kinematics default width) out to a
 * deprojected radius of R_e — Ju et al. §4.2.1 measure M_dyn "within the half-light radius (6 kpc)" — is expected to pass S/N(Hα) > 10 and S/N(EW) > 5. The
 * SFR-based brightness leaves ~40 spaxels and a slit reaching ±2.8 kpc, too short to separate v_c from R_t, while the
 * paper measures M_dyn within 6 kpc, so its data reached there. Both S/N scale linearly with brightness at fixed
 * noise, so the factor is the largest per-spaxel pass threshold among those slit spaxels (one preview, no guessing).
 */
function brightenId9960ForKinematics(preset: GalaxyPreset): GalaxyPreset {
  const p = preset.params;
  if (preset.tableId !== '9960' || p.halpha.kind !== 'total-flux') return preset;
  const { model, expected } = simulationPreview(p);
  const reachKpc = p.reContinuumKpc;
  let factor = 0;
  let n = 0;
  for (let y = 0; y < p.ny; y++) {
    for (let x = 0; x < p.nx; x++) {
      const s = y * p.nx + x;
      // sky offset across the major axis (geometry/deproject.ts with b/a = 1); +x is west in the simulator's cubes
      const across = deprojectOffset(-(x - p.centreXPix) * p.pixelScaleArcsec, (y - p.centreYPix) * p.pixelScaleArcsec, p.positionAngleDeg, 1).minor;
      if (Math.abs(across) > DEFAULT_SLIT_WIDTH_ARCSEC / 2 || !(model.radiusKpc[s] <= reachKpc)) continue;
      factor = Math.max(factor, passThreshold(expected, s));
      n++;
    }
  }
  if (!(factor > 1)) return preset;
  factor = Number((factor * 1.001).toPrecision(4));
  p.halpha = { kind: 'total-flux', fluxErg: p.halpha.fluxErg * factor };
  preset.prescribed.halpha += `; then ×${factor} so that the ${n} spaxels of the ${DEFAULT_SLIT_WIDTH_ARCSEC}" pseudo-slit along the major axis out to a deprojected R_e = ${reachKpc} kpc are expected to pass the S/N cuts (§4.2.1 measures M_dyn within the half-light radius, so its data reached it; at the SFR-based brightness the slit reaches only ≈ ±2.8 kpc and v_c, R_t are degenerate)`;
  preset.notes.push(`ID9960 brightened ×${factor} for its rotation curve to reach R_e = ${reachKpc} kpc along the major axis`);
  return preset;
}

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

/** Set only inside withoutId4391Tail. */
let id4391TailOff = false;

/** Spaxel index of the disk-plane point (x_disk, 0) on the major axis: sky (east, north) = x_disk (sin PA, cos PA), +x pixel is west. */
function majorAxisSpaxel(p: SimulationParams, xDiskKpc: number): number {
  const kpcPerPixel = p.pixelScaleArcsec * kpcPerArcsec(p.redshift);
  const pa = (p.positionAngleDeg * Math.PI) / 180;
  const xPix = Math.round(p.centreXPix - (xDiskKpc * Math.sin(pa)) / kpcPerPixel);
  const yPix = Math.round(p.centreYPix + (xDiskKpc * Math.cos(pa)) / kpcPerPixel);
  if (xPix < 0 || xPix >= p.nx || yPix < 0 || yPix >= p.ny) {
    throw new Error(`addId4391Tail: the major-axis point at ${xDiskKpc} kpc lands on spaxel (${xPix}, ${yPix}), outside the ${p.nx} × ${p.ny} field`);
  }
  return yPix * p.nx + xPix;
}

/**
 * ID4391 only: adds the tail of ID4391_TAIL — clumps of equal Hα on the receding major axis, O/H offset 0 (their gas
 * follows the preset's rising outer profile, as the paper's tail makes the profile rise), each with a stellar continuum
 * at the disk's central EW (a star-forming tail has stars too; without a continuum its S/N(EW) could never pass) — with
 * the smallest Hα fraction per clump for which the spaxel on every clump centre is expected to exceed, by snMargin,
 * S/N(Hα) > 10 and S/N(EW) > 5 (the paper's cuts) and S/N(Hβ), S/N([O III]) > 3 (BPT classification, the diagram
 * ID4391 gets). All four S/N grow with the tail's brightness, so the fraction is a bisection in log f (0.1 %),
 * rounded up to 3 significant digits. Applied after the noise calibration, which stays clump-free (other presets unchanged).
 */
function addId4391Tail(preset: GalaxyPreset): GalaxyPreset {
  const p = preset.params;
  if (preset.tableId !== '4391' || !p.continuum || id4391TailOff) return preset;
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
 * uniform-in-R slope the outer gradient was solved for (Table 1's −0.0013).
 */
function id4391TailNote(params: SimulationParams): string {
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

/** σ0 as the paper measures it (kinematics/sigma0.ts) on the noise-free, beam-smeared σ of the expected-selected spaxels. */
function beamSmearedSigma0Kms(params: SimulationParams): number {
  const t = simulationPreview(params).truth.spaxels;
  return sigma0(t.sigmaKms, t.radiusKpc, { selected: t.expectedSelected }).sigma0Kms;
}

/**
 * ID9960 and ID4391: the intrinsic σ0 to inject so that the beam-smeared σ0 — the median σ beyond 3 kpc that the paper
 * measures, with the 0.20" × 0.08" resolution element smearing rotation into σ — equals the published value. Injecting
 * the published σ0 itself would make the measurement come out higher (ID4391: ≈ 52 km/s against 42.7), because the
 * paper's number already has its own beam smearing inside. Bisection on the noise-free preview (σ0 from 1 km/s up to
 * the published value), 0.05 km/s.
 */
function calibrateSigma0ForBeamSmearing(preset: GalaxyPreset): GalaxyPreset {
  if (!preset.published.sigma0Kms) return preset; // σ0 is published for ID9960 and ID4391 only
  const p = preset.params;
  const target = p.dispersion.sigma0Kms;
  const measured = (sigma0Kms: number) => beamSmearedSigma0Kms({ ...p, dispersion: { ...p.dispersion, sigma0Kms } });
  let lo = 1;
  let hi = target;
  if (!(measured(hi) > target)) return preset; // no smearing to remove
  if (measured(lo) > target) {
    preset.notes.push(`σ0 not calibrated: even 1 km/s intrinsic gives a beam-smeared σ0 above the published ${target} km/s`);
    return preset;
  }
  while (hi - lo > 0.05) {
    const mid = 0.5 * (lo + hi);
    if (measured(mid) > target) hi = mid;
    else lo = mid;
  }
  const injected = Math.round(0.5 * (lo + hi) * 10) / 10;
  p.dispersion = { ...p.dispersion, sigma0Kms: injected };
  preset.prescribed.sigma0Kms = `intrinsic σ0 = ${injected} km/s, solved so that the beam-smeared median σ beyond 3 kpc of the noise-free cube equals the published σ0 = ${target} km/s (a measured value, with the paper's own beam smearing inside)`;
  preset.notes.push(`intrinsic σ0 ${injected} km/s injected so that the measured (beam-smeared) σ0 is the published ${target} km/s`);
  return preset;
}

const presetCache = new Map<string, GalaxyPreset>();

/**
 * The preset of a Table 1 galaxy with a published gradient: 'ID8365', 'id8365', '8365' or 8365. Throws an Error naming
 * the valid ids for anything else. Returns a fresh copy (edit it freely).
 */
export function presetFor(id: string | number): GalaxyPreset {
  const key = normaliseId(id);
  let preset = presetCache.get(key);
  if (!preset) {
    const row = table1().find((r) => r.id === key);
    const valid = presetIds().join(', ');
    if (!row) throw new Error(`unknown galaxy '${id}': presets exist for the 25 Table 1 galaxies with gradients: ${valid}`);
    if (!Number.isFinite(row.gradientDexPerKpc)) throw new Error(`ID${row.id} has no published gradient in Table 1; presets exist for: ${valid}`);
    preset = calibrateSigma0ForBeamSmearing(addId4391Tail(brightenId9960ForKinematics(brightenIfNeeded(buildPreset(row, row.id === '8365' ? id8365NoiseSigmaErg() : msa3dNoiseSigmaErg())))));
    if (row.id === '4391') preset.notes.push(id4391TailNote(preset.params));
    if (row.id === '8365') {
      // how the published central flux compares with the SFR-based prescription used for the other galaxies
      const sfrBased = fluxFromLuminosity(halphaLuminosityFromSfr(row.sfrMsunPerYr), row.z) * 10 ** (-0.4 * garnBest2010AHalphaMag(row.logMstar));
      const central = simulationPreview({ ...preset.params, halpha: { kind: 'total-flux', fluxErg: sfrBased } }).truth.global.centralSpaxel.haFlux;
      preset.notes.push(`the SFR-based prescription of the other presets would put ${central.toFixed(1)}e-20 erg/s/cm² of Hα in the central spaxel (published 133.83e-20)`);
    }
    presetCache.set(key, preset);
  }
  return structuredClone(preset);
}

/** All 25 presets, in Table 1 order. */
export function listPresets(): GalaxyPreset[] {
  return presetIds().map((id) => presetFor(id));
}

/**
 * Test support: runs `fn` with ID4391's tail switched off and every preset cache (the noise calibrations included)
 * emptied, so presets built inside are the clump-free build from scratch; the caches are restored afterwards.
 */
export function withoutId4391Tail<T>(fn: () => T): T {
  const saved = { id8365: id8365NoiseCache, sample: sampleNoiseCache, thresholds: new Map(thresholdCache), presets: new Map(presetCache) };
  id8365NoiseCache = null;
  sampleNoiseCache = null;
  thresholdCache.clear();
  presetCache.clear();
  id4391TailOff = true;
  try {
    return fn();
  } finally {
    id4391TailOff = false;
    id8365NoiseCache = saved.id8365;
    sampleNoiseCache = saved.sample;
    thresholdCache.clear();
    saved.thresholds.forEach((v, k) => thresholdCache.set(k, v));
    presetCache.clear();
    saved.presets.forEach((v, k) => presetCache.set(k, v));
  }
}
