// One cube-fitting job as the main thread and the worker threads share it: the cube in shared memory, the fitter's
// options as plain data, a shared counter handing out chunks of spaxels, and a shared array receiving every map.
import type { SpectrumFitterOptions } from '../spectra/fit-options';
import { createSpectrumFitter } from '../spectra/fit-spectrum';
import { instrumentFromSpec, type InstrumentSpec } from '../instrument/instrument-spec';
import { storeSpectrumFit } from './quantities';

/** The instrumental line width as data (workers cannot receive functions); it lives in instrument/instrument-spec.ts. */
export type { InstrumentSpec } from '../instrument/instrument-spec';
export { describeInstrument, instrumentFromSpec } from '../instrument/instrument-spec';

/** Fitter options that can cross a thread boundary: SpectrumFitterOptions with the instrument as data. */
export type PlainFitterOptions = Omit<SpectrumFitterOptions, 'instrument'> & { instrument: InstrumentSpec };

export interface CubeFitJob {
  nx: number;
  ny: number;
  nWave: number;
  wavelengthAngstrom: Float64Array;
  /** Flux density per spaxel as read (the cube's own numbers), layout k·ny·nx + y·nx + x (shared). */
  flux: Float32Array | Float64Array;
  /** 1σ error as read, same layout (shared); null = none. */
  error: Float32Array | Float64Array | null;
  mask: Uint8Array;
  /** Factor of each channel from the cube's unit to the fitting unit (fittingUnit), applied spaxel by spaxel here. */
  fluxFactors: Float64Array;
  fitter: PlainFitterOptions;
  lineNames: string[];
  /** Map q of spaxel s at results[q · nx·ny + s] (shared). */
  results: Float64Array;
  /** results[0] holds the next spaxel to hand out (shared). */
  counter: Int32Array;
  chunkSize: number;
}

/**
 * Fits spaxels handed out by the shared counter until none are left; `onFitted(n)` after each chunk. The spectra of a
 * chunk of consecutive spaxels are gathered together (channel by channel, so each cache line and page of the cube is
 * read once per chunk, not once per spaxel) into float64 buffers in the fitting unit (flux × factor per channel): the
 * conversion runs in the workers, in parallel, and the cube is shared in its stored precision.
 */
export function runCubeFitJob(job: CubeFitJob, onFitted: (n: number) => void): void {
  const fitter = createSpectrumFitter(job.wavelengthAngstrom, { ...job.fitter, instrument: instrumentFromSpec(job.fitter.instrument) });
  const nSpaxels = job.nx * job.ny;
  const { nWave, fluxFactors, chunkSize } = job;
  const flux = new Float64Array(chunkSize * nWave);
  const error = job.error ? new Float64Array(chunkSize * nWave) : null;
  const mask = new Uint8Array(chunkSize * nWave);
  for (;;) {
    const start = Atomics.add(job.counter, 0, chunkSize);
    if (start >= nSpaxels) return;
    const end = Math.min(nSpaxels, start + chunkSize);
    const count = end - start;
    for (let k = 0; k < nWave; k++) {
      const factor = fluxFactors[k]!;
      const from = k * nSpaxels + start;
      for (let j = 0; j < count; j++) {
        flux[j * nWave + k] = job.flux[from + j]! * factor;
        if (error) error[j * nWave + k] = job.error![from + j]! * factor;
        mask[j * nWave + k] = job.mask[from + j]!;
      }
    }
    for (let j = 0; j < count; j++) {
      const fit = fitter.fit(flux, error, mask, j * nWave, 1);
      storeSpectrumFit(fit, job.lineNames, job.results, nSpaxels, start + j);
    }
    onFitted(count);
  }
}
