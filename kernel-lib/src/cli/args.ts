// A tiny command-line parser: positional words and --flags (with values, or boolean).

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string | true>;
}

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

/** --stellar-absorption auto|on|off (default auto; see spectra/stellar-absorption.ts), checked before any work. */
export function stellarAbsorptionFlag(args: ParsedArgs): 'auto' | 'on' | 'off' {
  const value = stringFlag(args, 'stellar-absorption', 'auto');
  if (value !== 'auto' && value !== 'on' && value !== 'off') throw new UsageError(`--stellar-absorption must be auto, on or off, got '${value}'`);
  return value;
}
