// Our line fluxes against a published measurement of the same spectra (e.g. a survey's per-bin fluxes): the per-row
// ratio ours/published and its median per line over the rows where a chosen published line has S/N above a cut.
// Also the spaxels that stand for each bin of a binned cube (every spaxel of a bin carries the same spectrum) and the bins' centroids.
import { InputError } from '../errors/input-error';

/** A published flux and its 1σ error. */
export interface PublishedFlux {
  readonly flux: number;
  readonly fluxErr: number;
}

/** One spectrum (bin): our fluxes and the published ones, by the same keys (e.g. 'Hα', '[S II]'). */
export interface PublishedComparisonRow {
  readonly id: number | string;
  readonly ours: Readonly<Record<string, number>>;
  readonly published: Readonly<Record<string, PublishedFlux>>;
}

export interface PublishedComparisonOptions {
  /** Keys compared (default: every key of the first row's `published`). */
  readonly lines?: readonly string[];
  /** The published line whose S/N selects the rows (default the first of `lines`) and the cut (default 10). */
  readonly selectLine?: string;
  readonly minPublishedSnr?: number;
}

export interface PublishedComparison {
  /** Every row: its ratios ours/published (NaN where either is missing or the published flux ≤ 0) and whether selected. */
  readonly rows: readonly { readonly id: number | string; readonly selected: boolean; readonly ratios: Readonly<Record<string, number>> }[];
  /** Median ratio per line over the selected rows' finite ratios (NaN when none). */
  readonly medians: Readonly<Record<string, number>>;
  readonly nSelected: number;
  /** e.g. 'published Hα S/N > 10'. */
  readonly selection: string;
}

/** Per-row ratios ours/published and their medians over the rows with published `selectLine` S/N > `minPublishedSnr`. */
export function compareWithPublished(rows: readonly PublishedComparisonRow[], options: PublishedComparisonOptions = {}): PublishedComparison {
  const lines = options.lines ?? (rows.length > 0 ? Object.keys(rows[0].published) : []);
  const selectLine = options.selectLine ?? lines[0];
  const minSnr = options.minPublishedSnr ?? 10;
  const out = rows.map((row) => {
    const sel = row.published[selectLine];
    const selected = sel !== undefined && sel.fluxErr > 0 && sel.flux / sel.fluxErr > minSnr;
    const ratios: Record<string, number> = {};
    for (const line of lines) {
      const pub = row.published[line];
      const ours = row.ours[line];
      ratios[line] = pub !== undefined && pub.flux > 0 && Number.isFinite(ours) ? ours / pub.flux : NaN;
    }
    return { id: row.id, selected, ratios };
  });
  const medians: Record<string, number> = {};
  for (const line of lines) medians[line] = median(out.filter((r) => r.selected).map((r) => r.ratios[line]).filter(Number.isFinite));
  return { rows: out, medians, nSelected: out.filter((r) => r.selected).length, selection: `published ${selectLine} S/N > ${minSnr}` };
}

function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = values.slice().sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : 0.5 * (s[mid - 1] + s[mid]);
}

/** The first spaxel (index y·nx + x) of each bin id > 0 of a bin map (0 or non-finite = no bin), bins in increasing order. */
export function binRepresentativeSpaxels(binMap: ArrayLike<number>): { bin: number; spaxel: number }[] {
  const first = new Map<number, number>();
  for (let i = 0; i < binMap.length; i++) {
    const b = binMap[i];
    if (Number.isFinite(b) && b > 0 && !first.has(b)) first.set(b, i);
  }
  return [...first.entries()].sort((a, b) => a[0] - b[0]).map(([bin, spaxel]) => ({ bin, spaxel }));
}

/** A bin's spaxel count, its spaxel centroid (x, y in spaxels, 0-based) and the centroid's distance from `centre`. */
export interface BinCentroid {
  bin: number;
  nSpaxels: number;
  xSpaxel: number;
  ySpaxel: number;
  distanceSpaxels: number;
}

/**
 * The centroid of each bin id > 0 of a bin map (nx spaxels per row), and its distance from a centre: the centroid of
 * the spaxels of the bins `centreBins` (e.g. the innermost ring of sectors). No inclination correction.
 */
export function binCentroids(binMap: ArrayLike<number>, nx: number, centreBins: readonly number[]): { centre: { xSpaxel: number; ySpaxel: number }; bins: BinCentroid[] } {
  const sums = new Map<number, { n: number; x: number; y: number }>();
  for (let i = 0; i < binMap.length; i++) {
    const b = binMap[i];
    if (!(Number.isFinite(b) && b > 0)) continue;
    const s = sums.get(b) ?? { n: 0, x: 0, y: 0 };
    s.n++;
    s.x += i % nx;
    s.y += Math.floor(i / nx);
    sums.set(b, s);
  }
  const inCentre = centreBins.map((b) => sums.get(b));
  if (centreBins.length === 0 || inCentre.some((s) => s === undefined)) {
    throw new InputError('not-one-of', 'binCentroids', `centreBins must be bin ids present in the map (got ${centreBins.join(', ') || 'none'})`);
  }
  const n = inCentre.reduce((t, s) => t + s!.n, 0);
  const cx = inCentre.reduce((t, s) => t + s!.x, 0) / n;
  const cy = inCentre.reduce((t, s) => t + s!.y, 0) / n;
  const bins = [...sums.entries()].sort((a, b) => a[0] - b[0]).map(([bin, s]) => {
    const xSpaxel = s.x / s.n;
    const ySpaxel = s.y / s.n;
    return { bin, nSpaxels: s.n, xSpaxel, ySpaxel, distanceSpaxels: Math.hypot(xSpaxel - cx, ySpaxel - cy) };
  });
  return { centre: { xSpaxel: cx, ySpaxel: cy }, bins };
}
