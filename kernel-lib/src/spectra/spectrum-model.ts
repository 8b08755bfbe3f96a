// Evaluates the emission-line model — straight-line continua plus Gaussian lines (Ju et al., MSA-3D §2.2) — on any
// wavelength grid: for simulating spectra, and for drawing a fit (its windows only, NaN elsewhere).
import { SPEED_OF_LIGHT_KMS } from '../constants/physical';
import { vacuumToAir } from '../lines/air-vacuum';
import type { SpectrumFit } from './fit-results';
import type { InstrumentalDispersion } from '../instrument/line-spread-function';
import { gaussianProfile, INV_SQRT_2PI, LINE_REACH_SIGMAS, observedCentreAngstrom, sigmaAngstrom } from './line-model';

/** One line of a model spectrum. */
export interface ModelLine {
  /** Vacuum rest wavelength, Å. */
  readonly restWavelengthAngstrom: number;
  /** Integrated flux (flux-density unit × Å). */
  readonly flux: number;
  /** Overrides the spectrum's velocity for this line, km/s. */
  readonly velocityKms?: number;
  /** Overrides the observed σ for this line, km/s (else √(σ_int² + σ_inst²)). */
  readonly sigmaObservedKms?: number;
}

/** A continuum segment c0 + c1 (λ − λ_ref) over an observed range (Å). */
export interface ContinuumSegment {
  readonly observedRangeAngstrom: readonly [number, number];
  readonly c0: number;
  readonly c1?: number;
  /** λ_ref, Å; default the middle of the range. */
  readonly referenceWavelengthAngstrom?: number;
}

/** What to draw. */
export interface SpectrumModelSpec {
  readonly redshift: number;
  /** Shared line-of-sight velocity relative to the redshift, km/s (default 0). */
  readonly velocityKms?: number;
  /** Shared intrinsic dispersion, km/s (default 0). */
  readonly sigmaKms?: number;
  /** σ_inst(λ) in km/s (default none). */
  readonly instrument?: InstrumentalDispersion;
  /** Medium of the output grid (default 'vacuum'); line wavelengths are converted for 'air'. */
  readonly medium?: 'vacuum' | 'air';
  readonly lines: readonly ModelLine[];
  /** Continuum segments (default none: lines only). */
  readonly continuum?: readonly ContinuumSegment[];
  /** NaN outside every continuum segment (for plotting fits); default false (0 continuum, lines everywhere). */
  readonly nanOutsideContinuum?: boolean;
}

/**
 * The model flux density on `wavelengthAngstrom`, into `out` when given. Accepts a {@link SpectrumModelSpec} or a
 * {@link SpectrumFit} (drawn over its fitted windows, NaN elsewhere, with each line's fitted centre and width).
 */
export function spectrumModel(
  wavelengthAngstrom: ArrayLike<number>,
  spec: SpectrumModelSpec | SpectrumFit,
  out: Float64Array = new Float64Array(wavelengthAngstrom.length),
): Float64Array {
  const s = 'windows' in spec ? fitModelSpec(spec) : spec;
  const n = wavelengthAngstrom.length;
  if (out.length < n) throw new Error('spectrumModel: out is shorter than the wavelength grid');
  const z = s.redshift;
  const medium = s.medium ?? 'vacuum';
  const segments = s.continuum ?? [];
  for (let i = 0; i < n; i++) {
    const lam = wavelengthAngstrom[i];
    let value = s.nanOutsideContinuum ? NaN : 0;
    for (const seg of segments) {
      const [lo, hi] = seg.observedRangeAngstrom;
      if (lam < lo || lam > hi) continue;
      const ref = seg.referenceWavelengthAngstrom ?? 0.5 * (lo + hi);
      value = seg.c0 + (seg.c1 ?? 0) * (lam - ref);
      break;
    }
    out[i] = value;
  }
  for (const line of s.lines) {
    if (!Number.isFinite(line.flux)) continue;
    const systemic = line.restWavelengthAngstrom * (1 + z);
    const sys = medium === 'air' ? vacuumToAir(systemic) : systemic;
    const mu = observedCentreAngstrom(sys, line.velocityKms ?? s.velocityKms ?? 0);
    const sigmaObs =
      line.sigmaObservedKms ?? Math.sqrt((s.sigmaKms ?? 0) ** 2 + (s.instrument ? s.instrument(sys) ** 2 : 0));
    const sl = sigmaAngstrom(mu, sigmaObs);
    const amp = (line.flux * INV_SQRT_2PI) / sl;
    for (let i = 0; i < n; i++) {
      const u = (wavelengthAngstrom[i] - mu) / sl;
      if (u > LINE_REACH_SIGMAS || u < -LINE_REACH_SIGMAS) continue; // the fitter's ±6σ_λ reach
      out[i] += amp * gaussianProfile(u); // F/(√(2π)σ_λ) e^{−u²/2}; NaN stays NaN outside the segments
    }
  }
  return out;
}

/** The model of a fit: its fitted windows' continua (NaN outside them) and its fitted lines with their own centres and widths. */
export function fitModelSpec(fit: SpectrumFit): SpectrumModelSpec {
  const lines: ModelLine[] = [];
  for (const line of Object.values(fit.lines)) {
    if (!line.fitted) continue;
    const systemic = line.restWavelengthAngstrom * (1 + fit.redshift);
    const sys = fit.medium === 'air' ? vacuumToAir(systemic) : systemic;
    lines.push({
      restWavelengthAngstrom: line.restWavelengthAngstrom,
      flux: line.flux,
      velocityKms: (line.observedWavelengthAngstrom / sys - 1) * SPEED_OF_LIGHT_KMS,
      sigmaObservedKms: line.sigmaObservedKms,
    });
  }
  const continuum: ContinuumSegment[] = fit.windows
    .filter((w) => w.fitted)
    .flatMap((w) => w.continuumSegments ?? [{
      observedRangeAngstrom: w.observedRangeAngstrom,
      c0: w.continuumC0,
      c1: w.continuumC1,
      referenceWavelengthAngstrom: w.referenceWavelengthAngstrom,
    }]);
  return { redshift: fit.redshift, medium: fit.medium, lines, continuum, nanOutsideContinuum: true };
}
