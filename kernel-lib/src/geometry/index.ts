// Geometry (Ju et al., MSA-3D §3.2): galaxy centre from the continuum peak, pixel → sky orientation from the WCS, and
// thin-disk deprojected radii (arcsec, kpc, R/R_e) and azimuths of every spaxel.
export type { SkyOrientation } from './sky-orientation';
export { defaultSkyOrientation, skyOrientationFromHeader, skyOrientationOf, pixelOffsetToSky } from './sky-orientation';
export type { DiskOffset } from './deproject';
export { deprojectOffset, diskToSkyOffset, majorAxisOffset, minorAxisOffset } from './deproject';
export { inclinationFromAxisRatioDeg, axisRatioFromInclinationDeg } from './inclination';
export type { DeprojectSpaxelsOptions, SpaxelRadii } from './deproject-spaxels';
export { deprojectSpaxels } from './deproject-spaxels';
export type { ContinuumWindow, ContinuumWindowUse, ContinuumCentre, ContinuumCentreOptions, ContinuumCubeLike } from './continuum-centre';
export { MSA3D_CONTINUUM_WINDOWS, NoContinuumWindowError, continuumCentre, continuumMap } from './continuum-centre';
export type { GalaxyGeometryOptions, GalaxyGeometry } from './galaxy-geometry';
export { galaxyGeometry } from './galaxy-geometry';
