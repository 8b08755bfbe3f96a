// presetFor: the simulator preset of a Table 1 galaxy (Ju et al.), as the generic prescription followed by named
// steps — noise, brightness, the galaxy's own steps, σ0 — each recording what it set.
import type { GalaxyPreset, PresetOptions, ResolvedPresetOptions } from './galaxy-preset';
import { prescribePreset } from './prescription';
import { specialGalaxy } from './special-galaxies';
import { normaliseId, presetIds, table1Row } from './table1-rows';
import { presetNoiseSigmaErg } from './noise-calibration';
import { brightenToSelectionFloor } from './brightness-calibration';
import { calibrateSigma0ForBeamSmearing } from './sigma0-calibration';

/** Finished presets by id and options (each a pure function of Table 1 and the options). */
const presetCache = new Map<string, GalaxyPreset>();

function resolveOptions(options: PresetOptions): ResolvedPresetOptions {
  const id4391Tail = options.id4391Tail ?? true;
  if (typeof id4391Tail !== 'boolean') throw new Error(`presetFor: id4391Tail must be true or false (got ${String(id4391Tail)})`);
  return { id4391Tail };
}

/**
 * The preset of a Table 1 galaxy with a published gradient: 'ID8365', 'id8365', '8365' or 8365. Throws an Error naming
 * the valid ids for anything else. Returns a fresh copy (edit it freely). Options: `{ id4391Tail: false }` builds ID4391
 * without its tail of clumps (every other preset is the same either way).
 */
export function presetFor(id: string | number, options: PresetOptions = {}): GalaxyPreset {
  const key = normaliseId(id);
  const resolved = resolveOptions(options);
  const cacheKey = `${key} ${JSON.stringify(resolved)}`;
  let preset = presetCache.get(cacheKey);
  if (!preset) {
    const row = table1Row(key);
    const valid = presetIds().join(', ');
    if (!row) throw new Error(`unknown galaxy '${id}': presets exist for the 25 Table 1 galaxies with gradients: ${valid}`);
    if (!Number.isFinite(row.gradientDexPerKpc)) throw new Error(`ID${row.id} has no published gradient in Table 1; presets exist for: ${valid}`);
    const special = specialGalaxy(row.id);
    preset = prescribePreset(row, presetNoiseSigmaErg(row), special);
    preset = brightenToSelectionFloor(preset);
    for (const step of special?.steps ?? []) preset = step(preset, resolved);
    preset = calibrateSigma0ForBeamSmearing(preset);
    const note = special?.closingNote?.(preset, resolved) ?? null;
    if (note !== null) preset.notes.push(note);
    presetCache.set(cacheKey, preset);
  }
  return structuredClone(preset);
}

/** All 25 presets, in Table 1 order. */
export function listPresets(options: PresetOptions = {}): GalaxyPreset[] {
  return presetIds().map((id) => presetFor(id, options));
}
