// Every simulator preset stays byte-identical: the SHA-256 of each preset (its provenance included) and of its cube
// (flux, error, unusable-channel mask, wavelengths, truth) against test/fixtures/preset-hashes.json. That fixture is a
// regression lock, not a typed-in expectation: it was generated from the pre-refactor code at 654d600 by
// `node --import tsx scripts/preset-hashes.ts --write`. Regenerate it only for a deliberate change of the presets, and
// say so in the commit. Runtime ≈ 15 s of CPU (27 cubes and the presets' calibrations).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PRESET_HASHES_FIXTURE, presetHashes, type PresetHashes } from '../scripts/preset-hashes';

test('every preset and its simulated cube hash to the locked SHA-256 (generated at 654d600)', () => {
  const locked = JSON.parse(readFileSync(PRESET_HASHES_FIXTURE, 'utf8')) as PresetHashes;
  const now = presetHashes();
  assert.equal(now.noise.id8365NoiseSigmaErg, locked.noise.id8365NoiseSigmaErg, 'id8365NoiseSigmaErg');
  assert.equal(now.noise.msa3dNoiseSigmaErg, locked.noise.msa3dNoiseSigmaErg, 'msa3dNoiseSigmaErg');
  assert.deepEqual(Object.keys(now.cases), Object.keys(locked.cases));
  for (const [name, hashes] of Object.entries(locked.cases)) {
    for (const [part, hash] of Object.entries(hashes)) {
      assert.equal(now.cases[name][part as keyof typeof hashes], hash, `${name}: ${part}`);
    }
  }
});
