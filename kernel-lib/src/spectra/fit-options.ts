// The options of the per-spectrum emission-line fitter (Ju et al., MSA-3D §2.2), their defaults, and the settings a
// fitter runs on: every option resolved and checked once, when the fitter is built.
import type { InstrumentalDispersion } from '../instrument/line-spread-function';
import type { DoubletRatio } from '../lines/doublet-ratios';
import { MSA3D_WINDOWS, type FitWindow } from './windows';
import { InputError } from '../errors/input-error';
import type { StellarAbsorptionMode } from './stellar-absorption';

/** How the windows share velocity and dispersion. */
export type KinematicsMode = 'tied' | 'joint' | 'independent';

/** How the lines of one solve share their width (see {@link SpectrumFitterOptions.lineWidths}). */
export type LineWidthsMode = 'shared' | 'balmer-forbidden' | 'auto';

/** Options of {@link createSpectrumFitter}. */
export interface SpectrumFitterOptions {
  /** Systemic redshift; velocities are relative to it. */
  redshift: number;
  /** Instrumental σ (km/s) at an observed wavelength: nirspecG140hDispersion(), dispersionFromFwhm(1.61), constantDispersion(0). */
  instrument: InstrumentalDispersion;
  /** Windows to fit (default the paper's two, {@link MSA3D_WINDOWS}). */
  windows?: readonly FitWindow[];
  /** Default 'tied'. */
  kinematics?: KinematicsMode;
  /** Line whose window gives the kinematics (default 'ha' when present, else the first window's first line). */
  referenceLine?: string;
  /** Fixed doublet ratios, e.g. [OIII_DOUBLET_RATIO, NII_DOUBLET_RATIO]; default none (every line free, as in the paper). */
  doublets?: readonly DoubletRatio[];
  /** Medium of the spectrum's wavelengths; default 'vacuum' (JWST). Line wavelengths are converted for 'air'. */
  medium?: 'vacuum' | 'air';
  /** 'free' (default) or 'positive' (flux ≥ 0). */
  fluxSign?: 'free' | 'positive';
  /**
   * |v| bound, km/s (default 1000). At S/N ≲ 5 a bound near 500 km/s avoids the Hα ↔ [N II] 6548 alias
   * (the two are 675 km/s apart), which a free fit reaches in a few % of such spectra.
   */
  velocityLimitKms?: number;
  /** Upper bound of the intrinsic σ, km/s (default 1000). */
  sigmaMaxKms?: number;
  /** Each line's observed σ ≥ this × its σ_inst (default 0.5) … */
  minObservedSigmaFraction?: number;
  /** … and ≥ this many km/s (default 5). */
  minObservedSigmaKms?: number;
  /** Half-range (km/s) of the matched-filter search that sets the starting velocity (default 300). */
  velocitySearchKms?: number;
  /** Intrinsic σ (km/s) of the first matched-filter velocity scan (default 50). */
  sigmaGuessKms?: number;
  /** Half-width (km/s) about a line's systemic centre checked for good pixels (default 250). */
  lineCoreKms?: number;
  /** Good pixels needed within ±lineCoreKms for a line to be fitted (default 3). */
  minLinePixels?: number;
  /** Pixels − parameters needed for a fit (default 3). */
  minDegreesOfFreedom?: number;
  /**
   * Stellar absorption under the Balmer lines (stellar-absorption.ts): 'on' fits a Lorentzian trough under each Balmer
   * line with the emission, over the window widened to ±100 Å about the line (with localContinua, [O III] and [S II]
   * on their own local continua); 'off' the straight-line continuum alone
   * (the MSA-3D paper's model); 'auto' (default) is 'on' for a window whose continuum would show a trough of rest EW
   * 2 Å at matched-filter S/N ≥ 3, else 'off' (so continuum-subtracted data and faint continua stay as before).
   */
  stellarAbsorption?: StellarAbsorptionMode;
  /**
   * Where a window's stellar absorption is on: true (default) gives each group of lines without a Balmer trough
   * ([O III] 4959, 5007; [S II] 6717, 6731) its own straight continuum over its lines ± 30 Å rest, the rest of the
   * window one (local-continua.ts); false one per window as in the MSA-3D model.
   */
  localContinua?: boolean;
  /**
   * Widths of the lines (every line shares one velocity): 'shared' gives all lines one intrinsic σ (the MSA-3D paper's
   * model); 'balmer-forbidden' one σ for the Balmer lines and another for the rest (forbidden lines), the convention of
   * the SDSS pipeline's line fits (idlspec2d etc/emlines.par: windex w_balmer vs wemission, one zindex, since 2002);
   * 'auto' (default) tries 'balmer-forbidden' in a solve where a window's stellar absorption is on — there a Balmer
   * line's emission width trades with its trough, and one shared σ would pass that error on to the forbidden lines —
   * and keeps it when it lowers χ² by a likelihood-ratio test at 3σ (fit-stage.ts LINE_WIDTH_SPLIT_MIN_DELTA_CHI2),
   * else the shared solution exactly; elsewhere 'shared' (so faint or continuum-subtracted spectra, e.g. MSA-3D's, keep
   * the paper's model). With kinematics 'tied', each group of the other windows takes its group's width from the
   * reference window.
   */
  lineWidths?: LineWidthsMode;
  /** Solver limits (see levenbergMarquardt): default 200 trial steps, ftol 1e-12, xtol 1e-7, gtol 1e-10. */
  maxIterations?: number;
  ftol?: number;
  xtol?: number;
  gtol?: number;
}

/** The defaults of the optional {@link SpectrumFitterOptions} (the reasons are in each option's comment). */
export const SPECTRUM_FITTER_DEFAULTS = Object.freeze({
  kinematics: 'tied' as KinematicsMode,
  medium: 'vacuum' as 'vacuum' | 'air',
  fluxSign: 'free' as 'free' | 'positive',
  velocityLimitKms: 1000,
  sigmaMaxKms: 1000,
  minObservedSigmaFraction: 0.5,
  minObservedSigmaKms: 5,
  velocitySearchKms: 300,
  sigmaGuessKms: 50,
  lineCoreKms: 250,
  minLinePixels: 3,
  minDegreesOfFreedom: 3,
  maxIterations: 200,
  ftol: 1e-12,
  xtol: 1e-7,
  gtol: 1e-10,
  stellarAbsorption: 'auto' as StellarAbsorptionMode,
  localContinua: true,
  lineWidths: 'auto' as LineWidthsMode,
});

/** The options with every default filled in: what a fitter runs on. */
export interface FitSettings {
  readonly redshift: number;
  readonly instrument: InstrumentalDispersion;
  readonly windows: readonly FitWindow[];
  readonly kinematics: KinematicsMode;
  /** As given (undefined: 'ha' when present, else the first line; resolved by the layout). */
  readonly referenceLine: string | undefined;
  readonly doublets: readonly DoubletRatio[];
  readonly medium: 'vacuum' | 'air';
  /** fluxSign 'positive': flux parameters bounded below by 0. */
  readonly positiveFlux: boolean;
  readonly velocityLimitKms: number;
  readonly sigmaMaxKms: number;
  readonly minObservedSigmaFraction: number;
  readonly minObservedSigmaKms: number;
  readonly velocitySearchKms: number;
  readonly sigmaGuessKms: number;
  readonly lineCoreKms: number;
  readonly minLinePixels: number;
  readonly minDegreesOfFreedom: number;
  readonly stellarAbsorption: StellarAbsorptionMode;
  readonly localContinua: boolean;
  readonly lineWidths: LineWidthsMode;
  /** The Levenberg–Marquardt limits, passed as they are to the solver. */
  readonly solver: { readonly maxIterations: number; readonly ftol: number; readonly xtol: number; readonly gtol: number };
}

/** Fills in the defaults and checks redshift, instrument, windows and kinematics mode; throws on a bad option. */
export function resolveFitSettings(options: SpectrumFitterOptions): FitSettings {
  const defaults = SPECTRUM_FITTER_DEFAULTS;
  const z = options.redshift;
  if (!(Number.isFinite(z) && z > -1)) throw new InputError('out-of-range', 'createSpectrumFitter', `redshift must be a number > −1 (got ${z})`);
  if (typeof options.instrument !== 'function') {
    throw new InputError('missing', 'createSpectrumFitter', 'options.instrument is required (e.g. nirspecG140hDispersion() or constantDispersion(0))');
  }
  const windows = options.windows ?? MSA3D_WINDOWS;
  if (windows.length === 0) throw new InputError('too-few', 'createSpectrumFitter', 'no windows');
  const mode: KinematicsMode = options.kinematics ?? defaults.kinematics;
  if (mode !== 'tied' && mode !== 'joint' && mode !== 'independent') throw new InputError('not-one-of', 'createSpectrumFitter', `unknown kinematics '${mode}'`);
  const stellarAbsorption = options.stellarAbsorption ?? defaults.stellarAbsorption;
  if (options.localContinua !== undefined && typeof options.localContinua !== 'boolean') {
    throw new InputError('not-one-of', 'createSpectrumFitter', `localContinua must be true or false (got '${options.localContinua}')`);
  }
  if (stellarAbsorption !== 'auto' && stellarAbsorption !== 'on' && stellarAbsorption !== 'off') {
    throw new InputError('not-one-of', 'createSpectrumFitter', `stellarAbsorption must be 'auto', 'on' or 'off' (got '${stellarAbsorption}')`);
  }
  const lineWidths = options.lineWidths ?? defaults.lineWidths;
  if (lineWidths !== 'shared' && lineWidths !== 'balmer-forbidden' && lineWidths !== 'auto') {
    throw new InputError('not-one-of', 'createSpectrumFitter', `lineWidths must be 'shared', 'balmer-forbidden' or 'auto' (got '${lineWidths}')`);
  }
  return {
    redshift: z,
    instrument: options.instrument,
    windows,
    kinematics: mode,
    referenceLine: options.referenceLine,
    doublets: options.doublets ?? [],
    medium: options.medium ?? defaults.medium,
    positiveFlux: (options.fluxSign ?? defaults.fluxSign) === 'positive',
    velocityLimitKms: options.velocityLimitKms ?? defaults.velocityLimitKms,
    sigmaMaxKms: options.sigmaMaxKms ?? defaults.sigmaMaxKms,
    minObservedSigmaFraction: options.minObservedSigmaFraction ?? defaults.minObservedSigmaFraction,
    minObservedSigmaKms: options.minObservedSigmaKms ?? defaults.minObservedSigmaKms,
    velocitySearchKms: options.velocitySearchKms ?? defaults.velocitySearchKms,
    sigmaGuessKms: options.sigmaGuessKms ?? defaults.sigmaGuessKms,
    lineCoreKms: options.lineCoreKms ?? defaults.lineCoreKms,
    minLinePixels: options.minLinePixels ?? defaults.minLinePixels,
    minDegreesOfFreedom: options.minDegreesOfFreedom ?? defaults.minDegreesOfFreedom,
    stellarAbsorption,
    localContinua: options.localContinua ?? defaults.localContinua,
    lineWidths,
    solver: {
      maxIterations: options.maxIterations ?? defaults.maxIterations,
      ftol: options.ftol ?? defaults.ftol,
      xtol: options.xtol ?? defaults.xtol,
      gtol: options.gtol ?? defaults.gtol,
    },
  };
}
