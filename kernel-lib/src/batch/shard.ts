// Shards of a batch: shard I of N (1-based) takes the manifest rows i (0-based, in manifest order) with i mod N = I − 1,
// a fixed and disjoint share that depends only on the manifest, never on what is already done.
import { InputError } from '../errors/input-error';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** Parses `I/N` (1 ≤ I ≤ N); throws InputError otherwise. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !(count >= 1) || !(index >= 1 && index <= count)) {
    throw new InputError('out-of-range', 'shard', `--shard must be I/N with 1 ≤ I ≤ N (e.g. 2/8), got '${text}'`);
  }
  return { index, count };
}

/** The rows of shard I of N: every N-th row starting at row I − 1; the whole list without a shard. */
export function shardRows<T>(rows: readonly T[], shard?: Shard): T[] {
  if (!shard) return [...rows];
  return rows.filter((_, i) => i % shard.count === shard.index - 1);
}
