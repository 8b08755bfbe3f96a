// Injection–recovery of the Balmer trough model (spectra/stellar-absorption.ts) on SIMULATED 1-D spectra
// (test/helpers/trough-spectra.ts): trough shapes 'gauss', 'sim' (the simulator's) and 'lorentz', rest FWHM 10/20/30 Å,
// rest EW Hβ/Hα 4/3 and 4/4 Å, flat and curved (metal-featured) continua, continuum S/N 40 per pixel, 8 seeds each;
// stellarAbsorption 'on'. Prints the median Hβ and Hα ratio fitted/injected per case, the Hβ trough's chosen width,
// and the mean and worst |ratio − 1| over all cases (the yardstick of a trough-model change).
//
// Usage: node --import tsx scripts/balmer-trough-recovery.ts [seeds]
import { fitSpectrum, MSA3D_WINDOWS } from '../kernel-lib/src/spectra/index';
import { dispersionFromFwhm } from '../kernel-lib/src/instrument/line-spread-function';
import { troughSpectrum, TROUGH_SPECTRUM_LSF_FWHM_ANGSTROM, TROUGH_SPECTRUM_Z, type TroughShape } from '../test/helpers/trough-spectra';

const nSeeds = Number(process.argv[2] ?? 8);
if (!Number.isInteger(nSeeds) || nSeeds < 1) throw new Error(`seeds must be an integer ≥ 1, got ${process.argv[2]}`);
const median = (v: number[]) => v.slice().sort((a, b) => a - b)[v.length >> 1];
const options = { redshift: TROUGH_SPECTRUM_Z, instrument: dispersionFromFwhm(TROUGH_SPECTRUM_LSF_FWHM_ANGSTROM), windows: MSA3D_WINDOWS, stellarAbsorption: 'on' as const };
let worst = 0;
let sum = 0;
let n = 0;
for (const curved of [false, true]) {
  for (const shape of ['gauss', 'sim', 'lorentz'] as TroughShape[]) {
    for (const fwhmRestAngstrom of [10, 20, 30]) {
      for (const ewRestAngstrom of [{ hb: 4, ha: 3 }, { hb: 4, ha: 4 }]) {
        const hb: number[] = [];
        const ha: number[] = [];
        const width: number[] = [];
        for (let seed = 1; seed <= nSeeds; seed++) {
          const s = troughSpectrum({ seed, shape, fwhmRestAngstrom, ewRestAngstrom, snr: 40, curved });
          const fit = fitSpectrum(s.lam, s.flux, s.err, options);
          hb.push(fit.lines.hb.flux / s.truth.hb);
          ha.push(fit.lines.ha.flux / s.truth.ha);
          width.push(fit.windows.flatMap((w) => w.stellarAbsorption).find((a) => a.line === 'hb')?.fwhmRestAngstrom ?? NaN);
        }
        const [h, a] = [median(hb), median(ha)];
        worst = Math.max(worst, Math.abs(h - 1), Math.abs(a - 1));
        sum += Math.abs(h - 1) + Math.abs(a - 1);
        n += 2;
        console.log(`${curved ? 'curved' : 'flat  '} ${shape.padEnd(7)} FWHM ${fwhmRestAngstrom} EW ${ewRestAngstrom.hb}/${ewRestAngstrom.ha}: `
          + `Hβ ${h.toFixed(3)} Hα ${a.toFixed(3)} (Hβ trough width ${median(width)} Å)`);
      }
    }
  }
}
console.log(`mean |ratio − 1| ${(sum / n).toFixed(4)}, worst ${worst.toFixed(3)} (${n / 2} cases × ${nSeeds} seeds)`);
