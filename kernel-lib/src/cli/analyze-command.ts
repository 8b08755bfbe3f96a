// `msa3d analyze`: the whole chain on one cube — line fit, classification, N2 metallicity, radii and the gradient.
// Parsing and every check come first (parseAnalyzeArgs, then the library's checkAnalyzeGalaxyInput on the cube),
// so a bad option is one line on stderr with exit status 2 before any fitting.
import { readCube, readCubeInfo, type Cube, type CubeInfo } from '../io/cube';
import { analyzeGalaxyFile, checkAnalyzeGalaxyFileInput } from '../analyze/analyze-galaxy-file';
import { writeFileAtomic } from '../io/atomic-write';
import { createProgress } from '../notebook/progress';
import { analyzeGalaxy, checkAnalyzeGalaxyInput, type GalaxyMeta } from '../analyze/analyze-galaxy';
import { analysisJson, forwardGradientJson, gradientResidualNeighbourCorrelation, kinematicsJson, type KinematicsJson } from '../analyze/analysis-json';
import { correlationAreaFromNeighbourCorrelation } from '../stats/correlated-field';
import { forwardGradientOfAnalysis } from '../analyze/forward-gradient';
import { writeForwardGradientMaps } from '../gradient/forward-maps';
import { FORWARD_LINES, residualCorrelationArea, type ForwardGradientResult, type ForwardLines } from '../gradient/fit-gradient-forward';
import type { ForwardProfileShape } from '../gradient/forward-model';
import type { CalibrationName } from '../abundance/calibrations';
import {
  asUsageError, boundedFlag, checkFlags, checkOutputPath, ewSnrFlag, integerFlag, lineWidthsFlag, numberFlag, stellarAbsorptionFlag, stringFlag, UsageError, type ParsedArgs,
} from './args';
import { MSA3D_PSF, type GaussianPsf } from '../instrument/psf';
import type { Provenance } from '../provenance';
import { cubeFitInputsForCli, reportFitInputs, reportFluxUnit } from './fit-inputs';

/** Every option `analyze` accepts (`msa3d batch` takes the same names as manifest columns). */
export const ANALYZE_FLAGS = [
  'help', 'debug', 'z', 'pa', 'ba', 'center', 'centre', 're', 'json', 'workers', 'lsf-fwhm', 'air', 'min-snr', 'min-ew-snr',
  'kpc-per-arcsec', 'distance-mpc', 'voronoi-snr', 'voronoi-min-snr', 'stellar-absorption', 'line-widths', 'overwrite', 'kinematics', 'seed', 'n-live', 'weighting', 'psf',
  'gradient-model', 'forward-maps', 'forward-lines', 'forward-o3n2', 'forward-shape', 'spaxel-correlation', 'ifu', 'diagnostic', 'n2-fallback',
];

/** --diagnostic: the paper's per-galaxy rule (default), per spaxel, or one diagram (GalaxyMeta.diagnostic). */
const DIAGNOSTIC_VALUES = ['galaxy', 'auto', 'bpt', 'whan', 'n2'] as const;

/**
 * --spaxel-correlation: 'none' (default) takes the spaxels as independent, as the paper's fit and the forward model do;
 * 'residuals' gives each gradient errors for spaxels as correlated as its residuals: the paper gradient's × √k
 * (GalaxyMeta.spaxelCorrelation), the forward model refitted with its likelihood tempered by 1/k
 * (residualCorrelationArea).
 */
type SpaxelCorrelation = 'none' | 'residuals';
/**
 * Above this lag-1 correlation of a gradient's residuals, stderr says that its error (spaxels taken as independent)
 * is too small: 3× the spread of that correlation over ≈ 100 independent residuals (≈ 1/√(2·100) = 0.07), and the
 * point where the true errors are ≈ 40 % larger than the reported ones (correlation area ≈ 2,
 * correlationAreaFromNeighbourCorrelation).
 */
const RESIDUAL_CORRELATION_NOTE = 0.2;

/** What `msa3d analyze` was asked to do, every flag parsed and checked on its own. */
interface AnalyzeRequest {
  cubePath: string;
  json: string | undefined;
  meta: GalaxyMeta;
  /** How to read the cube file (KMOS: which IFU, --ifu). */
  read: { ifu?: number };
  kinematics: { seed: number; nLive?: number; psf?: GaussianPsf } | null;
  /** --gradient-model forward: its seed and PSF (--seed, --psf; else the header's PSF), null for 'paper'. */
  forward: { seed: number; psf?: GaussianPsf; mapsPath?: string; lines: ForwardLines; o3n2Calibration?: CalibrationName; correlation: SpaxelCorrelation; shape: ForwardProfileShape } | null;
}

function centreFlag(args: ParsedArgs): { xPix: number; yPix: number } | undefined {
  const text = stringFlag(args, 'center') ?? stringFlag(args, 'centre');
  if (text === undefined) return undefined;
  const parts = text.split(',').map((p) => (p.trim() === '' ? NaN : Number(p)));
  if (parts.length !== 2 || !parts.every(Number.isFinite)) throw new UsageError(`--center needs X,Y in 0-based pixels, got '${text}'`);
  return { xPix: parts[0], yPix: parts[1] };
}

function kinematicsFlags(args: ParsedArgs, forward: boolean): AnalyzeRequest['kinematics'] {
  if (!args.flags.has('kinematics')) {
    if (args.flags.has('n-live')) throw new UsageError('--n-live applies to --kinematics only');
    if (!forward && (args.flags.has('seed') || args.flags.has('psf'))) throw new UsageError('--seed and --psf apply to --kinematics and --gradient-model forward only');
    return null;
  }
  return { seed: integerFlag(args, 'seed', 0, 1)!, nLive: integerFlag(args, 'n-live', 10), psf: psfFlag(args) };
}

function psfFlag(args: ParsedArgs): GaussianPsf | undefined {
  let psf: GaussianPsf | undefined;
  if (args.flags.has('psf')) {
    const text = stringFlag(args, 'psf')!;
    const parts = text.split(',').map((p) => (p.trim() === '' ? NaN : Number(p)));
    if (parts.length !== 2 || !parts.every((v) => Number.isFinite(v) && v >= 0)) throw new UsageError(`--psf must be FWHM_X,FWHM_Y in arcsec along the cube's x and y (e.g. ${MSA3D_PSF.fwhmXArcsec},${MSA3D_PSF.fwhmYArcsec} for MSA-3D), got '${text}'`);
    psf = { fwhmXArcsec: parts[0], fwhmYArcsec: parts[1] };
  }
  return psf;
}

/** --forward-shape linear|broken (default linear): a straight profile, or one broken at a fitted radius. */
function forwardShapeFlag(args: ParsedArgs): ForwardProfileShape {
  const v = stringFlag(args, 'forward-shape', 'linear')!;
  if (v !== 'linear' && v !== 'broken') throw new UsageError(`--forward-shape must be 'linear' or 'broken' (a second slope beyond a fitted break radius), got '${v}'`);
  return v;
}

/** --spaxel-correlation none|residuals (default none). */
function spaxelCorrelationFlag(args: ParsedArgs): SpaxelCorrelation {
  const v = stringFlag(args, 'spaxel-correlation', 'none')!;
  if (v !== 'none' && v !== 'residuals') throw new UsageError(`--spaxel-correlation must be 'none' (spaxels independent) or 'residuals' (errors for spaxels as correlated as the fit's residuals), got '${v}'`);
  return v;
}

/** --forward-lines n2|n2+o3 (default n2) and --forward-o3n2 pp04-o3n2|m13-o3n2 (with n2+o3; default pp04-o3n2). */
function forwardLinesFlags(args: ParsedArgs): { lines: ForwardLines; o3n2Calibration?: CalibrationName } {
  const lines = stringFlag(args, 'forward-lines', 'n2')!;
  if (!(FORWARD_LINES as readonly string[]).includes(lines)) throw new UsageError(`--forward-lines must be 'n2' ([N II]/Hα) or 'n2+o3' (also [O III]/Hβ through O3N2), got '${lines}'`);
  const o3n2 = stringFlag(args, 'forward-o3n2');
  if (o3n2 === undefined) return { lines: lines as ForwardLines };
  if (lines !== 'n2+o3') throw new UsageError("--forward-o3n2 applies to --forward-lines n2+o3 only");
  if (o3n2 !== 'pp04-o3n2' && o3n2 !== 'm13-o3n2') throw new UsageError(`--forward-o3n2 must be pp04-o3n2 or m13-o3n2, got '${o3n2}'`);
  return { lines: 'n2+o3', o3n2Calibration: o3n2 };
}

/** --min-snr and --min-ew-snr; without --min-snr the flux cut is `defaultMinSnr` (undefined: the library's default). */
function selectionFlags(args: ParsedArgs, defaultMinSnr: number | undefined): { minFluxSnr?: number; minEwSnr: number | null } {
  const minFluxSnr = boundedFlag(args, 'min-snr', { min: 0 }, defaultMinSnr);
  return { ...(minFluxSnr === undefined ? {} : { minFluxSnr }), minEwSnr: ewSnrFlag(args, 5) };
}

/** Parses and checks every flag on its own (no file is read): throws UsageError. */
export function parseAnalyzeArgs(args: ParsedArgs): AnalyzeRequest {
  checkFlags(args, ANALYZE_FLAGS);
  const [cubePath, ...extra] = args.positional;
  if (!cubePath) throw new UsageError('analyze needs a cube: msa3d analyze CUBE.fits --pa DEG --ba B_OVER_A');
  if (extra.length > 0) throw new UsageError(`analyze takes one cube, got also: ${extra.join(' ')}`);
  const pa = numberFlag(args, 'pa');
  const ba = numberFlag(args, 'ba');
  if (pa === undefined || ba === undefined) throw new UsageError('analyze needs --pa DEG (position angle, north through east) and --ba B_OVER_A');
  boundedFlag(args, 'ba', { above: 0, max: 1 });
  const weighting = stringFlag(args, 'weighting', 'none');
  if (weighting !== 'none' && weighting !== 'intrinsic-scatter') throw new UsageError(`--weighting must be 'none' (the paper's line fit) or 'intrinsic-scatter', got '${weighting}'`);
  const kpcPerArcsec = boundedFlag(args, 'kpc-per-arcsec', { above: 0 });
  const distanceMpc = boundedFlag(args, 'distance-mpc', { above: 0 });
  if (kpcPerArcsec !== undefined && distanceMpc !== undefined) throw new UsageError('give --kpc-per-arcsec or --distance-mpc, not both');
  const voronoiTargetSnr = boundedFlag(args, 'voronoi-snr', { above: 0 });
  const voronoiMinSpaxelSnr = boundedFlag(args, 'voronoi-min-snr', { min: 0 });
  if (voronoiMinSpaxelSnr !== undefined && voronoiTargetSnr === undefined) throw new UsageError('--voronoi-min-snr applies to --voronoi-snr only');
  const gradientModel = stringFlag(args, 'gradient-model', 'paper');
  if (gradientModel !== 'paper' && gradientModel !== 'forward') throw new UsageError(`--gradient-model must be 'paper' (the published method) or 'forward', got '${gradientModel}'`);
  const forward: AnalyzeRequest['forward'] = gradientModel === 'forward' ? { seed: integerFlag(args, 'seed', 0, 1)!, psf: psfFlag(args), ...forwardLinesFlags(args), correlation: spaxelCorrelationFlag(args), shape: forwardShapeFlag(args) } : null;
  const forwardOnly = ['forward-lines', 'forward-o3n2', 'forward-shape'].filter((f) => args.flags.has(f));
  if (!forward && forwardOnly.length > 0) throw new UsageError(`${forwardOnly.map((f) => `--${f}`).join(', ')} ${forwardOnly.length > 1 ? 'apply' : 'applies'} to --gradient-model forward only`);
  const json = stringFlag(args, 'json');
  if (json !== undefined) checkOutputPath('json', json, args.flags.has('overwrite'), [cubePath]);
  const forwardMaps = stringFlag(args, 'forward-maps');
  if (forwardMaps !== undefined) {
    if (!forward) throw new UsageError('--forward-maps applies to --gradient-model forward only');
    checkOutputPath('forward-maps', forwardMaps, args.flags.has('overwrite'), json === undefined ? [cubePath] : [cubePath, json]);
    forward.mapsPath = forwardMaps;
  }
  const lsf = boundedFlag(args, 'lsf-fwhm', { above: 0 });
  const diagnostic = stringFlag(args, 'diagnostic', 'galaxy')!;
  if (!(DIAGNOSTIC_VALUES as readonly string[]).includes(diagnostic)) throw new UsageError(`--diagnostic must be one of ${DIAGNOSTIC_VALUES.join(', ')}, got '${diagnostic}'`);
  const n2Fallback = stringFlag(args, 'n2-fallback', 'on');
  if (n2Fallback !== 'on' && n2Fallback !== 'off') throw new UsageError(`--n2-fallback must be on or off, got '${n2Fallback}'`);
  if (args.flags.has('n2-fallback') && diagnostic !== 'galaxy' && diagnostic !== 'auto') throw new UsageError('--n2-fallback applies to --diagnostic galaxy or auto only');
  const meta: GalaxyMeta = {
    redshift: boundedFlag(args, 'z', { above: -1 }),
    kpcPerArcsec,
    distanceMpc,
    positionAngleDeg: pa,
    axisRatio: ba,
    centre: centreFlag(args),
    reKpc: boundedFlag(args, 're', { above: 0 }),
    gradientWeighting: weighting,
    spaxelCorrelation: spaxelCorrelationFlag(args),
    diagnostic: diagnostic as GalaxyMeta['diagnostic'],
    n2Fallback: n2Fallback === 'on',
    voronoiTargetSnr,
    voronoiMinSpaxelSnr,
    fit: {
      workers: integerFlag(args, 'workers', 0),
      progress: createProgress,
      instrument: lsf === undefined ? undefined : { fwhmAngstrom: lsf },
      medium: args.flags.has('air') ? 'air' : undefined,
      stellarAbsorption: stellarAbsorptionFlag(args),
      lineWidths: lineWidthsFlag(args),
      // with --voronoi-snr the cuts apply to the bins, and the flux S/N cut defaults to the library's 3 (VORONOI_BIN_MIN_FLUX_SNR)
      selection: selectionFlags(args, voronoiTargetSnr === undefined ? 10 : undefined),
    },
  };
  const ifu = integerFlag(args, 'ifu', 1); // KMOS: which IFU.n.DATA to read when several hold data
  return { cubePath, json, meta, read: ifu === undefined ? {} : { ifu }, kinematics: kinematicsFlags(args, forward !== null), forward };
}

/** The analysis's provenance names the command-line flags the values came from. */
function flagSources(analysis: Awaited<ReturnType<typeof analyzeGalaxy>>, args: ParsedArgs): void {
  const p = analysis.provenance;
  if (args.flags.has('kpc-per-arcsec')) p.kpcPerArcsec.source = 'option --kpc-per-arcsec';
  if (args.flags.has('distance-mpc')) p.kpcPerArcsec.source = `option --distance-mpc ${stringFlag(args, 'distance-mpc')} (small angle: D·π/648000·1000 kpc/arcsec)`;
  if (p.centre && (args.flags.has('center') || args.flags.has('centre'))) p.centre.source = 'option --center';
  if (p.diagnostic && args.flags.has('diagnostic')) p.diagnostic.source = p.diagnostic.source.replace(/^given \(diagnostic '(\w+)'\)/, 'option --diagnostic $1');
  if (p.voronoi && args.flags.has('voronoi-snr')) p.voronoi.source = p.voronoi.source.replace('given (voronoiTargetSnr)', 'option --voronoi-snr');
}

function summary(cubePath: string, analysis: Awaited<ReturnType<typeof analyzeGalaxy>>, kin: KinematicsJson | undefined, json: string | undefined): string {
  const g = analysis.gradient;
  const b = analysis.bins;
  const units = b ? `Voronoi bins (of ${b.nBins})` : 'spaxels';
  const selected = b
    ? `${b.binning.count.reduce((sum, n) => sum + n, 0)} spaxels with Hα S/N ≥ ${b.minSpaxelSnr} binned to Hα S/N ${b.targetSnr}; ${b.fit.selection.count} bins pass the S/N cuts`
    : `${analysis.fit.selection.count} spaxels pass the S/N cuts`;
  return `${cubePath}: ${selected}; diagnostic ${analysis.diagnostic ?? 'none'}; ` +
    `${analysis.usable.count} star-forming ${units} with a metallicity; ` +
    (g ? `gradient ${g.slope.toFixed(4)} ± ${g.slopeErr.toFixed(4)} dex/kpc over ${g.rMin.toFixed(2)}–${g.rMax.toFixed(2)} kpc (RMSE ${g.rmse.toFixed(3)} dex)` : `no gradient: ${analysis.reason}`) +
    (kin ? (kin.kinematics ? `; kinematics: v_c ${((kin.kinematics as { vc_kms: { median: number } }).vc_kms.median).toFixed(1)} km/s` : `; no kinematics: ${kin.kinematics_reason}`) : '') +
    `${json ? `; → ${json}` : ''}\n`;
}

/**
 * What the user must know about how the result was reached, one line each for stderr: the N2-only diagnostic and its
 * assumption (never silent), a gradient error that takes correlated spaxels as independent, and why no spaxel passed when the EW(Hα) S/N cut met a cube without continuum.
 */
function analysisNotes(analysis: Awaited<ReturnType<typeof analyzeGalaxy>>, spaxelCorrelation: SpaxelCorrelation): string[] {
  const notes: string[] = [];
  const d = analysis.provenance.diagnostic;
  if (analysis.diagnosticAssumption) {
    const fallback = d?.source.startsWith('N2 alone (fallback') ? ' (--diagnostic to choose a diagram, --n2-fallback off to forbid this fallback)' : '';
    notes.push(`diagnostic n2 (${d?.source}): ${analysis.diagnosticAssumption}${fallback}`);
  }
  else if (d && d.value === null && d.source.startsWith('none')) notes.push(`diagnostic none: ${d.source.slice('none: '.length)} (--n2-fallback on classifies by N2 alone)`);
  const rho = gradientResidualNeighbourCorrelation(analysis);
  const inflation = analysis.gradient?.errorInflation ?? 1;
  if (rho !== null && inflation > 1) {
    notes.push(`gradient: residuals of neighbouring spaxels correlate at ${rho.toFixed(2)}: errors × ${inflation.toFixed(2)} = √${(inflation * inflation).toFixed(1)} for spaxels that correlated (--spaxel-correlation residuals)`);
  } else if (rho !== null && rho > RESIDUAL_CORRELATION_NOTE && spaxelCorrelation === 'none') {
    notes.push(`gradient: residuals of neighbouring spaxels correlate at ${rho.toFixed(2)} (a resampled cube, or structure on the PSF scale), while its error takes the spaxels as independent: `
      + `too small by about √${correlationAreaFromNeighbourCorrelation(rho).toFixed(1)} (--spaxel-correlation residuals allows for it)`);
  }
  if (spaxelCorrelation === 'residuals' && analysis.bins) notes.push('--spaxel-correlation residuals: Voronoi bins are not a grid of spaxels, so the binned gradient\'s errors are left as they are');
  const fit = analysis.fit;
  if (fit.selection.count === 0 && fit.selection.minEwSnr !== null && !fit.maps.ha_ew.some(Number.isFinite)) {
    notes.push('no spaxel has a finite EW(Hα) (no continuum: a continuum-subtracted cube?), so the EW(Hα) S/N cut removes every spaxel: --min-ew-snr none drops it');
  }
  return notes;
}

/** --gradient-model forward on the analysis: spaxels with Hα signal minus those classified as not star-forming. */
function forwardGradient(analysis: Awaited<ReturnType<typeof analyzeGalaxy>>, cube: CubeInfo, options: NonNullable<AnalyzeRequest['forward']>, headerPsf: GaussianPsf | undefined): ForwardGradientResult {
  const psf = options.psf ?? headerPsf ?? null;
  process.stderr.write(`forward model: PSF ${psf ? `${psf.fwhmXArcsec}" x ${psf.fwhmYArcsec}" (${options.psf ? 'option --psf' : 'header'})` : 'none (no --psf and none in the header): beam smearing is not modelled, which flattens the slope where the PSF is not small next to the disk (--psf FWHM_X,FWHM_Y)'}\n`);
  if (psf && !(cube.pixelScaleArcsec !== null && cube.pixelScaleArcsec > 0)) throw new UsageError('--gradient-model forward with a PSF needs the spaxel size (none in the header)');
  const fitOptions = {
    seed: options.seed, psf, pixelScaleArcsec: cube.pixelScaleArcsec ?? undefined, lines: options.lines, shape: options.shape, progress: createProgress,
    ...(options.o3n2Calibration ? { o3n2Calibration: options.o3n2Calibration } : {}),
  };
  const first = forwardGradientOfAnalysis(analysis, fitOptions);
  if (!first.ok) return first;
  const rho = first.residualNeighbourCorrelation.toFixed(2);
  if (options.correlation === 'none') {
    if (first.residualNeighbourCorrelation > RESIDUAL_CORRELATION_NOTE) {
      process.stderr.write(`forward model: residuals of neighbouring spaxels correlate at ${rho} (a resampled cube?), while its errors take the spaxels as independent: `
        + `too small by about √${residualCorrelationArea(first).toFixed(1)} (--spaxel-correlation residuals allows for it)\n`);
    }
    return first;
  }
  const area = residualCorrelationArea(first);
  if (!(area > 1)) {
    process.stderr.write(`forward model: residuals of neighbouring spaxels correlate at ${rho} (not above 0): no refit, k = 1 (--spaxel-correlation residuals)\n`);
    return first;
  }
  process.stderr.write(`forward model: residuals of neighbouring spaxels correlate at ${rho}: refitted with the likelihood tempered by 1/${area.toFixed(2)} (--spaxel-correlation residuals)\n`);
  return forwardGradientOfAnalysis(analysis, { ...fitOptions, noiseCorrelationArea: area });
}

export const analyzeCommand = {
  summary: 'fit, classify (BPT else WHAN; N2 alone when neither can be used), N2 metallicities and the radial gradient of one cube (optionally on Voronoi bins)',
  usage: 'msa3d analyze CUBE.fits --pa DEG --ba B_OVER_A [--z Z] [--kpc-per-arcsec X | --distance-mpc D] [--center X,Y] [--re KPC] ' +
    '[--lsf-fwhm ANGSTROM] [--air] [--min-snr 10 (3 with --voronoi-snr)] [--min-ew-snr 5|none] [--stellar-absorption auto|on|off] [--line-widths auto|balmer-forbidden|shared] [--ifu N] [--voronoi-snr N [--voronoi-min-snr 3]] [--json OUT.json] [--workers N] ' +
    '[--weighting none|intrinsic-scatter] [--diagnostic galaxy|auto|bpt|whan|n2] [--n2-fallback on|off] [--gradient-model paper|forward [--seed N] [--psf FWHM_X,FWHM_Y] [--forward-lines n2|n2+o3 [--forward-o3n2 pp04-o3n2|m13-o3n2]] [--forward-shape linear|broken] [--forward-maps OUT.fits]] [--spaxel-correlation none|residuals] [--kinematics [--seed N] [--n-live N] [--psf FWHM_X,FWHM_Y]] [--overwrite]',
  async run(args: ParsedArgs): Promise<number> {
    const request = parseAnalyzeArgs(args);
    // The cube is read and fitted in chunks of rows (bounded memory: analyzeGalaxyFile), except with --voronoi-snr,
    // whose co-added bin spectra need every spaxel's spectrum at once (the whole cube is read).
    const streamed = request.meta.voronoiTargetSnr === undefined;
    const cube: Cube | CubeInfo = streamed ? readCubeInfo(request.cubePath, request.read) : readCube(request.cubePath, request.read);
    const fitOptions = request.meta.fit ?? {};
    const inputs = cubeFitInputsForCli(cube, { redshift: request.meta.redshift, instrument: fitOptions.instrument, medium: fitOptions.medium });
    asUsageError(() => (streamed ? checkAnalyzeGalaxyFileInput(cube, request.meta) : checkAnalyzeGalaxyInput(cube as Cube, request.meta)));
    // The PSF for beam smearing: --psf, else the header's (stated), else none (stated).
    let psfProvenance: Provenance | undefined;
    if (request.kinematics) {
      if (request.kinematics.psf) {
        psfProvenance = { value: `${request.kinematics.psf.fwhmXArcsec},${request.kinematics.psf.fwhmYArcsec}`, unit: 'arcsec', source: 'option --psf' };
      } else if (inputs.provenance.psf?.value === null) {
        throw new UsageError(`${inputs.provenance.psf.source}`);
      } else if (inputs.psf) {
        request.kinematics.psf = inputs.psf;
        psfProvenance = inputs.provenance.psf;
      }
    }
    const psf = request.kinematics?.psf;
    reportFitInputs(inputs, !request.kinematics ? undefined
      : psf ? `PSF for beam smearing ${psf.fwhmXArcsec}" x ${psf.fwhmYArcsec}" (${psfProvenance?.source})`
        : 'PSF: none (no --psf and none in the header): kinematics without beam smearing');
    reportFluxUnit(cube);
    const analysis = streamed ? await analyzeGalaxyFile(request.cubePath, { ...request.meta, fit: { ...request.meta.fit, read: request.read } }) : await analyzeGalaxy(cube as Cube, request.meta);
    flagSources(analysis, args);
    if (psfProvenance) {
      analysis.fit.provenance = { ...analysis.fit.provenance, psf: psfProvenance };
      analysis.provenance.psf = psfProvenance;
    }
    const kin = request.kinematics ? kinematicsJson(analysis, request.kinematics) : undefined;
    const forward = request.forward ? forwardGradient(analysis, cube, request.forward, inputs.psf ?? undefined) : undefined;
    const out = analysisJson(analysis, kin);
    if (forward) Object.assign(out, { gradient_forward: forwardGradientJson(forward, analysis.fit.nx) });
    if (request.json) writeFileAtomic(request.json, JSON.stringify(out) + '\n');
    if (forward && request.forward?.mapsPath) {
      if (forward.ok) writeForwardGradientMaps(request.forward.mapsPath, analysis.fit, forward, { overwrite: args.flags.has('overwrite') });
      else process.stderr.write(`--forward-maps: not written (no forward-modelled gradient: ${forward.reason})\n`);
    }
    for (const note of analysisNotes(analysis, request.meta.spaxelCorrelation ?? 'none')) process.stderr.write(`${note}\n`);
    process.stdout.write(summary(request.cubePath, analysis, kin, request.json));
    if (forward) {
      const broken = forward.ok && forward.shape === 'broken'
        ? ` (inner; broken at ${forward.posterior.breakRadiusKpc.median.toFixed(2)} kpc, outer slope ${forward.posterior.outerSlope.median.toFixed(4)} dex/kpc)` : '';
      process.stdout.write(forward.ok
        ? `forward-modelled gradient ${forward.slope.toFixed(4)} ± ${forward.slopeErr.toFixed(4)} dex/kpc${broken} over ${forward.nSpaxels} spaxels with Hα signal (${forward.nNiiDetected} with [N II] S/N > 3${forward.nO3Spaxels > 0 ? `; [O III] through ${forward.o3n2Calibration} on ${forward.nO3Spaxels}` : ''}), lines ${forward.linesEntered.join(', ')}, ln Z ${forward.logZ.toFixed(1)}\n`
        : `no forward-modelled gradient: ${forward.reason}\n`);
    }
    return 0;
  },
};
