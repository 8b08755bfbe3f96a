// Reads a Blobby3D MODEL_OPTIONS file (the model options shipped with a cube for Blobby3D, Varidel et al. 2019): lines
// "KEY v1 v2 …" separated by spaces or tabs, '#' starts a comment, a key may repeat (e.g. one LINE per emission line).
import * as fs from 'node:fs';
import { InputError } from '../errors/input-error';

/** Each key with the numbers of every line it opens, in file order (LSFFWHM → [[1.61]], LINE → [[6562.81], [6583.1, 6548.1, 0.3333]]). */
export function readBlobby3dModelOptions(file: string): Record<string, number[][]> {
  const out: Record<string, number[][]> = {};
  fs.readFileSync(file, 'utf8').split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) return;
    const [key, ...fields] = line.split(/\s+/);
    const values = fields.map(Number);
    if (values.some((v) => !Number.isFinite(v))) throw new InputError('not-finite', 'readBlobby3dModelOptions', `${file}:${i + 1}: '${raw.trim()}' is not KEY followed by numbers`);
    (out[key] ??= []).push(values);
  });
  return out;
}
