// The catalogue of instrument modes whose line-spread function (LSF) the library knows, each with its FWHM(λ) in Å,
// σ_inst(λ) in km/s and the source of the numbers; lsf-from-header.ts picks an entry from a cube's header. The LSF is
// taken as a Gaussian of that FWHM everywhere. To add a mode: an entry here (with its source) and its keywords there.
import { SPEED_OF_LIGHT_KMS } from '../constants/physical';
import { FWHM_PER_SIGMA } from './gaussian-fwhm';
import { dispersionFromFwhm, type InstrumentalDispersion } from './line-spread-function';
import { resolvingPowerAt, type ResolutionCurve } from './resolution-curve';
import { nirspecG140hDispersion, nirspecG140hResolutionCurve } from './nirspec-g140h';
import { nirspecG235hDispersion, nirspecG235hResolutionCurve, nirspecG395hDispersion, nirspecG395hResolutionCurve } from './nirspec-gratings';

/** The catalogued instrument modes. */
export type CatalogueLsfId =
  | 'nirspec-g140h' | 'nirspec-g235h' | 'nirspec-g395h'
  | 'muse'
  | 'sami-580v' | 'sami-1000r'
  | 'kmos-iz' | 'kmos-yj' | 'kmos-h' | 'kmos-k' | 'kmos-hk';

/** One catalogued mode: what it is, where its numbers come from, its FWHM(λ) and σ_inst(λ). */
export interface CatalogueLsf {
  readonly id: CatalogueLsfId;
  /** e.g. 'NIRSpec G140H resolution curve', 'SAMI blue arm (580V) constant FWHM 2.65 Angstrom'. */
  readonly description: string;
  /** The published source of the numbers. */
  readonly source: string;
  /** LSF FWHM in Å at an observed wavelength in Å. */
  readonly fwhmAngstrom: (observedWavelengthAngstrom: number) => number;
  /** σ_inst in km/s at an observed wavelength in Å (the same Gaussian). */
  readonly dispersion: () => InstrumentalDispersion;
}

const NIRSPEC_SOURCE = (g: string) =>
  `STScI JDox NIRSpec dispersion file jwst_nirspec_${g}_disp.fits (ETC reference, R = lambda / (2.2 px x dlambda/dpx))`;

function curveFwhm(curve: () => ResolutionCurve): (lam: number) => number {
  let c: ResolutionCurve | null = null;
  return (lam) => lam / resolvingPowerAt((c ??= curve()), lam * 1e-4);
}

/** MUSE LSF FWHM in Å, Bacon et al. 2017 (A&A 608, A1) eq. 8 (UDF-10): 5.866e-8 λ² − 9.187e-4 λ + 6.040, λ in Å. */
export function museLsfFwhmAngstrom(wavelengthAngstrom: number): number {
  const l = wavelengthAngstrom;
  return 5.866e-8 * l * l - 9.187e-4 * l + 6.04;
}

/** SAMI blue-arm (AAOmega 580V) LSF FWHM, 2.65 Å (Scott et al. 2018, MNRAS 481, 2299, SAMI DR2 §2: R = 1808). */
export const SAMI_BLUE_FWHM_ANGSTROM = 2.65;
/** SAMI red-arm (AAOmega 1000R) LSF FWHM, 1.61 Å (Scott et al. 2018, SAMI DR2 §2: R = 4304). */
export const SAMI_RED_FWHM_ANGSTROM = 1.61;

/** KMOS resolving power per band at the band centre (KMOS User Manual ESO-264148, §1.4 "KMOS in a nutshell"). */
export const KMOS_RESOLVING_POWER = Object.freeze({ IZ: 3400, YJ: 3600, H: 4000, K: 4200, HK: 2000 } as const);

function constantResolution(r: number): Pick<CatalogueLsf, 'fwhmAngstrom' | 'dispersion'> {
  const sigmaKms = SPEED_OF_LIGHT_KMS / (r * FWHM_PER_SIGMA); // σ = c / (R · 2√(2 ln 2)) since R = λ / FWHM
  return { fwhmAngstrom: (lam) => lam / r, dispersion: () => () => sigmaKms };
}

function kmos(band: keyof typeof KMOS_RESOLVING_POWER): CatalogueLsf {
  const r = KMOS_RESOLVING_POWER[band];
  return {
    id: `kmos-${band.toLowerCase()}` as CatalogueLsfId,
    description: `KMOS ${band} band constant R = ${r}`,
    source: 'KMOS User Manual (ESO-264148) section 1.4: R = 3400, 3600, 4000, 4200, 2000 in IZ, YJ, H, K, HK',
    ...constantResolution(r),
  };
}

const museDispersion: InstrumentalDispersion = (lam) => (SPEED_OF_LIGHT_KMS * museLsfFwhmAngstrom(lam)) / (lam * FWHM_PER_SIGMA);

/** Every catalogued mode by id. */
export const LSF_CATALOGUE: Readonly<Record<CatalogueLsfId, CatalogueLsf>> = Object.freeze({
  'nirspec-g140h': {
    id: 'nirspec-g140h', description: 'NIRSpec G140H resolution curve', source: NIRSPEC_SOURCE('g140h'),
    fwhmAngstrom: curveFwhm(nirspecG140hResolutionCurve), dispersion: nirspecG140hDispersion,
  },
  'nirspec-g235h': {
    id: 'nirspec-g235h', description: 'NIRSpec G235H resolution curve', source: NIRSPEC_SOURCE('g235h'),
    fwhmAngstrom: curveFwhm(nirspecG235hResolutionCurve), dispersion: nirspecG235hDispersion,
  },
  'nirspec-g395h': {
    id: 'nirspec-g395h', description: 'NIRSpec G395H resolution curve', source: NIRSPEC_SOURCE('g395h'),
    fwhmAngstrom: curveFwhm(nirspecG395hResolutionCurve), dispersion: nirspecG395hDispersion,
  },
  muse: {
    id: 'muse', description: 'MUSE LSF FWHM(lambda) = 5.866e-8 l^2 - 9.187e-4 l + 6.040 Angstrom',
    source: 'Bacon et al. 2017, A&A 608, A1, eq. 8 (UDF-10; the same spectrographs in every MUSE mode)',
    fwhmAngstrom: museLsfFwhmAngstrom, dispersion: () => museDispersion,
  },
  'sami-580v': {
    id: 'sami-580v', description: `SAMI blue arm (580V) constant FWHM ${SAMI_BLUE_FWHM_ANGSTROM} Angstrom`,
    source: 'Scott et al. 2018, MNRAS 481, 2299 (SAMI DR2), section 2: blue FWHM 2.65 Angstrom (R = 1808)',
    fwhmAngstrom: () => SAMI_BLUE_FWHM_ANGSTROM, dispersion: () => dispersionFromFwhm(SAMI_BLUE_FWHM_ANGSTROM),
  },
  'sami-1000r': {
    id: 'sami-1000r', description: `SAMI red arm (1000R) constant FWHM ${SAMI_RED_FWHM_ANGSTROM} Angstrom`,
    source: 'Scott et al. 2018, MNRAS 481, 2299 (SAMI DR2), section 2: red FWHM 1.61 Angstrom (R = 4304)',
    fwhmAngstrom: () => SAMI_RED_FWHM_ANGSTROM, dispersion: () => dispersionFromFwhm(SAMI_RED_FWHM_ANGSTROM),
  },
  'kmos-iz': kmos('IZ'),
  'kmos-yj': kmos('YJ'),
  'kmos-h': kmos('H'),
  'kmos-k': kmos('K'),
  'kmos-hk': kmos('HK'),
});

/** true when `id` names a catalogued mode. */
export function isCatalogueLsfId(id: unknown): id is CatalogueLsfId {
  return typeof id === 'string' && Object.prototype.hasOwnProperty.call(LSF_CATALOGUE, id);
}
