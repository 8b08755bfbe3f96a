// Progress of long work as compute code sees it: a reporter it tells how much is done, made by a factory the caller
// passes in. Compute code (linemaps/fitCube, …) never draws; the notebook and terminal bars (notebook/progress.ts)
// implement this interface, so compute folders need not import display folders.

/** Told how much of the work is done; `finish` once at the end. */
export interface Progress {
  /** Reports `done` units finished (cheap to call often). */
  update(done: number): void;
  /** Ends the report. */
  finish(): void;
}

/** Makes a Progress for `total` units of work labelled `label` (e.g. createProgress of notebook/progress.ts). */
export type ProgressFactory = (label: string, total: number) => Progress;
