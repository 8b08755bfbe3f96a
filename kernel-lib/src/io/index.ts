// Public API of the io module: FITS cube and 1-D spectrum reading (.fits and .fits.gz), FITS images and binary tables,
// FITS writing, flux-unit conversion, typed errors.
export { FitsError, type FitsErrorCode } from './errors';
export {
  listFitsHdus,
  readFitsImage,
  parseHeaderCards,
  type FitsValue,
  type FitsCard,
  type FitsHduInfo,
  type FitsImage,
  type FitsImageArray,
  type HduSelector,
} from './fits-file';
export {
  readCube,
  readCubeInfo,
  openCubeReader,
  describeHdus,
  type Cube,
  type CubeInfo,
  type CubeRows,
  type CubeReader,
  type CubeSource,
  type ErrorKind,
  type ReadCubeOptions,
  type ReadCubeRowsOptions,
} from './cube';
export {
  readSpectrum,
  spectrumAsCube,
  readCubeOrSpectrum,
  readCubeInfoOrSpectrum,
  type CubeInfoOrSpectrum,
  type Spectrum1D,
  type SpectrumSource,
  type ReadSpectrumOptions,
  type CubeOrSpectrum,
} from './spectrum';
export {
  readFitsTable,
  tableColumns,
  findColumn,
  type FitsTable,
  type FitsColumn,
  type FitsColumnType,
  type FitsColumnValues,
} from './fits-table';
export {
  spectralAxisFromHeader,
  spatialScaleFromHeader,
  spatialWcsFromHeader,
  angstromPerUnit,
  ANGSTROM_RULE_RANGE,
  type SpectralAxis,
  type SpatialScale,
  type SpatialWcs,
} from './wcs';
export {
  toErgPerSecCm2Angstrom,
  megajanskyPerSteradianToErgFactor,
  isMegajanskyPerSteradian,
  ERG_PER_S_CM2_ANGSTROM,
} from './units';
export {
  writeFits,
  writeFitsBytes,
  encodeFits,
  withoutStructuralKeywords,
  STRUCTURAL_KEYWORDS,
  type FitsHduInput,
  type FitsWritableArray,
  type FitsKeywordInput,
  type FitsCardInput,
  type WriteFitsOptions,
} from './fits-write';
export {
  encodeFitsTable,
  writeFitsTables,
  type FitsTableColumn,
  type FitsTableFormat,
  type FitsTableHduInput,
} from './fits-table-write';
export { writeFileAtomic, atomicTempPath, isAtomicTempName, removeAtomicTempFiles } from './atomic-write';
export { readSamiLzifuMap, readSdssSpzline, samiDr3SectorFiles, SAMI_LZIFU_FLUX_UNIT, SDSS_SPZLINE_FLUX_UNIT, type PublishedLineMap, type SamiLzifuLine, type SpzlineFlux } from './survey-line-fluxes';
