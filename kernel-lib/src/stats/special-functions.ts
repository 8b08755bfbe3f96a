// Special functions for p-values: log-gamma (Lanczos), the regularized incomplete beta function (continued fraction
// with the modified Lentz method) and Student's t tail (Press et al. 2007, Numerical Recipes 3rd ed., §6.1, §6.4).

/** Lanczos coefficients for g = 607/128, N = 14 (Press et al. 2007, §6.1, routine gammln). */
const LANCZOS = [
  57.1562356658629235, -59.5979603554754912, 14.1360979747417471, -0.491913816097620199, 0.339946499848118887e-4,
  0.465236289270485756e-4, -0.983744753048795646e-4, 0.158088703224912494e-3, -0.210264441724104883e-3,
  0.217439618115212643e-3, -0.16431810653676389e-3, 0.844182239838527433e-4, -0.261908384015814087e-4,
  0.368991826595316234e-5,
];

/** ln Γ(x) for x > 0, relative error ≲ 1e-15 (Lanczos 1964 series; Press et al. 2007, §6.1, routine gammln). */
export function logGamma(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) throw new Error(`logGamma: x must be finite and > 0 (got ${x})`);
  let y = x;
  let tmp = x + 5.2421875; // x + g + ½ with g = 607/128
  tmp = (x + 0.5) * Math.log(tmp) - tmp;
  let series = 0.999999999999997092;
  for (let j = 0; j < 14; j++) series += LANCZOS[j] / ++y;
  return tmp + Math.log((2.5066282746310005 * series) / x); // 2.50662… = √(2π)
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b) (Abramowitz & Stegun 1972, eq. 6.2.2). */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

const EPS = 2.220446049250313e-16;
const FPMIN = Number.MIN_VALUE / EPS;
const MAX_ITERATIONS = 100000;

/**
 * Regularized incomplete beta I_x(a, b) = B(x; a, b) / B(a, b) for a, b > 0, 0 ≤ x ≤ 1 (Press et al. 2007, §6.4),
 * from its continued fraction on whichever side of x = (a+1)/(a+b+2) converges fast, using the symmetry
 * I_x(a, b) = 1 − I_{1−x}(b, a) (Press et al. 2007, §6.4, routine betai). Relative error ~1e-14 for moderate a, b.
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (!(a > 0) || !(b > 0) || !Number.isFinite(a) || !Number.isFinite(b)) {
    throw new Error(`regularizedIncompleteBeta: a and b must be finite and > 0 (got a = ${a}, b = ${b})`);
  }
  if (!(x >= 0 && x <= 1)) throw new Error(`regularizedIncompleteBeta: x must be in [0, 1] (got ${x})`);
  if (x === 0 || x === 1) return x;
  // Prefactor x^a (1−x)^b / (a B(a, b)) of the continued fraction (Press et al. 2007, §6.4).
  const front = Math.exp(a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b));
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

/**
 * The continued fraction for I_x(a, b), evaluated by the modified Lentz method
 * (Lentz 1976; Thompson & Barnett 1986; Press et al. 2007, §5.2, and §6.4 routine betacf for the coefficients).
 */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < FPMIN) d = FPMIN;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    // Even step: d_{2m} = m (b − m) x / ((a + 2m − 1)(a + 2m)).
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    h *= d * c;
    // Odd step: d_{2m+1} = −(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)).
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) <= EPS) return h;
  }
  throw new Error(`regularizedIncompleteBeta: continued fraction did not converge (x = ${x}, a = ${a}, b = ${b})`);
}

/**
 * Two-sided p-value of Student's t with ν degrees of freedom: P(|T| ≥ |t|) = I_{ν/(ν+t²)}(ν/2, ½)
 * (Press et al. 2007, §6.14; Abramowitz & Stegun 1972, §26.7).
 */
export function studentTTwoSidedPValue(t: number, dof: number): number {
  if (!(dof > 0) || !Number.isFinite(dof)) throw new Error(`studentTTwoSidedPValue: dof must be finite and > 0 (got ${dof})`);
  if (Number.isNaN(t)) throw new Error('studentTTwoSidedPValue: t is NaN');
  if (!Number.isFinite(t)) return 0;
  return regularizedIncompleteBeta(dof / (dof + t * t), dof / 2, 0.5);
}
