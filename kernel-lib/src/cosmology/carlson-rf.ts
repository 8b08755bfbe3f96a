// Carlson's symmetric elliptic integral of the first kind R_F(x, y, z), by the duplication algorithm
// (Carlson 1995, Numer. Algorithms 10, 13; as coded in Press et al. 2007, Numerical Recipes 3rd ed., §6.12).

/** Stop when every relative deviation from the mean is below this: truncation error ≈ ERRTOL⁶/4 ≈ 6e-17. */
const ERRTOL = 0.0025;

/**
 * R_F(x, y, z) = ½ ∫₀^∞ dt / √((t+x)(t+y)(t+z)) for x, y, z ≥ 0 with at most one of them zero
 * (Carlson 1995, §2). Accurate to a few ulp; ≲ 10 duplication steps for any arguments in range.
 */
export function carlsonRF(x: number, y: number, z: number): number {
  if (!(x >= 0 && y >= 0 && z >= 0) || x + y === 0 || x + z === 0 || y + z === 0 || !Number.isFinite(x + y + z)) {
    throw new Error(`carlsonRF: arguments must be finite, ≥ 0 and at most one zero (got ${x}, ${y}, ${z})`);
  }
  let xt = x;
  let yt = y;
  let zt = z;
  let mean: number;
  let dx: number;
  let dy: number;
  let dz: number;
  do {
    // Duplication theorem: R_F(x,y,z) = R_F((x+λ)/4, (y+λ)/4, (z+λ)/4), λ = √x√y + √x√z + √y√z (Carlson 1995, §2).
    const sx = Math.sqrt(xt);
    const sy = Math.sqrt(yt);
    const sz = Math.sqrt(zt);
    const lambda = sx * (sy + sz) + sy * sz;
    xt = 0.25 * (xt + lambda);
    yt = 0.25 * (yt + lambda);
    zt = 0.25 * (zt + lambda);
    mean = (xt + yt + zt) / 3;
    dx = (mean - xt) / mean;
    dy = (mean - yt) / mean;
    dz = (mean - zt) / mean;
  } while (Math.max(Math.abs(dx), Math.abs(dy), Math.abs(dz)) > ERRTOL);
  // Fifth-order Taylor expansion about the mean in the elementary symmetric functions E2, E3 (Carlson 1995, §2).
  const e2 = dx * dy - dz * dz;
  const e3 = dx * dy * dz;
  return (1 + (e2 / 24 - 0.1 - (3 / 44) * e3) * e2 + e3 / 14) / Math.sqrt(mean);
}
