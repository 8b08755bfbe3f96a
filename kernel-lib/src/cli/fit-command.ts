// `msa3d fit`: fit the emission lines of every spaxel of a cube (or of one 1-D spectrum, read as a 1 × 1 cube) and
// write the maps (FITS, MaNGA-DAP-like) and/or the per-spaxel table (a FITS binary table, or JSON).
import { readCubeInfoOrSpectrum } from '../io/spectrum';
import type { Cube } from '../io/cube';
import { createProgress } from '../notebook/progress';
import { fitCube, checkFitCubeInput, type CubeFit, type FitCubeFileOptions } from '../linemaps/fit-cube';
import { writeCubeFitJson, writeCubeFitTable } from '../linemaps/cube-fit-table';
import { writeCubeFitMaps } from '../linemaps/cube-fit-maps';
import { cubeFitInputsForCli, reportFitInputs, reportFluxUnit } from './fit-inputs';
import { asUsageError, boundedFlag, checkFlags, checkOutputPath, ewSnrFlag, integerFlag, lineWidthsFlag, stellarAbsorptionFlag, stringFlag, UsageError, type ParsedArgs } from './args';

/** " (read in 18 chunks of ≤ 17 rows, 6.1 s of reading)" for a fit streamed from its file. */
function streamNote(fit: CubeFit): string {
  const s = fit.streaming;
  return s ? ` (read in ${s.chunks} chunks of ≤ ${s.chunkRows} rows, ${s.readSeconds.toFixed(2)} s of reading)` : '';
}

export const fitCommand = {
  summary: 'fit Hβ/[OIII] and Hα/[NII]/[SII] in every spaxel of a cube (all cores, read in chunks of rows: bounded memory) or in one 1-D spectrum, write maps and/or the per-spaxel table',
  usage: 'msa3d fit CUBE.fits|SPECTRUM.fits [--z Z (default: header Z_SPEC, REDSHIFT, Z)] [--out MAPS.fits] [--table FIT.fits|FIT.json] [--json FIT.json] [--workers N] [--lsf-fwhm ANGSTROM (default: the instrument the header names)] [--air] [--min-snr 10] [--min-ew-snr 5|none] [--stellar-absorption auto|on|off] [--line-widths auto|balmer-forbidden|shared] [--ifu N] [--max-memory-mb 512] [--overwrite]',
  async run(args: ParsedArgs): Promise<number> {
    checkFlags(args, ['help', 'debug', 'z', 'out', 'table', 'json', 'workers', 'lsf-fwhm', 'air', 'min-snr', 'min-ew-snr', 'ifu', 'stellar-absorption', 'line-widths', 'max-memory-mb', 'overwrite']);
    const stellarAbsorption = stellarAbsorptionFlag(args);
    const lineWidths = lineWidthsFlag(args);
    const [cubePath, ...extra] = args.positional;
    if (!cubePath) throw new UsageError('fit needs a cube: msa3d fit CUBE.fits --z Z');
    if (extra.length > 0) throw new UsageError(`fit takes one cube, got also: ${extra.join(' ')}`);
    const out = stringFlag(args, 'out');
    const table = stringFlag(args, 'table');
    const tableFormat = table === undefined ? undefined : tableFormatOf(table);
    const json = stringFlag(args, 'json');
    const overwrite = args.flags.has('overwrite');
    const targets = [out, table, json].filter((t): t is string => t !== undefined);
    if (new Set(targets).size < targets.length) throw new UsageError(`--out, --table and --json must name different files (got ${targets.join(', ')})`);
    if (out !== undefined) checkOutputPath('out', out, overwrite, [cubePath]);
    if (table !== undefined) checkOutputPath('table', table, overwrite, [cubePath]);
    if (json !== undefined) checkOutputPath('json', json, overwrite, [cubePath]);
    const ifu = integerFlag(args, 'ifu', 1); // KMOS: which IFU.n.DATA to read when several hold data
    const maxMemoryMb = boundedFlag(args, 'max-memory-mb', { above: 0 }); // memory for one chunk of the cube's rows (fitCubeFile)
    const read = ifu === undefined ? {} : { ifu };
    const lsf = boundedFlag(args, 'lsf-fwhm', { above: 0 });
    const options: FitCubeFileOptions = {
      redshift: boundedFlag(args, 'z', { above: -1 }),
      instrument: lsf === undefined ? undefined : { fwhmAngstrom: lsf },
      workers: integerFlag(args, 'workers', 0),
      progress: createProgress,
      stellarAbsorption,
      lineWidths,
      selection: {
        minFluxSnr: boundedFlag(args, 'min-snr', { min: 0 }, 10),
        minEwSnr: ewSnrFlag(args, 5),
      },
    };
    if (args.flags.has('air')) options.medium = 'air';
    // a cube is read and fitted chunk by chunk from its path (bounded memory); `cube` is its metadata
    const { cube, spectrum, streamable } = readCubeInfoOrSpectrum(cubePath, read);
    asUsageError(() => checkFitCubeInput(cube, options));
    reportFitInputs(cubeFitInputsForCli(cube, options));
    reportFluxUnit(cube);
    const fit = streamable ? await fitCube(cubePath, { ...options, read, maxMemoryMb }) : await fitCube(cube as Cube, options);
    if (out) writeCubeFitMaps(out, fit, { overwrite });
    if (table && tableFormat === 'fits') writeCubeFitTable(table, fit, { overwrite });
    if (table && tableFormat === 'json') writeCubeFitJson(table, fit);
    if (json) writeCubeFitJson(json, fit);
    const what = spectrum ? `fitted 1 spectrum (${spectrum.source.layout === 'table' ? `table ${spectrum.source.fluxColumn}` : '1-D image'})` : `fitted ${fit.nx * fit.ny} spaxels`;
    process.stdout.write(
      `${cubePath}: ${what} at z = ${fit.redshift} in ${fit.seconds.toFixed(2)} s with ${fit.workers} worker(s)${streamNote(fit)}; ` +
      `${fit.selection.count} pass S/N(${fit.selection.line} flux) > ${fit.selection.minFluxSnr}${fit.selection.minEwSnr === null ? '' : ` and S/N(EW) > ${fit.selection.minEwSnr}`}` +
      `${out ? `; maps → ${out}` : ''}${table ? `; table → ${table}` : ''}${json ? `; table → ${json}` : ''}\n`,
    );
    return 0;
  },
};

/** The table's format from its file name: .fits / .fit / .fts → FITS binary table, .json → JSON; anything else is refused. */
function tableFormatOf(path: string): 'fits' | 'json' {
  const lower = path.toLowerCase();
  if (/\.(fits|fit|fts)$/.test(lower)) return 'fits';
  if (lower.endsWith('.json')) return 'json';
  throw new UsageError(`--table ${path}: name a .fits file (FITS binary table) or a .json file`);
}
