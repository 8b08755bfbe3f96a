// The bridge from one spectrum fit to the classifier's and the metallicity functions' input
// (lineMeasurementsFromSpectrumFit): same numbers as the fit's own fields, usable as is by classifySpaxel and metallicity.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitSpectrum, spectrumModel } from '../kernel-lib/src/spectra/index';
import { emissionLine } from '../kernel-lib/src/lines/emission-lines';
import { constantDispersion } from '../kernel-lib/src/instrument/line-spread-function';
import { lineMeasurementsFromSpectrumFit, lineMeasurementsFromSpectrumFits, classifySpaxel, STRONG_LINES } from '../kernel-lib/src/classify/index';
import { HA_NII_SII_WINDOW, HB_OIII_WINDOW } from '../kernel-lib/src/spectra/index';
import { metallicity } from '../kernel-lib/src/abundance/index';
import { seededRandom } from '../kernel-lib/src/stats/random';

/** A noisy star-forming spectrum at z = 0.05 on a 1 Å grid covering Hβ to [S II] (vacuum). */
function starFormingSpectrum(): { wavelength: Float64Array; flux: Float64Array; error: Float64Array } {
  const z = 0.05;
  const wavelength = Float64Array.from({ length: 2400 }, (_, i) => 4900 + i);
  const fluxes: Record<string, number> = { ha: 100, nii6584: 30, nii6548: 30 / 2.96, hb: 35, oiii5007: 40, oiii4959: 40 / 2.98, sii6717: 15, sii6731: 11 };
  const model = spectrumModel(wavelength, {
    redshift: z,
    velocityKms: 0,
    sigmaKms: 60,
    instrument: constantDispersion(50),
    medium: 'vacuum',
    lines: Object.entries(fluxes).map(([name, flux]) => ({ restWavelengthAngstrom: emissionLine(name).restWavelengthAngstrom, flux })),
    continuum: [{ observedRangeAngstrom: [0, 1e6], c0: 2, c1: 0, referenceWavelengthAngstrom: 6000 }],
  });
  const rng = seededRandom(7);
  const noise = 0.05;
  return { wavelength, flux: model.map((m) => m + rng.normal(0, noise)), error: new Float64Array(wavelength.length).fill(noise) };
}

test('lineMeasurementsFromSpectrumFit takes flux ± residual error and EW(Hα), and feeds classifySpaxel and metallicity', () => {
  const s = starFormingSpectrum();
  const fit = fitSpectrum(s.wavelength, s.flux, s.error, { redshift: 0.05, instrument: constantDispersion(50) });
  const lines = lineMeasurementsFromSpectrumFit(fit);
  for (const name of STRONG_LINES) {
    assert.equal(lines[name]!.value, fit.lines[name].flux, name);
    assert.equal(lines[name]!.error, fit.lines[name].fluxErrResidual, name);
  }
  assert.equal(lines.ewHaAngstrom!.value, fit.lines.ha.ewRestAngstrom);
  assert.equal(classifySpaxel(lines).class, 'sf');
  const oh = metallicity(lines);
  assert.ok(oh.oh > 8.3 && oh.oh < 8.8, `12+log(O/H) = ${oh.oh}`); // N2 = log 0.3 → PP04 ≈ 8.60
});

test('lineMeasurementsFromSpectrumFit leaves out lines the fit did not measure', () => {
  const s = starFormingSpectrum();
  s.flux.fill(NaN, 0, 800); // no data over Hβ/[O III]
  const fit = fitSpectrum(s.wavelength, s.flux, s.error, { redshift: 0.05, instrument: constantDispersion(50) });
  const lines = lineMeasurementsFromSpectrumFit(fit);
  assert.equal(lines.hb, undefined);
  assert.equal(lines.oiii5007, undefined);
  assert.ok(lines.ha && lines.nii6584);
});

test('lineMeasurementsFromSpectrumFits combines fits of parts of one spectrum (two arms): each line from the fit that measured it', () => {
  const s = starFormingSpectrum();
  const opts = { redshift: 0.05, instrument: constantDispersion(50) };
  const blue = fitSpectrum(s.wavelength, s.flux, s.error, { ...opts, windows: [HB_OIII_WINDOW], referenceLine: 'hb' });
  const red = fitSpectrum(s.wavelength, s.flux, s.error, { ...opts, windows: [HA_NII_SII_WINDOW] });
  const both = lineMeasurementsFromSpectrumFits([blue, red]);
  assert.equal(both.hb!.value, blue.lines.hb.flux);
  assert.equal(both.oiii5007!.value, blue.lines.oiii5007.flux);
  assert.equal(both.ha!.value, red.lines.ha.flux);
  assert.equal(both.sii6731!.value, red.lines.sii6731.flux);
  assert.equal(both.ewHaAngstrom!.value, red.lines.ha.ewRestAngstrom);
  assert.deepEqual(Object.keys(both).sort(), [...STRONG_LINES, 'ewHaAngstrom'].sort());
  assert.equal(classifySpaxel(both).class, 'sf');
});
