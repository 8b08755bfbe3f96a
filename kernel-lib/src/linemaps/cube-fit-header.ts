// The primary header shared by the products of a cube fit (maps file, binary table): what was fitted, how, the units,
// the selection, where the spatial WCS came from, and every provenance entry (keyword + comment naming the source).
import type { FitsCardInput } from '../io/fits-write';
import type { Provenance } from '../provenance';
import type { CubeFit } from './fit-cube';

/** Version of the layout of the maps file and the table (README "Map products"); raised when either changes. */
export const CUBE_FIT_PRODUCT_VERSION = 1;

const GREEK: Record<string, string> = { 'α': 'alpha', 'β': 'beta', 'γ': 'gamma', 'σ': 'sigma', 'λ': 'lambda', 'Å': 'A', '″': '"', '′': "'", '×': 'x', '≥': '>=', '≤': '<=', '–': '-', '—': '-', '±': '+/-' };

/** Text a FITS header can hold: Greek letters and a few symbols spelled out, anything else outside ASCII as \uXXXX. */
export function fitsText(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code >= 0x20 && code <= 0x7e) out += ch;
    else out += GREEK[ch] ?? `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return out;
}

/** The spatial WCS the products carry, in words (primary keyword WCSSRC). */
export function wcsSourceText(fit: CubeFit): string {
  const wcs = fit.spatialWcs;
  if (!wcs) return 'none: the cube header has no spatial WCS (maps have pixel coordinates only)';
  const ctype = `${String(wcs.keywords.CTYPE1 ?? '')}/${String(wcs.keywords.CTYPE2 ?? '')}`;
  if (wcs.celestial) return `the cube's celestial WCS (${ctype}), spectral axis removed`;
  const units = `${String(wcs.keywords.CUNIT1 ?? 'no unit')}/${String(wcs.keywords.CUNIT2 ?? 'no unit')}`;
  return `the cube's spatial WCS ${ctype} in ${units}: offsets, NOT celestial (the cube has no RA/Dec)`;
}

function provenanceValue(p: Provenance): string | number | boolean | null {
  const v = p.value;
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  return typeof v === 'string' ? fitsText(v) : v;
}

/**
 * One HIERARCH card `PROV <KEY> = value / [unit] source` per provenance entry, and a COMMENT with the full text (never
 * cut). An entry whose value does not fit one card keeps only its COMMENT.
 */
export function provenanceCards(provenance: Record<string, Provenance> | undefined): FitsCardInput[] {
  if (!provenance) return [];
  const cards: FitsCardInput[] = [];
  for (const [name, p] of Object.entries(provenance)) {
    const key = `PROV ${name.toUpperCase().replace(/[^A-Z0-9_-]/g, '_')}`;
    const value = provenanceValue(p);
    const comment = fitsText(`${p.unit ? `[${p.unit}] ` : ''}${p.source}`);
    const valueText = value === null ? '' : typeof value === 'string' ? `'${value.replace(/'/g, "''")}'` : String(value);
    if (`HIERARCH ${key} = ${valueText}`.length <= 80) cards.push({ key, value, comment });
    cards.push({ key: 'COMMENT', value: fitsText(`provenance ${name} = ${String(p.value)}${p.unit ? ` ${p.unit}` : ''} (source: ${p.source})`) });
  }
  return cards;
}

/** The primary-header cards of a product of `fit`; `product` names it ('MAPS' or 'TABLE'). */
export function cubeFitPrimaryCards(fit: CubeFit, product: 'MAPS' | 'TABLE'): FitsCardInput[] {
  const s = fit.selection;
  const cards: FitsCardInput[] = [
    { key: 'ORIGIN', value: 'msa3d', comment: 'emission-line fit of every spaxel (fitCube)' },
    { key: 'MSA3DFMT', value: product, comment: 'msa3d product (README: Map products)' },
    { key: 'MSA3DVER', value: CUBE_FIT_PRODUCT_VERSION, comment: 'version of the product layout' },
    { key: 'SOURCE', value: fitsText(fit.source), comment: 'the fitted cube' },
    { key: 'NX', value: fit.nx, comment: 'spaxels along x (NAXIS1 of the cube)' },
    { key: 'NY', value: fit.ny, comment: 'spaxels along y (NAXIS2 of the cube)' },
    { key: 'REDSHIFT', value: fit.redshift, comment: 'systemic redshift of the fit; velocities relative to it' },
    { key: 'MEDIUM', value: fit.medium, comment: 'wavelengths of the cube: vacuum or air' },
    { key: 'LSF', value: fitsText(fit.instrument), comment: 'instrumental width removed from sigma' },
    { key: 'FLUXUNIT', value: fitsUnit(fit.fluxUnit), comment: 'unit of line fluxes, per spaxel' },
    { key: 'EWUNIT', value: 'Angstrom', comment: 'equivalent widths: rest frame' },
    { key: 'VELUNIT', value: 'km/s', comment: 'velocity and sigma (intrinsic: LSF removed)' },
    { key: 'ERRSRC', value: 'residuals', comment: 'errors from the fit residuals (Ju et al. 2.2)' },
    { key: 'SELLINE', value: s.line, comment: 'selection line' },
    { key: 'SELSNR', value: s.minFluxSnr, comment: 'selected: S/N(flux of SELLINE) > SELSNR' },
    { key: 'SELEWSNR', value: s.minEwSnr, comment: 'and S/N(EW) > SELEWSNR (undefined: no EW cut)' },
    { key: 'NSELECT', value: s.count, comment: 'spaxels selected' },
    { key: 'WCSSRC', value: wcsSourceText(fit), comment: 'spatial WCS of the maps' },
  ];
  cards.push(...provenanceCards(fit.provenance));
  return cards;
}

/** A unit as the FITS standard writes it (FITS 4.0 §4.3): a leading factor '1e-20 …' becomes '10**(-20) …'. */
export function fitsUnit(unit: string): string {
  return fitsText(unit.trim()).replace(/^1e([+-]?\d+)\s+/i, (_, exp: string) => `10**(${Number(exp)}) `);
}

/**
 * The unit of an inverse variance, 1/unit², in FITS form ('10**(-20) erg s-1 cm-2' → '10**(40) erg-2 s2 cm4',
 * 'km/s' → 'km-2 s2'); units it cannot take apart come back as '(unit)**-2'.
 */
export function inverseSquareFitsUnit(unit: string): string {
  const base = fitsUnit(unit).replace(/^km\/s$/, 'km s-1');
  const out: string[] = [];
  for (const token of base.split(/\s+/).filter(Boolean)) {
    const factor = /^10\*\*\(?([+-]?\d+)\)?$/.exec(token);
    const power = /^([A-Za-z]+)([+-]?\d+)?$/.exec(token);
    if (factor) out.push(`10**(${-2 * Number(factor[1])})`);
    else if (power) out.push(`${power[1]}${-2 * Number(power[2] ?? 1)}`);
    else return `(${base})**-2`;
  }
  return out.join(' ');
}
