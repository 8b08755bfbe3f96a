// HTML tables for danfo DataFrames and plain rows (danfo prints only text tables; tslab shows HTML).
import type * as dfd from 'danfojs-node';
import { showHtml } from './display';
import { escapeMarkup } from '../escape-markup';

export interface TableOptions {
  /** Significant digits for numbers (default 4); integers print as they are. */
  digits?: number;
  /** Per-column digits, overriding `digits`. */
  columnDigits?: Record<string, number>;
  /** Rows shown before "… N more rows" (default 60). */
  maxRows?: number;
  caption?: string;
}

/** Formats a cell: NaN/null/undefined as an em dash, numbers to `digits` significant digits. */
export function formatCell(value: unknown, digits = 4): string {
  if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) return '—';
  if (typeof value === 'number') {
    if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
    return Math.abs(value) !== 0 && (Math.abs(value) < 1e-4 || Math.abs(value) >= 1e6)
      ? value.toExponential(digits - 1)
      : String(Number(value.toPrecision(digits)));
  }
  if (typeof value === 'boolean') return value ? '✓' : '✗';
  return String(value);
}


/** An HTML <table> from column names and rows of values. */
export function htmlTableFromRows(columns: string[], rows: unknown[][], options: TableOptions = {}): string {
  const { digits = 4, columnDigits = {}, maxRows = 60, caption } = options;
  const shown = rows.slice(0, maxRows);
  const head = `<tr><th></th>${columns.map((c) => `<th>${escapeMarkup(c)}</th>`).join('')}</tr>`;
  const body = shown
    .map((r, i) => {
      const cells = r.map((v, j) => {
        const text = escapeMarkup(formatCell(v, columnDigits[columns[j]] ?? digits));
        return typeof v === 'number' ? `<td style="text-align:right">${text}</td>` : `<td>${text}</td>`;
      });
      return `<tr><th>${i}</th>${cells.join('')}</tr>`;
    })
    .join('');
  const more = rows.length > shown.length
    ? `<tr><td colspan="${columns.length + 1}">… ${rows.length - shown.length} more rows</td></tr>` : '';
  const cap = caption ? `<caption style="caption-side:top;text-align:left">${escapeMarkup(caption)}</caption>` : '';
  return `<table class="msa3d-table" style="border-collapse:collapse;font-size:12px">${cap}<thead>${head}</thead><tbody>${body}${more}</tbody></table>`;
}

/** An HTML <table> for a danfo DataFrame. */
export function htmlTable(frame: dfd.DataFrame, options: TableOptions = {}): string {
  return htmlTableFromRows(frame.columns as string[], frame.values as unknown[][], options);
}

/** Displays a DataFrame as an HTML table in the notebook (a text table outside one). */
export function showTable(frame: dfd.DataFrame, options: TableOptions = {}): void {
  showHtml(htmlTable(frame, options), frame.toString());
}
