// Benchmark: the arctan rotation-curve posterior (Ju et al., MSA-3D eq. 3; v0, v_c, R_t and an extra scatter, i fixed
// at cos i = 0.48) on the same synthetic ID9960-like major-axis profile, sampled by kernel-lib's nested sampler
// (fitRotationCurve) and by emcee 3 (bench/peer/rotation_emcee.py: MAP start, burn-in, then as many steps as the
// autocorrelation time says are needed for the same number of effective samples) in the same run. Effective samples:
// Kish's (Σw)²/Σw² for the nested weights, N_samples/τ for emcee. Prints both times, ESS, the ratios, and whether the
// posterior medians agree within 0.5σ. Not a test: nothing passes or fails on speed.
import * as path from 'node:path';
import { fitRotationCurve, majorAxisVelocityKms, type RotationCurveFitOptions, type RotationCurvePriors } from '../kernel-lib/src/kinematics/index';
import { seededRandom } from '../kernel-lib/src/stats/random';
import { findPython } from '../test/helpers/python';
import { ratio, runPeerJson, timeIt } from './timing';

const TRUTH = { v0Kms: 10, vcKms: 250, rtKpc: 1.5 };
const INCLINATION_DEG = (Math.acos(0.48) * 180) / Math.PI; // ID9960: b/a = 0.48 → 61°
const PRIORS: Required<RotationCurvePriors> = {
  v0Kms: { kind: 'uniform', lo: -300, hi: 300 },
  vcKms: { kind: 'uniform', lo: 0, hi: 500 },
  rtKpc: { kind: 'uniform', lo: 0.01, hi: 10 },
  scatterKms: { kind: 'uniform', lo: 0, hi: 150 },
};
const NAMES = ['v0Kms', 'vcKms', 'rtKpc', 'scatterKms'] as const;

/** 40 spaxels along ±6 kpc, errors 10–20 km/s, 25 km/s of extra scatter (the paper's RMSE is 33 km/s). */
function syntheticProfile(seed: number): { x: Float64Array; v: Float64Array; err: Float64Array } {
  const rng = seededRandom(seed);
  const n = 40;
  const x = Float64Array.from({ length: n }, () => -6 + 12 * rng.uniform());
  const err = Float64Array.from({ length: n }, () => 10 + 10 * rng.uniform());
  const v = Float64Array.from(x, (r, k) => majorAxisVelocityKms(r, TRUTH, INCLINATION_DEG) + err[k] * rng.normal() + 25 * rng.normal());
  return { x, v, err };
}

const bounds = (p: { kind: string; lo?: number; hi?: number }) => [p.lo!, p.hi!];

export function run(): void {
  const data = syntheticProfile(2024);
  const options = (seed: number): RotationCurveFitOptions => ({ seed, inclinationDeg: INCLINATION_DEG, scatter: true, priors: PRIORS, sense: 1 });
  const fit = (seed: number) => fitRotationCurve({ majorKpc: data.x, velocityKms: data.v, velocityErrKms: data.err }, options(seed));
  fit(0); // warm-up (JIT)
  const repeats = 5;
  let samplerSeconds = 0;
  let ess = 0;
  let calls = 0;
  const timed = timeIt((r) => {
    const result = fit(r + 1);
    samplerSeconds += result.nested.seconds;
    ess += result.nested.effectiveSampleSize;
    calls += result.nested.nCalls;
    return result;
  }, repeats);
  const seconds = timed.seconds;
  samplerSeconds /= repeats;
  ess /= repeats;
  calls /= repeats;
  const ours = timed.first;
  console.log(`rotation  kernel-lib nested sampling (${ours.nested.nLive} live points, single ellipsoid, 4 parameters, ${data.x.length} points): ` +
    `${(seconds * 1e3).toFixed(1)} ms per fit (sampler ${(samplerSeconds * 1e3).toFixed(1)} ms), ${calls.toFixed(0)} likelihood calls, Kish ESS ${ess.toFixed(0)}, ` +
    `ln Z = ${ours.logZ.toFixed(2)} ± ${ours.logZErr.toFixed(2)} (mean of ${repeats} seeds)`);

  const python = findPython(['emcee', 'scipy']);
  if (!python) {
    console.log('rotation  emcee peer: skipped (needs python3-emcee and python3-scipy); no ratio');
    return;
  }
  const input = {
    x: Array.from(data.x), v: Array.from(data.v), err: Array.from(data.err),
    inclination_deg: INCLINATION_DEG, sense: 1,
    priors: Object.fromEntries(NAMES.map((n) => [n, bounds(PRIORS[n])])),
    ess_target: Math.round(ess), seed: 1, nwalkers: 32, burn: 500,
  };
  const peer = runPeerJson<{
    seconds_map: number; seconds_burn: number; seconds_production: number; seconds_total: number; steps: number; burn: number;
    nwalkers: number; samples: number; tau: number[]; ess: number; acceptance: number; likelihood_calls: number;
    median: number[]; lo: number[]; hi: number[]; emcee: string;
  }>(python, [path.join(__dirname, 'peer', 'rotation_emcee.py')], input);
  if (!peer.ok) {
    console.log(`rotation  emcee peer failed: ${peer.error}`);
    return;
  }
  const e = peer.value;
  console.log(`rotation  emcee ${e.emcee} (${e.nwalkers} walkers, MAP start, ${e.burn} burn-in + ${e.steps} steps, τ = ${e.tau.map((t) => t.toFixed(0)).join('/')}, ` +
    `acceptance ${e.acceptance.toFixed(2)}): ${(e.seconds_total * 1e3).toFixed(0)} ms total (MAP ${(e.seconds_map * 1e3).toFixed(0)}, burn-in ${(e.seconds_burn * 1e3).toFixed(0)}, ` +
    `production ${(e.seconds_production * 1e3).toFixed(0)}), ${e.likelihood_calls} likelihood calls, ESS = N/τ_max = ${e.ess.toFixed(0)}`);
  const perEssOurs = seconds / ess;
  const perEssPeer = e.seconds_total / e.ess;
  console.log(`rotation  ratio emcee / kernel-lib, wall time: ${ratio(e.seconds_total, seconds)} (production only ${ratio(e.seconds_production, seconds)}); ` +
    `per effective sample: ${ratio(perEssPeer, perEssOurs)} (goal ≥ 10×)`);
  const agreement = NAMES.map((name, j) => {
    const s = ours[name]!;
    const sigma = (s.p84 - s.p16) / 2;
    const diff = (s.median - e.median[j]) / sigma;
    return { name, ours: s, peer: [e.median[j], e.lo[j], e.hi[j]], diff };
  });
  for (const a of agreement) {
    console.log(`rotation  ${a.name.padEnd(10)} nested ${a.ours.median.toFixed(2)} (${a.ours.p16.toFixed(2)}–${a.ours.p84.toFixed(2)})  emcee ${a.peer[0].toFixed(2)} ` +
      `(${a.peer[1].toFixed(2)}–${a.peer[2].toFixed(2)})  Δmedian = ${a.diff >= 0 ? '+' : ''}${a.diff.toFixed(2)}σ`);
  }
  const worst = Math.max(...agreement.map((a) => Math.abs(a.diff)));
  console.log(`rotation  posterior medians agree within 0.5σ: ${worst < 0.5 ? 'yes' : 'NO'} (largest |Δ| = ${worst.toFixed(2)}σ); truth v0 ${TRUTH.v0Kms}, v_c ${TRUTH.vcKms}, R_t ${TRUTH.rtKpc}, s 25`);
}

if (require.main === module) run();
