// A galaxy analysis as the JSON `msa3d analyze --json` writes, and as a danfo DataFrame of its spaxels.
import type * as dfd from 'danfojs-node';
import { diagnosticName, spaxelClassName } from '../classify/class-codes';
import { cubeFitRows } from '../linemaps/cube-fit-table';
import { rowsToFrame } from '../tables/frame';
import { gradientResidualMap, type GradientFit } from '../gradient/fit-gradient';
import { mapNeighbourCorrelation } from '../stats/correlated-field';
import { FORWARD_HALPHA_NUISANCE, type ForwardGradientResult } from '../gradient/fit-gradient-forward';
import type { GalaxyAnalysis } from './analyze-galaxy';
import { fitKinematics, kinematicMapsFromCubeFit, type KinematicsSummary } from '../kinematics/fit-kinematics';
import type { GaussianPsf } from '../instrument/psf';
import type { PosteriorSummary } from '../stats/sample-summary';

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/**
 * Lag-1 correlation of the paper gradient's residual map (spaxel analyses; null with Voronoi bins or no gradient). The
 * gradient's error takes the spaxels as independent; on a resampled cube they are not (CLI note, README).
 */
export function gradientResidualNeighbourCorrelation(a: GalaxyAnalysis): number | null {
  if (!a.gradient || a.bins) return null;
  const v = mapNeighbourCorrelation(gradientResidualMap(a.gradient, a.geometry.radiusKpc, a.ohMap), a.fit.nx, a.fit.ny);
  return Number.isFinite(v) ? v : null;
}

function gradientJson(g: GradientFit | null, unit: 'kpc' | 'R_e', residualNeighbourCorrelation: number | null = null): object | null {
  if (!g) return null;
  const suffix = unit === 'kpc' ? 'kpc' : 're';
  return {
    slope: g.slope,
    slope_err: g.slopeErr,
    intercept: g.intercept,
    intercept_err: g.interceptErr,
    rmse: g.rmse,
    n_spaxels: g.nSpaxels,
    [`r_min_${suffix}`]: g.rMin,
    [`r_max_${suffix}`]: g.rMax,
    unit: unit === 'kpc' ? 'dex/kpc' : 'dex/R_e',
    weighted: g.weighted,
    intrinsic_scatter_dex: g.intrinsicScatterDex,
    error_method: g.errorMethod,
    error_inflation: g.errorInflation,
    ...(unit === 'kpc' ? { residual_neighbour_correlation: residualNeighbourCorrelation } : {}),
  };
}

/** The forward-modelled gradient (gradient/fit-gradient-forward.ts) as JSON: summaries, log Z and the model maps. */
export function forwardGradientJson(f: ForwardGradientResult, nx: number): object {
  if (!f.ok) return { model: 'forward', ok: false, reason: f.reason, n_spaxels: f.nSpaxels };
  const spaxels: object[] = [];
  for (let s = 0; s < f.used.length; s++) {
    if (!f.used[s]) continue;
    spaxels.push({
      x: s % nx, y: Math.floor(s / nx), model_oh: f.modelOhMap[s], model_nii6584_flux: f.modelNiiFluxMap[s], residual_sigma: f.residualSigmaMap[s],
      ...(f.modelOiiiFluxMap ? { model_oiii5007_flux: finiteOrNull(f.modelOiiiFluxMap[s]), oiii_residual_sigma: finiteOrNull(f.oiiiResidualSigmaMap![s]) } : {}),
    });
  }
  const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  const posterior: Record<string, PosteriorSummary> = {};
  for (const [name, v] of Object.entries(f.posterior)) posterior[snake(name)] = v;
  const maxLikelihood: Record<string, number> = {};
  for (const [name, v] of Object.entries(f.maxLikelihood)) maxLikelihood[snake(name)] = v;
  return {
    model: 'forward', ok: true, shape: f.shape, unit: 'dex/kpc',
    slope: f.slope, slope_err: f.slopeErr, intercept: f.intercept, intercept_err: f.interceptErr,
    intercept_systematic_dex: f.interceptSystematicDex, posterior, max_likelihood: maxLikelihood,
    log_z: f.logZ, log_z_err: f.logZErr,
    n_spaxels: f.nSpaxels, n_nii_detected_snr3: f.nNiiDetected,
    exclude_buffer_spaxels: f.excludeBufferSpaxels, n_buffer_excluded: f.nBufferExcluded,
    noise_correlation_area: f.noiseCorrelationArea, residual_neighbour_correlation: finiteOrNull(f.residualNeighbourCorrelation), r_min_kpc: f.rMin, r_max_kpc: f.rMax,
    psf_fwhm_arcsec: f.psf ? [f.psf.fwhmXArcsec, f.psf.fwhmYArcsec] : null, calibration: f.calibration,
    lines: f.lines, lines_entered: f.linesEntered, o3n2_calibration: f.o3n2Calibration, n_o3_spaxels: f.nO3Spaxels,
    n_oiii_detected_snr3: f.nOiiiDetected, o3_dust_av_mag: f.o3DustAvMag,
    halpha_nuisance: FORWARD_HALPHA_NUISANCE, chi_square: f.chiSquare, chi_square_oiii: f.chiSquareOiii, sampler: f.sampler, notes: f.notes, spaxels,
  };
}

/**
 * Per-spaxel rows: the line-fit columns plus class, diagnostic, oh, oh_err (total, with the calibration systematic),
 * r_kpc, used; with Voronoi bins also `bin` (−1 = not binned), and class/oh/used are the bin's.
 */
export function analysisRows(a: GalaxyAnalysis): Array<Record<string, number | boolean | string | null>> {
  return cubeFitRows(a.fit).map((row) => {
    const s = (row.y as number) * a.fit.nx + (row.x as number);
    return {
      ...row,
      class: spaxelClassName(a.classification.classCode[s]),
      diagnostic: diagnosticName(a.classification.diagnosticCode[s]),
      oh: finiteOrNull(a.metallicity.oh[s]),
      oh_err: finiteOrNull(a.metallicity.ohErrTotal[s]),
      oh_err_stat: finiteOrNull(a.metallicity.ohErrStat[s]),
      r_kpc: finiteOrNull(a.geometry.radiusKpc[s]),
      used_in_gradient: a.usable.selected[s] === 1,
      ...(a.bins ? { bin: a.bins.spaxelBin[s] } : {}),
    };
  });
}

/** The `kinematics` block of the JSON: the §4.2 fit, or null with the reason it could not be made. */
export interface KinematicsJson {
  kinematics: object | null;
  kinematics_reason: string | null;
}

/**
 * The §4.2 kinematics of an analysed cube for the JSON (Ju et al., MSA-3D §4.2: major-axis arctan fit by nested
 * sampling, i from b/a, σ0 beyond 3 kpc, v_c/σ0): summary numbers only, or null with a reason when it cannot be fitted.
 */
export function kinematicsJson(a: GalaxyAnalysis, options: { seed: number; nLive?: number; psf?: GaussianPsf }): KinematicsJson {
  let k: KinematicsSummary;
  const psf = options.psf;
  try {
    const beamSmearing = psf ? { psf, weight: a.fit.maps.ha_flux } : null;
    k = fitKinematics(kinematicMapsFromCubeFit(a.fit), a.geometry, { seed: options.seed, nLive: options.nLive, beamSmearing });
  } catch (error) {
    return { kinematics: null, kinematics_reason: (error as Error).message };
  }
  const iv = (x: PosteriorSummary) => ({ median: x.median, lo: x.p16, hi: x.p84 }); // JSON field names as documented in README.md
  return {
    kinematics: {
      method: k.method,
      beam_smeared: k.beamSmeared,
      psf_fwhm_arcsec: psf ? [psf.fwhmXArcsec, psf.fwhmYArcsec] : null,
      seed: options.seed,
      n_fitted: k.nFitted,
      vc_kms: iv(k.vcKms),
      rt_kpc: iv(k.rtKpc),
      inclination_deg: iv(k.inclinationDeg),
      sigma0_kms: k.sigma0Kms,
      sigma0_err_kms: k.sigma0ErrKms,
      vc_over_sigma0: k.vcOverSigma0,
      vc_over_sigma0_err: k.vcOverSigma0Err,
      class: k.kinematicClass,
      rmse_kms: k.rmseKms,
      log_z: k.logZ,
      log_z_err: k.logZErr,
      notes: k.notes,
    },
    kinematics_reason: null,
  };
}

/** The Voronoi bins for the JSON: the binning and one row per bin (its fit's Hα, radius, class, metallicity, use). */
function binsJson(a: GalaxyAnalysis): object | null {
  const b = a.bins;
  if (!b) return null;
  const ha = b.fit.maps.ha_flux;
  const haSnr = b.fit.maps.ha_snr;
  return {
    target_snr: b.targetSnr,
    min_spaxel_snr: b.minSpaxelSnr,
    n_bins: b.nBins,
    radius: 'Hα-flux-weighted mean deprojected radius of the bin\'s spaxels',
    rows: Array.from({ length: b.nBins }, (_, k) => ({
      bin: k,
      n_spaxels: b.binning.count[k],
      voronoi_snr: b.binning.signalToNoise[k],
      ha_flux: finiteOrNull(ha[k]),
      ha_snr: finiteOrNull(haSnr[k]),
      ha_ew_snr: finiteOrNull(b.fit.maps.ha_ew_snr[k]),
      nii6584_snr: finiteOrNull(b.fit.maps.nii6584_snr[k]),
      r_kpc: finiteOrNull(b.radiusKpc[k]),
      class: spaxelClassName(b.classCode[k]),
      oh: finiteOrNull(b.oh[k]),
      oh_err: finiteOrNull(b.ohErr[k]),
      used_in_gradient: b.used[k] === 1,
    })),
  };
}

/** The analysis as JSON: gradients (null with a reason when there are too few spaxels), class counts and spaxels. */
export function analysisJson(a: GalaxyAnalysis, kinematics?: KinematicsJson): object {
  return {
    source: a.fit.source,
    redshift: a.fit.redshift,
    instrument: a.fit.instrument,
    calibration: a.calibration,
    diagnostic: a.diagnostic,
    diagnostic_assumption: a.diagnosticAssumption,
    centre: { x: a.geometry.centreXPix, y: a.geometry.centreYPix, source: a.geometry.centreSource },
    position_angle_deg: a.geometry.positionAngleDeg,
    axis_ratio: a.geometry.axisRatio,
    inclination_deg: a.geometry.inclinationDeg,
    kpc_per_arcsec: a.geometry.kpcPerArcsec,
    provenance: a.provenance,
    re_kpc: a.geometry.reKpc,
    gradient_over: a.bins ? 'voronoi bins' : 'spaxels',
    gradient: gradientJson(a.gradient, 'kpc', gradientResidualNeighbourCorrelation(a)),
    gradient_re: gradientJson(a.gradientRe, 'R_e'),
    reason: a.reason,
    ...(kinematics ?? {}),
    class_counts: a.classification.counts,
    n_selected: a.fit.selection.count,
    n_used: a.usable.count,
    rejected: a.usable.rejected,
    flux_unit: a.fit.fluxUnit,
    voronoi: binsJson(a),
    spaxels: analysisRows(a),
  };
}

/** The analysed spaxels as a DataFrame (all spaxels, or only those used in the gradient). */
export function analysisFrame(a: GalaxyAnalysis, options: { usedOnly?: boolean } = {}): dfd.DataFrame {
  const rows = analysisRows(a).filter((r) => !options.usedOnly || r.used_in_gradient);
  return rowsToFrame(rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? (k === 'class' || k === 'diagnostic' ? '' : NaN) : v]))));
}
