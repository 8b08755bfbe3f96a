// Benchmark: the Wang et al. 2020 Eq. 2 metallicity posterior of one real galaxy (M1149 00593 of their Table 3, all six
// lines) sampled by kernel-lib's ensemble sampler and by emcee (bench/peer/metallicity_emcee.py: the same likelihood
// written in numpy, per walker as usual and also vectorised) with the same start, walkers and steps, in the same run.
// Prints the wall time of each (sampling + autocorrelation time), the ratios, and whether the posterior medians agree
// within their Monte-Carlo errors. Not a test: nothing passes or fails on speed.
import * as path from 'node:path';
import { sampleEnsemble } from '../kernel-lib/src/mcmc/ensemble-sampler';
import { parameterSamples } from '../kernel-lib/src/mcmc/summaries';
import { summarizeSamples } from '../kernel-lib/src/stats/sample-summary';
import { prepareLineFluxes } from '../kernel-lib/src/bayes-metallicity/line-fluxes';
import { metallicityLogPosterior, resolvePrior } from '../kernel-lib/src/bayes-metallicity/posterior';
import { metallicityStartPositions } from '../kernel-lib/src/bayes-metallicity/infer-metallicity';
import { DEFAULT_LOG_SCATTER_DEX } from '../kernel-lib/src/bayes-metallicity/calibrations';
import { readWang2020Table3 } from '../kernel-lib/src/tables/wang2020-table3';
import { wang2020Observations } from '../kernel-lib/src/bayes-metallicity/wang2020-observations';
import { findPython } from '../test/helpers/python';
import { ratio, runPeerJson, timeIt } from './timing';

const GALAXY = 'M1149 00593';
const N_WALKERS = 32;
const N_STEPS = 5000;
const BURN_IN = 1000;
const SEED = 7;

interface PeerResult {
  median: number[];
  p16: number[];
  p84: number[];
  sd: number[];
  tau: number[];
  acceptance: number;
  seconds: number;
  samples: number;
}

/** The problem both samplers solve: prepared lines, log-posterior and the common start. */
export function benchmarkProblem() {
  const row = readWang2020Table3().find((r) => `${r.cluster} ${r.id}` === GALAXY);
  if (!row) throw new Error(`mcmc-metallicity: ${GALAXY} not in kernel-lib/data/wang2020_table3_legible.csv`);
  const { lines, halphaBlend } = wang2020Observations(row);
  const prepared = prepareLineFluxes(lines, halphaBlend);
  const logPosterior = metallicityLogPosterior(prepared);
  const initial = metallicityStartPositions(prepared, logPosterior, { prior: resolvePrior(), nWalkers: N_WALKERS, seed: SEED });
  return { prepared, logPosterior, initial };
}

/** Runs the emcee peer on the same problem; null when python3-emcee is missing. */
export function runPeer(problem: ReturnType<typeof benchmarkProblem>, vectorize: boolean, nSteps = N_STEPS, burnIn = BURN_IN): PeerResult | null {
  const python = findPython(['emcee', 'numpy']);
  if (!python) return null;
  const initial: number[][] = [];
  for (let w = 0; w < N_WALKERS; w++) initial.push(Array.from(problem.initial.subarray(3 * w, 3 * w + 3)));
  const input = {
    lines: problem.prepared.map((l) => ({ line: l.line, flux: l.flux, error: l.error })),
    scatter: DEFAULT_LOG_SCATTER_DEX,
    initial,
    n_steps: nSteps,
    burn_in: burnIn,
    seed: SEED,
    vectorize,
  };
  const out = runPeerJson<PeerResult>(python, [path.join(__dirname, 'peer', 'metallicity_emcee.py')], input);
  if (!out.ok) throw new Error(`mcmc-metallicity: emcee peer failed: ${out.error}`);
  return out.value;
}

export function run(): void {
  const problem = benchmarkProblem();
  const sample = () => sampleEnsemble(problem.logPosterior, { initial: problem.initial, nDim: 3, nSteps: N_STEPS, seed: SEED, burnIn: BURN_IN });
  sample(); // warm-up (JIT)
  const repeats = 3;
  const timed = timeIt(() => sample(), repeats);
  const ours = timed.last;
  const oursSeconds = timed.seconds;
  const names = ['12+log(O/H)', 'A_V', 'f_Hβ'];
  const summaries = [0, 1, 2].map((d) => {
    const s = parameterSamples(ours, d, { discard: BURN_IN });
    return summarizeSamples(d === 2 ? s.map(Math.exp) : s);
  });
  console.log(`mcmc-metallicity  ${GALAXY}: ${N_WALKERS} walkers × ${N_STEPS} steps (burn-in ${BURN_IN}), ${problem.prepared.length} lines`);
  console.log(`mcmc-metallicity  kernel-lib: ${(oursSeconds * 1e3).toFixed(0)} ms per run (sampling + τ, mean of ${repeats}); acceptance ${ours.meanAcceptanceFraction.toFixed(3)}; τ = ${Array.from(ours.autocorrelation.tau, (t) => t.toFixed(1)).join(', ')}`);

  for (const vectorize of [false, true]) {
    const label = vectorize ? 'emcee (vectorize=True)' : 'emcee (per-walker log_prob)';
    const peer = runPeer(problem, vectorize);
    if (!peer) {
      console.log('mcmc-metallicity  emcee: skipped (no python3-emcee); no ratio');
      return;
    }
    console.log(`mcmc-metallicity  ${label}: ${(peer.seconds * 1e3).toFixed(0)} ms; acceptance ${peer.acceptance.toFixed(3)}; τ = ${peer.tau.map((t) => t.toFixed(1)).join(', ')}`);
    console.log(`mcmc-metallicity  ratio (${label} / kernel-lib): ${ratio(peer.seconds, oursSeconds)}`);
    // Medians agree when |Δ| < 4 × the combined Monte-Carlo error of a median, ≈ 1.25 σ √(τ/N) for each chain.
    for (let d = 0; d < 3; d++) {
      const s = summaries[d];
      const nOurs = (N_STEPS - BURN_IN) * N_WALKERS;
      const se = 1.25 * Math.hypot(s.sd * Math.sqrt(ours.autocorrelation.tau[d] / nOurs), peer.sd[d] * Math.sqrt(peer.tau[d] / peer.samples));
      const diff = s.median - peer.median[d];
      const ok = Math.abs(diff) < 4 * se;
      console.log(`mcmc-metallicity    ${names[d]}: median ${s.median.toPrecision(5)} [${s.p16.toPrecision(4)}, ${s.p84.toPrecision(4)}] vs emcee ${peer.median[d].toPrecision(5)} [${peer.p16[d].toPrecision(4)}, ${peer.p84[d].toPrecision(4)}]: Δ = ${diff.toExponential(2)} (${(diff / se).toFixed(1)} MC σ) ${ok ? 'agree' : 'DISAGREE'}`);
    }
  }
}

if (require.main === module) run();
