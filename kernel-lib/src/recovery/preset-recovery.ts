// Injection–recovery of the MSA-3D sample: simulate a Table 1 galaxy from its published parameters (simulate/presets),
// run the whole chain on the cube (analyzeGalaxy) and set the recovered gradient beside the published and injected ones.
import { presetFor, presetIds, type GalaxyPreset } from '../simulate/presets';
import { simulateCube, type SimulatedCube } from '../simulate/simulate-cube';
import type { SimulationParams } from '../simulate/params';
import { simulatedCubeToCube } from '../simulate/write-cube';
import { analyzeGalaxy, type GalaxyAnalysis, type GalaxyMeta } from '../analyze/analyze-galaxy';
import { fitMetallicityGradient } from '../gradient/fit-gradient';
import { checkSeed } from '../errors/check-options';

/**
 * A noise seed of galaxy `id`'s own for round `round` (≥ 1): 1000·round + the galaxy's index in Table 1. The presets
 * share one cube shape and wavelength grid and simulateCube draws the noise voxel by voxel from its seed, so one seed
 * for every galaxy gives them all the same standardised noise cube (and galaxies at one redshift the same noise under
 * their lines): their pulls are then not independent draws.
 */
export function independentNoiseSeed(round: number, id: string): number {
  const index = presetIds().indexOf(id);
  if (index < 0) throw new Error(`independentNoiseSeed: no Table 1 preset ${id}`);
  if (!(Number.isInteger(round) && round >= 1)) throw new Error(`independentNoiseSeed: round must be an integer ≥ 1, got ${round}`);
  return 1000 * round + index;
}

/** One galaxy of the sample: published (Table 1), injected (the simulator's truth) and recovered gradients, dex/kpc. */
export interface PresetRecoveryRow {
  id: string;
  seed: number;
  redshift: number;
  logMstar: number;
  /** Diagram used for the classification (BPT or WHAN), null when nothing could be classified. */
  diagnostic: string | null;
  /** Usable star-forming spaxels (the paper needs ≥ 20). */
  nSpaxels: number;
  publishedDexPerKpc: number;
  publishedErrDexPerKpc: number;
  /** The injected linear slope, or for a broken profile its straight-line slope over 0.5–10 kpc (truth table). */
  injectedDexPerKpc: number;
  /**
   * The slope the same fit (same spaxels, same weights) gives on the noise-free 12+log(O/H) (truth table, after the
   * PSF): what the fit would return without noise, so recovered − noiseFree isolates the effect of the noise, and
   * noiseFree − injected that of the resolution element.
   */
  noiseFreeDexPerKpc: number;
  /** NaN when no gradient could be fitted (see reason). */
  recoveredDexPerKpc: number;
  recoveredErrDexPerKpc: number;
  /** RMSE of the spaxels about the recovered fit, dex. */
  rmseDex: number;
  /** (recovered − published) / √(σ_rec² + σ_pub²). */
  pullVsPublished: number;
  /** (recovered − injected) / σ_rec. */
  pullVsInjected: number;
  reason: string | null;
}

export interface PresetRecovery {
  preset: GalaxyPreset;
  sim: SimulatedCube;
  analysis: GalaxyAnalysis;
  row: PresetRecoveryRow;
}

/** Simulates one Table 1 galaxy with the given noise seed and analyses it with the paper's chain (geometry as injected). */
export async function recoverPresetGradient(
  id: string,
  options: { seed: number; meta?: Partial<GalaxyMeta>; editParams?: (p: SimulationParams) => SimulationParams },
): Promise<PresetRecovery> {
  const { seed, meta = {} } = options;
  const base = presetFor(id);
  // editParams (e.g. ID9424 without its clumps, a null for what lies beyond the gradient) changes the cube, not the preset's record
  const preset = options.editParams ? { ...base, params: options.editParams(base.params) } : base;
  const sim = simulateCube(preset.params, { seed });
  return analyzeRecovery(preset, sim, seed, meta);
}

/**
 * The same simulated cube analysed again with other options (e.g. another gradientWeighting), reusing its line fit:
 * the fit of every spaxel is the expensive step and does not depend on what follows it.
 */
export async function reanalyzeRecovery(r: PresetRecovery, meta: Partial<GalaxyMeta>): Promise<PresetRecovery> {
  return analyzeRecovery(r.preset, r.sim, r.row.seed, { ...meta, cubeFit: r.analysis.fit });
}

async function analyzeRecovery(preset: GalaxyPreset, sim: SimulatedCube, seed: number, meta: Partial<GalaxyMeta>): Promise<PresetRecovery> {
  const p = preset.params;
  const analysis = await analyzeGalaxy(simulatedCubeToCube(sim), {
    positionAngleDeg: p.positionAngleDeg,
    axisRatio: p.axisRatio,
    reKpc: p.reContinuumKpc,
    ...meta,
    fit: { progress: 'none', ...meta.fit },
  });
  const g = analysis.gradient;
  let noiseFree = NaN;
  if (g) {
    const truthOh = new Float64Array(analysis.ohMap.length).fill(NaN);
    for (const i of g.indices) truthOh[i] = sim.truth.spaxels.oh12FromCube[i];
    // the same fit with the same weights: statistical errors with the fit's intrinsic scatter, held fixed
    const err = g.intrinsicScatterDex === null ? undefined
      : Float64Array.from(analysis.metallicity.ohErrStat, (e) => Math.hypot(e, g.intrinsicScatterDex!));
    const t = fitMetallicityGradient(analysis.geometry.radiusKpc, truthOh, { rMin: g.rMin, rMax: g.rMax, ohErr: err, weighted: err !== undefined });
    if (t.ok) noiseFree = t.slope;
  }
  const pub = preset.table1.gradientDexPerKpc;
  const pubErr = preset.table1.gradientErrDexPerKpc;
  const injected = sim.truth.global.gradientDexPerKpc;
  const rec = g ? g.slope : NaN;
  const recErr = g ? g.slopeErr : NaN;
  const row: PresetRecoveryRow = {
    id: preset.id, seed, redshift: p.redshift, logMstar: preset.table1.logMstar,
    diagnostic: analysis.diagnostic, nSpaxels: analysis.usable.count,
    publishedDexPerKpc: pub, publishedErrDexPerKpc: pubErr, injectedDexPerKpc: injected, noiseFreeDexPerKpc: noiseFree,
    recoveredDexPerKpc: rec, recoveredErrDexPerKpc: recErr, rmseDex: g ? g.rmse : NaN,
    pullVsPublished: (rec - pub) / Math.hypot(recErr, pubErr),
    pullVsInjected: (rec - injected) / recErr,
    reason: analysis.reason,
  };
  return { preset, sim, analysis, row };
}

/**
 * The 25 Table 1 galaxies (or `ids`), each simulated with `seed` and recovered. `onGalaxy` is called after each one
 * (progress); analyses are kept only for the ids in `keep` (the cubes are large).
 */
export async function recoverSampleGradients(options: {
  seed: number;
  ids?: string[];
  keep?: string[];
  /** Analysis options for every galaxy (e.g. { fit: { workers: 1 } }). */
  meta?: Partial<GalaxyMeta>;
  onGalaxy?: (row: PresetRecoveryRow, done: number, total: number) => void;
  /** Called with each galaxy's whole recovery before it is dropped (e.g. to fit it another way). */
  onRecovery?: (r: PresetRecovery) => void;
}): Promise<{ rows: PresetRecoveryRow[]; kept: Map<string, PresetRecovery> }> {
  checkSeed('recoverSampleGradients', options);
  const ids = options.ids ?? presetIds();
  const keep = new Set((options.keep ?? []).map((k) => presetFor(k).id));
  const rows: PresetRecoveryRow[] = [];
  const kept = new Map<string, PresetRecovery>();
  for (const id of ids) {
    const r = await recoverPresetGradient(id, { seed: options.seed, meta: options.meta });
    rows.push(r.row);
    if (keep.has(r.preset.id)) kept.set(r.preset.id, r);
    options.onRecovery?.(r);
    options.onGalaxy?.(r.row, rows.length, ids.length);
  }
  return { rows, kept };
}
