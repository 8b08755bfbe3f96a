// Dynamical mass within radius R from the circular speed, M_dyn = V(R)² R / G (spherical mass distribution, Binney &
// Tremaine 2008, Galactic Dynamics, 2nd ed., §2.2.1: v_c² = G M(r)/r), as Ju et al., MSA-3D §4.2.1 quote it (≈ 10¹¹ M☉ within 6 kpc).
import { meanOf, sumOfSquaredDeviations } from '../stats/rms';
import { posteriorSummary, type PosteriorSummary } from '../stats/sample-summary';
import { arctanRotationSpeedKms } from './arctan-rotation-curve';

/** Newton's G in kpc (km/s)² M☉⁻¹: 4.3009e-6: the IAU 2015 nominal GM☉ = 1.3271244e20 m³ s⁻² over 1 kpc = 3.0856776e19 m (Prša et al. 2016, AJ 152, 41). */
export const G_KPC_KMS2_PER_MSUN = 4.30091727e-6;

/** M_dyn = V² R / G in M☉ for V in km/s and R in kpc (Binney & Tremaine 2008, §2.2.1). */
export function dynamicalMassMsun(velocityKms: number, radiusKpc: number): number {
  if (!Number.isFinite(velocityKms)) throw new Error(`dynamicalMassMsun: velocityKms must be finite (got ${velocityKms})`);
  if (!(radiusKpc >= 0) || !Number.isFinite(radiusKpc)) throw new Error(`dynamicalMassMsun: radiusKpc must be a finite number ≥ 0 (got ${radiusKpc})`);
  return (velocityKms * velocityKms * radiusKpc) / G_KPC_KMS2_PER_MSUN;
}

export interface DynamicalMass {
  radiusKpc: number;
  /** Median and 16th/84th percentiles of M_dyn over the posterior, with its mean and sd (ddof 1), M☉. */
  massMsun: PosteriorSummary;
  /** log10 of the median and percentiles of M_dyn; mean and sd (ddof 1) of log10 M_dyn over the draws. */
  log10MassMsun: PosteriorSummary;
  /** Median rotation speed V(R) = (2/π) v_c arctan(R/R_t), km/s. */
  velocityKms: number;
}

/**
 * M_dyn within R over posterior samples of (v_c, R_t): each sample gives V(R) = (2/π) v_c arctan(R/R_t) (intrinsic,
 * without v0) and M = V² R / G; returns the median and 16/84 percentiles.
 */
export function dynamicalMassPosterior(vcKms: ArrayLike<number>, rtKpc: ArrayLike<number>, radiusKpc: number): DynamicalMass {
  const where = 'dynamicalMassPosterior';
  const n = vcKms.length;
  if (n === 0 || rtKpc.length !== n) throw new Error(`${where}: needs equal, non-zero numbers of v_c and R_t samples (got ${n}, ${rtKpc.length})`);
  if (!(radiusKpc > 0) || !Number.isFinite(radiusKpc)) throw new Error(`${where}: radiusKpc must be a finite number > 0 (got ${radiusKpc})`);
  const mass = new Float64Array(n);
  const speed = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    speed[k] = arctanRotationSpeedKms(radiusKpc, vcKms[k], rtKpc[k]);
    mass[k] = dynamicalMassMsun(speed[k], radiusKpc);
  }
  mass.sort();
  speed.sort();
  const q = (a: Float64Array, p: number) => {
    const h = (a.length - 1) * p;
    const lo = Math.floor(h);
    return lo >= a.length - 1 ? a[a.length - 1] : a[lo] + (h - lo) * (a[lo + 1] - a[lo]);
  };
  const log10Mass = mass.map(Math.log10);
  const sd = (a: Float64Array) => (n > 1 ? Math.sqrt(sumOfSquaredDeviations(a) / (n - 1)) : 0);
  const massMsun = posteriorSummary(q(mass, 0.5), q(mass, 0.16), q(mass, 0.84), meanOf(mass), sd(mass));
  return {
    radiusKpc,
    massMsun,
    log10MassMsun: posteriorSummary(Math.log10(massMsun.median), Math.log10(massMsun.p16), Math.log10(massMsun.p84), meanOf(log10Mass), sd(log10Mass)),
    velocityKms: q(speed, 0.5),
  };
}
