// A row of Wang et al. 2020 (ApJ 900, 183) Table 3 as the input of `inferMetallicity`: its measured lines and, when
// Hα is present, the G141 blend correction with the tabulated [N II]/Hα (their §3.5).
import type { Wang2020Row } from '../tables/wang2020-table3';
import type { NebularLine } from './nebular-lines';
import type { HalphaBlend, LineObservations } from './line-fluxes';

/**
 * The inputs of `inferMetallicity` for one row: every tabulated line with error > 0 as a measurement (weak and
 * negative-looking fluxes included, as Wang et al. do), and — when Hα is present — the blend correction with the
 * tabulated [N II]/Hα (Hα is blended with [N II] in the G141 grism for every row that has it, §3.5).
 */
export function wang2020Observations(row: Wang2020Row): { lines: LineObservations; halphaBlend?: HalphaBlend } {
  const lines: LineObservations = {};
  for (const [line, obs] of Object.entries(row.fluxes) as [NebularLine, { flux: number; error: number } | null][]) {
    if (obs && obs.error > 0) lines[line] = { flux: obs.flux, error: obs.error };
  }
  if (!lines.Halpha) return { lines };
  const r = Number.isFinite(row.niiHa.value) ? row.niiHa.value : 0;
  const sr = Number.isFinite(row.niiHa.error) ? row.niiHa.error : 0;
  return { lines, halphaBlend: { niiHaRatio: r, niiHaRatioErr: sr } };
}
