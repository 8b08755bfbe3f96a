// analyzeGalaxyFile: analyzeGalaxy on a cube file read in chunks of rows (fitCubeFile), so `msa3d analyze` runs in
// bounded memory. analyzeGalaxy needs the cube's pixels only for the continuum-peak centre (geometry/continuum-centre.ts);
// while the chunks stream by, the channels of the continuum windows are kept (≈ 40 per window on a MUSE cube) and the
// centre is found on that small cube, which gives the same channels, medians and peak as the whole cube.
import { readCubeInfo, type Cube, type CubeInfo } from '../io/cube';
import { checkFitCubeInput, fitCubeFile, type FitCubeFileOptions } from '../linemaps/fit-cube';
import { MSA3D_CONTINUUM_WINDOWS } from '../geometry/continuum-centre';
import { InputError } from '../errors/input-error';
import { analyzeGalaxy, checkCentreInField, checkGalaxyMeta, type GalaxyAnalysis, type GalaxyMeta } from './analyze-galaxy';
import { checkSpatialScaleInput } from './spatial-scale';

export interface GalaxyFileMeta extends Omit<GalaxyMeta, 'fit' | 'cubeFit'> {
  /** Options of the chunked line fit (workers, instrument, selection, maxMemoryMb, how to read the file …). */
  fit?: FitCubeFileOptions;
}

/** The channels k of each continuum window at redshift z (continuumCentre's rule: λ_rest ± Δ, times 1 + z, inclusive). */
function continuumChannels(wavelengthAngstrom: ArrayLike<number>, redshift: number): number[][] {
  return MSA3D_CONTINUUM_WINDOWS.map((win) => {
    const lo = (win.restCentreAngstrom - win.halfWidthAngstrom) * (1 + redshift);
    const hi = (win.restCentreAngstrom + win.halfWidthAngstrom) * (1 + redshift);
    const out: number[] = [];
    for (let k = 0; k < wavelengthAngstrom.length; k++) if (wavelengthAngstrom[k]! >= lo && wavelengthAngstrom[k]! <= hi) out.push(k);
    return out;
  });
}

/**
 * The continuum cube: `info` with only `channels` (flux and mask of every spaxel), filled chunk by chunk. Given to
 * analyzeGalaxy with the finished fit, it is used for nothing but the centre and the sky orientation (header, pixel size).
 */
function continuumCube(info: CubeInfo, channels: number[]): { cube: Cube; add: (chunk: Cube) => void } {
  const plane = info.nx * info.ny;
  const flux = new Float64Array(channels.length * plane);
  const mask = new Uint8Array(channels.length * plane).fill(1);
  const cube: Cube = {
    ...info,
    flux,
    error: null,
    mask,
    nWave: channels.length,
    wavelengthAngstrom: Float64Array.from(channels, (k) => info.wavelengthAngstrom[k]!),
  };
  const add = (chunk: Cube) => {
    const y0 = chunk.rows ? chunk.rows.y0 : 0;
    const chunkPlane = chunk.nx * chunk.ny;
    channels.forEach((k, c) => {
      for (let i = 0; i < chunkPlane; i++) {
        flux[c * plane + y0 * info.nx + i] = chunk.flux[k * chunkPlane + i]!;
        mask[c * plane + y0 * info.nx + i] = chunk.mask[k * chunkPlane + i]!;
      }
    });
  };
  return { cube, add };
}

/**
 * The checks of checkAnalyzeGalaxyInput that need no pixels, on a cube file's metadata (readCubeInfo): the metadata,
 * the centre inside the field, the fit options and a redshift that puts the lines inside the cube, a kpc scale, and
 * (without a centre) a continuum window with ≥ 3 channels the cube covers. Throws InputError before any pixel is read.
 */
export function checkAnalyzeGalaxyFileInput(info: CubeInfo, meta: GalaxyFileMeta): { redshift: number } {
  checkGalaxyMeta(meta);
  checkCentreInField(info, meta.centre);
  const redshift = checkFitCubeInput(info, { ...meta.fit, redshift: meta.redshift ?? meta.fit?.redshift }).redshift;
  checkSpatialScaleInput('analyzeGalaxy', { redshift, kpcPerArcsec: meta.kpcPerArcsec, distanceMpc: meta.distanceMpc });
  if (!meta.centre && !continuumChannels(info.wavelengthAngstrom, redshift).some((w) => w.length >= 3)) {
    throw new InputError('missing', 'analyzeGalaxy', `no continuum window (rest ${MSA3D_CONTINUUM_WINDOWS.map((w) => `${w.restCentreAngstrom} ± ${w.halfWidthAngstrom} Å`).join(', ')}) lies in the cube at z = ${redshift}: give the centre (msa3d analyze --center X,Y)`);
  }
  return { redshift };
}

/**
 * analyzeGalaxy on the cube file at `path`, fitted chunk by chunk (fitCubeFile: peak memory set by meta.fit.maxMemoryMb,
 * not by the cube). Same result as analyzeGalaxy(readCube(path), meta). Metadata is checked before any pixel is read.
 */
export async function analyzeGalaxyFile(path: string, meta: GalaxyFileMeta): Promise<GalaxyAnalysis> {
  const info = readCubeInfo(path, meta.fit?.read ?? {});
  const { redshift } = checkAnalyzeGalaxyFileInput(info, meta);
  // the centre needs pixels only when it is not given; fitCubeFile refuses a missing redshift before reading pixels
  // (with every window under continuumCentre's 3 channels it reads only wavelengths: it gets them all, and no pixels)
  const windows = meta.centre ? [] : continuumChannels(info.wavelengthAngstrom, redshift);
  const channels = windows.some((w) => w.length >= 3) ? [...new Set(windows.flat())].sort((a, b) => a - b) : [];
  const keep = channels.length > 0 ? continuumCube(info, channels) : null;
  // the redshift is passed on only when the caller gave one, so the fit's provenance names where it came from
  const fit = await fitCubeFile(path, { ...meta.fit, redshift: meta.redshift ?? meta.fit?.redshift, onChunk: keep ? keep.add : undefined });
  const cube: Cube = keep ? keep.cube : { ...info, flux: new Float64Array(0), error: null, mask: new Uint8Array(0) };
  return analyzeGalaxy(cube, { ...meta, fit: undefined, cubeFit: fit });
}
