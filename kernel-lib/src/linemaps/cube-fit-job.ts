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
  /** Flux density per spaxel in the fitting unit, layout k·ny·nx + y·nx + x (shared). */
  flux: Float64Array;
  error: Float64Array | null;
  mask: Uint8Array;
  fitter: PlainFitterOptions;
  lineNames: string[];
  /** Map q of spaxel s at results[q · nx·ny + s] (shared). */
  results: Float64Array;
  /** results[0] holds the next spaxel to hand out (shared). */
  counter: Int32Array;
  chunkSize: number;
}

/** Fits spaxels handed out by the shared counter until none are left; `onFitted(n)` after each chunk. */
export function runCubeFitJob(job: CubeFitJob, onFitted: (n: number) => void): void {
  const fitter = createSpectrumFitter(job.wavelengthAngstrom, { ...job.fitter, instrument: instrumentFromSpec(job.fitter.instrument) });
  const nSpaxels = job.nx * job.ny;
  for (;;) {
    const start = Atomics.add(job.counter, 0, job.chunkSize);
    if (start >= nSpaxels) return;
    const end = Math.min(nSpaxels, start + job.chunkSize);
    for (let s = start; s < end; s++) {
      const fit = fitter.fit(job.flux, job.error, job.mask, s, nSpaxels);
      storeSpectrumFit(fit, job.lineNames, job.results, nSpaxels, s);
    }
    onFitted(end - start);
  }
}
