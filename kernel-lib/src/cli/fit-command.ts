// `msa3d fit`: fit the emission lines of every spaxel of a cube (or of one 1-D spectrum, read as a 1 × 1 cube) and
// write the maps (FITS) and/or a JSON table.
import * as fs from 'node:fs';
import { readCubeInfoOrSpectrum } from '../io/spectrum';
import { createProgress } from '../notebook/progress';
import { fitCube, type CubeFit, type FitCubeFileOptions } from '../linemaps/fit-cube';
import { writeCubeFitJson, writeCubeFitMaps } from '../linemaps/cube-fit-table';
import type { InstrumentSpec } from '../linemaps/cube-fit-job';
import { checkFlags, stringFlag, numberFlag, UsageError, type ParsedArgs } from './args';

/** " (read in 18 chunks of ≤ 17 rows, 6.1 s of reading)" for a fit streamed from its file. */
function streamNote(fit: CubeFit): string {
  const s = fit.streaming;
  return s ? ` (read in ${s.chunks} chunks of ≤ ${s.chunkRows} rows, ${s.readSeconds.toFixed(2)} s of reading)` : '';
}

export const fitCommand = {
  summary: 'fit Hβ/[OIII] and Hα/[NII]/[SII] in every spaxel of a cube (all cores) or in one 1-D spectrum, write maps and/or JSON',
  usage: 'msa3d fit CUBE.fits|SPECTRUM.fits [--z Z] [--out MAPS.fits] [--json FIT.json] [--workers N] [--lsf-fwhm ANGSTROM] [--air] [--min-snr 10] [--min-ew-snr 5|none] [--ifu N] [--max-memory-mb 512] [--overwrite]',
  async run(args: ParsedArgs): Promise<number> {
    checkFlags(args, ['help', 'debug', 'z', 'out', 'json', 'workers', 'lsf-fwhm', 'air', 'min-snr', 'min-ew-snr', 'ifu', 'max-memory-mb', 'overwrite']);
    const [cubePath, ...extra] = args.positional;
    if (!cubePath) throw new UsageError('fit needs a cube: msa3d fit CUBE.fits --z Z');
    if (extra.length > 0) throw new UsageError(`fit takes one cube, got also: ${extra.join(' ')}`);
    const out = stringFlag(args, 'out');
    const json = stringFlag(args, 'json');
    const overwrite = args.flags.has('overwrite');
    for (const target of [out, json]) {
      if (target && fs.existsSync(target) && !overwrite) throw new UsageError(`${target} exists; pass --overwrite to replace it`);
    }
    const ifu = numberFlag(args, 'ifu'); // KMOS: which IFU.n.DATA to read when several hold data
    if (ifu !== undefined && !(Number.isInteger(ifu) && ifu >= 1)) throw new UsageError(`--ifu needs an IFU number ≥ 1, got ${ifu}`);
    const maxMemoryMb = numberFlag(args, 'max-memory-mb'); // memory for one chunk of the cube's rows (fitCubeFile)
    if (maxMemoryMb !== undefined && !(maxMemoryMb > 0)) throw new UsageError(`--max-memory-mb needs a positive number of MB, got ${maxMemoryMb}`);
    const read = ifu === undefined ? {} : { ifu };
    // a cube is read and fitted chunk by chunk from its path (bounded memory); `cube` is its metadata
    const { cube, spectrum, streamable } = readCubeInfoOrSpectrum(cubePath, read);
    const lsf = numberFlag(args, 'lsf-fwhm');
    const instrument: InstrumentSpec = lsf === undefined ? 'nirspec-g140h' : { fwhmAngstrom: lsf };
    const options: FitCubeFileOptions = {
      redshift: numberFlag(args, 'z'),
      instrument,
      workers: numberFlag(args, 'workers'),
      progress: createProgress,
      selection: {
        minFluxSnr: numberFlag(args, 'min-snr', 10),
        minEwSnr: stringFlag(args, 'min-ew-snr') === 'none' ? null : numberFlag(args, 'min-ew-snr', 5),
      },
    };
    if (args.flags.has('air')) options.medium = 'air';
    const fit = streamable ? await fitCube(cubePath, { ...options, read, maxMemoryMb }) : await fitCube(cube, options);
    if (out) writeCubeFitMaps(out, fit, { overwrite });
    if (json) writeCubeFitJson(json, fit);
    const what = spectrum ? `fitted 1 spectrum (${spectrum.source.layout === 'table' ? `table ${spectrum.source.fluxColumn}` : '1-D image'})` : `fitted ${fit.nx * fit.ny} spaxels`;
    process.stdout.write(
      `${cubePath}: ${what} at z = ${fit.redshift} in ${fit.seconds.toFixed(2)} s with ${fit.workers} worker(s)${streamNote(fit)}; ` +
      `${fit.selection.count} pass S/N(${fit.selection.line} flux) > ${fit.selection.minFluxSnr}${fit.selection.minEwSnr === null ? '' : ` and S/N(EW) > ${fit.selection.minEwSnr}`}` +
      `${out ? `; maps → ${out}` : ''}${json ? `; table → ${json}` : ''}\n`,
    );
    return 0;
  },
};
