// Disk inclination from the apparent axis ratio: thin disk cos i = b/a (Ju et al., MSA-3D §4.2.1), or with an intrinsic
// thickness q0, cos² i = ((b/a)² − q0²)/(1 − q0²) (Hubble 1926, ApJ 64, 321; Holmberg 1958). The one home of cos i = b/a.
import { checkAxisRatio } from './deproject';

/** The thin-disk axis ratio of a disk inclined by `inclinationDeg`: b/a = cos i (Ju et al. §4.2.1), the inverse of the q0 = 0 case below. */
export function axisRatioFromInclinationDeg(inclinationDeg: number): number {
  if (!(inclinationDeg >= 0 && inclinationDeg < 90)) throw new Error(`axisRatioFromInclinationDeg: inclination must be in [0°, 90°) (got ${inclinationDeg})`);
  return Math.cos((inclinationDeg * Math.PI) / 180);
}

/**
 * Inclination in degrees from b/a. q0 = 0 (default) is the paper's thin disk, cos i = b/a; q0 > 0 (e.g. 0.2 for
 * thick gas disks) uses Hubble's oblate-spheroid formula, and gives 90° when b/a ≤ q0.
 */
export function inclinationFromAxisRatioDeg(axisRatio: number, options: { q0?: number } = {}): number {
  const q0 = options.q0 ?? 0;
  if (!(q0 >= 0 && q0 < 1)) throw new Error(`inclinationFromAxisRatioDeg: q0 must be in [0, 1) (got ${q0})`);
  checkAxisRatio(axisRatio, 'inclinationFromAxisRatioDeg');
  // Ju et al. §4.2.1: cos i = b/a
  if (q0 === 0) return (Math.acos(axisRatio) * 180) / Math.PI;
  // Hubble 1926: cos² i = ((b/a)² − q0²)/(1 − q0²)
  const cos2 = (axisRatio * axisRatio - q0 * q0) / (1 - q0 * q0);
  return cos2 <= 0 ? 90 : (Math.acos(Math.sqrt(cos2)) * 180) / Math.PI;
}
