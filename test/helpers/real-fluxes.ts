// The real-data flux comparisons of test/real-fluxes.test.ts (SAMI DR3 sectors vs LZIFU, SDSS vs SPZLINE): thin
// wrappers over the library's compareSamiSectors / compareSdssSpectrum (linemaps/survey-comparison.ts) on the files in
// data/, as functions of the fitter options so a test or a script can run them with the stellar absorption on or off.
import path from 'node:path';
import { compareSamiSectors, compareSdssSpectrum, COMPARED_LINES, type ComparisonFitOptions, type SamiSectorComparison } from '../../kernel-lib/src/linemaps/index';
import type { SpectrumFit } from '../../kernel-lib/src/spectra/index';
import { samiDr3SectorFiles } from '../../kernel-lib/src/io/index';
import { DATA_DIR, SDSS_SPEC_FILE } from './real-data';

export { COMPARED_LINES };

/** One SAMI DR3 sector galaxy of data/sami-dr3-sectors: every bin of both arms fitted, against LZIFU. */
export function compareSamiGalaxy(id: string, extra: ComparisonFitOptions = {}): SamiSectorComparison & { fits: { bin: number; red: SpectrumFit; blue: SpectrumFit }[] } {
  const c = compareSamiSectors(samiDr3SectorFiles(path.join(DATA_DIR, 'sami-dr3-sectors', id), id), extra);
  return { ...c, fits: c.bins.map(({ bin, red, blue }) => ({ bin, red, blue })) };
}

/** The SDSS spectrum of data/sdss fitted against its SPZLINE: ratio ours/SPZLINE per line. */
export function compareSdss(extra: ComparisonFitOptions = {}): ReturnType<typeof compareSdssSpectrum> {
  return compareSdssSpectrum({ spectrum: SDSS_SPEC_FILE }, extra);
}
