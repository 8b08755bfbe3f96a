/**
 * kernel-lib — gas-phase metallicity gradients from integral-field spectroscopy (ARCHITECTURE.md maps the folders).
 *
 * The root holds what a notebook or a script calls, grouped by the step of the pipeline it belongs to. Everything else
 * is one namespace per folder, named after it: `instrument.constantDispersion`, `nested.boundingEllipsoid`,
 * `mcmc.integratedAutocorrelationTime`, `voronoi.accreteBins`, `stats.quantile`, … (the same names as the folder's
 * index.ts). A name at the root is also in its folder's namespace.
 */

// ---- one namespace per folder (pipeline order) ----
export * as constants from './constants/index';
export * as errors from './errors/index';
export * as io from './io/index';
export * as cosmology from './cosmology/index';
export * as stats from './stats/index';
export * as optimize from './optimize/index';
export * as instrument from './instrument/index';
export * as dust from './dust/index';
export * as lines from './lines/index';
export * as spectra from './spectra/index';
export * as linemaps from './linemaps/index';
export * as classify from './classify/index';
export * as abundance from './abundance/index';
export * as geometry from './geometry/index';
export * as gradient from './gradient/index';
export * as analyze from './analyze/index';
export * as batch from './batch/index';
export * as kinematics from './kinematics/index';
export * as nested from './nested/index';
export * as mcmc from './mcmc/index';
export * as linmix from './linmix/index';
export * as voronoi from './voronoi/index';
export * as bayesMetallicity from './bayes-metallicity/index';
export * as simulate from './simulate/index';
export * as recovery from './recovery/index';
export * as tables from './tables/index';
export * as plot from './plot/index';
export * as notebook from './notebook/index';
export * as report from './report/index';

// ---- the entry points, by step ----
// input: cubes and spectra, errors
export { readCube, readCubeInfo, readSpectrum, readCubeOrSpectrum, spectrumAsCube, readFitsImage, listFitsHdus, writeFits, FitsError } from './io/index';
export type { Cube, FitsImage } from './io/index';
export { InputError } from './errors/index';
// physics: cosmology, the instrument, the line catalogue
export { flatLambdaCdm, MSA3D_COSMOLOGY, kpcPerArcsec } from './cosmology/index';
export { MSA3D_PSF, nirspecG140hDispersion } from './instrument/index';
export type { GaussianPsf, InstrumentalDispersion } from './instrument/index';
export { emissionLine, EMISSION_LINES } from './lines/index';
// line fitting: one spectrum, one cube
export { fitSpectrum, createSpectrumFitter, MSA3D_WINDOWS, defineWindow, FIT_FLAG, describeFitFlag } from './spectra/index';
export type { SpectrumFit, SpectrumFitterOptions } from './spectra/index';
export { fitCube, fitCubeFile, fitSpaxel, cubeFitMap, closeWorkerPool, resolveCubeFitInputs } from './linemaps/index';
export type { CubeFit, FitCubeFileOptions } from './linemaps/index';
// real survey data against the survey's own published fluxes
export { compareSamiSectors, compareSdssSpectrum, binCentroids, COMPARED_LINES } from './linemaps/index';
export { readSamiLzifuMap, readSdssSpzline, samiDr3SectorFiles } from './io/index';
export { readBlobby3dModelOptions } from './tables/index';
// classification and metallicities
export { lineMeasurementsFromSpectrumFit, lineMeasurementsFromCubeFit, classifySpaxel, classifyMaps } from './classify/index';
export { spaxelClassName, compareClassifications, classifyMassExcitation } from './classify/index';
export { metallicity, metallicityMaps, selectMetallicitySpaxels } from './abundance/index';
// geometry and gradients
export { galaxyGeometry, deprojectSpaxels, inclinationFromAxisRatioDeg } from './geometry/index';
export { fitMetallicityGradient, fitMetallicityGradientRe, binnedRadialProfile, describeGradient, fitGradientForward, residualCorrelationArea } from './gradient/index';
export { azimuthalResidualStatistic, azimuthalNullDistribution, forwardNoiseParts, writeForwardGradientMaps } from './gradient/index';
export { measureSpatialNoiseCorrelation } from './linemaps/index';
export { analyzeGalaxy, analyzeGalaxyFile, classifyGalaxy, forwardGradientOfAnalysis } from './analyze/index';
// kinematics
export { fitKinematics, fitRotationCurve, kinematicMapsFromCubeFit, sigma0, vOverSigma, dynamicalMassMsun } from './kinematics/index';
export { AGN_LIKE_CLASSES } from './kinematics/index';
// samplers, binning, regression and statistics
export { nestedSample } from './nested/index';
export { sampleEnsemble } from './mcmc/index';
export { fitLinmix } from './linmix/index';
export { voronoiBinning, voronoiBinnedGradient } from './voronoi/index';
export { inferMetallicity } from './bayes-metallicity/index';
export { fitLine, bootstrapLine, pearsonCorrelation, summarizeSamples, seededRandom } from './stats/index';
export { mean, median, quantile, rms, standardDeviation } from './stats/index';
export type { PosteriorSummary } from './stats/index';
// the simulator and injection–recovery
export { simulateCube, simulatedCubeToCube, writeSimulatedCube, presetFor, listPresets } from './simulate/index';
export { recoverPresetGradient, recoverSampleGradients, forwardRecovery, diagnoseForwardRecovery } from './recovery/index';
// tables, figures, display, the reproduction report
export { loadTable1, readTable1Rows, gradientSample, readWang2020Table3, wang2020GradientSample } from './tables/index';
export { rowsToFrame, parseCsv } from './tables/index';
export { spectrumPlot, mapPlot, classMapPlot, bptDiagramPlot, whanDiagramPlot, gradientPlot, galaxyPanelPlot } from './plot/index';
export { gradientHistogramPlot, massRelationPlot, massExcitationPlot, rotationCurvePlot, voronoiBinMapPlot } from './plot/index';
export { nullDistributionPlot } from './plot/index';
export { valueComparisonPlot, combineFigures, plotFigure, figureToPng, figureToInlineSvg, figureToInlineHtml } from './plot/index';
export { spaxelExplorer, publishedRatioPlot } from './plot/index';
export type { SpaxelExplorer, SpaxelExplorerOptions } from './plot/index';
export { showTable, showMarkdown, formatInterval, createProgress } from './notebook/index';
export { startReproduction } from './report/index';
export { projectPath, outputDir } from './paths';
export type { Progress, ProgressFactory } from './progress';
export type { Provenance, ProvenanceRecord } from './provenance';
