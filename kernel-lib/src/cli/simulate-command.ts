// `msa3d simulate`: writes a SIMULATED MSA-3D-like cube for one of the 25 Table 1 galaxies with a gradient (presets
// built from Ju et al.'s published values and documented prescriptions), and optionally its truth table as JSON.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkFlags, checkOutputPath, stringFlag, UsageError, type ParsedArgs } from './args';
import { presetFor, simulateCube, simulationTruthJson, writeSimulatedCube, type SimulatedCubeFormat } from '../simulate/index';

const FLAGS = ['help', 'debug', 'galaxy', 'seed', 'out', 'format', 'truth', 'overwrite'];

function seedFlag(args: ParsedArgs): number {
  const text = stringFlag(args, 'seed', '1')!;
  const seed = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(seed)) throw new UsageError(`--seed must be a non-negative integer (got '${text}')`);
  return seed;
}

function booleanFlag(args: ParsedArgs, name: string): boolean {
  const v = args.flags.get(name);
  if (v === undefined) return false;
  if (v === true) return true;
  throw new UsageError(`--${name} takes no value (got '${v}'); put it last or before another option`);
}

/** The command object registered in cli/main.ts. */
export const simulateCommand = {
  summary: 'write a SIMULATED MSA-3D-like cube of a Table 1 galaxy (forward model, not JWST data) and its truth table',
  usage: 'msa3d simulate --galaxy ID8365 [--seed 1] --out cube.fits [--format msa3d|s3d] [--truth truth.json] [--overwrite]',
  run(args: ParsedArgs): number {
    checkFlags(args, FLAGS);
    if (args.positional.length > 0) throw new UsageError(`unexpected argument '${args.positional[0]}' (see msa3d simulate --help)`);
    const galaxy = stringFlag(args, 'galaxy');
    if (galaxy === undefined) throw new UsageError('--galaxy is required (e.g. --galaxy ID8365)');
    const out = stringFlag(args, 'out');
    if (out === undefined) throw new UsageError('--out is required (e.g. --out data/cubes/ID8365_seed1.fits)');
    const format = stringFlag(args, 'format', 'msa3d')!;
    if (format !== 'msa3d' && format !== 's3d') throw new UsageError(`--format must be msa3d or s3d (got '${format}')`);
    const truthPath = stringFlag(args, 'truth');
    const seed = seedFlag(args);
    const overwrite = booleanFlag(args, 'overwrite');
    checkOutputPath('out', out, overwrite);
    if (truthPath !== undefined) checkOutputPath('truth', truthPath, overwrite);

    let preset;
    try {
      preset = presetFor(galaxy);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const sim = simulateCube(preset.params, { seed });
    writeSimulatedCube(out, sim, { format: format as SimulatedCubeFormat, overwrite });
    if (truthPath !== undefined) {
      fs.writeFileSync(truthPath, JSON.stringify(simulationTruthJson(sim), null, 1) + '\n');
    }
    const truthText = truthPath !== undefined ? `, truth in ${truthPath}` : '';
    process.stdout.write(
      `wrote SIMULATED cube of ${preset.id} (seed ${seed}, ${format}, ${sim.nx}×${sim.ny}×${sim.nWave}, MJy/sr) to ${out}${truthText} — a forward model, not JWST data\n`,
    );
    return 0;
  },
};
