// simulateCube: a forward-modelled MSA-3D-like NIRSpec G140H/F100LP cube (flux and 1σ error in MJy/sr, float32) with
// its truth table, from SimulationParams and a seed that drives only the Gaussian noise. Ju et al. (MSA-3D) §2.
import { megajanskyPerSteradianToErgFactor } from '../io/units';
import { SPEED_OF_LIGHT_KMS } from '../constants/physical';
import { EMISSION_LINES } from '../lines/emission-lines';
import { nirspecG140hDispersion } from '../instrument/nirspec-g140h';
import { checkSeed } from '../errors/check-options';
import { seededRandom } from '../stats/random';
import { gaussianProfile } from '../spectra/line-model';
import { buildEmissionModel, type EmissionModel } from './emission-model';
import { applyAxisOperators } from '../instrument/psf-operator';
import { unusableChannelMask } from './detector-gap';
import { SIMULATED_LINES } from './line-ratios';
import { g140hWavelengthGrid, type WavelengthGrid } from './wavelength-grid';
import { expectedSignalToNoise } from './noise';
import { globalTruth, spaxelTruth, type GlobalTruth, type SpaxelTruth } from './truth';
import { resolveSimulationParams, type SimulationParams, type SimulationParamsInput } from './params';

/** A simulated cube in memory. Arrays use the io layout: index = k·ny·nx + y·nx + x. */
export interface SimulatedCube {
  /** Surface brightness, MJy/sr (float32); NaN in the detector gap and outside the coverage. */
  flux: Float32Array;
  /** 1σ error, MJy/sr (float32): exactly the σ the noise was drawn with; NaN where flux is NaN. */
  error: Float32Array;
  nx: number;
  ny: number;
  nWave: number;
  /** Vacuum wavelength of each channel, Å (identical to what io/readCube returns for the written file). */
  wavelengthAngstrom: Float64Array;
  grid: WavelengthGrid;
  /** 1 for channels that are NaN (gap or outside the coverage). */
  unusableChannel: Uint8Array;
  pixelScaleArcsec: number;
  fluxUnit: 'MJy/sr';
  redshift: number;
  params: SimulationParams;
  seed: number;
  truth: { global: GlobalTruth; spaxels: SpaxelTruth };
}

/** Instrumental σ (km/s) at an observed wavelength: the G140H curve, the same function the line fitter removes. */
const instrumentalSigmaKms = (observedAngstrom: number): number => nirspecG140hDispersion()(observedAngstrom);

/** Half-width of a sampled line profile, in σ: beyond 7σ the Gaussian is < 3e-11 of its peak. */
const PROFILE_HALF_WIDTH_SIGMA = 7;
/** The Gaussian e^(−u²/2) of spectra/line-model, bound locally so V8 inlines it in the hot loop. */
const profile = gaussianProfile;

/**
 * Adds every line of the model to `lineCube` (erg/s/cm²/Å per spaxel, layout k·nPlane + i): for each line the profile
 * of each subpixel, F/(√(2π)σ_λ) exp(−(λ − μ)²/2σ_λ²) at the channel centres with μ = λ_rest(1 + z)(1 + v/c) and
 * σ_λ = μ √(σ² + σ_inst²)/c (spectra/line-model conventions, so the fitter's model is the simulator's model), is put
 * on a fine plane per channel, then the fine planes go through the PSF and pixel-integration operators.
 */
function addLines(model: EmissionModel, grid: WavelengthGrid, lineCube: Float64Array): void {
  const p = model.params;
  const { opX, opY } = model;
  const nFine = opX.nFine * opY.nFine;
  const nPlane = p.nx * p.ny;
  const lambda0 = grid.wavelengthAngstrom[0];
  const dl = grid.channelWidthAngstrom;
  const scratch = new Float64Array(p.ny * opX.nFine);
  const invSqrt2Pi = 1 / Math.sqrt(2 * Math.PI);
  const agn = model.fineAgnHalpha;
  const agnSigma = p.agn ? p.agn.sigmaKms : 0;
  // skip subpixels whose flux is below 1e-12 of the brightest (their total is < 1e-7 of the line)
  let maxHalpha = 0;
  for (let m = 0; m < nFine; m++) maxHalpha = Math.max(maxHalpha, model.fineLineFlux.ha[m], agn ? agn[m] : 0);
  const floor = 1e-12 * maxHalpha;
  let buffer = new Float64Array(0);
  for (const line of SIMULATED_LINES) {
    const systemic = EMISSION_LINES[line].restWavelengthAngstrom * (1 + p.redshift);
    const instKms = instrumentalSigmaKms(systemic); // at the systemic λ: R changes < 0.1 % over ±300 km/s
    const sf = model.fineLineFlux[line];
    const agnRatio = model.agnRelativeToHalpha[line];
    // channel range of the whole line
    let vMin = Infinity;
    let vMax = -Infinity;
    let sMax = agn ? agnSigma : 0;
    for (let m = 0; m < nFine; m++) {
      vMin = Math.min(vMin, model.fineVelocityKms[m]);
      vMax = Math.max(vMax, model.fineVelocityKms[m]);
      sMax = Math.max(sMax, model.fineSigmaKms[m]);
    }
    const widthMax = (systemic * (1 + Math.max(vMax, 0) / SPEED_OF_LIGHT_KMS) * Math.hypot(sMax, instKms)) / SPEED_OF_LIGHT_KMS;
    const kLow = Math.max(0, Math.floor((systemic * (1 + Math.min(vMin, 0) / SPEED_OF_LIGHT_KMS) - PROFILE_HALF_WIDTH_SIGMA * widthMax - lambda0) / dl));
    const kHigh = Math.min(grid.nWave - 1, Math.ceil((systemic * (1 + Math.max(vMax, 0) / SPEED_OF_LIGHT_KMS) + PROFILE_HALF_WIDTH_SIGMA * widthMax - lambda0) / dl));
    if (kHigh < kLow) continue; // entirely outside the grid
    const nChannels = kHigh - kLow + 1;
    if (buffer.length < nChannels * nFine) buffer = new Float64Array(nChannels * nFine);
    else buffer.fill(0, 0, nChannels * nFine);
    const addProfile = (m: number, flux: number, velocityKms: number, sigmaKms: number) => {
      const mu = systemic * (1 + velocityKms / SPEED_OF_LIGHT_KMS);
      const sigmaLambda = (mu * Math.sqrt(sigmaKms * sigmaKms + instKms * instKms)) / SPEED_OF_LIGHT_KMS;
      const k0 = Math.max(kLow, Math.floor((mu - PROFILE_HALF_WIDTH_SIGMA * sigmaLambda - lambda0) / dl));
      const k1 = Math.min(kHigh, Math.ceil((mu + PROFILE_HALF_WIDTH_SIGMA * sigmaLambda - lambda0) / dl));
      const peak = (flux * invSqrt2Pi) / sigmaLambda;
      const inv = 1 / sigmaLambda;
      for (let k = k0; k <= k1; k++) {
        const u = (grid.wavelengthAngstrom[k] - mu) * inv;
        buffer[(k - kLow) * nFine + m] += peak * profile(u);
      }
    };
    for (let m = 0; m < nFine; m++) {
      if (sf[m] > floor) addProfile(m, sf[m], model.fineVelocityKms[m], model.fineSigmaKms[m]);
      if (agn && agnRatio > 0 && agn[m] > floor) addProfile(m, agn[m] * agnRatio, p.rotation.v0Kms, agnSigma);
    }
    for (let k = kLow; k <= kHigh; k++) applyAxisOperators(buffer, (k - kLow) * nFine, opX, opY, lineCube, k * nPlane, scratch);
  }
}

/**
 * Simulates one cube. `params` may be partial (defaults from defaultSimulationParams) or a preset's params; `options.seed`
 * (integer ≥ 0) seeds the noise only — same params and seed give byte-identical arrays. Noise is Gaussian, white,
 * σ = params.noiseSigmaErg per channel and spaxel in erg/s/cm²/Å (constant in F_λ), drawn for every voxel in
 * (k, y, x) order whether or not the voxel is later blanked.
 */
/**
 * The optional Balmer troughs (params.stellarAbsorption): per channel the fractional depth Σ EW (1 + z) φ(λ), φ the
 * unit-area sum of half a Gaussian core (FWHM) and half Lorentzian wings (2 × FWHM), and per spaxel
 * the log-normal EW factor 10^(scatter · N(0, 1)) from seededRandom(seed + 1) (the noise stream is untouched).
 */
function stellarTrough(p: SimulationParams, lambda: Float64Array, nPlane: number, seed: number): { depth: Float64Array; spaxelScale: Float64Array } | null {
  const a = p.stellarAbsorption;
  if (!a) return null;
  const depth = new Float64Array(lambda.length);
  const fwhm = a.fwhmRestAngstrom * (1 + p.redshift);
  const sigma = fwhm / (2 * Math.sqrt(2 * Math.LN2)); // the Gaussian core: FWHM = fwhmRestAngstrom (1 + z)
  const gamma = fwhm; // the Lorentzian wings: twice that FWHM
  for (const [name, ew] of [['hb', a.ewRestAngstrom.hb], ['ha', a.ewRestAngstrom.ha]] as const) {
    const centre = EMISSION_LINES[name].restWavelengthAngstrom * (1 + p.redshift);
    for (let k = 0; k < lambda.length; k++) {
      const d = lambda[k] - centre;
      const gauss = Math.exp((-0.5 * d * d) / (sigma * sigma)) / (Math.sqrt(2 * Math.PI) * sigma);
      const lorentz = gamma / (Math.PI * (d * d + gamma * gamma));
      depth[k] += ew * (1 + p.redshift) * (0.5 * gauss + 0.5 * lorentz);
    }
  }
  const rng = seededRandom(seed + 1);
  const scatter = a.ewScatterDex ?? 0;
  const spaxelScale = new Float64Array(nPlane);
  for (let i = 0; i < nPlane; i++) spaxelScale[i] = scatter > 0 ? 10 ** (scatter * rng.normal()) : 1;
  return { depth, spaxelScale };
}

export function simulateCube(params: SimulationParamsInput, options: { seed: number }): SimulatedCube {
  const seed = checkSeed('simulateCube', options);
  const p = resolveSimulationParams(params);
  const grid = g140hWavelengthGrid();
  const model = buildEmissionModel(p);
  const nPlane = p.nx * p.ny;
  const nWave = grid.nWave;
  const unusable = unusableChannelMask(grid.wavelengthAngstrom, p.detectorGapMicron, p.coverageMicron);

  const lineCube = new Float64Array(nWave * nPlane);
  addLines(model, grid, lineCube);

  const rng = seededRandom(seed);
  const flux = new Float32Array(nWave * nPlane);
  const error = new Float32Array(nWave * nPlane);
  const haObserved = EMISSION_LINES.ha.restWavelengthAngstrom * (1 + p.redshift);
  const beta = p.continuum ? p.continuum.slopeBeta : 0;
  const continuum = model.continuumErg;
  const trough = stellarTrough(p, grid.wavelengthAngstrom, nPlane, seed);
  for (let k = 0; k < nWave; k++) {
    const lambda = grid.wavelengthAngstrom[k];
    // MJy/sr = (erg/s/cm²/Å per spaxel) / factor, the inverse of io's conversion (F_λ = F_ν c/λ², Ω = pixel²)
    const perMjy = 1 / megajanskyPerSteradianToErgFactor(lambda, p.pixelScaleArcsec);
    const shape = beta === 0 ? 1 : (lambda / haObserved) ** beta; // F_λ ∝ λ^β, normalised at Hα
    const sigmaMjy = p.noiseSigmaErg * perMjy;
    const blank = unusable[k] === 1;
    const base = k * nPlane;
    for (let i = 0; i < nPlane; i++) {
      const noise = rng.normal() * p.noiseSigmaErg;
      if (blank) {
        flux[base + i] = NaN;
        error[base + i] = NaN;
        continue;
      }
      const stellar = trough ? 1 - trough.depth[k] * trough.spaxelScale[i] : 1;
      const valueErg = continuum[i] * shape * stellar + lineCube[base + i] + (p.addNoise ? noise : 0);
      flux[base + i] = valueErg * perMjy;
      error[base + i] = sigmaMjy;
    }
  }

  const expected = expectedSignalToNoise(model, grid, unusable, p.noiseSigmaErg);
  const spaxels = spaxelTruth(model, expected);
  const global = globalTruth(model, spaxels, expected, grid, seed);
  return {
    flux,
    error,
    nx: p.nx,
    ny: p.ny,
    nWave,
    wavelengthAngstrom: grid.wavelengthAngstrom,
    grid,
    unusableChannel: unusable,
    pixelScaleArcsec: p.pixelScaleArcsec,
    fluxUnit: 'MJy/sr',
    redshift: p.redshift,
    params: p,
    seed,
    truth: { global, spaxels },
  };
}

/** The model and expected S/N without building the cube (fast: for presets, predictions and notebooks). */
export function simulationPreview(params: SimulationParamsInput): { params: SimulationParams; model: EmissionModel; expected: ReturnType<typeof expectedSignalToNoise>; truth: { global: GlobalTruth; spaxels: SpaxelTruth } } {
  const p = resolveSimulationParams(params);
  const grid = g140hWavelengthGrid();
  const model = buildEmissionModel(p);
  const unusable = unusableChannelMask(grid.wavelengthAngstrom, p.detectorGapMicron, p.coverageMicron);
  const expected = expectedSignalToNoise(model, grid, unusable, p.noiseSigmaErg);
  const spaxels = spaxelTruth(model, expected);
  return { params: p, model, expected, truth: { global: globalTruth(model, spaxels, expected, grid, -1), spaxels } };
}
