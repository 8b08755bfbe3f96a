// The paper's classification rule (Ju et al. §3.1): the BPT diagram (Kewley et al. 2001; Kauffmann et al. 2003)
// where Hβ, [O III], Hα and [N II] are all detected, else the WHAN diagram (Cid Fernandes et al. 2011), per spaxel,
// recording which diagram was used.
import { classifyBpt } from './bpt';
import { classifyWhan, WHAN_EW_ACTIVE_MIN_ANGSTROM } from './whan';
import { classifyN2Only } from './n2-only';
import { DIAGNOSTIC_CODES, DIAGNOSTIC_NAMES, SPAXEL_CLASS_CODES, SPAXEL_CLASS_NAMES, type ClassificationDiagnostic, type SpaxelClass } from './class-codes';
import { logFluxRatio, passesSnr, type LineMeasurementMaps, type MeasuredMap, type SpaxelLineMeasurements } from './line-measurements';

/** The four BPT lines; WHAN uses Hα and [N II]. */
export type BptLine = 'hb' | 'oiii5007' | 'ha' | 'nii6584';

/**
 * Default minimum S/N of Hβ, [O III] and Hα, 3: the paper states none for the classification lines (only S/N(Hα) > 10
 * and S/N(EW(Hα)) > 5 for the spaxel selection, §2.2), and S/N ≥ 3 is the convention of MaNGA/Marvin and DESI
 * (METHODS-REFERENCE §3.9.7).
 */
export const DEFAULT_CLASSIFICATION_MIN_SNR = 3;

/**
 * Default minimum S/N of [N II]6584, 0 (a positive measured flux): [N II] is the metallicity indicator itself, so a
 * detection cut on it keeps only the spaxels whose [N II] scattered up. Measured on simulated MSA-3D cubes (spaxels with
 * S/N(Hα) > 10): with S/N([N II]) > 3 the kept spaxels' 12+log(O/H) is biased by +0.09 dex at true [N II] S/N 2–3 and
 * +0.04 dex at 3–4 (all spaxels: ≤ 0.001), which flattened the recovered gradients by ≈ 40 %. A low-S/N [N II] still
 * places a spaxel reliably on the star-forming side, where its low N2 lies.
 */
export const DEFAULT_NII_CLASSIFICATION_MIN_SNR = 0;

export interface ClassifySpaxelOptions {
  /**
   * 'auto' (default): BPT when its four lines pass, else WHAN — the paper's rule. 'bpt' or 'whan': that diagram only.
   * 'n2': log([N II]/Hα) alone (classify/n2-only.ts), for spectra with neither the BPT lines nor EW(Hα).
   */
  diagnostic?: 'auto' | ClassificationDiagnostic;
  /** Minimum flux S/N (strict >) of each line used, one number for all or per line (default 3, [N II] 0: see DEFAULT_NII_CLASSIFICATION_MIN_SNR). */
  minSnr?: number | Partial<Record<BptLine, number>>;
  /**
   * Minimum S/N of EW(Hα) for WHAN (strict >; default 0 = no cut). The paper already requires S/N(EW) > 5 in its
   * spaxel selection (pass the cube fit's `selected` as `mask` to classifyMaps); a cut here would empty the passive class.
   */
  minEwSnr?: number;
}

/** One spaxel's classification and the log ratios it was read from (NaN where a flux is missing or ≤ 0). */
export interface SpaxelClassification {
  /** The class, or null when neither diagram can place the spaxel (never a guess). */
  class: SpaxelClass | null;
  /** The diagram that gave the class, null when unclassified. */
  diagnostic: ClassificationDiagnostic | null;
  /** log([N II]6584/Hα). */
  n2: number;
  /** log([O III]5007/Hβ). */
  o3: number;
  /** EW(Hα), rest-frame Å. */
  ewHaAngstrom: number;
}

interface ResolvedOptions {
  diagnostic: 'auto' | ClassificationDiagnostic;
  snrHb: number;
  snrOiii: number;
  snrHa: number;
  snrNii: number;
  minEwSnr: number;
}

function resolve(options: ClassifySpaxelOptions): ResolvedOptions {
  const diagnostic = options.diagnostic ?? 'auto';
  if (diagnostic !== 'auto' && diagnostic !== 'bpt' && diagnostic !== 'whan' && diagnostic !== 'n2') throw new Error(`classify: diagnostic must be 'auto', 'bpt', 'whan' or 'n2' (got ${diagnostic})`);
  const m = options.minSnr ?? {};
  const fallback = (line: BptLine): number => (line === 'nii6584' ? DEFAULT_NII_CLASSIFICATION_MIN_SNR : DEFAULT_CLASSIFICATION_MIN_SNR);
  const per = (line: BptLine): number => (typeof m === 'number' ? m : (m[line] ?? fallback(line)));
  const r = { diagnostic, snrHb: per('hb'), snrOiii: per('oiii5007'), snrHa: per('ha'), snrNii: per('nii6584'), minEwSnr: options.minEwSnr ?? 0 };
  for (const [k, v] of Object.entries(r)) if (k !== 'diagnostic' && !(typeof v === 'number' && v >= 0)) throw new Error(`classify: ${k} must be a number ≥ 0 (got ${v})`);
  return r;
}

/**
 * The rule on plain numbers; returns classCode · 4 + diagnosticCode (no allocation in the map loop).
 * 'n2': Hα passing its S/N, then classifyN2Only (its own [N II] detection rule). Otherwise BPT when all four lines
 * pass their S/N; else WHAN: EW(Hα) < 3 Å needs only the EW (retired, passive), EW ≥ 3 Å also needs Hα and [N II] to
 * pass their S/N (N2 decides SF vs AGN).
 */
function classifyCoded(
  ha: number, haErr: number, hb: number, hbErr: number, oiii: number, oiiiErr: number, nii: number, niiErr: number,
  ew: number, ewErr: number, o: ResolvedOptions,
): number {
  const haOk = passesSnr(ha, haErr, o.snrHa);
  if (o.diagnostic === 'n2') {
    const c = haOk ? classifyN2Only(nii, niiErr, ha) : null;
    return c === null ? 0 : SPAXEL_CLASS_CODES[c] * 4 + DIAGNOSTIC_CODES.n2;
  }
  const niiOk = passesSnr(nii, niiErr, o.snrNii);
  if (o.diagnostic !== 'whan' && haOk && niiOk && passesSnr(hb, hbErr, o.snrHb) && passesSnr(oiii, oiiiErr, o.snrOiii)) {
    const c = classifyBpt(logFluxRatio(nii, ha), logFluxRatio(oiii, hb));
    if (c !== null) return SPAXEL_CLASS_CODES[c] * 4 + DIAGNOSTIC_CODES.bpt;
  }
  if (o.diagnostic === 'bpt') return 0;
  if (!Number.isFinite(ew)) return 0;
  if (o.minEwSnr > 0 && !passesSnr(Math.abs(ew), ewErr, o.minEwSnr)) return 0;
  const n2 = ew >= WHAN_EW_ACTIVE_MIN_ANGSTROM && haOk && niiOk ? logFluxRatio(nii, ha) : NaN;
  const c = classifyWhan(n2, ew);
  return c === null ? 0 : SPAXEL_CLASS_CODES[c] * 4 + DIAGNOSTIC_CODES.whan;
}

const NONE = { value: NaN, error: NaN };

/** Classifies one spaxel by the paper's rule (see the file comment); NaN or missing inputs give a null class, never a guess. */
export function classifySpaxel(lines: SpaxelLineMeasurements, options: ClassifySpaxelOptions = {}): SpaxelClassification {
  const o = resolve(options);
  const ha = lines.ha ?? NONE;
  const hb = lines.hb ?? NONE;
  const oiii = lines.oiii5007 ?? NONE;
  const nii = lines.nii6584 ?? NONE;
  const ew = lines.ewHaAngstrom ?? NONE;
  const coded = classifyCoded(ha.value, ha.error, hb.value, hb.error, oiii.value, oiii.error, nii.value, nii.error, ew.value, ew.error, o);
  return {
    class: SPAXEL_CLASS_NAMES[coded >> 2],
    diagnostic: DIAGNOSTIC_NAMES[coded & 3],
    n2: logFluxRatio(nii.value, ha.value),
    o3: logFluxRatio(oiii.value, hb.value),
    ewHaAngstrom: ew.value,
  };
}

export interface ClassifyMapsOptions extends ClassifySpaxelOptions {
  /** Only spaxels where mask ≠ 0 are classified (e.g. the cube fit's `selected`); the rest stay unclassified. */
  mask?: Uint8Array;
}

/** Class counts over the classified region (mask), plus those left unclassified. */
export type SpaxelClassCounts = Record<SpaxelClass, number> & { unclassified: number };

/** Per-spaxel classification maps (index y·nx + x) and their summary. */
export interface ClassificationMaps {
  /** Class code per spaxel (SPAXEL_CLASS_CODES; 0 = unclassified). */
  classCode: Uint8Array;
  /** Diagnostic code per spaxel (DIAGNOSTIC_CODES: 1 = BPT, 2 = WHAN, 3 = N2 alone; 0 = none). */
  diagnosticCode: Uint8Array;
  /** log([N II]/Hα) and log([O III]/Hβ) per spaxel, for diagrams (NaN where a flux is missing or ≤ 0; no S/N cut). */
  n2: Float64Array;
  o3: Float64Array;
  /** Spaxels considered (inside the mask). */
  considered: number;
  counts: SpaxelClassCounts;
  diagnosticCounts: { bpt: number; whan: number; n2: number; none: number };
  /** The diagram that classified most spaxels (BPT, then WHAN, on a tie), null when none was classified: the galaxy's "diagnostic". */
  diagnostic: ClassificationDiagnostic | null;
}

function mapLength(maps: LineMeasurementMaps, mask: Uint8Array | undefined): number {
  let n = mask ? mask.length : -1;
  for (const [name, m] of Object.entries(maps) as [string, MeasuredMap | undefined][]) {
    if (!m) continue;
    if (m.value.length !== m.error.length) throw new Error(`classifyMaps: '${name}' value and error maps differ in length (${m.value.length} vs ${m.error.length})`);
    if (n === -1) n = m.value.length;
    else if (m.value.length !== n) throw new Error(`classifyMaps: '${name}' has ${m.value.length} spaxels, expected ${n}`);
  }
  if (n === -1) throw new Error('classifyMaps: no line maps given');
  return n;
}

/** Classifies every spaxel of line-flux maps by the paper's rule (classifySpaxel), returning code maps and counts. */
export function classifyMaps(maps: LineMeasurementMaps, options: ClassifyMapsOptions = {}): ClassificationMaps {
  const o = resolve(options);
  const n = mapLength(maps, options.mask);
  const nan = new Float64Array(n).fill(NaN);
  const v = (m: MeasuredMap | undefined) => (m ? m.value : nan);
  const e = (m: MeasuredMap | undefined) => (m ? m.error : nan);
  const [ha, haE, hb, hbE, oiii, oiiiE, nii, niiE, ew, ewE] = [
    v(maps.ha), e(maps.ha), v(maps.hb), e(maps.hb), v(maps.oiii5007), e(maps.oiii5007), v(maps.nii6584), e(maps.nii6584), v(maps.ewHaAngstrom), e(maps.ewHaAngstrom),
  ];
  const classCode = new Uint8Array(n);
  const diagnosticCode = new Uint8Array(n);
  const n2 = new Float64Array(n);
  const o3 = new Float64Array(n);
  const classTally = new Float64Array(SPAXEL_CLASS_NAMES.length);
  const diagTally = new Float64Array(DIAGNOSTIC_NAMES.length);
  let considered = 0;
  for (let i = 0; i < n; i++) {
    n2[i] = logFluxRatio(nii[i], ha[i]);
    o3[i] = logFluxRatio(oiii[i], hb[i]);
    if (options.mask && options.mask[i] === 0) continue;
    considered++;
    const coded = classifyCoded(ha[i], haE[i], hb[i], hbE[i], oiii[i], oiiiE[i], nii[i], niiE[i], ew[i], ewE[i], o);
    classCode[i] = coded >> 2;
    diagnosticCode[i] = coded & 3;
    classTally[coded >> 2]++;
    diagTally[coded & 3]++;
  }
  const counts = { unclassified: classTally[0] } as SpaxelClassCounts;
  for (let c = 1; c < SPAXEL_CLASS_NAMES.length; c++) counts[SPAXEL_CLASS_NAMES[c] as SpaxelClass] = classTally[c];
  const diagnosticCounts = { bpt: diagTally[DIAGNOSTIC_CODES.bpt], whan: diagTally[DIAGNOSTIC_CODES.whan], n2: diagTally[DIAGNOSTIC_CODES.n2], none: diagTally[0] };
  let diagnostic: ClassificationDiagnostic | null = null;
  for (const d of ['bpt', 'whan', 'n2'] as const) if (diagnosticCounts[d] > 0 && (diagnostic === null || diagnosticCounts[d] > diagnosticCounts[diagnostic])) diagnostic = d;
  return { classCode, diagnosticCode, n2, o3, considered, counts, diagnosticCounts, diagnostic };
}
