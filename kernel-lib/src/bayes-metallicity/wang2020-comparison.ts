// Our Bayesian 12+log(O/H), A_V^N and SFR^N for the legible rows of Wang et al. 2020 Table 3, side by side with the
// published values, with residuals in units of the combined 1σ errors (the test of §3.6 on real published fluxes).
import { CASE_B_HALPHA_HBETA } from '../lines/case-b';
import { inferMetallicity } from './infer-metallicity';
import type { InferMetallicityOptions, MetallicityPosterior } from './infer-metallicity';
import { sfrFromHalpha } from './sfr';
import { WANG2020_FLUX_UNIT_CGS } from '../tables/wang2020-table3';
import type { PublishedValue, Wang2020Row } from '../tables/wang2020-table3';
import { wang2020Observations } from './wang2020-observations';

/** Ours against published for one quantity of one galaxy. */
export interface ValueComparison {
  readonly ours: number;
  /** Half the 16–84 % interval of our posterior. */
  readonly oursErr: number;
  readonly published: PublishedValue;
  /** (ours − published)/√(σ_ours² + σ_pub²); NaN when the published value is a limit or has no error. */
  readonly residualSigma: number;
}

/** One galaxy's row of the comparison. */
export interface Wang2020ComparisonRow {
  readonly name: string;
  readonly redshift: number;
  readonly logMass: number;
  /** log([O III]/Hβ) of the observed fluxes (NaN when either is ≤ 0 or missing), for the MEx diagram. */
  readonly logO3Hb: number;
  readonly hasHalpha: boolean;
  readonly oh: ValueComparison;
  readonly av: ValueComparison;
  /** SFR from the de-reddened Hβ: 4.6e-42 × 4π d_L² × 2.86 f_Hβ / μ (Wang et al. 2020 §3.5, Eq. 1). */
  readonly sfr: ValueComparison;
  readonly converged: boolean;
  readonly posterior: MetallicityPosterior;
}

function compareValue(samples: { median: number; p16: number; p84: number }, published: PublishedValue): ValueComparison {
  const oursErr = (samples.p84 - samples.p16) / 2;
  const residualSigma = published.limit === '' && Number.isFinite(published.error)
    ? (samples.median - published.value) / Math.hypot(oursErr, published.error)
    : NaN;
  return { ours: samples.median, oursErr, published, residualSigma };
}

/**
 * Runs `inferMetallicity` on every row (seed = seed + row index) with the Hα blend correction of
 * `wang2020Observations`, and derives SFR^N per posterior sample from the de-reddened Hβ (Hα = 2.86 Hβ, lensing μ).
 */
export function compareWithWang2020(
  rows: readonly Wang2020Row[],
  options: Omit<InferMetallicityOptions, 'halphaBlend'>,
): Wang2020ComparisonRow[] {
  return rows.map((row, k) => {
    const { lines, halphaBlend } = wang2020Observations(row);
    const posterior = inferMetallicity(lines, { ...options, seed: options.seed + k, halphaBlend });
    // SFR is linear in f_Hβ, so its percentiles are those of f_Hβ times one factor.
    const perUnitHbeta = sfrFromHalpha({
      haFluxCgs: CASE_B_HALPHA_HBETA * WANG2020_FLUX_UNIT_CGS,
      redshift: row.redshift,
      magnification: row.magnification.value,
    });
    const hb = posterior.hbetaFlux;
    const o3 = row.fluxes.OIII5007;
    const hbObs = row.fluxes.Hbeta;
    const logO3Hb = o3 && hbObs && o3.flux > 0 && hbObs.flux > 0 ? Math.log10(o3.flux / hbObs.flux) : NaN;
    return {
      name: `${row.cluster} ${row.id}`,
      redshift: row.redshift,
      logMass: row.logMass.value,
      logO3Hb,
      hasHalpha: row.fluxes.Halpha != null,
      oh: compareValue(posterior.oh, row.oh),
      av: compareValue(posterior.avMag, row.avN),
      sfr: compareValue({ median: hb.median * perUnitHbeta, p16: hb.p16 * perUnitHbeta, p84: hb.p84 * perUnitHbeta }, row.sfrN),
      converged: posterior.converged,
      posterior,
    };
  });
}

/** Fraction of finite residuals with |r| ≤ 1, and how many were counted. */
export function fractionWithinOneSigma(residuals: readonly number[]): { fraction: number; count: number } {
  const finite = residuals.filter((r) => Number.isFinite(r));
  if (finite.length === 0) return { fraction: NaN, count: 0 };
  return { fraction: finite.filter((r) => Math.abs(r) <= 1).length / finite.length, count: finite.length };
}
