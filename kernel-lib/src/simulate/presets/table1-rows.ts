// The Table 1 rows (Ju et al.) the presets are built from, loaded on first use, and the ids of the 25 galaxies with a
// published metallicity gradient.
import type { Table1Row } from '../../tables/table1';

let rowsCache: Table1Row[] | null = null;

/** Every Table 1 row, in table order. */
export function table1Rows(): Table1Row[] {
  // loaded on first use: tables/table1 pulls in danfojs-node (≈ 1.8 s), which the CLI should not pay for at start-up
  if (!rowsCache) {
    const { readTable1Rows } = require('../../tables/table1') as typeof import('../../tables/table1');
    rowsCache = readTable1Rows();
  }
  return rowsCache;
}

/** The Table 1 rows with a published gradient (the 25 presets), in table order. */
export function presetRows(): Table1Row[] {
  return table1Rows().filter((r) => Number.isFinite(r.gradientDexPerKpc));
}

/** The Table 1 row of a table id ('8365'), undefined if Table 1 has none. */
export function table1Row(tableId: string): Table1Row | undefined {
  return table1Rows().find((r) => r.id === tableId);
}

/** 'ID8365', 'id8365', ' 8365 ' or 8365 → '8365'. */
export function normaliseId(id: string | number): string {
  return String(id).trim().replace(/^id[\s_-]*/i, '');
}

/** The ids ('ID2145', …) of the 25 Table 1 galaxies with a published gradient, in table order. */
export function presetIds(): string[] {
  return presetRows().map((r) => `ID${r.id}`);
}
