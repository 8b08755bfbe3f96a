// The parameters of one simulated MSA-3D cube (every physical prescription the simulator applies has a field here),
// their defaults, and their validation. Units are in the names.
import type { LineName } from '../lines/emission-lines';
import type { DispersionField } from './dispersion-field';
import type { ArctanRotationCurve } from '../kinematics/arctan-rotation-curve';
import type { MetallicityProfile } from './metallicity-profile';
import type { AgnLineRatios } from './line-ratios';
import { DEFAULT_AGN_LINE_RATIOS } from './line-ratios';
import { G140H_F100LP_RANGE_MICRON } from '../instrument/nirspec-g140h';
import { MSA3D_PSF, checkPsf, type GaussianPsf } from '../instrument/psf';
import { nominalDetectorGap } from './detector-gap';
import { checkNonCircularMotions, type NonCircularMotions } from './non-circular-motions';
import { InputError } from '../errors/input-error';

/** A star-forming clump in the disk plane: a circular Gaussian of Hα with its own abundance offset. */
export interface Clump {
  /**
   * Position in the disk plane along the major (x, toward PA) and deprojected minor (y) axes, kpc. The simulator's y
   * points toward PA − 90°: it is −minor of geometry/deproject.ts (a mirrored convention, see simulate/emission-model.ts).
   */
  xDiskKpc: number;
  yDiskKpc: number;
  /** Gaussian σ in the disk plane, kpc. */
  sigmaKpc: number;
  /** The clump's total Hα as a fraction of the disk's total Hα. */
  halphaFraction: number;
  /** Added to the disk's 12+log(O/H) for the clump's gas, dex. */
  ohOffsetDex: number;
  /**
   * Rest EW(Hα) of the clump's own light, Å: the clump then carries a stellar continuum F_λ(Hα) = its Hα / (EW (1 + z))
   * with the same shape (e.g. ID4391's star-forming tail, Ju et al. §4.2.2). Absent: pure gas, no continuum.
   */
  continuumEwRestAngstrom?: number;
}

/** A narrow-line AGN core at the centre: a compact Gaussian of Hα with Seyfert-like line ratios and a high σ. */
export interface AgnCore {
  /** Gaussian σ of the emitting region on the sky, kpc (before the PSF). */
  radiusKpc: number;
  /** Intrinsic velocity dispersion of the AGN lines, km/s. */
  sigmaKms: number;
  /** Share of the central spaxel's Hα (after the PSF) that comes from the AGN, 0–1. */
  centralHalphaFraction: number;
  ratios: AgnLineRatios;
}

/** How the Hα brightness is set: the observed (dust-attenuated) SF disk total, or the total Hα in the central spaxel. */
export type HalphaNormalisation =
  | { kind: 'total-flux'; fluxErg: number }
  | { kind: 'central-spaxel'; fluxErg: number };

/** Everything that defines a simulated cube (plus the seed, which only drives the noise). */
export interface SimulationParams {
  /** OBJECT keyword, e.g. 'ID8365'. */
  name: string;
  /** Preset the parameters came from (for the header HISTORY), or 'custom'. */
  presetName: string;
  redshift: number;
  /** Sky position of the galaxy centre, degrees (CRVAL1/2). */
  raDeg: number;
  decDeg: number;
  /** Spaxels along x (NAXIS1, the slit-stepping direction, 1.8") and y (NAXIS2, along the slitlets, 2.0–3.0"). */
  nx: number;
  ny: number;
  pixelScaleArcsec: number;
  /** Galaxy centre in 0-based spaxel coordinates (spaxel centres are integers). */
  centreXPix: number;
  centreYPix: number;
  /** Major-axis position angle, degrees from north (+y) through east (−x); the receding side. */
  positionAngleDeg: number;
  /** Apparent axis ratio b/a; inclination from cos i = b/a. */
  axisRatio: number;
  /** Effective radius of the stellar continuum (what CANDELS gives and the paper uses for R/R_e), kpc. */
  reContinuumKpc: number;
  /** Effective radius of the Hα exponential disk, kpc. */
  reHalphaKpc: number;
  halpha: HalphaNormalisation;
  clumps: Clump[];
  metallicity: MetallicityProfile;
  rotation: ArctanRotationCurve;
  dispersion: DispersionField;
  /**
   * Non-circular gas motions: a Gaussian random field of line-of-sight velocity in the disk plane with this rms (km/s)
   * and correlation length (kpc), drawn from its own seed (a property of the galaxy, not of the noise); null = pure
   * circular rotation.
   */
  nonCircular: NonCircularMotions | null;
  agn: AgnCore | null;
  /** V-band attenuation of a uniform foreground screen (Cardelli et al. 1989, R_V = 3.1); 0 = no dust. */
  avMag: number;
  /** Stellar continuum: rest EW(Hα) of the SF disk at the central spaxel, and F_λ ∝ λ^β; null = no continuum. */
  continuum: { centralEwRestAngstrom: number; slopeBeta: number } | null;
  /**
   * Stellar Balmer absorption multiplied into the continuum (absent = none, the default, so presets are unchanged):
   * rest EWs of the Hβ and Hα troughs (Å; 2–16 Å for Balmer lines, González Delgado et al. 1999), their rest FWHM (Å),
   * and a log-normal spaxel-to-spaxel scatter of the EWs (dex, drawn with the cube's seed on its own stream). The profile
   * is half a Gaussian core of that FWHM and half Lorentzian wings of twice it (Doppler core, Stark wings; Gray 2005 §11),
   * deliberately outside the fitter's family (pseudo-Voigts of one FWHM).
   */
  stellarAbsorption?: { ewRestAngstrom: { hb: number; ha: number }; fwhmRestAngstrom: number; ewScatterDex?: number };
  /** The PSF: FWHM along x (slit-stepping) and y (along the slit), arcsec (default MSA3D_PSF, 0.20" × 0.08"). */
  psf: GaussianPsf;
  /** Subpixels per spaxel side for sampling the sky model (odd keeps a subpixel on each spaxel centre). */
  oversampling: number;
  /** Wavelengths with data, µm; outside it the cube is NaN. */
  coverageMicron: [number, number];
  /** The NaN detector gap, µm, or null. */
  detectorGapMicron: [number, number] | null;
  /** Lines injected with zero flux (Table 1 omits them and neither gap nor coverage explains it). */
  omittedLines: LineName[];
  /** Gaussian noise σ per channel and spaxel, erg/s/cm²/Å (the error cube holds it, converted to MJy/sr). */
  noiseSigmaErg: number;
  /** false = noise-free flux (the error cube still holds noiseSigmaErg). */
  addNoise: boolean;
}

/** Inputs: only the redshift is required; every other field has the default of {@link defaultSimulationParams}. */
export type SimulationParamsInput = Partial<SimulationParams> & { redshift: number };

/**
 * Defaults for a galaxy at redshift z: a 23 × 31 field of 0.08" spaxels (1.8" × 2.5", four slitlets), centred disk with
 * R_e = 3 kpc, b/a = 0.6, PA = 30°, flat abundance 8.5 with −0.02 dex/kpc, v_c = 150 km/s, R_t = 1.2 kpc, σ0 = 40 km/s,
 * 2×10⁻¹⁶ erg/s/cm² of Hα, EW 40 Å, no dust, nominal gap, noise 2.3×10⁻²¹ erg/s/cm²/Å (≈ msa3dNoiseSigmaErg(), which
 * the presets compute; ID8365's own calibration is 3.22×10⁻²¹).
 */
export function defaultSimulationParams(redshift: number): SimulationParams {
  return {
    name: 'SIMULATED',
    presetName: 'custom',
    redshift,
    raDeg: 215.0,
    decDeg: 52.9,
    nx: 23,
    ny: 31,
    pixelScaleArcsec: 0.08,
    centreXPix: 11,
    centreYPix: 15,
    positionAngleDeg: 30,
    axisRatio: 0.6,
    reContinuumKpc: 3,
    reHalphaKpc: 3.3,
    halpha: { kind: 'total-flux', fluxErg: 2e-16 },
    clumps: [],
    metallicity: { kind: 'linear', centralOh: 8.5, gradientDexPerKpc: -0.02 },
    rotation: { v0Kms: 0, vcKms: 150, rtKpc: 1.2 },
    dispersion: { sigma0Kms: 40, centralExcessKms: 0, centralRadiusKpc: 1, majorAxisExcessKms: 0, majorAxisWidthKpc: 1 },
    nonCircular: null,
    agn: null,
    avMag: 0,
    continuum: { centralEwRestAngstrom: 40, slopeBeta: 0 },
    psf: MSA3D_PSF,
    oversampling: 3,
    coverageMicron: [G140H_F100LP_RANGE_MICRON[0], G140H_F100LP_RANGE_MICRON[1]],
    detectorGapMicron: nominalDetectorGap(),
    omittedLines: [],
    noiseSigmaErg: 2.3e-21,
    addNoise: true,
  };
}

/**
 * A default AGN core: σ_r = 0.4 kpc, σ = 185 km/s, 85 % of the central spaxel's Hα, Seyfert-like ratios. With ID9960's
 * disk, a one-Gaussian fit of the noise-free central spaxel (spectra/fitSpectrum, LSF removed) then gives σ ≈ 160 km/s,
 * the value Ju et al. §4.2.1 measure there; the Hα-weighted second moment (truth `sigma`) is ≈ 172 km/s.
 */
export function defaultAgnCore(): AgnCore {
  return { radiusKpc: 0.4, sigmaKms: 185, centralHalphaFraction: 0.85, ratios: { ...DEFAULT_AGN_LINE_RATIOS } };
}

/** Fills defaults and checks ranges; throws one-line errors naming the field. */
export function resolveSimulationParams(input: SimulationParamsInput): SimulationParams {
  if (!(input.redshift > 0 && input.redshift < 10)) throw new InputError('out-of-range', 'simulateCube', `redshift must be in (0, 10) (got ${input.redshift})`);
  const p: SimulationParams = { ...defaultSimulationParams(input.redshift), ...input };
  const positive: Array<[string, number]> = [
    ['pixelScaleArcsec', p.pixelScaleArcsec], ['reContinuumKpc', p.reContinuumKpc], ['reHalphaKpc', p.reHalphaKpc],
    ['rotation.rtKpc', p.rotation.rtKpc], ['halpha.fluxErg', p.halpha.fluxErg],
  ];
  for (const [name, v] of positive) if (!(v > 0) || !Number.isFinite(v)) throw new InputError('out-of-range', 'simulateCube', `${name} must be > 0 (got ${v})`);
  if (!Number.isInteger(p.nx) || !Number.isInteger(p.ny) || p.nx < 3 || p.ny < 3) throw new InputError('out-of-range', 'simulateCube', `nx, ny must be integers ≥ 3 (got ${p.nx}, ${p.ny})`);
  if (!Number.isInteger(p.oversampling) || p.oversampling < 1 || p.oversampling > 9) throw new InputError('out-of-range', 'simulateCube', `oversampling must be an integer 1–9 (got ${p.oversampling})`);
  if (!(p.axisRatio >= 0.05 && p.axisRatio <= 1)) throw new InputError('out-of-range', 'simulateCube', `axisRatio must be in [0.05, 1] (got ${p.axisRatio})`);
  if (!(p.noiseSigmaErg > 0)) throw new InputError('out-of-range', 'simulateCube', `noiseSigmaErg must be > 0 (got ${p.noiseSigmaErg}); use addNoise: false for a noise-free cube`);
  checkPsf(p.psf, 'simulateCube');
  if (!(p.avMag >= 0)) throw new InputError('out-of-range', 'simulateCube', `avMag must be ≥ 0 (got ${p.avMag})`);
  if (!(p.coverageMicron[0] < p.coverageMicron[1])) throw new InputError('inconsistent', 'simulateCube', 'coverageMicron must be [low, high] with low < high');
  if (p.agn && !(p.agn.centralHalphaFraction >= 0 && p.agn.centralHalphaFraction < 1)) throw new InputError('out-of-range', 'simulateCube', 'agn.centralHalphaFraction must be in [0, 1)');
  if (p.stellarAbsorption) {
    const a = p.stellarAbsorption;
    if (!(a.ewRestAngstrom.hb >= 0 && a.ewRestAngstrom.ha >= 0 && a.fwhmRestAngstrom > 0 && (a.ewScatterDex ?? 0) >= 0)) {
      throw new InputError('out-of-range', 'simulateCube', 'stellarAbsorption needs EWs ≥ 0, fwhmRestAngstrom > 0 and ewScatterDex ≥ 0');
    }
    if (!p.continuum) throw new InputError('inconsistent', 'simulateCube', 'stellarAbsorption needs a continuum to absorb');
  }
  if (p.continuum && !(p.continuum.centralEwRestAngstrom > 0)) throw new InputError('out-of-range', 'simulateCube', 'continuum.centralEwRestAngstrom must be > 0');
  for (const c of p.clumps) if (!(c.sigmaKpc > 0 && c.halphaFraction >= 0)) throw new InputError('out-of-range', 'simulateCube', 'each clump needs sigmaKpc > 0 and halphaFraction ≥ 0');
  for (const c of p.clumps) if (c.continuumEwRestAngstrom !== undefined && !(c.continuumEwRestAngstrom > 0)) throw new InputError('out-of-range', 'simulateCube', `a clump's continuumEwRestAngstrom must be > 0 when given (got ${c.continuumEwRestAngstrom})`);
  if (p.nonCircular === undefined) p.nonCircular = null;
  if (p.nonCircular !== null) checkNonCircularMotions(p.nonCircular, 'simulateCube');
  return p;
}
