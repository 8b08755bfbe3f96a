// `msa3d analyze`: the whole chain on one cube — line fit, classification, N2 metallicity, radii and the gradient.
import * as fs from 'node:fs';
import { readCube } from '../io/cube';
import { createProgress } from '../notebook/progress';
import { analyzeGalaxy } from '../analyze/analyze-galaxy';
import { analysisJson, kinematicsJson, type KinematicsJson } from '../analyze/analysis-json';
import { checkFlags, stringFlag, numberFlag, stellarAbsorptionFlag, UsageError, type ParsedArgs } from './args';
import { MSA3D_PSF, type GaussianPsf } from '../instrument/psf';

function centreFlag(args: ParsedArgs): { xPix: number; yPix: number } | undefined {
  const text = stringFlag(args, 'center') ?? stringFlag(args, 'centre');
  if (text === undefined) return undefined;
  const parts = text.split(',').map(Number);
  if (parts.length !== 2 || !parts.every(Number.isFinite)) throw new UsageError(`--center needs X,Y in 0-based pixels, got '${text}'`);
  return { xPix: parts[0], yPix: parts[1] };
}

export const analyzeCommand = {
  summary: 'fit, classify (BPT else WHAN), N2 metallicities and the radial gradient of one cube',
  usage: 'msa3d analyze CUBE.fits --pa DEG --ba B_OVER_A [--z Z] [--center X,Y] [--re KPC] [--json OUT.json] [--workers N] [--weighting none|intrinsic-scatter] [--stellar-absorption auto|on|off] [--kinematics [--seed N] [--psf FWHM_X,FWHM_Y]] [--overwrite]',
  async run(args: ParsedArgs): Promise<number> {
    checkFlags(args, ['help', 'debug', 'z', 'pa', 'ba', 'center', 'centre', 're', 'json', 'workers', 'lsf-fwhm', 'air', 'overwrite', 'kinematics', 'seed', 'n-live', 'weighting', 'psf', 'stellar-absorption']);
    const stellarAbsorption = stellarAbsorptionFlag(args);
    const [cubePath, ...extra] = args.positional;
    if (!cubePath) throw new UsageError('analyze needs a cube: msa3d analyze CUBE.fits --pa DEG --ba B_OVER_A');
    if (extra.length > 0) throw new UsageError(`analyze takes one cube, got also: ${extra.join(' ')}`);
    const pa = numberFlag(args, 'pa');
    const ba = numberFlag(args, 'ba');
    if (pa === undefined || ba === undefined) throw new UsageError('analyze needs --pa DEG (position angle, north through east) and --ba B_OVER_A');
    if (!(ba > 0 && ba <= 1)) throw new UsageError(`--ba must be in (0, 1], got ${ba}`);
    const json = stringFlag(args, 'json');
    if (json && fs.existsSync(json) && !args.flags.has('overwrite')) throw new UsageError(`${json} exists; pass --overwrite to replace it`);
    const weighting = stringFlag(args, 'weighting', 'none');
    if (weighting !== 'none' && weighting !== 'intrinsic-scatter') throw new UsageError(`--weighting must be 'none' (the paper's line fit) or 'intrinsic-scatter', got '${weighting}'`);
    const cube = readCube(cubePath);
    const lsf = numberFlag(args, 'lsf-fwhm');
    const analysis = await analyzeGalaxy(cube, {
      redshift: numberFlag(args, 'z'),
      positionAngleDeg: pa,
      axisRatio: ba,
      centre: centreFlag(args),
      reKpc: numberFlag(args, 're'),
      gradientWeighting: weighting,
      fit: {
        workers: numberFlag(args, 'workers'),
        progress: createProgress,
        instrument: lsf === undefined ? 'nirspec-g140h' : { fwhmAngstrom: lsf },
        medium: args.flags.has('air') ? 'air' : undefined,
        stellarAbsorption,
      },
    });
    let kin: KinematicsJson | undefined;
    if (args.flags.has('kinematics')) {
      const seed = numberFlag(args, 'seed') ?? 1;
      if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed must be an integer ≥ 0, got ${seed}`);
      const nLive = numberFlag(args, 'n-live');
      if (nLive !== undefined && !(Number.isInteger(nLive) && nLive >= 10)) throw new UsageError(`--n-live must be an integer ≥ 10, got ${nLive}`);
      let psf: GaussianPsf | undefined;
      if (args.flags.has('psf')) {
        const parts = String(args.flags.get('psf')).split(',').map(Number);
        if (parts.length !== 2 || !parts.every((v) => Number.isFinite(v) && v >= 0)) throw new UsageError(`--psf must be FWHM_X,FWHM_Y in arcsec along the cube's x and y (e.g. ${MSA3D_PSF.fwhmXArcsec},${MSA3D_PSF.fwhmYArcsec} for MSA-3D), got '${args.flags.get('psf')}'`);
        psf = { fwhmXArcsec: parts[0], fwhmYArcsec: parts[1] };
      }
      kin = kinematicsJson(analysis, { seed, nLive, psf });
    } else if (args.flags.has('seed') || args.flags.has('n-live') || args.flags.has('psf')) {
      throw new UsageError('--seed, --n-live and --psf apply to --kinematics only');
    }
    if (json) fs.writeFileSync(json, JSON.stringify(analysisJson(analysis, kin)) + '\n');
    const g = analysis.gradient;
    process.stdout.write(
      `${cubePath}: ${analysis.fit.selection.count} spaxels pass the S/N cuts; diagnostic ${analysis.diagnostic ?? 'none'}; ` +
      `${analysis.usable.count} star-forming spaxels with a metallicity; ` +
      (g ? `gradient ${g.slope.toFixed(4)} ± ${g.slopeErr.toFixed(4)} dex/kpc over ${g.rMin.toFixed(2)}–${g.rMax.toFixed(2)} kpc (RMSE ${g.rmse.toFixed(3)} dex)` : `no gradient: ${analysis.reason}`) +
      (kin ? (kin.kinematics ? `; kinematics: v_c ${((kin.kinematics as { vc_kms: { median: number } }).vc_kms.median).toFixed(1)} km/s` : `; no kinematics: ${kin.kinematics_reason}`) : '') +
      `${json ? `; → ${json}` : ''}\n`,
    );
    return 0;
  },
};
