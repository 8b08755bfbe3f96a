// Shared timing for the benchmarks: the mean wall time of repeated runs, the peak memory of this process, a peer
// program run with JSON in and out, and the ratio printed as "12.3×". Each benchmark does its own JIT warm-up first.
import { spawnSync } from 'node:child_process';

/**
 * Runs `fn(0)`, `fn(1)`, … `fn(repeats − 1)` back to back and returns the mean wall time per run (seconds and ms)
 * with the first and last results. Warm the JIT up before calling it: every run here is timed.
 */
export function timeIt<T>(fn: (repeat: number) => T, repeats: number): { seconds: number; ms: number; first: T; last: T } {
  if (!Number.isInteger(repeats) || repeats < 1) throw new Error(`timeIt: repeats must be an integer ≥ 1 (got ${repeats})`);
  const t0 = process.hrtime.bigint();
  const first = fn(0);
  let last = first;
  for (let r = 1; r < repeats; r++) last = fn(r);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9 / repeats;
  return { seconds, ms: seconds * 1e3, first, last };
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** numerator / denominator (two rates or two times) printed as "12.3×". */
export function ratio(numerator: number, denominator: number, digits = 1): string {
  return `${(numerator / denominator).toFixed(digits)}×`;
}

/**
 * Runs a peer (`python script.py …` or `python -c code`) with `input` as JSON on stdin and parses the JSON it prints;
 * on failure returns the last line of its stderr instead.
 */
export function runPeerJson<T>(python: string, args: string[], input?: unknown): { ok: true; value: T } | { ok: false; error: string } {
  const out = spawnSync(python, args, { input: input === undefined ? undefined : JSON.stringify(input), encoding: 'utf8' });
  if (out.status !== 0) return { ok: false, error: (out.stderr ?? '').trim().split('\n').pop() ?? `exit status ${out.status}` };
  return { ok: true, value: JSON.parse(out.stdout) as T };
}
