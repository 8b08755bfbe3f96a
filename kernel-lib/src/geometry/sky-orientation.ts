// How a step of one spaxel along the cube's x and y axes moves on the sky (east, north), from the celestial WCS
// (FITS WCS Paper I, Greisen & Calabretta 2002, Eqs. 1–3; Paper II, Calabretta & Greisen 2002, §2) or the MSA-3D default.
//
// Conventions: offsets are in arcsec on the tangent plane; east is the direction of increasing RA, north of increasing
// Dec. Near the reference point the intermediate world coordinates of a RA---TAN/DEC--TAN pair are (east, north)
// offsets, so the linear matrix CDi_j (or CDELTi·PCi_j) IS the pixel → (east, north) map. With CDELT1 < 0 and no
// rotation (JWST s3d cubes, MSA-3D team cubes, the simulator's write-cube.ts) a step of +1 in x goes 1 spaxel WEST.
import type { FitsValue } from '../io/fits-file';

/** Sky displacement of one spaxel step, arcsec: east = eastPerX·Δx + eastPerY·Δy, north = northPerX·Δx + northPerY·Δy. */
export interface SkyOrientation {
  readonly eastPerXArcsec: number;
  readonly eastPerYArcsec: number;
  readonly northPerXArcsec: number;
  readonly northPerYArcsec: number;
  /** 'header': read from a celestial WCS; 'default': assumed (+x west, +y north, square spaxels). */
  readonly source: 'header' | 'default';
  /** One line saying where the orientation came from, for reports. */
  readonly description: string;
}

const ARCSEC_PER_UNIT: Record<string, number> = { deg: 3600, arcmin: 60, arcsec: 1, mas: 1e-3, rad: 648000 / Math.PI };

/**
 * The MSA-3D / JWST convention without rotation: +x is west (CDELT1 < 0, east to −x), +y is north, spaxels
 * `pixelScaleArcsec` on a side (as the simulator writes its cubes, simulate/write-cube.ts).
 */
export function defaultSkyOrientation(pixelScaleArcsec: number, why = 'assumed'): SkyOrientation {
  if (!(pixelScaleArcsec > 0) || !Number.isFinite(pixelScaleArcsec)) {
    throw new Error(`defaultSkyOrientation: pixelScaleArcsec must be a finite number > 0 (got ${pixelScaleArcsec})`);
  }
  return {
    eastPerXArcsec: -pixelScaleArcsec,
    eastPerYArcsec: 0,
    northPerXArcsec: 0,
    northPerYArcsec: pixelScaleArcsec,
    source: 'default',
    description: `${why}: +x west, +y north, ${pixelScaleArcsec}" spaxels (MSA-3D/JWST convention, CDELT1 < 0)`,
  };
}

function num(header: Record<string, FitsValue>, key: string): number | undefined {
  const v = header[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function str(header: Record<string, FitsValue>, key: string): string {
  const v = header[key];
  return typeof v === 'string' ? v.trim().toUpperCase() : '';
}

/**
 * The orientation from a celestial WCS on axes 1 and 2 (RA---xxx / DEC--xxx, either order): the matrix CDi_j when any
 * CD card is present and no PC card is, else CDELTi·PCi_j (Greisen & Calabretta 2002, Eqs. 1–3), in CUNITi (default
 * deg). Returns null when the axes are not RA/Dec (e.g. CTYPE LINEAR offsets, which say nothing about east) or the
 * matrix is missing or singular.
 */
export function skyOrientationFromHeader(header: Record<string, FitsValue>): SkyOrientation | null {
  const c1 = str(header, 'CTYPE1');
  const c2 = str(header, 'CTYPE2');
  const ra1 = c1.startsWith('RA--') && c2.startsWith('DEC-');
  const ra2 = c1.startsWith('DEC-') && c2.startsWith('RA--');
  if (!ra1 && !ra2) return null;
  const anyKey = (prefix: string) => [1, 2].some((i) => [1, 2].some((j) => num(header, `${prefix}${i}_${j}`) !== undefined));
  const useCd = anyKey('CD') && !anyKey('PC');
  if (!useCd && num(header, 'CDELT1') === undefined && num(header, 'CDELT2') === undefined) return null;
  // Greisen & Calabretta 2002, Eq. 1/3: world axis i per pixel axis j = CDi_j, or CDELTi · PCi_j (PC defaults to δij)
  const m = (i: number, j: number): number => {
    const unit = str(header, `CUNIT${i}`).toLowerCase() || 'deg';
    const arcsec = ARCSEC_PER_UNIT[unit];
    if (arcsec === undefined) return NaN;
    if (useCd) return (num(header, `CD${i}_${j}`) ?? 0) * arcsec;
    return (num(header, `CDELT${i}`) ?? 1) * (num(header, `PC${i}_${j}`) ?? (i === j ? 1 : 0)) * arcsec;
  };
  const raAxis = ra1 ? 1 : 2;
  const decAxis = ra1 ? 2 : 1;
  const eastPerXArcsec = m(raAxis, 1);
  const eastPerYArcsec = m(raAxis, 2);
  const northPerXArcsec = m(decAxis, 1);
  const northPerYArcsec = m(decAxis, 2);
  const det = eastPerXArcsec * northPerYArcsec - eastPerYArcsec * northPerXArcsec;
  if (!Number.isFinite(det) || det === 0) return null;
  const xTowards = eastPerXArcsec < 0 ? 'west' : 'east';
  return {
    eastPerXArcsec,
    eastPerYArcsec,
    northPerXArcsec,
    northPerYArcsec,
    source: 'header',
    description: `WCS ${useCd ? 'CD' : 'CDELT·PC'} matrix: +x mostly ${xTowards}, ${Math.sqrt(Math.abs(det)).toPrecision(4)}" spaxels`,
  };
}

/**
 * The orientation of a cube: from its celestial WCS when it has one, else the MSA-3D default with the cube's spaxel
 * size. Throws when neither the WCS nor `pixelScaleArcsec` gives a spaxel size.
 */
export function skyOrientationOf(cube: { header: Record<string, FitsValue>; pixelScaleArcsec: number | null }): SkyOrientation {
  const fromHeader = skyOrientationFromHeader(cube.header);
  if (fromHeader) return fromHeader;
  if (cube.pixelScaleArcsec == null) {
    throw new Error('skyOrientationOf: the cube has no celestial WCS and no spaxel size; pass an orientation (defaultSkyOrientation(scale))');
  }
  return defaultSkyOrientation(cube.pixelScaleArcsec, 'no RA/Dec WCS, assumed');
}

/** Sky offset (east, north) in arcsec of a pixel offset (Δx, Δy) in spaxels: the linear WCS matrix applied to it. */
export function pixelOffsetToSky(dxPix: number, dyPix: number, orientation: SkyOrientation): { eastArcsec: number; northArcsec: number } {
  return {
    eastArcsec: orientation.eastPerXArcsec * dxPix + orientation.eastPerYArcsec * dyPix,
    northArcsec: orientation.northPerXArcsec * dxPix + orientation.northPerYArcsec * dyPix,
  };
}
