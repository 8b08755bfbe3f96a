// The presets' noise σ per channel: ID8365's from its published central Hα flux error (Ju et al. §2.2), every other
// preset's so the sample averages the paper's 107 spaxels per galaxy (§4.1). Both computed once, on first use.
import type { Table1Row } from '../../tables/table1';
import { noiseForLineFluxError, halphaObservedSigmaAngstrom } from '../noise';
import { simulationPreview } from '../simulate-cube';
import { g140hWavelengthGrid } from '../wavelength-grid';
import { prescribePreset } from './prescription';
import { specialGalaxy } from './special-galaxies';
import { presetRows, table1Row } from './table1-rows';
import { ID8365, ID8365_CENTRAL } from './id8365';
import { MIN_EXPECTED_SELECTED_SPAXELS, passThreshold } from './selection-cuts';

/** Mean number of spaxels per galaxy the paper used (Ju et al. §4.1: "On average, 107 spaxels per galaxy are employed"). */
export const MSA3D_MEAN_SPAXELS_PER_GALAXY = 107;

/** The clump-free, uncalibrated preset of a row at noise σ: what both calibrations preview. */
const uncalibrated = (row: Table1Row, noiseSigmaErg: number) => prescribePreset(row, noiseSigmaErg, specialGalaxy(row.id));

let id8365NoiseCache: number | null = null;

/**
 * The noise σ per channel (erg/s/cm²/Å per spaxel) that gives ID8365's central spaxel the published Hα flux error,
 * 2.28 × 10⁻²⁰ erg/s/cm², for a Gaussian whose width is fitted (noise.ts): σ = 2.28e-20 / √(3√π σ_λ Δλ), with σ_λ the
 * spaxel's observed Hα width (beam-smeared intrinsic σ and the G140H LSF in quadrature).
 */
export function id8365NoiseSigmaErg(): number {
  if (id8365NoiseCache !== null) return id8365NoiseCache;
  const params = uncalibrated(table1Row(ID8365.tableId)!, 1e-21).params;
  const preview = simulationPreview(params);
  const sigmaLambda = halphaObservedSigmaAngstrom(preview.model)[preview.model.centralSpaxel];
  id8365NoiseCache = noiseForLineFluxError(ID8365_CENTRAL.haFluxErrErg, sigmaLambda, g140hWavelengthGrid().channelWidthAngstrom);
  return id8365NoiseCache;
}

const thresholdCache = new Map<string, { noiseSigmaErg: number; thresholds: Float64Array }>();

/**
 * Brightness factor each spaxel needs to pass S/N(Hα flux) > 10 and S/N(EW) > 5 at the preset's SFR-based brightness,
 * sorted, for noise σ: both S/N scale as brightness/σ, so one preview (at the first σ asked for, the reference σ of
 * msa3dNoiseSigmaErg) serves every σ.
 */
export function passThresholds(row: Table1Row, noiseSigmaErg: number): Float64Array {
  let cached = thresholdCache.get(row.id);
  if (!cached) {
    const { expected } = simulationPreview(uncalibrated(row, noiseSigmaErg).params);
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
  const rows = presetRows();
  let fixedCount = 0;
  const thresholds: Float64Array[] = [];
  for (const row of rows) {
    if (row.id === ID8365.tableId) {
      fixedCount += simulationPreview(uncalibrated(row, reference).params).expected.selectedCount;
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

/** The noise σ of a preset: ID8365's own calibration for ID8365 (its flux error is published), the sample's for the rest. */
export function presetNoiseSigmaErg(row: Table1Row): number {
  return row.id === ID8365.tableId ? id8365NoiseSigmaErg() : msa3dNoiseSigmaErg();
}
