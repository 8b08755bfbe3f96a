// The static layout of a spectrum fit on one wavelength grid (Ju et al., MSA-3D §2.2): each window's pixel range and
// reference wavelength, each line's systemic centre, instrumental σ, width floor, core pixels and doublet tie, and the
// reference line — computed once per fitter, read by every fit.
//
// Indices: `pixel` indexes the wavelength grid, `win` the windows, `line` the lines (window by window, in the windows'
// order); per-line arrays are named line…, per-window arrays window….
import { SPEED_OF_LIGHT_KMS } from '../constants/physical';
import { vacuumToAir } from '../lines/air-vacuum';
import type { FitSettings } from './fit-options';
import type { FitWindow } from './windows';
import { InputError } from '../errors/input-error';
import { BALMER_LINES, WING_HALF_WIDTH_REST_ANGSTROM } from './stellar-absorption';
import { localContinuumSegments } from './local-continua';

const C = SPEED_OF_LIGHT_KMS;

/** Everything about a fit that does not depend on the spectrum's values. */
export interface FitLayout {
  readonly settings: FitSettings;
  /** The grid, Å (increasing), copied. */
  readonly wavelengthAngstrom: Float64Array;
  readonly nPixels: number;
  readonly windows: readonly FitWindow[];
  readonly nWindows: number;
  /** Grid pixels [windowPixelStart, windowPixelEnd) of each window's observed range. */
  readonly windowPixelStart: Int32Array;
  readonly windowPixelEnd: Int32Array;
  /**
   * Grid pixels [windowWidePixelStart, windowWidePixelEnd) of each window when its stellar absorption is on: the window
   * widened to ±WING_HALF_WIDTH_REST_ANGSTROM about each of its Balmer lines (equal to the window's own range when
   * stellarAbsorption is 'off' or the window has no Balmer line).
   */
  readonly windowWidePixelStart: Int32Array;
  readonly windowWidePixelEnd: Int32Array;
  /** The Balmer lines of each window that carry a stellar absorption trough (none when stellarAbsorption is 'off'). */
  readonly windowAbsorberLines: readonly (readonly number[])[];
  /**
   * The continuum segments of each window when its stellar absorption is on (local-continua.ts): the segment of grid
   * pixel p of the widened range at windowPixelSegmentOn[win][p − windowWidePixelStart[win]] (0 the base), each
   * segment's λ_ref windowSegmentReferenceOn[win][k] (the mean wavelength of its pixels); one segment for a window
   * without an absorber. lineSegmentOn: each line's segment.
   */
  readonly windowPixelSegmentOn: readonly Int32Array[];
  readonly windowSegmentReferenceOn: readonly Float64Array[];
  readonly lineSegmentOn: Int32Array;
  /** The most segments of any window. */
  readonly maxSegments: number;
  /** λ_ref of each window's continuum c0 + c1 (λ − λ_ref): the mean wavelength of its pixels, Å. */
  readonly windowReferenceAngstrom: Float64Array;
  /** Each window's observed range, Å (the spectrum's medium), whether or not the grid covers it. */
  readonly windowObservedRangeAngstrom: readonly (readonly [number, number])[];
  /** Σ over windows of their (widened) pixel counts: the length of the good-pixel lists. */
  readonly windowPixelTotal: number;
  readonly nLines: number;
  readonly lineNames: readonly string[];
  readonly lineLabels: readonly string[];
  readonly lineRestAngstrom: readonly number[];
  /** Window of each line. */
  readonly lineWindow: Int32Array;
  /** Width group of each line (fit-options.ts lineWidths): 0 a Balmer line (BALMER_LINES), 1 any other. */
  readonly lineWidthGroup: Uint8Array;
  /** Systemic observed centre λ_rest (1 + z), in the spectrum's medium, Å. */
  readonly lineSystemicAngstrom: Float64Array;
  /** σ_inst at the line, km/s, and its square. */
  readonly lineInstrumentalKms: Float64Array;
  readonly lineInstrumental2: Float64Array;
  /** Square of the line's σ_obs floor, max(minObservedSigmaFraction σ_inst, minObservedSigmaKms)², (km/s)². */
  readonly lineFloor2: Float64Array;
  /** 1 when the systemic centre lies within its window's pixels. */
  readonly lineCovered: Uint8Array;
  /** Grid pixels [lineCorePixelStart, lineCorePixelEnd) within ±lineCoreKms of the systemic centre. */
  readonly lineCorePixelStart: Int32Array;
  readonly lineCorePixelEnd: Int32Array;
  /** The line this one's flux is tied to by a doublet ratio (−1: none), and flux = parent's × lineTieScale. */
  readonly lineTieParent: Int32Array;
  readonly lineTieScale: Float64Array;
  /** 1 for grid pixels within velocitySearchKms + 300 km/s of a line of their window: left out of the continuum guess. */
  readonly pixelNearLine: Uint8Array;
  /** The reference line (its index and name) and its window. */
  readonly referenceLine: number;
  readonly referenceLineName: string;
  readonly referenceWindow: number;
  readonly systemicByName: Readonly<Record<string, number>>;
  readonly instrumentalByName: Readonly<Record<string, number>>;
}

/** Lays out windows and lines on the grid; throws on a bad grid, overlapping 'joint' windows, a bad doublet or reference. */
export function createFitLayout(wavelengthAngstrom: ArrayLike<number>, settings: FitSettings): FitLayout {
  const z = settings.redshift;
  const lam = Float64Array.from(wavelengthAngstrom);
  const n = lam.length;
  if (n < 2) throw new InputError('too-few', 'createSpectrumFitter', 'need at least 2 wavelengths');
  for (let pixel = 0; pixel < n; pixel++) {
    if (!Number.isFinite(lam[pixel]) || (pixel > 0 && !(lam[pixel] > lam[pixel - 1]))) {
      throw new InputError('not-finite', 'createSpectrumFitter', `wavelengths must be finite and strictly increasing (index ${pixel})`);
    }
  }
  const windows = settings.windows;
  const toMedium = settings.medium === 'air' ? vacuumToAir : (x: number) => x;

  // windows
  const W = windows.length;
  const windowPixelStart = new Int32Array(W);
  const windowPixelEnd = new Int32Array(W);
  const windowReferenceAngstrom = new Float64Array(W);
  const windowObservedRangeAngstrom: [number, number][] = [];
  let windowPixelTotal = 0;
  for (let win = 0; win < W; win++) {
    const [lo, hi] = windows[win].restRangeAngstrom;
    const obsLo = toMedium(lo * (1 + z));
    const obsHi = toMedium(hi * (1 + z));
    windowObservedRangeAngstrom.push([obsLo, obsHi]);
    let start = 0;
    while (start < n && lam[start] < obsLo) start++;
    let end = start;
    while (end < n && lam[end] <= obsHi) end++;
    windowPixelStart[win] = start;
    windowPixelEnd[win] = end;
    let sum = 0;
    for (let pixel = start; pixel < end; pixel++) sum += lam[pixel];
    windowReferenceAngstrom[win] = end > start ? sum / (end - start) : 0.5 * (obsLo + obsHi);
  }
  if (settings.kinematics === 'joint') {
    for (let win = 0; win < W; win++) {
      for (let other = win + 1; other < W; other++) {
        if (windowPixelStart[win] < windowPixelEnd[other] && windowPixelStart[other] < windowPixelEnd[win]) {
          throw new InputError('inconsistent', 'createSpectrumFitter', `windows '${windows[win].name}' and '${windows[other].name}' overlap; 'joint' needs disjoint windows`);
        }
      }
    }
  }

  // lines
  const lineNames: string[] = [];
  const lineLabels: string[] = [];
  const lineRestAngstrom: number[] = [];
  const lineWindowList: number[] = [];
  for (let win = 0; win < W; win++) {
    for (const line of windows[win].lines) {
      if (lineNames.includes(line.name)) throw new InputError('inconsistent', 'createSpectrumFitter', `line '${line.name}' is in two windows`);
      lineNames.push(line.name);
      lineLabels.push(line.label);
      lineRestAngstrom.push(line.restWavelengthAngstrom);
      lineWindowList.push(win);
    }
  }
  const L = lineNames.length;
  const lineWindow = Int32Array.from(lineWindowList);
  const lineWidthGroup = Uint8Array.from(lineNames, (name) => (BALMER_LINES.includes(name) ? 0 : 1));
  const lineSystemicAngstrom = new Float64Array(L);
  const lineInstrumentalKms = new Float64Array(L);
  const lineInstrumental2 = new Float64Array(L);
  const lineFloor2 = new Float64Array(L);
  const lineCovered = new Uint8Array(L);
  const lineCorePixelStart = new Int32Array(L);
  const lineCorePixelEnd = new Int32Array(L);
  const lineTieParent = new Int32Array(L).fill(-1);
  const lineTieScale = new Float64Array(L).fill(1);
  const systemicByName: Record<string, number> = {};
  const instrumentalByName: Record<string, number> = {};
  for (let line = 0; line < L; line++) {
    const sys = toMedium(lineRestAngstrom[line] * (1 + z));
    lineSystemicAngstrom[line] = sys;
    const inst = settings.instrument(sys);
    if (!(inst >= 0)) throw new InputError('out-of-range', 'createSpectrumFitter', `instrumental σ at ${sys} Å is ${inst}`);
    lineInstrumentalKms[line] = inst;
    lineInstrumental2[line] = inst * inst;
    const floor = Math.max(settings.minObservedSigmaFraction * inst, settings.minObservedSigmaKms);
    lineFloor2[line] = floor * floor;
    const win = lineWindow[line];
    const winStart = windowPixelStart[win];
    const winEnd = windowPixelEnd[win];
    // Covered: the systemic centre lies within the pixels of its window (so within the spectrum's range).
    lineCovered[line] = winEnd > winStart && sys >= lam[winStart] && sys <= lam[winEnd - 1] ? 1 : 0;
    const half = (sys * settings.lineCoreKms) / C;
    let start = winStart;
    while (start < winEnd && lam[start] < sys - half) start++;
    let end = start;
    while (end < winEnd && lam[end] <= sys + half) end++;
    lineCorePixelStart[line] = start;
    lineCorePixelEnd[line] = end;
    systemicByName[lineNames[line]] = sys;
    instrumentalByName[lineNames[line]] = inst;
  }
  for (const d of settings.doublets) {
    const strong = lineNames.indexOf(d.strong);
    const weak = lineNames.indexOf(d.weak);
    if (strong < 0 || weak < 0) continue; // a doublet whose lines are not fitted here is ignored
    if (lineWindow[strong] !== lineWindow[weak]) throw new InputError('inconsistent', 'createSpectrumFitter', `doublet ${d.strong}/${d.weak} spans two windows`);
    if (!(d.ratio > 0)) throw new InputError('out-of-range', 'createSpectrumFitter', `doublet ratio ${d.strong}/${d.weak} must be > 0`);
    if (lineTieParent[strong] >= 0 || lineTieParent[weak] >= 0) throw new InputError('inconsistent', 'createSpectrumFitter', `chained doublet ties are not supported`);
    lineTieParent[weak] = strong;
    lineTieScale[weak] = 1 / d.ratio;
  }
  // stellar absorption: the Balmer lines of each window and the window widened about them
  const windowWidePixelStart = Int32Array.from(windowPixelStart);
  const windowWidePixelEnd = Int32Array.from(windowPixelEnd);
  const windowAbsorberLines: number[][] = Array.from({ length: W }, () => []);
  if (settings.stellarAbsorption !== 'off') {
    for (let line = 0; line < L; line++) {
      if (!BALMER_LINES.includes(lineNames[line]) || !lineCovered[line]) continue;
      const win = lineWindow[line];
      windowAbsorberLines[win].push(line);
      const half = WING_HALF_WIDTH_REST_ANGSTROM * (1 + z);
      let start = windowWidePixelStart[win];
      while (start > 0 && lam[start - 1] >= lineSystemicAngstrom[line] - half) start--;
      let end = windowWidePixelEnd[win];
      while (end < n && lam[end] <= lineSystemicAngstrom[line] + half) end++;
      windowWidePixelStart[win] = start;
      windowWidePixelEnd[win] = end;
    }
  }
  for (let win = 0; win < W; win++) windowPixelTotal += windowWidePixelEnd[win] - windowWidePixelStart[win];
  // local continua per line group where the absorption is on
  const windowPixelSegmentOn: Int32Array[] = [];
  const windowSegmentReferenceOn: Float64Array[] = [];
  const lineSegmentOn = new Int32Array(L);
  let maxSegments = 1;
  for (let win = 0; win < W; win++) {
    const members: number[] = [];
    for (let line = 0; line < L; line++) if (lineWindow[line] === win) members.push(line);
    const wideStart = windowWidePixelStart[win];
    const wideEnd = windowWidePixelEnd[win];
    const { pixelSegment, lineSegment, nSegments } =
      windowAbsorberLines[win].length > 0
        ? localContinuumSegments(
            lam,
            wideStart,
            wideEnd,
            members.map((l) => lineRestAngstrom[l]),
            members.map((l) => lineSystemicAngstrom[l]),
            members.map((l) => windowAbsorberLines[win].includes(l)),
          )
        : { pixelSegment: new Int32Array(wideEnd - wideStart), lineSegment: new Int32Array(members.length), nSegments: 1 };
    members.forEach((line, k) => (lineSegmentOn[line] = lineSegment[k]));
    const sums = new Float64Array(nSegments);
    const counts = new Float64Array(nSegments);
    for (let pixel = wideStart; pixel < wideEnd; pixel++) {
      sums[pixelSegment[pixel - wideStart]] += lam[pixel];
      counts[pixelSegment[pixel - wideStart]]++;
    }
    const refs = Float64Array.from(sums, (sum, seg) => (counts[seg] > 0 ? sum / counts[seg] : windowReferenceAngstrom[win]));
    if (nSegments === 1) refs[0] = windowReferenceAngstrom[win];
    windowPixelSegmentOn.push(pixelSegment);
    windowSegmentReferenceOn.push(refs);
    maxSegments = Math.max(maxSegments, nSegments);
  }
  // pixels within velocitySearchKms + 300 km/s of a line's systemic centre: left out of the continuum guess
  const pixelNearLine = new Uint8Array(n);
  for (let line = 0; line < L; line++) {
    const half = (lineSystemicAngstrom[line] * (settings.velocitySearchKms + 300)) / C;
    const win = lineWindow[line];
    for (let pixel = windowWidePixelStart[win]; pixel < windowWidePixelEnd[win]; pixel++) {
      if (Math.abs(lam[pixel] - lineSystemicAngstrom[line]) < half) pixelNearLine[pixel] = 1;
    }
  }
  const referenceName = settings.referenceLine ?? (lineNames.includes('ha') ? 'ha' : lineNames[0]);
  const referenceLine = lineNames.indexOf(referenceName);
  if (referenceLine < 0) throw new InputError('inconsistent', 'createSpectrumFitter', `reference line '${referenceName}' is not in any window`);

  return {
    settings,
    wavelengthAngstrom: lam,
    nPixels: n,
    windows,
    nWindows: W,
    windowPixelStart,
    windowPixelEnd,
    windowWidePixelStart,
    windowWidePixelEnd,
    windowAbsorberLines,
    windowPixelSegmentOn,
    windowSegmentReferenceOn,
    lineSegmentOn,
    maxSegments,
    windowReferenceAngstrom,
    windowObservedRangeAngstrom,
    windowPixelTotal,
    nLines: L,
    lineNames,
    lineLabels,
    lineRestAngstrom,
    lineWindow,
    lineWidthGroup,
    lineSystemicAngstrom,
    lineInstrumentalKms,
    lineInstrumental2,
    lineFloor2,
    lineCovered,
    lineCorePixelStart,
    lineCorePixelEnd,
    lineTieParent,
    lineTieScale,
    pixelNearLine,
    referenceLine,
    referenceLineName: lineNames[referenceLine],
    referenceWindow: lineWindow[referenceLine],
    systemicByName,
    instrumentalByName,
  };
}
