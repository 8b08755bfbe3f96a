// fitCube: the emission-line fit of every spaxel of a cube (Ju et al. §2.2), on all cores through worker_threads,
// giving one map per quantity and the paper's spaxel selection, S/N(Hα flux) > 10 and S/N(Hα EW) > 5.
import * as os from 'node:os';
import type { Cube } from '../io/cube';
import { spatialWcsFromHeader, type SpatialWcs } from '../io/wcs';
import { isMegajanskyPerSteradian, megajanskyPerSteradianToErgFactor, ERG_PER_S_CM2_ANGSTROM } from '../io/units';
import type { ProgressFactory } from '../progress';
import type { ProvenanceRecord } from '../provenance';
import { SPECTRUM_FITTER_DEFAULTS } from '../spectra/fit-options';
import { describeStellarAbsorption } from '../spectra/stellar-absorption';
import { MSA3D_WINDOWS, type FitWindow } from '../spectra/windows';
import { runCubeFitJob, describeInstrument, type CubeFitJob, type InstrumentSpec, type PlainFitterOptions } from './cube-fit-job';
import { resolveCubeFitInputs } from './cube-fit-inputs';
import { quantityNames } from './quantities';
import { runOnWorkers } from './worker-pool';
import { checkFiniteNumber, checkInteger, checkOneOf } from '../errors/check-options';
import { checkLinesInCube, placeLines } from './line-coverage';
import { InputError } from '../errors/input-error';

/** Fluxes are fitted and reported in units of 1e-20 erg/s/cm² per spaxel when the cube's unit allows it. */
export const FLUX_UNIT_1E20 = '1e-20 erg s-1 cm-2';

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
  /** 1 where the spaxel passes the selection. */
  selected: Uint8Array;
  selection: SpaxelSelection & { count: number };
  workers: number;
  seconds: number;
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

/**
 * Per-channel factors from the cube's unit to the fitting unit, and the unit fitted fluxes then have:
 * MJy/sr → erg/s/cm²/Å per spaxel (F_λ = F_ν c/λ², Ω = pixel²) × 1e20, so fluxes come out in 1e-20 erg/s/cm²;
 * erg/s/cm²/Å × 1e20 likewise; any other unit is fitted as it is.
 */
export function fittingUnit(cube: Cube): { factors: Float64Array; fluxUnit: string; densityUnit: string } {
  const fromMJy = isMegajanskyPerSteradian(cube.fluxUnit);
  if (fromMJy && !(cube.pixelScaleArcsec !== null && cube.pixelScaleArcsec > 0)) {
    throw new InputError('missing', cube.source.path, 'flux is in MJy/sr but the spaxel size is unknown; cannot convert to erg/s/cm²/Å');
  }
  const perAngstromErg = fromMJy || cube.fluxUnit === ERG_PER_S_CM2_ANGSTROM;
  const factors = Float64Array.from(cube.wavelengthAngstrom, (lam) =>
    (fromMJy ? megajanskyPerSteradianToErgFactor(lam, cube.pixelScaleArcsec!) : 1) * (perAngstromErg ? 1e20 : 1));
  const raw = cube.fluxUnit ?? 'data units (no BUNIT)';
  return {
    factors,
    fluxUnit: perAngstromErg ? FLUX_UNIT_1E20 : `${raw} * Angstrom`,
    densityUnit: perAngstromErg ? `${FLUX_UNIT_1E20} Angstrom-1` : raw,
  };
}

/** Flux and error in the fitting unit, in shared memory; the input cube is not modified. */
function sharedCubeData(cube: Cube): { flux: Float64Array; error: Float64Array | null; mask: Uint8Array; fluxUnit: string } {
  const plane = cube.nx * cube.ny;
  const flux = sharedFloat64(cube.flux.length);
  const error = cube.error ? sharedFloat64(cube.error.length) : null;
  const mask = new Uint8Array(new SharedArrayBuffer(cube.mask.length));
  mask.set(cube.mask);
  const { factors, fluxUnit } = fittingUnit(cube);
  for (let k = 0; k < cube.nWave; k++) {
    for (let i = k * plane; i < (k + 1) * plane; i++) {
      flux[i] = cube.flux[i] * factors[k];
      if (error) error[i] = cube.error![i] * factors[k];
    }
  }
  return { flux, error, mask, fluxUnit };
}

/**
 * The fitter options of a cube fit with its defaults filled in: redshift from the header unless given, the
 * line-spread function the header names unless given, the paper's two windows, the cube's wavelength medium
 * (cube-fit-inputs.ts; every choice with its provenance).
 */
export function resolveFitterOptions(cube: Cube, options: FitCubeOptions): PlainFitterOptions & { windows: readonly FitWindow[]; provenance: ProvenanceRecord } {
  const inputs = resolveCubeFitInputs(cube, options);
  const { workers: _w, selection: _s, progress: _p, onProgress: _o, ...rest } = options;
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
function checkFitCubeOptions(cube: Cube, options: FitCubeOptions): void {
  const where = 'fitCube';
  if (cube == null || cube.flux == null) throw new InputError('missing', where, 'needs a cube (readCube or simulatedCubeToCube)');
  if (options == null || typeof options !== 'object') throw new InputError('bad-type', where, 'options must be an object');
  if (options.redshift !== undefined) checkFiniteNumber(where, 'options.redshift', options.redshift, { above: -1 });
  if (options.workers !== undefined) checkInteger(where, 'options.workers', options.workers, { min: 0 });
  if (options.stellarAbsorption !== undefined) checkOneOf(where, 'options.stellarAbsorption', options.stellarAbsorption, ['auto', 'on', 'off'] as const);
  if (options.progress !== undefined && typeof options.progress !== 'function' && options.progress !== 'none') {
    throw new InputError('not-one-of', where, `options.progress must be a progress factory (e.g. createProgress) or 'none' (got ${JSON.stringify(options.progress)})`);
  }
  const selection = options.selection ?? {};
  if (selection.minFluxSnr !== undefined) checkFiniteNumber(where, 'options.selection.minFluxSnr', selection.minFluxSnr, { min: 0 });
  if (selection.minEwSnr != null) checkFiniteNumber(where, 'options.selection.minEwSnr', selection.minEwSnr, { min: 0 });
}

/**
 * Every check fitCube makes before any work, and the resolved fitter options: the options themselves, then the
 * redshift, which must put the reference line of the selection (default Hα) inside the cube's wavelength range (or,
 * when the windows do not fit that line, at least one fitted line).
 */
export function checkFitCubeInput(cube: Cube, options: FitCubeOptions = {}): ReturnType<typeof resolveFitterOptions> {
  checkFitCubeOptions(cube, options);
  const fitter = resolveFitterOptions(cube, options);
  const lines = fitter.windows.flatMap((w) => w.lines);
  const referenceName = options.selection?.line ?? 'ha';
  const reference = lines.filter((l) => l.name === referenceName);
  const medium = fitter.medium ?? 'vacuum';
  const anyInside = placeLines(cube.wavelengthAngstrom, fitter.redshift, medium, lines).find((p) => p.inside);
  checkLinesInCube('fitCube', cube.wavelengthAngstrom, fitter.redshift, medium, reference.length > 0 ? reference : anyInside ? [] : lines.slice(0, 1));
  return fitter;
}

/** Fits every spaxel of `cube`; resolves to its maps and the selected spaxels. The cube is not modified. */
export async function fitCube(cube: Cube, options: FitCubeOptions = {}): Promise<CubeFit> {
  const started = process.hrtime.bigint();
  const { provenance, ...fitter } = checkFitCubeInput(cube, options);
  const { redshift, instrument, medium } = fitter;
  const nSpaxels = cube.nx * cube.ny;
  const lineNames = fitter.windows.flatMap((w) => w.lines.map((l) => l.name));
  const quantities = quantityNames(lineNames);
  const data = sharedCubeData(cube);
  const job: CubeFitJob = {
    nx: cube.nx, ny: cube.ny, nWave: cube.nWave,
    wavelengthAngstrom: Float64Array.from(cube.wavelengthAngstrom),
    flux: data.flux, error: data.error, mask: data.mask,
    fitter,
    lineNames,
    results: sharedFloat64(quantities.length * nSpaxels).fill(NaN),
    counter: new Int32Array(new SharedArrayBuffer(4)),
    chunkSize: 8,
  };
  const available = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const workers = Math.max(0, Math.min(options.workers ?? available, Math.ceil(nSpaxels / job.chunkSize)));
  const progress = typeof options.progress === 'function' ? options.progress(`fitting ${nSpaxels} spaxels`, nSpaxels) : null;
  let fitted = 0;
  const onFitted = (n: number) => {
    fitted += n;
    options.onProgress?.(fitted, nSpaxels);
    progress?.update(fitted);
  };
  if (workers === 0) runCubeFitJob(job, onFitted);
  else await runOnWorkers(job, workers, onFitted);
  progress?.finish();

  const maps: Record<string, Float64Array> = {};
  quantities.forEach((q, i) => {
    maps[q] = job.results.slice(i * nSpaxels, (i + 1) * nSpaxels);
  });
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
  return {
    source: cube.source.path, nx: cube.nx, ny: cube.ny, redshift, medium: medium ?? 'vacuum',
    instrument: describeInstrument(instrument), provenance, lineNames, quantities, maps,
    fluxUnit: data.fluxUnit, selected, selection: { ...selection, count }, workers,
    spatialWcs: spatialWcsFromHeader(cube.header ?? {}),
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    stellarAbsorption: describeStellarAbsorption(options.stellarAbsorption ?? SPECTRUM_FITTER_DEFAULTS.stellarAbsorption),
  };
}
