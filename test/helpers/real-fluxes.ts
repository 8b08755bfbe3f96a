// The real-data flux comparisons of test/real-fluxes.test.ts (SAMI DR3 sectors vs LZIFU, SDSS vs SPZLINE), as functions
// of the fitter options so a test or a script can run them with the stellar absorption on or off.
import { dispersionFromFwhm, type InstrumentalDispersion } from '../../kernel-lib/src/instrument/line-spread-function';
import { binRepresentativeSpaxels, compareWithPublished, type PublishedComparison, type PublishedComparisonRow } from '../../kernel-lib/src/linemaps/published-comparison';
import { createSpectrumFitter, HA_NII_SII_WINDOW, HB_OIII_WINDOW, type SpectrumFit, type SpectrumFitterOptions } from '../../kernel-lib/src/spectra/index';
import { loadSamiPublishedMap, loadSamiSectorCube, loadSdssSpectrum, loadSdssSpzline, SAMI_LSF_FWHM_ANGSTROM } from './real-data';

/** The five quantities compared, in this order. */
export const COMPARED_LINES = ['Hα', '[N II]', '[S II]', 'Hβ', '[O III]'] as const;

type Extra = Omit<SpectrumFitterOptions, 'redshift' | 'instrument' | 'windows' | 'medium'>;

function oursOf(fit: SpectrumFit): Record<string, number> {
  const f = (name: string) => fit.lines[name]?.flux ?? NaN;
  return { 'Hα': f('ha'), '[N II]': f('nii6584'), '[S II]': f('sii6717') + f('sii6731'), 'Hβ': f('hb'), '[O III]': f('oiii5007') };
}

/** One SAMI DR3 sector galaxy: every bin of both arms fitted (air, the arm's LSF FWHM, z = Z_SPEC), against LZIFU. */
export function compareSamiGalaxy(id: string, extra: Extra = {}): PublishedComparison & { fits: { bin: number; red: SpectrumFit; blue: SpectrumFit }[] } {
  const arms = { red: loadSamiSectorCube(id, 'red'), blue: loadSamiSectorCube(id, 'blue') };
  const fitters = {
    red: createSpectrumFitter(arms.red.cube.wavelengthAngstrom, { ...extra, redshift: arms.red.redshift, medium: 'air', instrument: dispersionFromFwhm(SAMI_LSF_FWHM_ANGSTROM.red), windows: [HA_NII_SII_WINDOW] }),
    blue: createSpectrumFitter(arms.blue.cube.wavelengthAngstrom, { ...extra, redshift: arms.blue.redshift, medium: 'air', instrument: dispersionFromFwhm(SAMI_LSF_FWHM_ANGSTROM.blue), windows: [HB_OIII_WINDOW], referenceLine: 'hb' }),
  };
  const pub = {
    ha: loadSamiPublishedMap(id, 'Halpha'),
    nii: loadSamiPublishedMap(id, 'NII6583'),
    s1: loadSamiPublishedMap(id, 'SII6716'),
    s2: loadSamiPublishedMap(id, 'SII6731'),
    hb: loadSamiPublishedMap(id, 'Hbeta'),
    oiii: loadSamiPublishedMap(id, 'OIII5007'),
  };
  const rows: PublishedComparisonRow[] = [];
  const fits: { bin: number; red: SpectrumFit; blue: SpectrumFit }[] = [];
  for (const { bin, spaxel } of binRepresentativeSpaxels(arms.red.binMask)) {
    const plane = arms.red.cube.nx * arms.red.cube.ny;
    const fitArm = (arm: 'red' | 'blue') => {
      const c = arms[arm].cube;
      return fitters[arm].fit(c.flux, c.error, c.mask, spaxel, plane);
    };
    const red = fitArm('red');
    const blue = fitArm('blue');
    fits.push({ bin, red, blue });
    const o = { ...oursOf(red), 'Hβ': oursOf(blue)['Hβ'], '[O III]': oursOf(blue)['[O III]'] };
    const p = (m: { flux: Float64Array; fluxErr: Float64Array }) => ({ flux: m.flux[spaxel], fluxErr: m.fluxErr[spaxel] });
    const sii = { flux: pub.s1.flux[spaxel] + pub.s2.flux[spaxel], fluxErr: Math.hypot(pub.s1.fluxErr[spaxel], pub.s2.fluxErr[spaxel]) };
    rows.push({ id: bin, ours: o, published: { 'Hα': p(pub.ha), '[N II]': p(pub.nii), '[S II]': sii, 'Hβ': p(pub.hb), '[O III]': p(pub.oiii) } });
  }
  return { ...compareWithPublished(rows, { lines: COMPARED_LINES, selectLine: 'Hα', minPublishedSnr: 10 }), fits };
}

/** The SDSS spectrum fitted (vacuum, the LSF from WDISP, z from SPECOBJ) against SPZLINE: ratio ours/SPZLINE per line. */
export function compareSdss(extra: Extra = {}): { ratios: Record<string, number>; fit: SpectrumFit } {
  const s = loadSdssSpectrum();
  const lam = s.wavelengthAngstrom;
  const instrument: InstrumentalDispersion = (lambda) => {
    let i = 0;
    while (i < lam.length - 1 && lam[i + 1] < lambda) i++;
    return s.sigmaInstKms[i];
  };
  const fit = createSpectrumFitter(lam, { ...extra, redshift: s.redshift, medium: 'vacuum', instrument, windows: [HB_OIII_WINDOW, HA_NII_SII_WINDOW] }).fit(s.flux, s.error);
  const spz = loadSdssSpzline();
  const pubOf = (n: string) => spz[n].flux;
  const published: Record<string, number> = {
    'Hα': pubOf('H_alpha'), '[N II]': pubOf('[N_II] 6583'), '[S II]': pubOf('[S_II] 6716') + pubOf('[S_II] 6730'), 'Hβ': pubOf('H_beta'), '[O III]': pubOf('[O_III] 5007'),
  };
  const ours = oursOf(fit);
  const ratios: Record<string, number> = {};
  for (const k of COMPARED_LINES) ratios[k] = ours[k] / published[k];
  return { ratios, fit };
}
