// Disk inclination from the apparent axis ratio: thin disk cos i = b/a (Ju et al., MSA-3D §4.2.1), or with an intrinsic
// thickness q0, cos² i = ((b/a)² − q0²)/(1 − q0²) (Hubble 1926, ApJ 64, 321; Holmberg 1958).
import { thinDiskInclinationDeg } from '../geometry/deproject';

/**
 * Inclination in degrees from b/a. q0 = 0 (default) is the paper's thin disk, cos i = b/a; q0 > 0 (e.g. 0.2 for
 * thick gas disks) uses Hubble's oblate-spheroid formula, and gives 90° when b/a ≤ q0.
 */
export function inclinationFromAxisRatioDeg(axisRatio: number, options: { q0?: number } = {}): number {
  const q0 = options.q0 ?? 0;
  if (!(q0 >= 0 && q0 < 1)) throw new Error(`inclinationFromAxisRatioDeg: q0 must be in [0, 1) (got ${q0})`);
  if (q0 === 0) return thinDiskInclinationDeg(axisRatio);
  if (!(axisRatio > 0 && axisRatio <= 1)) throw new Error(`inclinationFromAxisRatioDeg: b/a must be in (0, 1] (got ${axisRatio})`);
  const cos2 = (axisRatio * axisRatio - q0 * q0) / (1 - q0 * q0);
  return cos2 <= 0 ? 90 : (Math.acos(Math.sqrt(cos2)) * 180) / Math.PI;
}
