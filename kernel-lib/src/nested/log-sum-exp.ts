// ln(eᵃ + eᵇ) without overflow or underflow, the one operation nested sampling needs on log-evidences.

/** ln(eᵃ + eᵇ) = max + ln(1 + e^{−|a−b|}) (the log-sum-exp identity); −∞ when both are −∞. */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}
