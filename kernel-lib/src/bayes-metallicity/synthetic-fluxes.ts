// Synthetic observed line fluxes from known (12+log(O/H), A_V, f_Hβ): the forward model of Wang et al. 2020 Eq. 2 —
// calibrated ratios with their intrinsic log-normal scatter, CCM89 reddening and Gaussian noise — for injection–recovery.
import { seededRandom } from '../stats/random';
import { CCM89_RV } from '../dust/ccm89';
import { DEFAULT_LOG_SCATTER_DEX, expectedRatioToHbeta } from './calibrations';
import { NEBULAR_LINES, dereddeningFactor } from './nebular-lines';
import type { NebularLine } from './nebular-lines';
import type { MeasuredFlux } from './line-fluxes';

/** Truth and noise of a synthetic observation. */
export interface SyntheticFluxOptions {
  oh: number;
  avMag: number;
  /** Intrinsic (de-reddened) Hβ flux. */
  hbetaFlux: number;
  /** 1σ noise of each line to simulate; lines not listed are not observed. */
  errors: Partial<Record<NebularLine, number>>;
  seed: number;
  /** Draw each ratio with its intrinsic scatter, log R ~ N(log R(O/H), σ(log R)) (default true). */
  calibrationScatter?: boolean;
  logScatterDex?: Partial<Record<NebularLine, number>>;
  rv?: number;
}

/** f_i = R_i(O/H)·10^(δ_i)·f_Hβ / D_i + N(0, σ_i), δ_i ~ N(0, σ(log R_i)), D_i = 10^(0.4 A_V k_i/R_V) (CCM89). */
export function syntheticLineFluxes(options: SyntheticFluxOptions): Partial<Record<NebularLine, MeasuredFlux>> {
  const where = 'syntheticLineFluxes';
  const { oh, avMag, hbetaFlux, errors, seed } = options;
  if (!Number.isFinite(oh)) throw new Error(`${where}: oh is not a finite number (got ${oh})`);
  if (!(Number.isFinite(avMag) && avMag >= 0)) throw new Error(`${where}: avMag must be a finite number ≥ 0 (got ${avMag})`);
  if (!(Number.isFinite(hbetaFlux) && hbetaFlux > 0)) throw new Error(`${where}: hbetaFlux must be a finite number > 0 (got ${hbetaFlux})`);
  const random = seededRandom(seed);
  const scatter = options.calibrationScatter ?? true;
  const out: Partial<Record<NebularLine, MeasuredFlux>> = {};
  for (const line of NEBULAR_LINES) {
    const error = errors[line];
    if (error == null) continue;
    if (!(Number.isFinite(error) && error > 0)) throw new Error(`${where}: errors.${line} must be a finite number > 0 (got ${error})`);
    const sigmaLog = options.logScatterDex?.[line] ?? DEFAULT_LOG_SCATTER_DEX[line];
    const delta = scatter && sigmaLog > 0 ? random.normal(0, sigmaLog) : 0;
    const intrinsic = expectedRatioToHbeta(line, oh) * 10 ** delta * hbetaFlux;
    out[line] = { flux: intrinsic / dereddeningFactor(line, avMag, options.rv ?? CCM89_RV) + random.normal(0, error), error };
  }
  return out;
}
