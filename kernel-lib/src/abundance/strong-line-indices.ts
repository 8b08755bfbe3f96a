// The strong-line indices N2, O3N2 and N2S2Hα from measured fluxes, with 1σ errors propagated analytically (first-order
// Taylor expansion, independent flux errors): for I = Σ cₖ log10 Fₖ, δI = (1/ln 10)·sqrt(Σ (cₖ δFₖ/Fₖ)²).
import { STRONG_LINES, type LineMeasurementMaps, type MeasuredMap, type MeasuredValue, type SpaxelLineMeasurements, type StrongLine } from '../classify/line-measurements';

/** The index a calibration reads. */
export type StrongLineIndex = 'n2' | 'o3n2' | 'n2s2ha';

/** The fluxes each index needs, in the order the index kernels read them. */
export const STRONG_LINE_INDEX_LINES: Readonly<Record<StrongLineIndex, readonly StrongLine[]>> = Object.freeze({
  n2: ['nii6584', 'ha'],
  o3n2: ['oiii5007', 'hb', 'nii6584', 'ha'],
  n2s2ha: ['nii6584', 'sii6717', 'sii6731', 'ha'],
});

const LN10 = Math.LN10;

/**
 * Writes [value, error] of the index into out from fluxes f and errors e (order: STRONG_LINE_INDEX_LINES[kind]).
 * Value NaN unless every flux is finite and > 0; error NaN unless every error is finite and ≥ 0.
 */
function indexKernel(kind: StrongLineIndex, f: ArrayLike<number>, e: ArrayLike<number>, out: Float64Array): void {
  let fluxesOk = true;
  let errorsOk = true;
  for (let k = 0; k < f.length; k++) {
    if (!(f[k] > 0) || !Number.isFinite(f[k])) fluxesOk = false;
    if (!(e[k] >= 0) || !Number.isFinite(e[k])) errorsOk = false;
  }
  if (!fluxesOk) {
    out[0] = NaN;
    out[1] = NaN;
    return;
  }
  let value: number;
  let sumSq: number;
  if (kind === 'n2') {
    // N2 = log([N II]6584/Hα) (Storchi-Bergmann et al. 1994; Pettini & Pagel 2004 §3).
    const [nii, ha] = [f[0], f[1]];
    value = Math.log10(nii / ha);
    sumSq = (e[0] / nii) ** 2 + (e[1] / ha) ** 2;
  } else if (kind === 'o3n2') {
    // O3N2 = log(([O III]5007/Hβ)/([N II]6584/Hα)) (Alloin et al. 1979; Pettini & Pagel 2004 eq. 3).
    const [oiii, hb, nii, ha] = [f[0], f[1], f[2], f[3]];
    value = Math.log10(oiii / hb) - Math.log10(nii / ha);
    sumSq = (e[0] / oiii) ** 2 + (e[1] / hb) ** 2 + (e[2] / nii) ** 2 + (e[3] / ha) ** 2;
  } else {
    // y = log([N II]6584/([S II]6717+6731)) + 0.264 log([N II]6584/Hα) (Dopita et al. 2016 eq. 1); [N II] enters
    // both terms, so its coefficient is 1.264 in the error (the two terms are not independent).
    const [nii, s1, s2, ha] = [f[0], f[1], f[2], f[3]];
    const sii = s1 + s2;
    value = Math.log10(nii / sii) + 0.264 * Math.log10(nii / ha);
    sumSq = ((1.264 * e[0]) / nii) ** 2 + (e[1] ** 2 + e[2] ** 2) / sii ** 2 + ((0.264 * e[3]) / ha) ** 2;
  }
  out[0] = value;
  out[1] = errorsOk ? Math.sqrt(sumSq) / LN10 : NaN;
}

/** The index of one spaxel and its 1σ error (NaN when a needed line is missing, ≤ 0 or has no error). */
export function strongLineIndex(kind: StrongLineIndex, lines: SpaxelLineMeasurements): MeasuredValue {
  const names = STRONG_LINE_INDEX_LINES[kind];
  if (!names) throw new Error(`strongLineIndex: unknown index '${kind}' (known: n2, o3n2, n2s2ha)`);
  const f = names.map((l) => lines[l]?.value ?? NaN);
  const e = names.map((l) => lines[l]?.error ?? NaN);
  const out = new Float64Array(2);
  indexKernel(kind, f, e, out);
  return { value: out[0], error: out[1] };
}

/** The index over maps: value and error per spaxel (NaN where a needed line is missing or ≤ 0). */
export function strongLineIndexMap(kind: StrongLineIndex, maps: LineMeasurementMaps): MeasuredMap {
  const names = STRONG_LINE_INDEX_LINES[kind];
  if (!names) throw new Error(`strongLineIndexMap: unknown index '${kind}' (known: n2, o3n2, n2s2ha)`);
  let n = -1;
  for (const l of STRONG_LINES) {
    const m = maps[l];
    if (!m) continue;
    if (m.value.length !== m.error.length) throw new Error(`strongLineIndexMap: '${l}' value and error maps differ in length`);
    if (n === -1) n = m.value.length;
    else if (m.value.length !== n) throw new Error(`strongLineIndexMap: '${l}' has ${m.value.length} spaxels, expected ${n}`);
  }
  if (n === -1) throw new Error('strongLineIndexMap: no line maps given');
  const value = new Float64Array(n).fill(NaN);
  const error = new Float64Array(n).fill(NaN);
  const used = names.map((l) => maps[l]);
  if (used.some((m) => !m)) return { value, error }; // a needed line was not measured at all
  const f = new Float64Array(names.length);
  const e = new Float64Array(names.length);
  const out = new Float64Array(2);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < used.length; k++) {
      f[k] = used[k]!.value[i];
      e[k] = used[k]!.error[i];
    }
    indexKernel(kind, f, e, out);
    value[i] = out[0];
    error[i] = out[1];
  }
  return { value, error };
}
