// The observed line fluxes fed to the Wang et al. (2020) inference: measurements (flux ± error, any sign, so weak
// lines below the detection limit still count) or upper limits, checked and turned into one flat, ordered list.
import { NEBULAR_LINES, nebularLine } from './nebular-lines';
import type { NebularLine } from './nebular-lines';
import { InputError } from '../errors/input-error';

/** A measured flux with its 1σ error (any consistent unit; the flux may be ≤ 0 for a non-detection). */
export interface MeasuredFlux {
  flux: number;
  error: number;
}

/** An upper limit: the true flux is below `limit` at `nSigma` σ (so σ = limit / nSigma), e.g. a 3σ limit. */
export interface FluxUpperLimit {
  upperLimit: number;
  nSigma: number;
}

export type LineObservation = MeasuredFlux | FluxUpperLimit;

/**
 * Observed fluxes by line; lines left out are simply not used. Keys are Wang et al.'s names ('Halpha'); the catalogue's
 * names ('ha', lines/emission-lines.ts) are accepted too.
 */
export type LineObservations = Partial<Record<NebularLine, LineObservation>>;

/** A blended Hα + [N II] flux (slitless grism) and the [N II]/Hα ratio used to remove [N II] (Wang et al. 2020 §3.5). */
export interface HalphaBlend {
  /** [N II]/Hα flux ratio of the blend (Wang et al. 2020 Table 3, from Faisst et al. 2018); the whole [N II] contribution. */
  niiHaRatio: number;
  /** Its 1σ uncertainty (default 0), propagated into the Hα error. */
  niiHaRatioErr?: number;
}

/** One line ready for the likelihood. */
export interface PreparedLine {
  readonly line: NebularLine;
  readonly kind: 'measured' | 'upper-limit';
  /** Measured flux, or the upper limit. */
  readonly flux: number;
  /** 1σ error (for a limit: limit / nSigma). */
  readonly error: number;
}

/**
 * Checks the observations and returns the lines in wavelength order. A blended Hα is de-blended as
 * F(Hα) = F(blend)/(1 + r), σ² = (σ_blend/(1 + r))² + (F(blend) σ_r/(1 + r)²)², r = [N II]/Hα.
 */
export function prepareLineFluxes(observations: LineObservations, halphaBlend?: HalphaBlend): PreparedLine[] {
  const where = 'inferMetallicity';
  if (observations == null || typeof observations !== 'object') throw new InputError('bad-type', where, `lines must be an object of line fluxes`);
  const byLine: LineObservations = {};
  const keyOf = new Map<NebularLine, string>();
  for (const [key, obs] of Object.entries(observations)) {
    const line = nebularLine(key, where);
    if (keyOf.has(line)) throw new InputError('inconsistent', where, `${line} is given twice (as "${keyOf.get(line)}" and "${key}")`);
    keyOf.set(line, key);
    byLine[line] = obs;
  }
  const out: PreparedLine[] = [];
  for (const line of NEBULAR_LINES) {
    const obs = byLine[line];
    if (obs == null) continue;
    if ('upperLimit' in obs) {
      const { upperLimit, nSigma } = obs;
      if (!Number.isFinite(upperLimit) || !(upperLimit > 0)) throw new InputError('out-of-range', where, `${line} upper limit must be a finite number > 0 (got ${upperLimit})`);
      if (!Number.isFinite(nSigma) || !(nSigma > 0)) throw new InputError('out-of-range', where, `${line} nSigma must be a finite number > 0 (got ${nSigma})`);
      out.push({ line, kind: 'upper-limit', flux: upperLimit, error: upperLimit / nSigma });
      continue;
    }
    let { flux, error } = obs as MeasuredFlux;
    if (typeof flux !== 'number' || !Number.isFinite(flux)) throw new InputError('not-finite', where, `${line} flux is not a finite number (got ${flux})`);
    if (typeof error !== 'number' || !Number.isFinite(error) || !(error > 0)) throw new InputError('out-of-range', where, `${line} error must be a finite number > 0 (got ${error})`);
    if (line === 'Halpha' && halphaBlend) {
      const r = halphaBlend.niiHaRatio;
      const sr = halphaBlend.niiHaRatioErr ?? 0;
      if (!Number.isFinite(r) || r < 0) throw new InputError('out-of-range', where, `niiHaRatio must be a finite number ≥ 0 (got ${r})`);
      if (!Number.isFinite(sr) || sr < 0) throw new InputError('out-of-range', where, `niiHaRatioErr must be a finite number ≥ 0 (got ${sr})`);
      const blend = flux;
      flux = blend / (1 + r);
      error = Math.hypot(error / (1 + r), (blend * sr) / (1 + r) ** 2);
    }
    out.push({ line, kind: 'measured', flux, error });
  }
  if (halphaBlend && !out.some((p) => p.line === 'Halpha')) throw new InputError('inconsistent', where, `halphaBlend given but there is no measured Halpha flux`);
  return out;
}
