// The NIRSpec NRS1/NRS2 detector gap and the ends of the spectral coverage of a simulated cube: channels there are NaN.
//
// Where the gap falls (evidence, not a quoted instrument table):
// - Ju et al. §2.2: for ID8365 (z = 1.68) "the chip gap occurs near 1.4 µm (rest ~5223 Å)", i.e. 5223 × 2.68 = 1.3998 µm.
// - Ju et al. §4.2.1: for ID9960 (z = 1.51) Hβ and [O III] "both fall within the chip gap": Hβ at 4862.68 × 2.51 =
//   1.2205 µm and [O III]5007 at 5008.24 × 2.51 = 1.2571 µm. So for that galaxy the gap sits near 1.24 µm, not 1.4 µm,
//   and it is at least 0.037 µm wide.
// - Both are right: in MSA spectroscopy the wavelength falling on the gap moves with the shutter's column in the MSA
//   (msaexp documentation, "Detector gaps for MSA planning", Brammer; its G140M/F100LP detector-gap coefficients put the
//   NRS1 red limit roughly between 0.8 and 1.4 µm depending on the MSA column, i.e. ≈ 0.2 µm at G140H's 2.7× finer
//   dispersion). Galaxies at different MSA positions lose different wavelengths.
// - Width: the NRS1–NRS2 gap is ≈ 160–180 detector pixels (≈ 0.09–0.10 µm for G140M in msaexp's detector-gap
//   coefficients, at ≈ 6 Å/pixel), i.e. ≈ 0.04 µm at G140H's 2.35 Å/pixel; 0.042 µm keeps ID9960's Hβ and [O III]5007
//   inside with a ≈ 27 Å margin on each side. We adopt 0.042 µm.
// - Table 1's "lines observed" column is reproduced, for all 25 galaxies with gradients, by one 0.042-µm gap centred
//   between 1.105 and 1.525 µm (see placeDetectorGap; 1.40 µm when nothing requires otherwise) plus, for three galaxies
//   at z ≈ 1, a blue limit of the coverage raised to 0.978–0.993 µm (the blue edge also moves with the MSA position).
//   The spread of gap positions this needs (≈ 0.4 µm) is larger than the ≈ 0.2 µm estimated above: treat the
//   placement as a device to reproduce the paper's line coverage, not as an instrument model.
import { EMISSION_LINES, type LineName } from '../lines/emission-lines';
import { SIMULATED_LINES } from './line-ratios';

/** Width of the NaN gap, µm (see the file comment for the reasoning). */
export const DETECTOR_GAP_WIDTH_MICRON = 0.042;
/** Nominal gap centre, µm: where the paper puts it for ID8365 ("near 1.4 µm", rest 5223 Å at z = 1.68). */
export const NOMINAL_DETECTOR_GAP_CENTRE_MICRON = 1.4;
/** Range of gap centres the preset search may use, µm: the spread Table 1 requires (1.10–1.62 over all 43 galaxies). */
export const DETECTOR_GAP_CENTRE_RANGE_MICRON: readonly [number, number] = Object.freeze([1.05, 1.65]) as readonly [number, number];
/** A line listed as observed must stay this far (µm) outside the gap: 25 Å ≈ 3σ of a line plus ±250 km/s of rotation. */
export const GAP_CLEARANCE_MICRON = 0.0025;
/** A line counted as lost must have its centre this far (µm) inside the gap or beyond a coverage end. */
export const GAP_INSIDE_MARGIN_MICRON = 0.001;

/** The gap [low, high] in µm centred on `centreMicron`, of the adopted width. */
export function detectorGapAt(centreMicron: number, widthMicron = DETECTOR_GAP_WIDTH_MICRON): [number, number] {
  return [centreMicron - widthMicron / 2, centreMicron + widthMicron / 2];
}

/** The nominal gap, [1.379, 1.421] µm. */
export function nominalDetectorGap(): [number, number] {
  return detectorGapAt(NOMINAL_DETECTOR_GAP_CENTRE_MICRON);
}

/** 1 for each channel that is NaN in a cube: inside the gap, or outside the coverage [low, high] (µm). */
export function unusableChannelMask(wavelengthAngstrom: Float64Array, gapMicron: readonly [number, number] | null, coverageMicron: readonly [number, number]): Uint8Array {
  const mask = new Uint8Array(wavelengthAngstrom.length);
  for (let k = 0; k < wavelengthAngstrom.length; k++) {
    const um = wavelengthAngstrom[k] * 1e-4;
    const inGap = gapMicron !== null && um >= gapMicron[0] && um <= gapMicron[1];
    mask[k] = inGap || um < coverageMicron[0] || um > coverageMicron[1] ? 1 : 0;
  }
  return mask;
}

/** Where a line at observed wavelength λ (µm) ends up: 'covered', 'gap', or 'outside' the coverage. */
export function lineCoverage(observedMicron: number, gapMicron: readonly [number, number] | null, coverageMicron: readonly [number, number]): 'covered' | 'gap' | 'outside' {
  if (observedMicron < coverageMicron[0] || observedMicron > coverageMicron[1]) return 'outside';
  if (gapMicron !== null && observedMicron >= gapMicron[0] && observedMicron <= gapMicron[1]) return 'gap';
  return 'covered';
}

/**
 * Lines named in Table 1's "lines observed" column (e.g. 'Ha,[NII],[SII],Hb,[OIII]$\lambda$4959'). Forbidden lines
 * mean both members of the doublet unless a wavelength is given (Table 1, note b).
 */
export function parseObservedLines(text: string): Set<LineName> {
  const set = new Set<LineName>();
  if (/(^|,)\s*(Ha|H\s*\$?\s*\\alpha\s*\$?)\s*(,|$)/.test(text)) set.add('ha');
  if (/\[NII\]/.test(text)) { set.add('nii6584'); set.add('nii6548'); }
  if (/\[SII\]/.test(text)) { set.add('sii6717'); set.add('sii6731'); }
  if (/(^|,)\s*(Hb|H\s*\$?\s*\\beta\s*\$?)\s*(,|$)/.test(text)) set.add('hb');
  if (/\[OIII\]\s*\$?\\?lambda\$?\s*4959/.test(text)) set.add('oiii4959');
  else if (/\[OIII\]\s*\$?\\?lambda\$?\s*5007/.test(text)) set.add('oiii5007');
  else if (/\[OIII\]/.test(text)) { set.add('oiii4959'); set.add('oiii5007'); }
  return set;
}

/** Result of placing the gap and coverage ends for one galaxy. */
export interface GapPlacement {
  gapMicron: [number, number];
  coverageMicron: [number, number];
  /** Lines inside the nominal coverage that Table 1 does not list, and where they went. */
  lost: Partial<Record<LineName, 'gap' | 'outside'>>;
  /** Lines Table 1 omits that no placement explains (injected anyway; the caller may zero them). */
  unexplained: LineName[];
  /** One-sentence account of the placement. */
  note: string;
}

/**
 * Places the 0.042-µm gap for a galaxy at redshift z so that the lines Table 1 lists stay ≥ 25 Å outside it and as
 * many as possible of the covered lines it does not list fall inside (≥ 10 Å from the edges; ≥ 25 Å preferred), then
 * preferring the centre nearest the nominal 1.40 µm (search step 0.5 nm over 1.05–1.65 µm). Unlisted lines within 0.03 µm of a coverage end are then cut by moving that
 * end just past them. This reproduces the Table 1 column; it is not an instrument model.
 */
export function placeDetectorGap(z: number, observed: ReadonlySet<LineName>, baseCoverageMicron: readonly [number, number] = [0.97, 1.82]): GapPlacement {
  const obs = (name: LineName) => (EMISSION_LINES[name].restWavelengthAngstrom * (1 + z)) / 1e4;
  const inBase = SIMULATED_LINES.filter((n) => obs(n) >= baseCoverageMicron[0] && obs(n) <= baseCoverageMicron[1]);
  const listed = inBase.filter((n) => observed.has(n));
  const unlisted = inBase.filter((n) => !observed.has(n));
  // score: unlisted lines inside with the full clearance, then inside with the small margin, then nearness to 1.40 µm
  let best: { centre: number; deep: number; inside: number; distance: number } | null = null;
  const [lo, hi] = DETECTOR_GAP_CENTRE_RANGE_MICRON;
  for (let step = 0; lo + step * 0.0005 <= hi + 1e-12; step++) {
    const centre = Math.round((lo + step * 0.0005) * 1e4) / 1e4;
    const [g0, g1] = detectorGapAt(centre);
    if (listed.some((n) => obs(n) > g0 - GAP_CLEARANCE_MICRON && obs(n) < g1 + GAP_CLEARANCE_MICRON)) continue;
    const deep = unlisted.filter((n) => obs(n) > g0 + GAP_CLEARANCE_MICRON && obs(n) < g1 - GAP_CLEARANCE_MICRON).length;
    const inside = unlisted.filter((n) => obs(n) > g0 + GAP_INSIDE_MARGIN_MICRON && obs(n) < g1 - GAP_INSIDE_MARGIN_MICRON).length;
    const distance = Math.abs(centre - NOMINAL_DETECTOR_GAP_CENTRE_MICRON);
    const better = !best || inside > best.inside || (inside === best.inside && (deep > best.deep || (deep === best.deep && distance < best.distance - 1e-12)));
    if (better) best = { centre, deep, inside, distance };
  }
  const gapMicron = best ? detectorGapAt(best.centre) : nominalDetectorGap();
  const coverageMicron: [number, number] = [baseCoverageMicron[0], baseCoverageMicron[1]];
  const lost: Partial<Record<LineName, 'gap' | 'outside'>> = {};
  const unexplained: LineName[] = [];
  const edgeReach = 0.03;
  for (const n of unlisted) {
    const um = obs(n);
    if (um > gapMicron[0] + GAP_INSIDE_MARGIN_MICRON && um < gapMicron[1] - GAP_INSIDE_MARGIN_MICRON) lost[n] = 'gap';
    else if (um - baseCoverageMicron[0] < edgeReach && !listed.some((m) => obs(m) < um + GAP_CLEARANCE_MICRON)) {
      coverageMicron[0] = Math.max(coverageMicron[0], Math.ceil((um + GAP_INSIDE_MARGIN_MICRON) * 1e4) / 1e4);
      lost[n] = 'outside';
    } else if (baseCoverageMicron[1] - um < edgeReach && !listed.some((m) => obs(m) > um - GAP_CLEARANCE_MICRON)) {
      coverageMicron[1] = Math.min(coverageMicron[1], Math.floor((um - GAP_INSIDE_MARGIN_MICRON) * 1e4) / 1e4);
      lost[n] = 'outside';
    } else unexplained.push(n);
  }
  const parts = [`gap ${gapMicron[0].toFixed(4)}–${gapMicron[1].toFixed(4)} µm`];
  const inGap = Object.keys(lost).filter((n) => lost[n as LineName] === 'gap');
  if (inGap.length > 0) parts.push(`holding ${inGap.join(', ')}`);
  if (coverageMicron[0] !== baseCoverageMicron[0] || coverageMicron[1] !== baseCoverageMicron[1]) {
    parts.push(`coverage ${coverageMicron[0]}–${coverageMicron[1]} µm`);
  }
  if (unexplained.length > 0) parts.push(`unexplained by gap or coverage: ${unexplained.join(', ')}`);
  return { gapMicron, coverageMicron, lost, unexplained, note: parts.join('; ') };
}
