// SHA-256 of every simulator preset and of its simulated cube (flux, error, unusable-channel mask, wavelengths, truth):
// the regression lock that keeps the presets byte-identical through refactors (test/simulate-presets-hashes.test.ts).
//
// Cases: every Table 1 preset at the default noise seed 1 (the CLI's default and the notebooks' SEED); ID9812 at seed 3
// (test/analyze.test.ts); ID4391 without its tail at seed 1 (test/simulate-id4391-tail.test.ts). Other seeds (the
// recovery test's 2 and 3) are covered by the `params` hash: simulateCube is a pure function of (params, seed), and the
// seed drives only the noise draws.
//
// Usage: node --import tsx scripts/preset-hashes.ts            prints the hashes as JSON
//        node --import tsx scripts/preset-hashes.ts --write    writes test/fixtures/preset-hashes.json
import { createHash } from 'node:crypto';
import { execSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { id8365NoiseSigmaErg, msa3dNoiseSigmaErg, presetFor, presetIds, type GalaxyPreset } from '../kernel-lib/src/simulate/presets';
import { simulateCube } from '../kernel-lib/src/simulate/simulate-cube';

/** Hashes of one preset and its cube; `preset` (the provenance included) is null where the case does not lock it. */
export interface PresetCaseHashes {
  preset: string | null;
  params: string;
  flux: string;
  error: string;
  unusableChannel: string;
  wavelengthAngstrom: string;
  truth: string;
}

export interface PresetHashes {
  /** The two noise calibrations, exact. */
  noise: { id8365NoiseSigmaErg: number; msa3dNoiseSigmaErg: number };
  cases: Record<string, PresetCaseHashes>;
}

const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

const bytes = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** JSON with typed arrays as arrays and NaN, ±Infinity, −0 kept distinct (plain JSON writes null or 0 for them). */
function exactJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
    if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))) return `number:${Object.is(v, -0) ? '-0' : String(v)}`;
    return v;
  });
}

function caseHashes(preset: GalaxyPreset, seed: number, lockProvenance: boolean): PresetCaseHashes {
  const sim = simulateCube(preset.params, { seed });
  return {
    preset: lockProvenance ? sha256(exactJson(preset)) : null,
    params: sha256(exactJson(preset.params)),
    flux: sha256(bytes(sim.flux)),
    error: sha256(bytes(sim.error)),
    unusableChannel: sha256(bytes(sim.unusableChannel)),
    wavelengthAngstrom: sha256(bytes(sim.wavelengthAngstrom)),
    truth: sha256(exactJson(sim.truth)),
  };
}

/** ID4391's preset without its tail (the clump-free build). */
function id4391WithoutTail(): GalaxyPreset {
  return presetFor('ID4391', { id4391Tail: false });
}

/** Hashes of every case (≈ 15 s: 27 cubes and the presets' calibrations). */
export function presetHashes(): PresetHashes {
  const cases: Record<string, PresetCaseHashes> = {};
  for (const id of presetIds()) cases[`${id} seed 1`] = caseHashes(presetFor(id), 1, true);
  cases['ID9812 seed 3'] = caseHashes(presetFor('ID9812'), 3, true);
  cases['ID4391 without tail, seed 1'] = caseHashes(id4391WithoutTail(), 1, false);
  return { noise: { id8365NoiseSigmaErg: id8365NoiseSigmaErg(), msa3dNoiseSigmaErg: msa3dNoiseSigmaErg() }, cases };
}

export const PRESET_HASHES_FIXTURE = join(__dirname, '..', 'test', 'fixtures', 'preset-hashes.json');

if (require.main === module) {
  const hashes = presetHashes();
  if (process.argv.includes('--write')) {
    let commit = 'unknown';
    try {
      commit = execSync('git rev-parse --short HEAD', { cwd: __dirname }).toString().trim();
      if (execSync('git status --porcelain -- kernel-lib/src', { cwd: join(__dirname, '..') }).toString().trim() !== '') commit += ' (kernel-lib/src modified)';
    } catch { /* not a git checkout */ }
    const fixture = { generatedBy: 'scripts/preset-hashes.ts --write', generatedFrom: commit, ...hashes };
    writeFileSync(PRESET_HASHES_FIXTURE, JSON.stringify(fixture, null, 2) + '\n');
    console.log(`wrote ${PRESET_HASHES_FIXTURE} (${Object.keys(hashes.cases).length} cases, from ${commit})`);
  } else {
    console.log(JSON.stringify(hashes, null, 2));
  }
}
