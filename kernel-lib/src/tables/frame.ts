// danfo DataFrames from typed rows: the tables notebooks display and filter.
import type * as dfd from 'danfojs-node';
import { danfo } from './danfo';

/**
 * Rows of plain objects → DataFrame, keeping the key order of the first row. Column types follow the values' JS
 * types (so numeric-looking ids stay strings); numbers stay JS doubles whatever danfo's 'float32' label says.
 */
export function rowsToFrame<T extends object>(rows: T[]): dfd.DataFrame {
  if (rows.length === 0) throw new Error('rowsToFrame: no rows');
  const keys = Object.keys(rows[0]) as Array<keyof T>;
  const columns: Record<string, unknown[]> = {};
  const dtypes = keys.map((k) => {
    const kind = typeof rows[0][k];
    return kind === 'string' ? 'string' : kind === 'boolean' ? 'boolean' : 'float32';
  });
  for (const k of keys) columns[String(k)] = rows.map((r) => r[k]);
  return new (danfo().DataFrame)(columns, { dtypes });
}
