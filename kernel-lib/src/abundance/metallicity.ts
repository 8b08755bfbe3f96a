// 12+log(O/H) from line fluxes with a strong-line calibration: value, statistical 1σ error propagated from the flux errors
// (δOH = |dOH/dx|·δx, first order), total error with the calibration scatter in quadrature (Ju et al. §3.1), and a
// flag for indices outside the calibration's validity range.
import type { LineMeasurementMaps, SpaxelLineMeasurements, MeasuredValue } from '../classify/line-measurements';
import { PP04_N2_CUBIC, strongLineCalibration, type CalibrationName, type StrongLineCalibration } from './calibrations';
import { strongLineIndex, strongLineIndexMap } from './strong-line-indices';

export interface MetallicityOptions {
  /** Calibration (default PP04 N2 cubic, the paper's). */
  calibration?: CalibrationName | StrongLineCalibration;
  /** Override the calibration's 1σ scatter (dex) added in quadrature for the total error. */
  systematicDex?: number;
}

/** One spaxel's abundance. */
export interface MetallicityEstimate {
  /** 12+log(O/H); computed even outside the validity range (see inRange), NaN when a needed line is missing or ≤ 0. */
  oh: number;
  /** Statistical 1σ error from the line-flux errors, dex. */
  ohErrStat: number;
  /** sqrt(ohErrStat² + systematicDex²), dex: the error the paper attaches to each spaxel. */
  ohErrTotal: number;
  /** The index the calibration read (N2, O3N2 or y) and its 1σ error. */
  index: number;
  indexErr: number;
  /** True when the index lies strictly inside the calibration's validity range. */
  inRange: boolean;
}

function resolve(options: MetallicityOptions): { cal: StrongLineCalibration; sys: number } {
  const cal = strongLineCalibration(options.calibration ?? PP04_N2_CUBIC);
  const sys = options.systematicDex ?? cal.systematicDex;
  if (!(sys >= 0) || !Number.isFinite(sys)) throw new Error(`metallicity: systematicDex must be a finite number ≥ 0 (got ${sys})`);
  return { cal, sys };
}

function estimate(cal: StrongLineCalibration, sys: number, x: number, xErr: number): MetallicityEstimate {
  const oh = cal.ohFromIndex(x); // NaN in, NaN out
  const ohErrStat = Math.abs(cal.dOhdIndex(x)) * xErr;
  return { oh, ohErrStat, ohErrTotal: Math.hypot(ohErrStat, sys), index: x, indexErr: xErr, inRange: x > cal.validRange[0] && x < cal.validRange[1] };
}

/** 12+log(O/H) of one spaxel from its line fluxes. */
export function metallicity(lines: SpaxelLineMeasurements, options: MetallicityOptions = {}): MetallicityEstimate {
  const { cal, sys } = resolve(options);
  const x = strongLineIndex(cal.index, lines);
  return estimate(cal, sys, x.value, x.error);
}

/** 12+log(O/H) from an index value and its error (N2, O3N2 or y, whichever the calibration reads). */
export function metallicityFromIndex(index: MeasuredValue, options: MetallicityOptions = {}): MetallicityEstimate {
  const { cal, sys } = resolve(options);
  return estimate(cal, sys, index.value, index.error);
}

/** Abundance maps (index y·nx + x). */
export interface MetallicityMaps {
  calibration: CalibrationName;
  systematicDex: number;
  oh: Float64Array;
  ohErrStat: Float64Array;
  ohErrTotal: Float64Array;
  index: Float64Array;
  indexErr: Float64Array;
  /** 1 where the index is inside the validity range, 0 outside or where it is NaN. */
  inRange: Uint8Array;
}

/**
 * 12+log(O/H) of every spaxel (all spaxels with the needed lines, whatever their class: select with
 * selectMetallicitySpaxels). Out-of-range spaxels keep their value with inRange = 0; missing lines give NaN.
 */
export function metallicityMaps(maps: LineMeasurementMaps, options: MetallicityOptions = {}): MetallicityMaps {
  const { cal, sys } = resolve(options);
  const { value: index, error: indexErr } = strongLineIndexMap(cal.index, maps);
  const n = index.length;
  const oh = new Float64Array(n);
  const ohErrStat = new Float64Array(n);
  const ohErrTotal = new Float64Array(n);
  const inRange = new Uint8Array(n);
  const [lo, hi] = cal.validRange;
  for (let i = 0; i < n; i++) {
    const x = index[i];
    oh[i] = cal.ohFromIndex(x);
    ohErrStat[i] = Math.abs(cal.dOhdIndex(x)) * indexErr[i];
    ohErrTotal[i] = Math.hypot(ohErrStat[i], sys);
    inRange[i] = x > lo && x < hi ? 1 : 0;
  }
  return { calibration: cal.name, systematicDex: sys, oh, ohErrStat, ohErrTotal, index, indexErr, inRange };
}
