// Benchmark: the forward-modelled gradient (gradient/fit-gradient-forward.ts, nested sampling, 200 live points) on
// hand-made maps of a known gradient (SIMULATED: Hα ∝ exp(−r/4 kpc), [N II] from 8.6 − 0.03 r through PP04 N2, Gaussian
// noise, seeded) of 50 × 50 and 100 × 100 spaxels, with and without the PSF term (a Gaussian of 4 spaxels FWHM), and the
// paper's straight line through the per-spaxel N2 metallicities of the same maps. Prints the times, the PSF term's cost
// (ratio with the model without it, same run) and the forward model's against the paper's line; peak RSS.
// No Python peer: the forward-modelling codes (metaldisc, Carton et al. 2017) are not packaged for Debian.
// Not a test: nothing here passes or fails on speed.
import { fitGradientForward } from '../kernel-lib/src/gradient/fit-gradient-forward';
import { fitMetallicityGradient } from '../kernel-lib/src/gradient/fit-gradient';
import { n2FromOhPp04 } from '../kernel-lib/src/abundance/inverse-calibrations';
import { strongLineCalibration } from '../kernel-lib/src/abundance/calibrations';
import { seededRandom } from '../kernel-lib/src/stats/random';
import type { CubeFit } from '../kernel-lib/src/linemaps/fit-cube';
import { peakRssMb, ratio, timeIt } from './timing';

function maps(side: number): { fit: CubeFit; radiusKpc: Float64Array } {
  const rng = seededRandom(1);
  const n = side * side;
  const radiusKpc = new Float64Array(n);
  const m: Record<string, Float64Array> = {
    ha_flux: new Float64Array(n), ha_flux_err: new Float64Array(n).fill(1),
    nii6584_flux: new Float64Array(n), nii6584_flux_err: new Float64Array(n).fill(2),
  };
  for (let s = 0; s < n; s++) {
    const r = Math.hypot((s % side) - side / 2, Math.floor(s / side) - side / 2) * (20 / side);
    radiusKpc[s] = r;
    const ha = 200 * Math.exp(-r / 4);
    m.ha_flux[s] = ha + rng.normal(0, 1);
    m.nii6584_flux[s] = ha * 10 ** n2FromOhPp04(8.6 - 0.03 * r) + rng.normal(0, 2);
  }
  const fit = { nx: side, ny: side, maps: m, selected: new Uint8Array(n).fill(1), quantities: Object.keys(m) } as unknown as CubeFit;
  return { fit, radiusKpc };
}

export function run(): void {
  const pp04 = strongLineCalibration('pp04-n2-cubic');
  // warm-up: the JIT, on small maps, with and without the PSF term
  const warm = maps(20);
  fitGradientForward(warm.fit, warm, { seed: 1, nLive: 50 });
  fitGradientForward(warm.fit, warm, { seed: 1, nLive: 50, psf: { fwhmXArcsec: 0.8, fwhmYArcsec: 0.8 }, pixelScaleArcsec: 0.2 });
  for (const side of [50, 100]) {
    const { fit, radiusKpc } = maps(side);
    const noPsf = timeIt(() => fitGradientForward(fit, { radiusKpc }, { seed: 1 }), 1);
    const psf = timeIt(() => fitGradientForward(fit, { radiusKpc }, { seed: 1, psf: { fwhmXArcsec: 0.8, fwhmYArcsec: 0.8 }, pixelScaleArcsec: 0.2 }), 1);
    const oh = Float64Array.from(fit.maps.ha_flux, (h, s) => {
      const n = fit.maps.nii6584_flux[s];
      return n > 0 && h > 0 ? pp04.ohFromIndex(Math.log10(n / h)) : NaN;
    });
    const paper = timeIt(() => fitMetallicityGradient(radiusKpc, oh, { rMin: 0.5 }), 5);
    const spaxels = noPsf.last.ok ? noPsf.last.nSpaxels : 0;
    const slope = (f: typeof noPsf.last) => (f.ok ? `${f.slope.toFixed(4)} ± ${f.slopeErr.toFixed(4)}` : 'no fit');
    console.log(`forward gradient  ${side} × ${side} (${spaxels} spaxels, SIMULATED, injected −0.0300 dex/kpc)`);
    console.log(`  forward, no PSF term: ${noPsf.seconds.toFixed(2)} s (${slope(noPsf.last)})`);
    console.log(`  forward, PSF term:    ${psf.seconds.toFixed(2)} s (${slope(psf.last)}): the PSF term costs ${ratio(psf.seconds, noPsf.seconds)}`);
    console.log(`  paper's line through the N2 O/H: ${paper.ms.toFixed(2)} ms; the forward model (no PSF term) takes ${ratio(noPsf.seconds * 1000, paper.ms, 0)} as long`);
  }
  console.log(`forward gradient  peak RSS ${peakRssMb().toFixed(0)} MB`);
}

if (require.main === module) run();
