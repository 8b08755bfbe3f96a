// The per-spaxel quantities a cube fit stores, one map each, and how each is read off a spectrum fit.
import type { SpectrumFit } from '../spectra/fit-results';

/** Per-line quantities: `${line}_${suffix}`. Errors are the paper's, from the fit residuals (Ju et al. §2.2). */
export const LINE_QUANTITIES = ['flux', 'flux_err', 'flux_err_cov', 'snr', 'ew', 'ew_err', 'ew_snr', 'flag'] as const;

/**
 * Per-spaxel kinematics from the Hα window (intrinsic σ, instrumental width removed) and fit summaries: `flag` is the
 * spectrum's (OR of every line and window), `kinematics_flag` that of the velocity and σ (the reference window's solve).
 */
export const SPAXEL_QUANTITIES = ['velocity', 'velocity_err', 'sigma', 'sigma_err', 'sigma_obs', 'chi2_red', 'flag', 'kinematics_flag'] as const;

/** The names of every map for a list of lines, in storage order. */
export function quantityNames(lineNames: readonly string[]): string[] {
  return [...lineNames.flatMap((l) => LINE_QUANTITIES.map((q) => `${l}_${q}`)), ...SPAXEL_QUANTITIES];
}

/** Writes one spectrum fit into `out` at `spaxel`, map q at out[q · nSpaxels + spaxel]. */
export function storeSpectrumFit(
  fit: SpectrumFit,
  lineNames: readonly string[],
  out: Float64Array,
  nSpaxels: number,
  spaxel: number,
): void {
  let q = 0;
  const put = (v: number) => {
    out[q * nSpaxels + spaxel] = v;
    q++;
  };
  for (const name of lineNames) {
    const l = fit.lines[name];
    put(l.flux);
    put(l.fluxErrResidual);
    put(l.fluxErr);
    put(l.snr);
    put(l.ewRestAngstrom);
    put(l.ewRestErrResidualAngstrom);
    put(l.ewSnr);
    put(l.flag);
  }
  const k = fit.kinematics;
  put(k.velocityKms);
  put(k.velocityErrResidualKms);
  put(k.sigmaKms);
  put(k.sigmaErrResidualKms);
  put(k.sigmaObservedKms);
  put(fit.reducedChiSquare);
  put(fit.flag);
  // not measured: the reference line's flag says why (not covered, no data, too few pixels)
  put(k.source === 'none' ? (fit.lines[k.referenceLine]?.flag ?? fit.flag) : k.flag);
}
