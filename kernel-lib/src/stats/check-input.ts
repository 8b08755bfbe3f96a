// Input checks shared by the statistics functions: one-line Error messages naming the function and the argument.

/** Throws unless `values` is array-like and every entry is a finite number. */
export function checkFinite(values: ArrayLike<number>, name: string, where: string): void {
  if (values == null || typeof values.length !== 'number') {
    throw new Error(`${where}: ${name} must be an array of numbers (got ${values === null ? 'null' : typeof values})`);
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new Error(`${where}: ${name}[${i}] is not a finite number (got ${v})`);
    }
  }
}

/** Throws unless `b` has as many entries as `a`. */
export function checkSameLength(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  nameA: string,
  nameB: string,
  where: string,
): void {
  if (a.length !== b.length) {
    throw new Error(`${where}: ${nameA} has ${a.length} values but ${nameB} has ${b.length}`);
  }
}

/** Throws unless every entry is finite and strictly positive (uncertainties, weights). */
export function checkPositive(values: ArrayLike<number>, name: string, where: string): void {
  checkFinite(values, name, where);
  for (let i = 0; i < values.length; i++) {
    if (!(values[i] > 0)) throw new Error(`${where}: ${name}[${i}] must be > 0 (got ${values[i]})`);
  }
}
