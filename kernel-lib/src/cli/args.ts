// A tiny command-line parser: positional words and --flags (with values, or boolean), and the checks of flag values.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../errors/input-error';

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string | true>;
}

/** Flags every command takes. */
export const COMMON_FLAGS = ['help', 'debug'];
/** Flags that never take a value, whatever follows them (a manifest of `msa3d batch` gives them as true/false). */
export const BOOLEAN_FLAGS = [...COMMON_FLAGS, 'overwrite', 'air', 'kinematics', 'user', 'summary-only'];

/** A usage error: printed as one line, exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Parses argv; `booleanFlags` never take a value. `--name=value` and `--name value` both work. */
export function parseArgs(argv: string[], booleanFlags: string[] = []): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { positional.push(...argv.slice(i + 1)); break; }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (eq > 0) flags.set(name, a.slice(eq + 1));
      else if (booleanFlags.includes(name) || i + 1 >= argv.length || argv[i + 1].startsWith('--')) flags.set(name, true);
      else flags.set(name, argv[++i]);
    } else if (a === '-h') flags.set('help', true);
    else positional.push(a);
  }
  return { positional, flags };
}

/** A flag's string value, or `fallback`; a flag given without a value is a usage error. */
export function stringFlag(args: ParsedArgs, name: string, fallback?: string): string | undefined {
  const v = args.flags.get(name);
  if (v === undefined) return fallback;
  if (v === true) throw new UsageError(`--${name} needs a value`);
  return v;
}

/** Rejects flags the command does not know. */
export function checkFlags(args: ParsedArgs, known: string[]): void {
  for (const name of args.flags.keys()) {
    if (!known.includes(name)) throw new UsageError(`unknown option --${name} (see msa3d --help)`);
  }
}

/** A flag's numeric value, or `fallback`; a non-number is a usage error naming the flag. */
export function numberFlag(args: ParsedArgs, name: string, fallback?: number): number | undefined {
  const text = stringFlag(args, name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new UsageError(`--${name} needs a number, got '${text}'`);
  return value;
}

/** A flag's integer value ≥ `min`, or `fallback`. */
export function integerFlag(args: ParsedArgs, name: string, min: number, fallback?: number): number | undefined {
  const value = numberFlag(args, name, fallback);
  if (value !== undefined && !(Number.isSafeInteger(value) && value >= min)) throw new UsageError(`--${name} must be an integer ≥ ${min}, got ${args.flags.get(name)}`);
  return value;
}

/** A flag's numeric value checked against a bound: `> above` or `≥ min` (and `≤ max`), or `fallback`. */
export function boundedFlag(args: ParsedArgs, name: string, range: { above?: number; min?: number; max?: number }, fallback?: number): number | undefined {
  const value = numberFlag(args, name, fallback);
  if (value === undefined) return undefined;
  const ok = (range.above === undefined || value > range.above) && (range.min === undefined || value >= range.min) && (range.max === undefined || value <= range.max);
  if (!ok) {
    const parts = [range.above !== undefined ? `> ${range.above}` : '', range.min !== undefined ? `≥ ${range.min}` : '', range.max !== undefined ? `≤ ${range.max}` : ''].filter(Boolean);
    throw new UsageError(`--${name} must be ${parts.join(' and ')}, got ${value}`);
  }
  return value;
}

/** `--min-ew-snr N|none`: null for none (continuum-subtracted cubes), else a number ≥ 0 (default `fallback`). */
export function ewSnrFlag(args: ParsedArgs, fallback: number): number | null {
  if (stringFlag(args, 'min-ew-snr') === 'none') return null;
  return boundedFlag(args, 'min-ew-snr', { min: 0 }, fallback)!;
}

/**
 * Refuses an output path before any work: the input file itself, an existing file without --overwrite, or a folder
 * that does not exist (msa3d creates no directory the user did not make).
 */
export function checkOutputPath(flag: string, file: string, overwrite: boolean, inputs: string[] = []): void {
  for (const input of inputs) {
    if (path.resolve(input) === path.resolve(file)) throw new UsageError(`--${flag} ${file} is the input file; msa3d never writes over its input`);
  }
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir)) throw new UsageError(`--${flag} ${file}: directory ${dir} does not exist (msa3d creates no directories)`);
  if (!fs.statSync(dir).isDirectory()) throw new UsageError(`--${flag} ${file}: ${dir} is not a directory`);
  if (fs.existsSync(file) && !overwrite) throw new UsageError(`${file} exists; pass --overwrite to replace it`);
}

/** Runs a library check, turning its InputError (bad input, found before any work) into a usage error (exit 2). */
export function asUsageError<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof InputError) throw new UsageError(error.message);
    throw error;
  }
}

/** --line-widths shared|balmer-forbidden|auto (default auto; see spectra/fit-options.ts lineWidths), checked before any work. */
export function lineWidthsFlag(args: ParsedArgs): 'shared' | 'balmer-forbidden' | 'auto' {
  const value = stringFlag(args, 'line-widths', 'auto');
  if (value !== 'shared' && value !== 'balmer-forbidden' && value !== 'auto') throw new UsageError(`--line-widths must be shared, balmer-forbidden or auto, got '${value}'`);
  return value;
}

/** --stellar-absorption auto|on|off (default auto; see spectra/stellar-absorption.ts), checked before any work. */
export function stellarAbsorptionFlag(args: ParsedArgs): 'auto' | 'on' | 'off' {
  const value = stringFlag(args, 'stellar-absorption', 'auto');
  if (value !== 'auto' && value !== 'on' && value !== 'off') throw new UsageError(`--stellar-absorption must be auto, on or off, got '${value}'`);
  return value;
}
