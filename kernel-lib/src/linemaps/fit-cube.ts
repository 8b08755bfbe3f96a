// fitCube: the emission-line fit of every spaxel of a cube (Ju et al. §2.2), on all cores through worker_threads,
// giving one map per quantity and the paper's spaxel selection, S/N(Hα flux) > 10 and S/N(Hα EW) > 5.
import * as os from 'node:os';
import { createCubeRowBuffers, openCubeReader, type Cube, type CubeInfo, type ReadCubeOptions } from '../io/cube';
import { spatialWcsFromHeader, type SpatialWcs } from '../io/wcs';
import { FLUX_UNIT_1E20, isMegajanskyPerSteradian, megajanskyPerSteradianToErgFactor, scaledErgDensityTo1e20 } from '../io/units';
import type { ProgressFactory } from '../progress';
import type { ProvenanceRecord } from '../provenance';
import { SPECTRUM_FITTER_DEFAULTS } from '../spectra/fit-options';
import { describeStellarAbsorption } from '../spectra/stellar-absorption';
import { describeLineWidths } from '../spectra/fit-stage';
import { MSA3D_WINDOWS, type FitWindow } from '../spectra/windows';
import { runCubeFitJob, describeInstrument, type CubeFitJob, type InstrumentSpec, type PlainFitterOptions } from './cube-fit-job';
import { resolveCubeFitInputs } from './cube-fit-inputs';
import { quantityNames } from './quantities';
import { runOnWorkers } from './worker-pool';
import { checkFiniteNumber, checkInteger, checkOneOf } from '../errors/check-options';
import { checkLinesInCube, placeLines } from './line-coverage';
import { InputError } from '../errors/input-error';

/** Fluxes are fitted and reported in units of 1e-20 erg/s/cm² per spaxel when the cube's unit allows it (io/units.ts). */
export { FLUX_UNIT_1E20 };

export interface SpaxelSelection {
  /** Minimum S/N of the reference line's flux (default 10, the paper's). */
  minFluxSnr: number;
  /** Minimum S/N of its rest-frame EW (default 5, the paper's); null for no EW cut (continuum-subtracted cubes). */
  minEwSnr: number | null;
  /** The line the cut applies to (default 'ha'). */
  line: string;
}

export interface FitCubeOptions extends Omit<PlainFitterOptions, 'redshift' | 'instrument'> {
  /** Systemic redshift (required unless the cube's header gives one). */
  redshift?: number;
  /**
   * Instrumental line width (e.g. { fwhmAngstrom: 1.61 }, or a catalogued mode such as 'nirspec-g140h'). Default: the
   * line-spread function the header names (instrument/lsf-from-header.ts); an InputError when it names none known.
   */
  instrument?: InstrumentSpec;
  /** Worker threads (default: all cores; kept warm between calls); 0 fits in this thread. */
  workers?: number;
  /** Spaxel selection (defaults: the paper's cuts on Hα). */
  selection?: Partial<SpaxelSelection>;
  /**
   * Progress reporter factory, e.g. createProgress (notebook/progress.ts: a bar in tslab or on a terminal's stderr);
   * 'none' or absent: silent.
   */
  progress?: ProgressFactory | 'none';
  /** Called with (spaxels done, total) as the fit advances, whatever `progress` is. */
  onProgress?: (done: number, total: number) => void;
}

/** fitCube on a file path: the cube is read and fitted in chunks of spatial rows, so memory does not grow with it. */
export interface FitCubeFileOptions extends FitCubeOptions {
  /** How to read the file (flux / error HDU, KMOS IFU, wavelength unit …), as readCube's options. */
  read?: ReadCubeOptions;
  /** Rows per chunk; default: as many as fit in `maxMemoryMb`. */
  chunkRows?: number;
  /**
   * Memory for one chunk's pixels, MB (default 512): the file's raw rows plus their float64 copy in shared memory for
   * the workers (≈ 29 MB per row of a 300 × 3681 MUSE cube with DATA and STAT). With the maps and the worker threads,
   * a MUSE-size fit peaks near this plus ~0.3 GB (README, "Memory").
   */
  maxMemoryMb?: number;
  /**
   * Called with each chunk as it is read (rows y0..y1 of the file: `chunk.rows`), before it is fitted; its arrays are
   * valid only during the call. For work that needs the pixels once (analyzeGalaxyFile's continuum centre).
   */
  onChunk?: (chunk: Cube) => void;
}

/** How a streamed fit went: chunks and where the time went. */
export interface CubeFitStreaming {
  chunkRows: number;
  chunks: number;
  /** Seconds reading and converting chunks (overlapping the fit of the previous chunk). */
  readSeconds: number;
  /** Seconds from handing each chunk to the workers to its last spaxel (the next chunk's reading overlaps them). */
  fitSeconds: number;
}

/** Default chunk memory of fitCubeFile, MB. */
export const DEFAULT_CHUNK_MEMORY_MB = 512;

/** The fit of every spaxel: one map (length nx·ny, index y·nx + x) per quantity, and the selection. */
export interface CubeFit {
  source: string;
  nx: number;
  ny: number;
  redshift: number;
  medium: 'vacuum' | 'air';
  instrument: string;
  /** Each value the fit took from an option, the header or a default, with where it came from (redshift, lsf, …). */
  provenance?: ProvenanceRecord;
  /** The cube's WCS of its two spatial axes (io/wcs.ts spatialWcsFromHeader), for map headers; null when it has none. */
  spatialWcs?: SpatialWcs | null;
  lineNames: string[];
  /** Map names: `${line}_flux`, `_flux_err`, `_flux_err_cov`, `_snr`, `_ew`, `_ew_err`, `_ew_snr`, `_flag`; velocity, velocity_err, sigma, sigma_err, sigma_obs (km/s), chi2_red, flag, kinematics_flag. */
  quantities: string[];
  maps: Record<string, Float64Array>;
  /** Unit of every `_flux` map (per spaxel); EWs are rest-frame Å. */
  fluxUnit: string;
  /** The stellar-absorption switch the fit ran with, and its rule (spectra/stellar-absorption.ts). */
  stellarAbsorption?: { mode: 'auto' | 'on' | 'off'; rule: string };
  /** The line-width mode the fit ran with, and its rule (spectra/fit-stage.ts). */
  lineWidths?: { mode: 'shared' | 'balmer-forbidden' | 'auto'; rule: string };
  /** 1 where the spaxel passes the selection. */
  selected: Uint8Array;
  selection: SpaxelSelection & { count: number };
  workers: number;
  seconds: number;
  /** Present for a fit read from a file in chunks (fitCubeFile / fitCube on a path). */
  streaming?: CubeFitStreaming;
}

/** The map of one quantity; throws naming the available ones when it does not exist. */
export function cubeFitMap(fit: CubeFit, quantity: string): Float64Array {
  const map = fit.maps[quantity];
  if (!map) throw new InputError('not-one-of', 'cubeFitMap', `no map '${quantity}'; available: ${fit.quantities.join(', ')}`);
  return map;
}

function sharedFloat64(n: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(n * Float64Array.BYTES_PER_ELEMENT));
}

/** A cube's flux unit and how fitCube turns it into its fitting unit (fittingUnit). */
export interface FittingUnit {
  /** Per-channel factor from the cube's unit to the fitting unit. */
  factors: Float64Array;
  /** Unit of fitted line fluxes: FLUX_UNIT_1E20 when the cube's unit is understood, else `${raw} * Angstrom`. */
  fluxUnit: string;
  /** Unit of the flux density fitted (per Å). */
  densityUnit: string;
  /** False when the cube's unit was not understood (or needs a spaxel area the header does not give): fitted as is. */
  converted: boolean;
  /** How the unit was read and converted (or why not), for provenance and stderr. */
  rule: string;
}

/**
 * Per-channel factors from the cube's unit to the fitting unit, and the unit fitted fluxes then have:
 * MJy/sr → erg/s/cm²/Å per spaxel (F_λ = F_ν c/λ², Ω = pixel²) × 1e20, so fluxes come out in 1e-20 erg/s/cm²;
 * any scaled erg s⁻¹ cm⁻² Å⁻¹ spelling (io/units.ts parseErgFluxUnit; per spaxel) × scale / 1e-20 likewise; per arcsec²
 * or per sr × the spaxel's area from the header WCS; any other unit (or a surface brightness with no spaxel size) is
 * fitted as it is, its raw unit carried and `converted` false.
 */
export function fittingUnit(cube: CubeInfo): FittingUnit {
  const raw = cube.fluxUnit ?? 'data units (no BUNIT)';
  const asIs = (why: string): FittingUnit => ({
    factors: new Float64Array(cube.wavelengthAngstrom.length).fill(1), fluxUnit: `${raw} * Angstrom`, densityUnit: raw, converted: false,
    rule: `flux unit ${JSON.stringify(cube.fluxUnit)} ${why}: fitted as it is, fluxes in ${raw} * Angstrom`,
  });
  const converted = (factors: Float64Array, rule: string): FittingUnit => ({ factors, fluxUnit: FLUX_UNIT_1E20, densityUnit: `${FLUX_UNIT_1E20} Angstrom-1`, converted: true, rule });
  const pixel = cube.pixelScaleArcsec !== null && cube.pixelScaleArcsec > 0 ? cube.pixelScaleArcsec : null;
  if (isMegajanskyPerSteradian(cube.fluxUnit)) {
    if (pixel === null) throw new InputError('missing', cube.source.path, 'flux is in MJy/sr but the spaxel size is unknown; cannot convert to erg/s/cm²/Å');
    return converted(Float64Array.from(cube.wavelengthAngstrom, (lam) => megajanskyPerSteradianToErgFactor(lam, pixel) * 1e20),
      `flux unit ${JSON.stringify(cube.fluxUnit)}: MJy/sr × c/λ² × spaxel solid angle (${pixel} arcsec)², in 1e-20 erg/s/cm²/Å per spaxel`);
  }
  const scaled = scaledErgDensityTo1e20(cube.fluxUnit, pixel);
  if (scaled.factor === null) return asIs(scaled.why);
  return converted(new Float64Array(cube.wavelengthAngstrom.length).fill(scaled.factor), `flux unit ${JSON.stringify(cube.fluxUnit)} ${scaled.rule}`);
}

/** `data` in shared memory (itself when it already is), so worker threads read it without a copy. */
function shared<T extends Float32Array | Float64Array | Uint8Array>(data: T): T {
  if (data.buffer instanceof SharedArrayBuffer) return data;
  const Kind = data.constructor as new (buffer: SharedArrayBuffer) => T;
  const copy = new Kind(new SharedArrayBuffer(data.byteLength));
  copy.set(data as never);
  return copy;
}

/**
 * The fitter options of a cube fit with its defaults filled in: redshift from the header unless given, the
 * line-spread function the header names unless given, the paper's two windows, the cube's wavelength medium
 * (cube-fit-inputs.ts; every choice with its provenance).
 */
export function resolveFitterOptions(cube: CubeInfo, options: FitCubeOptions): PlainFitterOptions & { windows: readonly FitWindow[]; provenance: ProvenanceRecord } {
  const inputs = resolveCubeFitInputs(cube, options);
  const { workers: _w, selection: _s, progress: _p, onProgress: _o, ...withFile } = options as FitCubeFileOptions;
  const { read: _r, chunkRows: _c, maxMemoryMb: _m, onChunk: _k, ...rest } = withFile;
  return {
    ...rest,
    redshift: inputs.redshift,
    instrument: inputs.instrument,
    windows: options.windows ?? MSA3D_WINDOWS,
    medium: inputs.medium,
    provenance: inputs.provenance,
  };
}

/** Refuses a missing cube and malformed cube-level options before any worker starts. */
function checkFitCubeOptions(cube: Cube | string, options: FitCubeFileOptions): void {
  const where = 'fitCube';
  if (cube == null || (typeof cube !== 'string' && cube.flux == null)) throw new InputError('missing', where, 'needs a cube (readCube or simulatedCubeToCube) or the path of a cube file');
  if (options == null || typeof options !== 'object') throw new InputError('bad-type', where, 'options must be an object');
  if (options.redshift !== undefined) checkFiniteNumber(where, 'options.redshift', options.redshift, { above: -1 });
  if (options.workers !== undefined) checkInteger(where, 'options.workers', options.workers, { min: 0 });
  if (options.stellarAbsorption !== undefined) checkOneOf(where, 'options.stellarAbsorption', options.stellarAbsorption, ['auto', 'on', 'off'] as const);
  if (options.lineWidths !== undefined) checkOneOf(where, 'options.lineWidths', options.lineWidths, ['shared', 'balmer-forbidden', 'auto'] as const);
  if (options.progress !== undefined && typeof options.progress !== 'function' && options.progress !== 'none') {
    throw new InputError('not-one-of', where, `options.progress must be a progress factory (e.g. createProgress) or 'none' (got ${JSON.stringify(options.progress)})`);
  }
  const selection = options.selection ?? {};
  if (selection.minFluxSnr !== undefined) checkFiniteNumber(where, 'options.selection.minFluxSnr', selection.minFluxSnr, { min: 0 });
  if (selection.minEwSnr != null) checkFiniteNumber(where, 'options.selection.minEwSnr', selection.minEwSnr, { min: 0 });
  if (options.chunkRows !== undefined) checkInteger(where, 'options.chunkRows', options.chunkRows, { min: 1 });
  if (options.maxMemoryMb !== undefined) checkFiniteNumber(where, 'options.maxMemoryMb', options.maxMemoryMb, { above: 0 });
  if (options.onChunk !== undefined && typeof options.onChunk !== 'function') throw new InputError('bad-type', where, 'options.onChunk must be a function');
  if ((options.chunkRows !== undefined || options.maxMemoryMb !== undefined || options.read !== undefined || options.onChunk !== undefined) && typeof cube !== 'string') {
    throw new InputError('bad-type', where, 'chunkRows, maxMemoryMb, read and onChunk apply to a cube given by its path (fitCube(path) or fitCubeFile)');
  }
}

/**
 * Every check fitCube makes before any work, and the resolved fitter options: the options themselves, then the
 * redshift, which must put the reference line of the selection (default Hα) inside the cube's wavelength range (or,
 * when the windows do not fit that line, at least one fitted line). Takes a cube, or the header-only CubeInfo of a
 * cube file (readCubeInfo) — the checks need no pixels.
 */
export function checkFitCubeInput(cube: Cube | CubeInfo, options: FitCubeFileOptions = {}): ReturnType<typeof resolveFitterOptions> {
  checkFitCubeOptions('flux' in cube ? cube : cube.source.path, options);
  const fitter = resolveFitterOptions(cube, options);
  const lines = fitter.windows.flatMap((w) => w.lines);
  const referenceName = options.selection?.line ?? 'ha';
  const reference = lines.filter((l) => l.name === referenceName);
  const medium = fitter.medium ?? 'vacuum';
  const anyInside = placeLines(cube.wavelengthAngstrom, fitter.redshift, medium, lines).find((p) => p.inside);
  checkLinesInCube('fitCube', cube.wavelengthAngstrom, fitter.redshift, medium, reference.length > 0 ? reference : anyInside ? [] : lines.slice(0, 1));
  return fitter;
}

/** Where a fit's rows come from: the cube in memory (one chunk), or a file read chunk by chunk. */
interface RowSource {
  /** Rows per chunk. */
  rows: number;
  /** The cube of rows y0..y1; its arrays stay valid while the next chunk is read (two buffers in turn). */
  read(y0: number, y1: number): Cube;
}

/**
 * Fits every spaxel of `cube`; resolves to its maps and the selected spaxels. The cube is not modified. Given a path,
 * reads and fits the file in chunks of rows (fitCubeFile): same maps, bounded memory.
 */
export async function fitCube(cube: Cube | string, options: FitCubeFileOptions = {}): Promise<CubeFit> {
  if (typeof cube === 'string') return fitCubeFile(cube, options);
  const started = process.hrtime.bigint();
  checkFitCubeOptions(cube, options);
  return fitRows(cube, options, { rows: cube.ny, read: () => cube }, started);
}

/**
 * fitCube on a cube file, read in chunks of spatial rows (io/cube.ts openCubeReader: one contiguous run per plane,
 * a .fits.gz decompressed once per chunk), so peak memory is set by `maxMemoryMb` / `chunkRows`, not by the cube. Each
 * chunk goes to the workers in shared buffers allocated once; the next chunk is read while the workers fit this one.
 * The maps equal fitCube(readCube(path)) bit for bit (every spaxel is fitted from the same numbers).
 */
export async function fitCubeFile(path: string, options: FitCubeFileOptions = {}): Promise<CubeFit> {
  const started = process.hrtime.bigint();
  checkFitCubeOptions(path, options);
  if (typeof path !== 'string' || path === '') throw new InputError('missing', 'fitCubeFile', 'needs the path of a cube file');
  const reader = openCubeReader(path, options.read ?? {});
  try {
    const info = reader.info;
    // two sets of shared buffers in turn (the workers fit one chunk while the next is read): raw pixels + mask, twice
    const bytesPerRow = 2 * (reader.bytesPerRow + info.nx * info.nWave);
    const budget = (options.maxMemoryMb ?? DEFAULT_CHUNK_MEMORY_MB) * 1024 * 1024;
    const rows = Math.min(info.ny, options.chunkRows ?? Math.max(1, Math.floor(budget / bytesPerRow)));
    const slots = [createCubeRowBuffers(true), createCubeRowBuffers(true)];
    let slot = 0;
    const read = (y0: number, y1: number): Cube => {
      const chunk = reader.readRows(y0, y1, slots[slot++ % 2]);
      options.onChunk?.(chunk);
      return chunk;
    };
    return await fitRows(info, options, { rows, read }, started);
  } finally {
    reader.close();
  }
}

/** The fit of every row of `cube`, chunk by chunk from `source`; the maps are filled as chunks finish. */
async function fitRows(cube: CubeInfo, options: FitCubeOptions, source: RowSource, started: bigint): Promise<CubeFit> {
  const { provenance, ...fitter } = checkFitCubeInput(cube, options);
  const { redshift, instrument, medium } = fitter;
  const nSpaxels = cube.nx * cube.ny;
  const lineNames = fitter.windows.flatMap((w) => w.lines.map((l) => l.name));
  const quantities = quantityNames(lineNames);
  const unit = fittingUnit(cube);
  const { factors, fluxUnit } = unit;
  provenance.fluxUnit = { value: cube.fluxUnit, source: unit.rule };
  // a unit the tool cannot read is never guessed: the fit runs in it, and says so (fluxUnit, provenance; the CLI on stderr)
  const chunkSpaxels = source.rows * cube.nx;
  const chunkResults = sharedFloat64(quantities.length * chunkSpaxels);
  const streamed = source.rows < cube.ny;
  // several chunks: each chunk's results are copied into the full-size maps as it finishes
  const maps: Record<string, Float64Array> = {};
  if (streamed) for (const q of quantities) maps[q] = new Float64Array(nSpaxels).fill(NaN);
  const wavelengthAngstrom = Float64Array.from(cube.wavelengthAngstrom);
  const available = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const jobChunk = 16; // spaxels per hand-out: 16 float32 values = one 64-byte cache line per channel
  const workers = Math.max(0, Math.min(options.workers ?? available, Math.ceil(nSpaxels / jobChunk)));
  const progress = typeof options.progress === 'function' ? options.progress(`fitting ${nSpaxels} spaxels`, nSpaxels) : null;
  let fitted = 0;
  const onFitted = (n: number) => {
    fitted += n;
    options.onProgress?.(fitted, nSpaxels);
    progress?.update(fitted);
  };
  let readSeconds = 0;
  let fitSeconds = 0;
  const timed = <T>(f: () => T): T => {
    const t0 = process.hrtime.bigint();
    const value = f();
    readSeconds += Number(process.hrtime.bigint() - t0) / 1e9;
    return value;
  };
  let chunks = 0;
  let next: Cube | null = timed(() => source.read(0, Math.min(cube.ny, source.rows)));
  for (let y0 = 0; y0 < cube.ny; y0 += source.rows) {
    const y1 = Math.min(cube.ny, y0 + source.rows);
    const chunk = next!;
    // the pixels as read, in shared memory (a copy only for a cube in memory); the workers convert them per spaxel
    const data = timed(() => ({ flux: shared(chunk.flux), error: chunk.error ? shared(chunk.error) : null, mask: shared(chunk.mask) }));
    const n = (y1 - y0) * cube.nx;
    const job: CubeFitJob = {
      nx: cube.nx, ny: y1 - y0, nWave: cube.nWave,
      wavelengthAngstrom,
      flux: data.flux, error: data.error, mask: data.mask, fluxFactors: factors,
      fitter,
      lineNames,
      results: chunkResults.subarray(0, quantities.length * n).fill(NaN),
      counter: new Int32Array(new SharedArrayBuffer(4)),
      chunkSize: jobChunk,
    };
    const t0 = process.hrtime.bigint();
    const jobWorkers = Math.min(workers, Math.ceil(n / jobChunk));
    const running = jobWorkers === 0 ? (runCubeFitJob(job, onFitted), Promise.resolve()) : runOnWorkers(job, jobWorkers, onFitted);
    // read the next chunk while the workers fit this one (into the other set of buffers)
    try {
      next = y1 < cube.ny ? timed(() => source.read(y1, Math.min(cube.ny, y1 + source.rows))) : null;
    } catch (error) {
      await running.catch(() => undefined); // let this chunk's workers finish before reporting the read error
      throw error;
    }
    await running;
    fitSeconds += Number(process.hrtime.bigint() - t0) / 1e9;
    if (streamed) {
      quantities.forEach((q, i) => maps[q]!.set(job.results.subarray(i * n, (i + 1) * n), y0 * cube.nx));
    }
    chunks++;
  }
  progress?.finish();

  if (!streamed) {
    quantities.forEach((q, i) => {
      maps[q] = chunkResults.slice(i * nSpaxels, (i + 1) * nSpaxels);
    });
  }
  const selection: SpaxelSelection = { minFluxSnr: 10, minEwSnr: 5, line: 'ha', ...options.selection };
  const selected = new Uint8Array(nSpaxels);
  const snr = maps[`${selection.line}_snr`];
  const ewSnr = maps[`${selection.line}_ew_snr`];
  let count = 0;
  if (snr && ewSnr) {
    for (let s = 0; s < nSpaxels; s++) {
      if (snr[s] > selection.minFluxSnr && (selection.minEwSnr === null || ewSnr[s] > selection.minEwSnr)) {
        selected[s] = 1;
        count++;
      }
    }
  }
  const fit: CubeFit = {
    source: cube.source.path, nx: cube.nx, ny: cube.ny, redshift, medium: medium ?? 'vacuum',
    instrument: describeInstrument(instrument), provenance, lineNames, quantities, maps,
    fluxUnit, selected, selection: { ...selection, count }, workers,
    spatialWcs: spatialWcsFromHeader(cube.header ?? {}),
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    stellarAbsorption: describeStellarAbsorption(options.stellarAbsorption ?? SPECTRUM_FITTER_DEFAULTS.stellarAbsorption),
    lineWidths: describeLineWidths(options.lineWidths ?? SPECTRUM_FITTER_DEFAULTS.lineWidths),
  };
  if (streamed) fit.streaming = { chunkRows: source.rows, chunks, readSeconds, fitSeconds };
  return fit;
}
