// The forward-modelled gradient's maps as a FITS file (opens in DS9, astropy): the model O/H, the model [N II] flux, the
// normalised residual (N − model)/σ_total and σ_total, and the spaxels used, one 2-D image HDU each with the cube's
// spatial WCS (as the maps file of linemaps/cube-fit-maps.ts), the fit's summary in the primary header.
import { writeFits, type FitsCardInput, type FitsHduInput, type WriteFitsOptions } from '../io/fits-write';
import type { CubeFit } from '../linemaps/fit-cube';
import { wcsCards } from '../linemaps/cube-fit-maps';
import { fitsText, fitsUnit } from '../linemaps/cube-fit-header';
import type { ForwardGradientFit } from './fit-gradient-forward';

/** The extensions, in file order after the primary HDU. */
export const FORWARD_MAPS_EXTENSIONS = Object.freeze([
  { name: 'MODEL_OH', what: 'model 12+log(O/H) at the posterior median (every spaxel with a radius)' },
  { name: 'MODEL_NII6584', what: 'model [N II] 6584 flux (used spaxels), in FLUXUNIT' },
  { name: 'RESID_SIGMA', what: 'normalised residual ([N II] - model)/sigma_total (used spaxels)' },
  { name: 'SIGMA_TOTAL', what: 'sigma_total: flux errors, Halpha term and fitted scatter, in FLUXUNIT' },
  { name: 'USED', what: 'uint8, 1 where the spaxel entered the likelihood' },
] as const);

/** The HDUs of the forward maps file of `forward`, fitted to `cubeFit` (for its size, flux unit, WCS and source). */
export function forwardGradientMapsHdus(cubeFit: CubeFit, forward: ForwardGradientFit): FitsHduInput[] {
  const unit = fitsUnit(cubeFit.fluxUnit);
  const primary: FitsCardInput[] = [
    { key: 'ORIGIN', value: 'msa3d', comment: 'forward-modelled gradient (fitGradientForward)' },
    { key: 'SOURCE', value: fitsText(cubeFit.source), comment: 'the fitted cube' },
    { key: 'CALIB', value: fitsText(forward.calibration), comment: 'N2 calibration run backwards' },
    { key: 'LINES', value: forward.linesEntered.join(','), comment: 'lines in the likelihood' },
    { key: 'O3N2CAL', value: forward.o3n2Calibration ?? 'none', comment: 'O3N2 calibration for [O III] (none: N2 only)' },
    { key: 'SHAPE', value: forward.shape, comment: 'O/H profile: linear or broken' },
    { key: 'SLOPE', value: forward.slope, comment: '[dex/kpc] median; inner slope if broken' },
    { key: 'SLOPEERR', value: forward.slopeErr, comment: '[dex/kpc] half the central 68% interval' },
    { key: 'INTERCPT', value: forward.intercept, comment: '12+log(O/H) at r = 0, posterior median' },
    { key: 'SCATTER', value: forward.posterior.scatterDex.median, comment: '[dex] fitted scatter about the profile' },
    { key: 'NSPAXEL', value: forward.nSpaxels, comment: 'spaxels in the likelihood' },
    { key: 'PSFFWHMX', value: forward.psf ? forward.psf.fwhmXArcsec : 0, comment: '[arcsec] PSF term along x (0 = none)' },
    { key: 'PSFFWHMY', value: forward.psf ? forward.psf.fwhmYArcsec : 0, comment: '[arcsec] PSF term along y (0 = none)' },
    { key: 'NBUFEXCL', value: forward.nBufferExcluded, comment: `spaxels left out within ${forward.excludeBufferSpaxels} of excluded` },
    { key: 'NCORAREA', value: forward.noiseCorrelationArea, comment: 'likelihood tempered by 1/this (1 = independent)' },
    { key: 'RESIDRHO', value: Number.isFinite(forward.residualNeighbourCorrelation) ? forward.residualNeighbourCorrelation : 0, comment: 'lag-1 correlation of RESID_SIGMA' },
    { key: 'SEED', value: forward.sampler.seed, comment: 'nested sampler seed' },
    { key: 'FLUXUNIT', value: unit, comment: 'unit of the flux maps' },
  ];
  const comments = FORWARD_MAPS_EXTENSIONS.map((e, i) => `HDU ${i + 1} ${e.name}: ${e.what}`);
  const image = (name: string, data: Float64Array | Uint8Array, bunit: string): FitsHduInput => ({
    name, data, naxis: [cubeFit.nx, cubeFit.ny],
    bitpix: data instanceof Uint8Array ? 8 : -64,
    header: [...wcsCards(cubeFit, false), { key: 'BUNIT', value: bunit, comment: bunit === '' ? 'dimensionless' : 'unit of pixel value' }],
  });
  return [
    { header: primary, comments },
    image('MODEL_OH', forward.modelOhMap, 'dex'),
    image('MODEL_NII6584', forward.modelNiiFluxMap, unit),
    image('RESID_SIGMA', forward.residualSigmaMap, ''),
    image('SIGMA_TOTAL', forward.niiSigmaTotalMap, unit),
    image('USED', forward.used, ''),
  ];
}

/** Writes the forward maps file (through a temporary file; FitsError 'exists' unless overwrite). */
export function writeForwardGradientMaps(path: string, cubeFit: CubeFit, forward: ForwardGradientFit, options: WriteFitsOptions = {}): void {
  writeFits(path, forwardGradientMapsHdus(cubeFit, forward), options);
}
