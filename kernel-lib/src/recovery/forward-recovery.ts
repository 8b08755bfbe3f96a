// Injection–recovery of the forward-modelled gradient (gradient/fit-gradient-forward.ts) on a simulated Table 1 galaxy
// already analysed by the paper's chain (preset-recovery.ts): the same line fit, the same geometry, the injected PSF.
import type { ForwardGradientOptions, ForwardGradientResult } from '../gradient/fit-gradient-forward';
import { forwardGradientOfAnalysis } from '../analyze/forward-gradient';
import type { PresetRecovery } from './preset-recovery';

/** One galaxy: the paper's and the forward model's slopes with their errors and pulls against the injected slope. */
export interface ForwardRecoveryRow {
  id: string;
  seed: number;
  injectedDexPerKpc: number;
  paperDexPerKpc: number;
  paperErrDexPerKpc: number;
  /** (paper − injected) / σ_paper. */
  paperPull: number;
  forwardDexPerKpc: number;
  forwardErrDexPerKpc: number;
  /** (forward − injected) / σ_forward; NaN when the forward fit failed. */
  forwardPull: number;
  withPsf: boolean;
  /** The lines asked for (ForwardGradientOptions.lines, default 'n2') and the spaxels whose [O III] entered. */
  lines: string;
  nO3Spaxels: number;
  nSpaxels: number;
  nNiiDetected: number;
  reason: string | null;
}

/** Fits the forward model to a recovered preset (with or without the injected PSF) and compares both methods. */
export function forwardRecovery(
  r: PresetRecovery,
  options: { seed: number; withPsf: boolean } & Omit<ForwardGradientOptions, 'seed' | 'psf' | 'pixelScaleArcsec'>,
): { row: ForwardRecoveryRow; fit: ForwardGradientResult } {
  const { withPsf, ...rest } = options;
  const p = r.preset.params;
  const fit = forwardGradientOfAnalysis(r.analysis, {
    ...rest, psf: withPsf ? p.psf : null, pixelScaleArcsec: p.pixelScaleArcsec,
  });
  const injected = r.row.injectedDexPerKpc;
  const row: ForwardRecoveryRow = {
    id: r.preset.id, seed: r.row.seed, injectedDexPerKpc: injected,
    paperDexPerKpc: r.row.recoveredDexPerKpc, paperErrDexPerKpc: r.row.recoveredErrDexPerKpc, paperPull: r.row.pullVsInjected,
    forwardDexPerKpc: fit.ok ? fit.slope : NaN, forwardErrDexPerKpc: fit.ok ? fit.slopeErr : NaN,
    forwardPull: fit.ok ? (fit.slope - injected) / fit.slopeErr : NaN,
    withPsf, lines: options.lines ?? 'n2', nO3Spaxels: fit.ok ? fit.nO3Spaxels : 0, nSpaxels: fit.nSpaxels, nNiiDetected: fit.ok ? fit.nNiiDetected : 0, reason: fit.ok ? null : fit.reason,
  };
  return { row, fit };
}

/** Where a recovered gradient's error comes from, on a simulated galaxy (its truth table known). */
export interface ForwardRecoveryDiagnosis {
  id: string;
  /** Outer spaxels: the forward fit's spaxels beyond their median radius. */
  nOuter: number;
  /** Median [N II] S/N of the outer spaxels, and how many have S/N < 3 (dropped by an [N II] cut, kept here). */
  outerNiiSnrMedian: number;
  outerNiiBelowSnr3: number;
  /**
   * Mean over outer spaxels with [N II] > 0 of log10(N/Hα measured) − log10(N/Hα noise-free), dex: the offset of the
   * log of the noisy ratio (noise realisation + the bias of a log), in N2 — ×dOH/dN2 ≈ 0.5–1 in O/H.
   */
  outerLogRatioOffsetDex: number;
  /** The same over the inner spaxels. */
  innerLogRatioOffsetDex: number;
  /** Expected bias of log10 of a ratio with [N II] S/N s, −(log10 e)/(2 s²) (second-order delta method), at the outer median S/N. */
  outerLogBiasExpectedDex: number;
  /** Forward (PSF) slope with the measured [N II] replaced by its noise-free value: what the [N II] noise moved. */
  forwardSlopeNoiseFreeNii: number;
  /** Forward (PSF) slope on fully noise-free fluxes: the model's own error. */
  forwardSlopeNoiseFree: number;
}

/** Diagnoses a recovered galaxy by refitting with parts of the noise removed (the cube fit is restored after). */
export function diagnoseForwardRecovery(r: PresetRecovery, options: { seed: number }): ForwardRecoveryDiagnosis {
  const maps = r.analysis.fit.maps;
  const truth = r.sim.truth.spaxels.lineFlux;
  const base = forwardRecovery(r, { seed: options.seed, withPsf: true }).fit;
  if (!base.ok) throw new Error(`diagnoseForwardRecovery: ${r.preset.id} has no forward fit (${base.reason})`);
  const radius = r.analysis.geometry.radiusKpc;
  const used: number[] = [];
  for (let s = 0; s < base.used.length; s++) if (base.used[s]) used.push(s);
  const radii = used.map((s) => radius[s]).sort((a, b) => a - b);
  const rMid = radii[radii.length >> 1];
  const outer = used.filter((s) => radius[s] > rMid);
  const inner = used.filter((s) => radius[s] <= rMid);
  const snr = outer.map((s) => maps.nii6584_flux[s] / maps.nii6584_flux_err[s]).sort((a, b) => a - b);
  const offset = (set: number[]): number => {
    const d = set.filter((s) => maps.nii6584_flux[s] > 0)
      .map((s) => Math.log10(maps.nii6584_flux[s] / maps.ha_flux[s]) - Math.log10(truth.nii6584[s] / truth.ha[s]));
    return d.reduce((a, b) => a + b, 0) / d.length;
  };
  const snrMedian = snr[snr.length >> 1];
  const [ha, nii] = [maps.ha_flux, maps.nii6584_flux];
  let noiseFreeNii: number;
  let noiseFree: number;
  try {
    maps.nii6584_flux = Float64Array.from(truth.nii6584);
    const a = forwardRecovery(r, { seed: options.seed, withPsf: true, mask: base.used }).fit;
    maps.ha_flux = Float64Array.from(truth.ha);
    const b = forwardRecovery(r, { seed: options.seed, withPsf: true, mask: base.used }).fit;
    noiseFreeNii = a.ok ? a.slope : NaN;
    noiseFree = b.ok ? b.slope : NaN;
  } finally {
    maps.ha_flux = ha;
    maps.nii6584_flux = nii;
  }
  return {
    id: r.preset.id, nOuter: outer.length, outerNiiSnrMedian: snrMedian, outerNiiBelowSnr3: snr.filter((v) => v < 3).length,
    outerLogRatioOffsetDex: offset(outer), innerLogRatioOffsetDex: offset(inner),
    outerLogBiasExpectedDex: -Math.LOG10E / (2 * snrMedian * snrMedian),
    forwardSlopeNoiseFreeNii: noiseFreeNii, forwardSlopeNoiseFree: noiseFree,
  };
}
