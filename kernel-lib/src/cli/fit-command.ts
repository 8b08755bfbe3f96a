// `msa3d fit`: fit the emission lines of every spaxel of a cube and write the maps (FITS) and/or a JSON table.
import * as fs from 'node:fs';
import { readCube } from '../io/cube';
import { createProgress } from '../notebook/progress';
import { fitCube, type FitCubeOptions } from '../linemaps/fit-cube';
import { cubeFitJson, writeCubeFitMaps } from '../linemaps/cube-fit-table';
import type { InstrumentSpec } from '../linemaps/cube-fit-job';
import { checkFlags, stringFlag, numberFlag, stellarAbsorptionFlag, UsageError, type ParsedArgs } from './args';

export const fitCommand = {
  summary: 'fit Hβ/[OIII] and Hα/[NII]/[SII] in every spaxel of a cube (all cores), write maps and/or JSON',
  usage: 'msa3d fit CUBE.fits [--z Z] [--out MAPS.fits] [--json FIT.json] [--workers N] [--lsf-fwhm ANGSTROM] [--air] [--min-snr 10] [--min-ew-snr 5|none] [--stellar-absorption auto|on|off] [--overwrite]',
  async run(args: ParsedArgs): Promise<number> {
    checkFlags(args, ['help', 'debug', 'z', 'out', 'json', 'workers', 'lsf-fwhm', 'air', 'min-snr', 'min-ew-snr', 'stellar-absorption', 'overwrite']);
    const stellarAbsorption = stellarAbsorptionFlag(args);
    const [cubePath, ...extra] = args.positional;
    if (!cubePath) throw new UsageError('fit needs a cube: msa3d fit CUBE.fits --z Z');
    if (extra.length > 0) throw new UsageError(`fit takes one cube, got also: ${extra.join(' ')}`);
    const out = stringFlag(args, 'out');
    const json = stringFlag(args, 'json');
    const overwrite = args.flags.has('overwrite');
    for (const target of [out, json]) {
      if (target && fs.existsSync(target) && !overwrite) throw new UsageError(`${target} exists; pass --overwrite to replace it`);
    }
    const cube = readCube(cubePath);
    const lsf = numberFlag(args, 'lsf-fwhm');
    const instrument: InstrumentSpec = lsf === undefined ? 'nirspec-g140h' : { fwhmAngstrom: lsf };
    const options: FitCubeOptions = {
      redshift: numberFlag(args, 'z'),
      instrument,
      workers: numberFlag(args, 'workers'),
      progress: createProgress,
      stellarAbsorption,
      selection: {
        minFluxSnr: numberFlag(args, 'min-snr', 10),
        minEwSnr: stringFlag(args, 'min-ew-snr') === 'none' ? null : numberFlag(args, 'min-ew-snr', 5),
      },
    };
    if (args.flags.has('air')) options.medium = 'air';
    const fit = await fitCube(cube, options);
    if (out) writeCubeFitMaps(out, fit, { overwrite });
    if (json) fs.writeFileSync(json, JSON.stringify(cubeFitJson(fit)) + '\n');
    process.stdout.write(
      `${cubePath}: fitted ${fit.nx * fit.ny} spaxels at z = ${fit.redshift} in ${fit.seconds.toFixed(2)} s with ${fit.workers} worker(s); ` +
      `${fit.selection.count} pass S/N(${fit.selection.line} flux) > ${fit.selection.minFluxSnr}${fit.selection.minEwSnr === null ? '' : ` and S/N(EW) > ${fit.selection.minEwSnr}`}` +
      `${out ? `; maps → ${out}` : ''}${json ? `; table → ${json}` : ''}\n`,
    );
    return 0;
  },
};
