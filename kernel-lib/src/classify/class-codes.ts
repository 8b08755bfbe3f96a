// Integer codes for spaxel classes and for the diagnostic that classified them, so that classifications fit in Uint8Array
// maps (FITS images, plots); 0 always means "not classified", so a map that was never written reads as unclassified.
import type { BptClass } from './bpt';
import type { WhanClass } from './whan';
import type { N2OnlyClass } from './n2-only';

/**
 * Every class a spaxel can get: the BPT's (Kewley et al. 2006), the WHAN's (Cid Fernandes et al. 2011) and the N2-only
 * criterion's (Stasińska et al. 2006; classify/n2-only.ts).
 */
export type SpaxelClass = BptClass | WhanClass | N2OnlyClass;
/** The diagram that classified a spaxel: BPT, WHAN, or log([N II]/Hα) alone ('n2', when neither can be used). */
export type ClassificationDiagnostic = 'bpt' | 'whan' | 'n2';

/** Class → code; 0 is reserved for "unclassified" (null). */
export const SPAXEL_CLASS_CODES: Readonly<Record<SpaxelClass, number>> = Object.freeze({
  sf: 1,
  composite: 2,
  agn: 3,
  sagn: 4,
  wagn: 5,
  retired: 6,
  passive: 7,
  'not-sf': 8,
});

/** Code → class, indexed by code; index 0 is null (unclassified). */
export const SPAXEL_CLASS_NAMES: readonly (SpaxelClass | null)[] = Object.freeze([null, 'sf', 'composite', 'agn', 'sagn', 'wagn', 'retired', 'passive', 'not-sf']);

/** Human-readable labels for legends. */
export const SPAXEL_CLASS_LABELS: Readonly<Record<SpaxelClass, string>> = Object.freeze({
  sf: 'Star-forming',
  composite: 'Composite',
  agn: 'AGN',
  sagn: 'Strong AGN',
  wagn: 'Weak AGN',
  retired: 'Retired',
  passive: 'Passive',
  'not-sf': 'Not purely star-forming (N2 ≥ −0.4)',
});

/** Diagnostic → code; 0 is reserved for "none". */
export const DIAGNOSTIC_CODES: Readonly<Record<ClassificationDiagnostic, number>> = Object.freeze({ bpt: 1, whan: 2, n2: 3 });
/** Code → diagnostic, indexed by code; index 0 is null. */
export const DIAGNOSTIC_NAMES: readonly (ClassificationDiagnostic | null)[] = Object.freeze([null, 'bpt', 'whan', 'n2']);

/** The code of a class (0 for null). */
export function spaxelClassCode(name: SpaxelClass | null): number {
  if (name === null) return 0;
  const code = SPAXEL_CLASS_CODES[name];
  if (code === undefined) throw new Error(`spaxelClassCode: unknown class '${name}' (known: ${Object.keys(SPAXEL_CLASS_CODES).join(', ')})`);
  return code;
}

/** The class of a code (null for 0); throws for a code that is not one. */
export function spaxelClassName(code: number): SpaxelClass | null {
  if (!Number.isInteger(code) || code < 0 || code >= SPAXEL_CLASS_NAMES.length) throw new Error(`spaxelClassName: no class has code ${code}`);
  return SPAXEL_CLASS_NAMES[code];
}

/** The code of a diagnostic (0 for null). */
export function diagnosticCode(name: ClassificationDiagnostic | null): number {
  return name === null ? 0 : DIAGNOSTIC_CODES[name];
}

/** The diagnostic of a code (null for 0); throws for a code that is not one. */
export function diagnosticName(code: number): ClassificationDiagnostic | null {
  if (!Number.isInteger(code) || code < 0 || code >= DIAGNOSTIC_NAMES.length) throw new Error(`diagnosticName: no diagnostic has code ${code}`);
  return DIAGNOSTIC_NAMES[code];
}
