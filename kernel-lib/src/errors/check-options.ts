// Option and argument checks for the public entry points: each returns the checked value or throws an InputError with
// a stable code and a one-line message naming the function and the option, "<where>: <name> must be …".
import { InputError } from './input-error';

/** Bounds of a number: inclusive `min`/`max`, exclusive `above`/`below`. */
export interface NumberRange {
  min?: number;
  max?: number;
  above?: number;
  below?: number;
}

function rangeText(range: NumberRange): string {
  const parts: string[] = [];
  if (range.min !== undefined) parts.push(`≥ ${range.min}`);
  if (range.above !== undefined) parts.push(`> ${range.above}`);
  if (range.max !== undefined) parts.push(`≤ ${range.max}`);
  if (range.below !== undefined) parts.push(`< ${range.below}`);
  return parts.join(' and ');
}

function checkRange(where: string, name: string, value: number, range: NumberRange, kind: string): void {
  const ok =
    (range.min === undefined || value >= range.min) &&
    (range.max === undefined || value <= range.max) &&
    (range.above === undefined || value > range.above) &&
    (range.below === undefined || value < range.below);
  if (!ok) throw new InputError('out-of-range', where, `${name} must be ${kind} ${rangeText(range)} (got ${value})`);
}

/** `value` as a finite number within `range` (default: any finite number). */
export function checkFiniteNumber(where: string, name: string, value: unknown, range: NumberRange = {}): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    const kind = rangeText(range);
    throw new InputError('not-finite', where, `${name} must be a finite number${kind ? ` ${kind}` : ''} (got ${String(value)})`);
  }
  checkRange(where, name, value, range, 'a finite number');
  return value;
}

/** `value` as an integer within `range`. */
export function checkInteger(where: string, name: string, value: unknown, range: NumberRange = {}): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InputError('not-finite', where, `${name} must be an integer${rangeText(range) ? ` ${rangeText(range)}` : ''} (got ${String(value)})`);
  }
  if (!Number.isInteger(value)) {
    throw new InputError('not-integer', where, `${name} must be an integer${rangeText(range) ? ` ${rangeText(range)}` : ''} (got ${value})`);
  }
  checkRange(where, name, value, range, 'an integer');
  return value;
}

/** `value` if it is one of `allowed` (compared with ===). */
export function checkOneOf<T>(where: string, name: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    const list = allowed.map((a) => (typeof a === 'string' ? `'${a}'` : String(a))).join(', ');
    throw new InputError('not-one-of', where, `${name} must be one of ${list} (got ${typeof value === 'string' ? `'${value}'` : String(value)})`);
  }
  return value as T;
}

/**
 * The required seed of a random function: an integer in [0, 2⁵³) (what stats/random.ts's seededRandom accepts).
 * `options` may be undefined; a missing seed is code 'missing'.
 */
export function checkSeed(where: string, options: { seed?: unknown } | null | undefined, name = 'options.seed'): number {
  if (options == null || options.seed === undefined) {
    throw new InputError('missing', where, `${name} is required (every random function in kernel-lib takes a seed)`);
  }
  return checkInteger(where, name, options.seed, { min: 0, below: 2 ** 53 });
}

/** Throws 'missing' unless `value` is present (not null or undefined). */
export function checkPresent<T>(where: string, name: string, value: T | null | undefined): T {
  if (value == null) throw new InputError('missing', where, `needs ${name}`);
  return value;
}

/** Throws unless `values` is array-like and every entry is a finite number. */
export function checkFinite(values: ArrayLike<number>, name: string, where: string): void {
  if (values == null || typeof values.length !== 'number') {
    throw new InputError('bad-type', where, `${name} must be an array of numbers (got ${values === null ? 'null' : typeof values})`);
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new InputError('not-finite', where, `${name}[${i}] is not a finite number (got ${v})`);
    }
  }
}

/** Throws unless `b` has as many entries as `a`. */
export function checkSameLength(a: ArrayLike<number>, b: ArrayLike<number>, nameA: string, nameB: string, where: string): void {
  if (a.length !== b.length) {
    throw new InputError('length-mismatch', where, `${nameA} has ${a.length} values but ${nameB} has ${b.length}`);
  }
}

/** Throws unless every entry is finite and strictly positive (uncertainties, weights). */
export function checkPositive(values: ArrayLike<number>, name: string, where: string): void {
  checkFinite(values, name, where);
  for (let i = 0; i < values.length; i++) {
    if (!(values[i] > 0)) throw new InputError('out-of-range', where, `${name}[${i}] must be > 0 (got ${values[i]})`);
  }
}
