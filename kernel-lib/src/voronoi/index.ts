// Voronoi binning of spaxels to a target S/N (Cappellari & Copin 2003; weighted tessellation of Diehl & Statler 2006,
// as vorbin does by default), co-adding a cube's spectra per bin, and the binned metallicity gradient.
export type { PixelGrid } from './pixel-grid';
export { pixelGrid, fourNeighbours, connectedRegions } from './pixel-grid';
export { binSignalToNoise, GARCIA_BENITO_2015_COVARIANCE_ALPHA } from './signal-to-noise';
export type { AccretedBins } from './bin-accretion';
export { accreteBins, binRoundness } from './bin-accretion';
export type { ReassignedBins } from './reassign-bad-bins';
export { reassignBadBins } from './reassign-bad-bins';
export type { GeneratorIterationOptions, GeneratorIteration } from './weighted-voronoi';
export { tessellateInto, iterateGenerators } from './weighted-voronoi';
export { countSplitBins, makeBinsContiguous } from './contiguity';
export type { VoronoiBinningOptions, VoronoiBinning } from './voronoi-binning';
export { voronoiBinning } from './voronoi-binning';
export { coaddCubeBins } from './coadd-cube-bins';
export type { VoronoiBinnedGradientOptions, VoronoiBinnedGradient, SpaxelBinning } from './binned-gradient';
export { voronoiBinnedGradient, binSpaxelsOnLine, binWeightedRadius } from './binned-gradient';
