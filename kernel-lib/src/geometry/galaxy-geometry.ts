// The geometry of one galaxy in its cube — centre (given, or the continuum peak), sky orientation, deprojected radii
// and azimuths of every spaxel — as Ju et al., MSA-3D §3.2 define it for the gradients.
import type { FlatLambdaCdm } from '../cosmology/flat-lcdm';
import type { FitsValue } from '../io/fits-file';
import { continuumCentre, type ContinuumCentre, type ContinuumCentreOptions, type ContinuumCubeLike } from './continuum-centre';
import { deprojectSpaxels, type SpaxelRadii } from './deproject-spaxels';
import { skyOrientationOf, type SkyOrientation } from './sky-orientation';

export interface GalaxyGeometryOptions {
  /** Galaxy redshift (kpc scale; also shifts the continuum windows unless continuum.redshift says otherwise). */
  redshift: number;
  /** kpc per arcsec when it does not follow from `redshift` (a rest-frame cube, a nearby galaxy's distance). */
  kpcPerArcsec?: number;
  /** Major-axis PA, degrees from north through east (CANDELS in the paper). */
  positionAngleDeg: number;
  /** Axis ratio b/a (CANDELS in the paper); cos i = b/a. */
  axisRatio: number;
  /** R_e in kpc; gives radiusRe. */
  reKpc?: number;
  /** Centre in 0-based spaxel coordinates; when absent, the continuum peak. */
  centre?: { xPix: number; yPix: number };
  /** Pixel → sky map; default from the cube's WCS, else the MSA-3D convention (skyOrientationOf). */
  orientation?: SkyOrientation;
  /** Options of the continuum-peak search (redshift defaults to options.redshift). */
  continuum?: ContinuumCentreOptions;
  cosmology?: FlatLambdaCdm;
}

export interface GalaxyGeometry extends SpaxelRadii {
  /** How the centre was obtained: 'given', or 'continuum' (see `continuum.window` for which window). */
  centreSource: 'given' | 'continuum';
  /** The continuum-peak search, null when the centre was given. */
  continuum: ContinuumCentre | null;
  orientation: SkyOrientation;
}

type CubeLike = ContinuumCubeLike & { pixelScaleArcsec: number | null; header: Record<string, FitsValue> };

/**
 * Centre, orientation and deprojected radii of every spaxel of `cube`. Without a given centre the continuum peak is
 * used, and a cube covering neither window throws NoContinuumWindowError (e.g. a continuum-subtracted Hα cube).
 */
export function galaxyGeometry(cube: CubeLike, options: GalaxyGeometryOptions): GalaxyGeometry {
  const orientation = options.orientation ?? skyOrientationOf(cube);
  let continuum: ContinuumCentre | null = null;
  let centre = options.centre;
  if (!centre) {
    continuum = continuumCentre(cube, { redshift: options.redshift, ...options.continuum });
    centre = { xPix: continuum.xPix, yPix: continuum.yPix };
  }
  const radii = deprojectSpaxels({
    nx: cube.nx,
    ny: cube.ny,
    centreXPix: centre.xPix,
    centreYPix: centre.yPix,
    positionAngleDeg: options.positionAngleDeg,
    axisRatio: options.axisRatio,
    orientation,
    redshift: options.redshift,
    kpcPerArcsec: options.kpcPerArcsec,
    cosmology: options.cosmology,
    reKpc: options.reKpc,
  });
  return { ...radii, centreSource: continuum ? 'continuum' : 'given', continuum, orientation };
}
