// Benchmark: LINMIX (Kelly 2007 Gibbs sampler, 4 chains, K = 3, R̂ < 1.1 after ≥ 5000 iterations) on the 25 MSA-3D
// gradients against log M* − 10 (errors in y from Table 1) and on a simulated 1000-point problem, in kernel-lib; the
// Python linmix (jmeyers314) is run on the same problems when installed. Prints times (and the ratio with the peer).
// Not a test: nothing here passes or fails on speed.
import { fitLinmix } from '../kernel-lib/src/linmix/linmix';
import { seededRandom } from '../kernel-lib/src/stats/random';
import { readTable1Rows, gradientSample } from '../kernel-lib/src/tables/table1';
import { findPython } from '../test/helpers/python';
import { ratio, runPeerJson, timeIt } from './timing';

interface Problem {
  name: string;
  x: Float64Array;
  y: Float64Array;
  xSigma?: Float64Array;
  ySigma: Float64Array;
}

function problems(): Problem[] {
  const sample = gradientSample(readTable1Rows());
  const msa3d: Problem = {
    name: 'MSA-3D, 25 gradients',
    x: sample.logMstar.map((m) => m - 10),
    y: sample.gradientDexPerKpc,
    ySigma: sample.gradientErrDexPerKpc,
  };
  const r = seededRandom(2024);
  const n = 1000;
  const big: Problem = { name: 'simulated, 1000 points', x: new Float64Array(n), y: new Float64Array(n), xSigma: new Float64Array(n), ySigma: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const xi = r.normal(0, 1);
    big.xSigma![i] = 0.1 + 0.3 * r.uniform();
    big.ySigma[i] = 0.1 + 0.2 * r.uniform();
    big.x[i] = xi + r.normal(0, big.xSigma![i]);
    big.y[i] = 1 + 0.5 * xi + r.normal(0, 0.3) + r.normal(0, big.ySigma[i]);
  }
  return [msa3d, big];
}

export function run(): void {
  const python = findPython(['linmix', 'numpy']);
  for (const p of problems()) {
    const repeats = p.x.length > 100 ? 1 : 5;
    fitLinmix(p.x, p.y, { xSigma: p.xSigma, ySigma: p.ySigma, seed: 0, minIterations: 200 }); // warm-up
    const timed = timeIt((k) => fitLinmix(p.x, p.y, { xSigma: p.xSigma, ySigma: p.ySigma, seed: k + 1 }), repeats);
    const oursMs = timed.ms;
    const iterations = timed.last.iterations;
    console.log(`linmix  ${p.name}  kernel-lib: ${oursMs.toFixed(1)} ms per fit (4 chains × ${iterations} iterations, K = 3, ${repeats} repeats)`);
    if (!python) {
      console.log(`linmix  ${p.name}  Python linmix: skipped (not installed; pip install linmix); no ratio`);
      continue;
    }
    const code = `
import contextlib, io, json, sys, time
import numpy as np
import linmix
d = json.load(sys.stdin)
t = time.perf_counter()
lm = linmix.LinMix(d['x'], d['y'], d['xsig'], d['ysig'], K=3, seed=1, parallelize=False)
with contextlib.redirect_stdout(io.StringIO()):  # silent=True never advances its counter past miniter
    lm.run_mcmc(miniter=5000, maxiter=100000, silent=False)
print(json.dumps((time.perf_counter() - t) * 1e3))
`;
    const input = { x: Array.from(p.x), y: Array.from(p.y), xsig: p.xSigma ? Array.from(p.xSigma) : null, ysig: Array.from(p.ySigma) };
    const out = runPeerJson<number>(python, ['-c', code], input);
    if (!out.ok) {
      console.log(`linmix  ${p.name}  Python linmix: failed (${out.error})`);
      continue;
    }
    const peerMs = out.value;
    console.log(`linmix  ${p.name}  Python linmix: ${peerMs.toFixed(1)} ms per fit; ratio (Python / kernel-lib): ${ratio(peerMs, oursMs)}`);
  }
}
