// The bits of the integer _MASK maps of the maps file (and of `msa3d flags`): the fit's own flags (spectra/fit-flags.ts,
// bits 0–9) plus NOT_SELECTED and DONOTUSE, in the manner of the MaNGA DAP's MAPS masks (DAP docs, "Bitmasks":
// MANGA_DAPPIXMASK, where NOVALUE marks spaxels that fail the selection and bit 30 DONOTUSE says "do not use").
import { FIT_FLAG, FIT_FLAG_DESCRIPTIONS } from '../spectra/fit-flags';

/** Every mask bit by name; the value is 2^bit. */
export const MAP_MASK = Object.freeze({
  ...FIT_FLAG,
  /** The spaxel fails the selection (default the paper's: S/N(Hα flux) > 10 and S/N(Hα EW) > 5, Ju et al. §2.2). */
  NOT_SELECTED: 1 << 10,
  /** The value is NaN or its error is not finite and > 0: do not use it (the DAP's DONOTUSE, bit 30). */
  DONOTUSE: 1 << 30,
});

/** Every bit a fit flag can have. */
const FIT_BITS = Object.values(FIT_FLAG).reduce((a, b) => a | b, 0);

/** Which fit-flag bits each kind of map carries (bits that do not bear on the quantity are left out). */
export const MAP_MASK_SOURCE = Object.freeze({
  /** Line fluxes: the line's flag without CONTINUUM_NOT_POSITIVE and SIGMA_UNRESOLVED (they concern EW and σ only). */
  flux: ~(FIT_FLAG.CONTINUUM_NOT_POSITIVE | FIT_FLAG.SIGMA_UNRESOLVED),
  /** Equivalent widths: the line's flag without SIGMA_UNRESOLVED. */
  ew: ~FIT_FLAG.SIGMA_UNRESOLVED,
  /** Velocity and observed σ: the kinematics' flag without SIGMA_UNRESOLVED. */
  velocity: ~FIT_FLAG.SIGMA_UNRESOLVED,
  /** Intrinsic σ: the kinematics' flag, all bits. */
  sigma: ~0,
  /** Reduced χ²: the spectrum's flag (OR of every line and window), all bits. */
  spectrum: ~0,
});

/** One row of the bit table. */
export interface MaskBit {
  bit: number;
  value: number;
  name: keyof typeof MAP_MASK;
  meaning: string;
  /** The mask maps the bit can appear in. */
  masks: string;
}

const FLUX_EW_KIN = 'EMLINE_GFLUX_MASK, EMLINE_GEW_MASK, GAS_*_MASK, FIT_CHI2_MASK';
const WHERE: Partial<Record<keyof typeof MAP_MASK, string>> = {
  SIGMA_UNRESOLVED: 'GAS_SIGMA_MASK, FIT_CHI2_MASK',
  CONTINUUM_NOT_POSITIVE: 'EMLINE_GEW_MASK, FIT_CHI2_MASK',
  KINEMATICS_UNTIED: 'EMLINE_GFLUX_MASK, EMLINE_GEW_MASK, FIT_CHI2_MASK',
  NOT_SELECTED: 'every _MASK',
  DONOTUSE: 'every _MASK',
};

/** The bits, lowest first: name, value, meaning and the masks they appear in. */
export const MAP_MASK_BITS: readonly MaskBit[] = Object.freeze(
  (Object.keys(MAP_MASK) as (keyof typeof MAP_MASK)[]).map((name) => {
    const value = MAP_MASK[name];
    const meaning = name === 'NOT_SELECTED'
      ? 'the spaxel fails the selection (default S/N(Ha flux) > 10 and S/N(Ha EW) > 5; the header says which)'
      : name === 'DONOTUSE'
        ? 'the value is NaN, or its error is not a finite positive number (IVAR = 0): do not use it'
        : FIT_FLAG_DESCRIPTIONS[name as keyof typeof FIT_FLAG];
    return Object.freeze({ bit: Math.log2(value), value, name, meaning, masks: WHERE[name] ?? FLUX_EW_KIN });
  }),
);

/** Names of the bits set in `mask`, e.g. ['AT_BOUND', 'DONOTUSE']. */
export function describeMapMask(mask: number): string[] {
  return MAP_MASK_BITS.filter((b) => (mask & b.value) !== 0).map((b) => b.name);
}

/** The bit table as aligned plain text (`msa3d flags`). */
export function mapMaskTableText(): string {
  const w = Math.max(...MAP_MASK_BITS.map((b) => b.name.length));
  const lines = ['bit  value       name'.padEnd(17 + w) + '  meaning  [masks]'];
  for (const b of MAP_MASK_BITS) {
    lines.push(`${String(b.bit).padStart(3)}  ${String(b.value).padStart(10)}  ${b.name.padEnd(w)}  ${b.meaning}  [${b.masks}]`);
  }
  return lines.join('\n');
}

/** The bit table as Markdown (the README's copy is checked against this by test/maps.test.ts). */
export function mapMaskTableMarkdown(): string {
  const rows = MAP_MASK_BITS.map((b) => `| ${b.bit} | ${b.value} | \`${b.name}\` | ${b.meaning} | ${b.masks} |`);
  return ['| bit | value | name | meaning | appears in |', '|---|---|---|---|---|', ...rows].join('\n');
}

/**
 * The mask of one map: the fit-flag bits `source` keeps of `flag`, NOT_SELECTED where `selected` is 0, DONOTUSE where
 * the value is not finite or, when given, its error is not finite and > 0 (its inverse variance is then 0). Int32, index y·nx + x.
 */
export function mapMask(
  flag: Float64Array,
  source: number,
  selected: Uint8Array,
  value: Float64Array,
  error: Float64Array | null,
): Int32Array {
  const out = new Int32Array(flag.length);
  for (let s = 0; s < flag.length; s++) {
    let m = (flag[s]! | 0) & source & FIT_BITS;
    if (!selected[s]) m |= MAP_MASK.NOT_SELECTED;
    if (!Number.isFinite(value[s]!) || (error !== null && !(error[s]! > 0 && Number.isFinite(error[s]!)))) m |= MAP_MASK.DONOTUSE;
    out[s] = m;
  }
  return out;
}
