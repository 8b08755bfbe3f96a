// Benchmark: the 1000-resample bootstrap of a straight-line fit (MSA-3D Eq. 2 on Table 1) in kernel-lib against the
// same work in Python (numpy.polyfit in a loop, the way the fit is usually written), measured in the same run.
// Prints the time per bootstrap of each and the ratio. Not a test: nothing here passes or fails on speed.
import { bootstrapLine } from '../kernel-lib/src/stats/bootstrap';
import { readTable1Rows, gradientSample } from '../kernel-lib/src/tables/table1';
import { findPython } from '../test/helpers/python';
import { ratio, runPeerJson, timeIt } from './timing';

export function run(): void {
  const sample = gradientSample(readTable1Rows());
  const x = sample.logMstar.map((m) => m - 10);
  const y = sample.gradientDexPerKpc;
  const repeats = 50;
  bootstrapLine(x, y, { seed: 1, resamples: 1000 }); // warm-up
  const oursMs = timeIt((r) => bootstrapLine(x, y, { seed: r, resamples: 1000 }), repeats).ms;
  console.log(`bootstrap-line  kernel-lib: ${oursMs.toFixed(3)} ms per 1000-resample bootstrap (n = ${x.length}, ${repeats} repeats)`);

  const python = findPython(['numpy']);
  if (!python) {
    console.log('bootstrap-line  numpy: skipped (no python3-numpy); no ratio');
    return;
  }
  const code = `
import json, sys, time
import numpy as np
d = json.load(sys.stdin); x = np.array(d['x']); y = np.array(d['y']); n = len(x); repeats = d['repeats']
def boot(seed):
    rng = np.random.default_rng(seed)
    s = np.empty((1000, 2))
    for k in range(1000):
        i = rng.integers(0, n, n)
        s[k] = np.polyfit(x[i], y[i], 1)
    return np.median(s, 0), s.std(0)
boot(0)
t = time.perf_counter()
for r in range(repeats): boot(r)
print(json.dumps((time.perf_counter() - t) / repeats * 1e3))
`;
  const out = runPeerJson<number>(python, ['-c', code], { x: Array.from(x), y: Array.from(y), repeats: 5 });
  if (!out.ok) {
    console.log(`bootstrap-line  numpy: failed (${out.error})`);
    return;
  }
  const peerMs = out.value;
  console.log(`bootstrap-line  numpy.polyfit loop: ${peerMs.toFixed(3)} ms per bootstrap`);
  console.log(`bootstrap-line  ratio (numpy / kernel-lib): ${ratio(peerMs, oursMs)}`);
}
