// The reproduction recorder: a notebook hands each published number and the value it computed to `compare`,
// which judges it against a tolerance, shows the verdict and appends it to out/records/<notebook>.json;
// `msa3d reproduce` gathers those records into out/reproduction.{json,md}.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { outputDir } from '../paths';
import { showBundle, showHtml } from '../notebook/display';
import { figureToInlineHtml, figureToPng, type Figure } from '../plot/render';
import { escapeMarkup } from '../escape-markup';

/**
 * What the reference of a comparison is: 'published' (default), a number printed in the paper or a survey's catalogue;
 * 'simulated-null', computed from seeded simulations of a null hypothesis (e.g. the median χ² of a null); 'agreement',
 * the value that means agreement with published numbers (a ratio of 1 to them, an offset of 0, all within their errors)
 * — set by the comparison, not printed anywhere. Only 'published' references are published numbers.
 */
export type ReferenceKind = 'published' | 'simulated-null' | 'agreement';

export const REFERENCE_KINDS: readonly ReferenceKind[] = ['published', 'simulated-null', 'agreement'];

/** How the report names each reference kind (a non-published reference is shown with its kind next to its value). */
export const REFERENCE_KIND_LABEL: Record<ReferenceKind, string> = { published: 'published', 'simulated-null': 'simulated null', agreement: 'agreement value' };

/** What a notebook states about one reference number (a published one unless `reference` says otherwise). */
export interface Comparison {
  /** What the number is, e.g. "Eq. 2 slope". */
  quantity: string;
  /**
   * The reference we compare against: the value printed in the paper — or, when `reference` is not 'published', the
   * computed or agreement value it names (the field keeps its name so every record reads alike).
   */
  published: number;
  /**
   * What `published` is (default 'published'); anything else needs `referenceLabel`. `compare` always writes it into the
   * record; records written before it existed have none and are read as 'published' (referenceOf).
   */
  reference?: ReferenceKind;
  /** For a non-published reference, a short phrase saying what it is, e.g. "median of 200 seeded simulations of null C". */
  referenceLabel?: string;
  /** The value this notebook computed. */
  reproduced: number;
  /** Largest accepted |reproduced − published|, in `unit`. */
  tolerance: number;
  unit: string;
  /** Why this tolerance (e.g. "half a unit in the last published digit"). */
  toleranceReason?: string;
  /** Real published data, or a recovery from a simulated cube. */
  data?: 'real' | 'simulated';
  note?: string;
  /**
   * One of many like comparisons judged as a population (e.g. each of 25 galaxies within 2σ): even with calibrated
   * errors about 5 % of 2σ comparisons fail by chance. Its verdict is shown and reported like any other, but
   * `npm test` does not fail on it alone (it prints it); the notebook should also say how many failed and why.
   */
  statistical?: boolean;
  /**
   * A target the current code is known not to meet yet, with the reason (e.g. "issue 12 target not met yet: [O III]
   * low, see …"). Set from what is known about the code, never from the value: the recorder judges. Outside its
   * tolerance the verdict is 'known-miss' — shown and counted apart (never as passed), printed by `npm test` but not a
   * failure; within it, an ordinary pass, with a hint that the miss is fixed and `knownMiss` should be removed.
   */
  knownMiss?: string;
}

/** One entry of the reproduction report. */
export interface ComparisonRecord extends Comparison {
  notebook: string;
  difference: number;
  pass: boolean;
}

export interface Reproduction {
  notebook: string;
  /** Judges, shows and records one comparison (returns nothing, so a notebook cell ending with it prints nothing more). */
  compare(comparison: Comparison): void;
  /** Shows a figure inline (SVG in HTML, with hover titles) and writes it as out/figures/<notebook>/<name>.png. */
  figure(figure: Figure, name: string): void;
  /** Where `figure(…, name)` writes its PNG. */
  figurePath(name: string): string;
  /** The records made so far in this run of the notebook. */
  records(): ComparisonRecord[];
}

/** The folder holding one JSON file of records per notebook. */
export function recordsDir(outDir = outputDir()): string {
  return path.join(outDir, 'records');
}

/** The folder holding one folder of PNG figures per notebook. */
export function figuresDir(outDir = outputDir()): string {
  return path.join(outDir, 'figures');
}

/** |a − b| ≤ tolerance, with a relative slack of 1e-12 for values that sit exactly on the edge in decimal. */
export function withinTolerance(reproduced: number, published: number, tolerance: number): boolean {
  if (!Number.isFinite(reproduced) || !Number.isFinite(published)) return false;
  return Math.abs(reproduced - published) <= tolerance * (1 + 1e-12);
}

/** Starts recording for one notebook (its earlier records are replaced). */
export function startReproduction(notebook: string): Reproduction {
  if (!/^[\w.-]+$/.test(notebook)) throw new Error(`startReproduction: notebook name '${notebook}' must be a plain file name`);
  const records: ComparisonRecord[] = [];
  const file = path.join(recordsDir(), `${notebook}.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '[]\n');
  const figurePath = (name: string): string => {
    if (!/^[\w.-]+$/.test(name)) throw new Error(`figure: name '${name}' must be a plain file name`);
    return path.join(figuresDir(), notebook, `${name}.png`);
  };
  return {
    notebook,
    figurePath,
    compare(c: Comparison): void {
      for (const key of ['published', 'reproduced', 'tolerance'] as const) {
        if (typeof c[key] !== 'number') throw new Error(`compare(${c.quantity}): ${key} must be a number`);
      }
      if (!(c.tolerance >= 0)) throw new Error(`compare(${c.quantity}): tolerance must be ≥ 0`);
      if (c.knownMiss !== undefined && !(typeof c.knownMiss === 'string' && c.knownMiss.trim())) throw new Error(`compare(${c.quantity}): knownMiss must be the reason, a non-empty string`);
      const reference = c.reference ?? 'published';
      if (!REFERENCE_KINDS.includes(reference)) throw new Error(`compare(${c.quantity}): reference must be one of ${REFERENCE_KINDS.join(', ')} (got ${String(reference)})`);
      if (c.referenceLabel !== undefined && !(typeof c.referenceLabel === 'string' && c.referenceLabel.trim())) throw new Error(`compare(${c.quantity}): referenceLabel must be a non-empty string`);
      if (reference !== 'published' && c.referenceLabel === undefined) throw new Error(`compare(${c.quantity}): a '${reference}' reference needs referenceLabel, saying what it is`);
      if (reference === 'published' && c.referenceLabel !== undefined) throw new Error(`compare(${c.quantity}): referenceLabel is for a reference that is not published (set reference)`);
      const record: ComparisonRecord = {
        notebook, ...c, reference,
        difference: c.reproduced - c.published,
        pass: withinTolerance(c.reproduced, c.published, c.tolerance),
      };
      records.push(record);
      fs.writeFileSync(file, JSON.stringify(records, null, 2) + '\n');
      const line = `${verdictLabel(record)} — ${c.quantity}: reproduced ${fmt(c.reproduced)} vs ${referenceWords(record)} ${fmt(c.published)} ${c.unit} (tolerance ±${fmt(c.tolerance)})`
        + (c.knownMiss ? (record.pass ? ` — ${KNOWN_MISS_FIXED}` : ` — ${c.knownMiss}`) : '');
      showHtml(`<div style="font-family:monospace;color:${VERDICT_COLOUR[verdictOf(record)]}">${escapeMarkup(line)}</div>`, line);
    },
    figure(figure: Figure, name: string): void {
      const pngPath = figurePath(name);
      const png = figureToPng(figure);
      fs.mkdirSync(path.dirname(pngPath), { recursive: true });
      fs.writeFileSync(pngPath, png);
      // Inline as HTML: the PNG, swapped for the SVG with its hover titles by a script where scripts run (a live
      // session, nbconvert's HTML; figureToInlineHtml says why). The HTML already holds the PNG, so no separate
      // image/png copy (it would double every figure in the saved notebook).
      showBundle({ 'text/html': figureToInlineHtml(figure, png), 'text/plain': `figure: ${figure.title ?? name}` }, `figure written to ${pngPath}`);
    },
    records: () => records.slice(),
  };
}

export type Verdict = 'pass' | 'fail' | 'outside-statistical' | 'known-miss';

/** What the recorder says of a known miss that is within its tolerance after all. */
export const KNOWN_MISS_FIXED = 'known miss now within tolerance: remove knownMiss';

/**
 * The verdict of one record: 'pass' (within tolerance, known miss or not), 'known-miss' for a stated known miss outside
 * its tolerance, 'outside-statistical' for a statistical comparison outside its tolerance (one of many like
 * comparisons, where a few misses are expected by chance), else 'fail'. Only 'fail' fails `npm test`.
 */
export function verdictOf(record: Pick<ComparisonRecord, 'pass' | 'statistical' | 'knownMiss'>): Verdict {
  if (record.pass) return 'pass';
  if (record.knownMiss) return 'known-miss';
  return record.statistical ? 'outside-statistical' : 'fail';
}

/** The verdict in the words of the report: "✓ pass", "✗ FAIL", "○ outside (statistical)", "△ known miss". */
export function verdictLabel(record: Pick<ComparisonRecord, 'pass' | 'statistical' | 'knownMiss'>): string {
  return VERDICT_LABEL[verdictOf(record)];
}

const VERDICT_LABEL: Record<Verdict, string> = { pass: '✓ pass', fail: '✗ FAIL', 'outside-statistical': '○ outside (statistical)', 'known-miss': '△ known miss' };

/** Green for a pass, red for a failure, amber (not red) for a statistical comparison outside or a known miss. */
const VERDICT_COLOUR: Record<Verdict, string> = { pass: '#176617', fail: '#b00020', 'outside-statistical': '#8a5a00', 'known-miss': '#8a5a00' };

/** The kind of a record's reference; records written before `reference` existed are published. */
export function referenceOf(record: Pick<ComparisonRecord, 'reference'>): ReferenceKind {
  return record.reference ?? 'published';
}

/** "published", or e.g. "simulated null (median of 200 seeded simulations of null C)": what the reference is, in words. */
export function referenceWords(record: Pick<ComparisonRecord, 'reference' | 'referenceLabel'>): string {
  const kind = referenceOf(record);
  return kind === 'published' ? 'published' : `${REFERENCE_KIND_LABEL[kind]} (${record.referenceLabel})`;
}

/** A number printed with up to 4 significant digits beyond its leading zeros. */
function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return String(Number(x.toPrecision(4)));
}

