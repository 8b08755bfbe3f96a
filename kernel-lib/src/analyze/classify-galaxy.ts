// The paper's choice of diagram per galaxy (Ju et al. §3.1: "10 galaxies relied on the BPT diagram … the remaining …
// WHAN"): BPT for the whole galaxy when enough spaxels can be placed on it, else WHAN; and, when the data hold the
// inputs of neither (no Hβ/[O III], no EW(Hα): a continuum-subtracted Hα + [N II] cube), log([N II]/Hα) alone
// (classify/n2-only.ts, Stasińska et al. 2006), stated as such — unless the caller forbids it.
import type { CubeFit } from '../linemaps/fit-cube';
import { lineMeasurementsFromCubeFit, type LineMeasurementMaps } from '../classify/line-measurements';
import { classifyMaps, type ClassificationMaps, type ClassifySpaxelOptions } from '../classify/classify-spaxel';
import type { ClassificationDiagnostic } from '../classify/class-codes';
import { MIN_STAR_FORMING_SPAXELS } from '../abundance/select-spaxels';

export interface ClassifyGalaxyOptions {
  /**
   * 'galaxy' (default): BPT when ≥ minSpaxels spaxels can be placed on it, else WHAN; 'auto' per spaxel; or one diagram
   * ('bpt', 'whan', or 'n2': log([N II]/Hα) alone). 'galaxy' and 'auto' fall back to 'n2' as n2Fallback says.
   */
  diagnostic?: 'galaxy' | 'auto' | ClassificationDiagnostic;
  /**
   * With 'galaxy' or 'auto': when no classified spaxel has the inputs of either diagram (Hβ and [O III] both measured
   * for BPT, a finite EW(Hα) for WHAN), classify by N2 alone (default true; false leaves every spaxel unclassified).
   */
  n2Fallback?: boolean;
  /** Per-line S/N for the classification (default 3 each, [N II] 0). */
  minSnr?: ClassifySpaxelOptions['minSnr'];
  /** Spaxels placed on the BPT diagram needed to use it for the galaxy (default 20, MIN_STAR_FORMING_SPAXELS). */
  minSpaxels?: number;
}

/** A galaxy's classification maps, and how its diagram was chosen (for the analysis's provenance). */
export interface GalaxyClassification extends ClassificationMaps {
  /** Why this diagram: the option, the paper's rule with its count, or the N2-only fallback and its reason. */
  diagnosticSource: string;
}

/** Whether any spaxel inside the mask has the inputs of BPT (finite Hβ and [O III] fluxes) and of WHAN (finite EW(Hα)). */
export function diagramInputsAvailable(lines: LineMeasurementMaps, mask: Uint8Array): { bpt: boolean; whan: boolean } {
  let bpt = false;
  let whan = false;
  for (let i = 0; i < mask.length && !(bpt && whan); i++) {
    if (mask[i] === 0) continue;
    if (lines.hb && lines.oiii5007 && Number.isFinite(lines.hb.value[i]) && Number.isFinite(lines.oiii5007.value[i])) bpt = true;
    if (lines.ewHaAngstrom && Number.isFinite(lines.ewHaAngstrom.value[i])) whan = true;
  }
  return { bpt, whan };
}

const NO_DIAGRAM = 'no selected spaxel has Hβ and [O III] (BPT) or a finite EW(Hα) (WHAN; a continuum-subtracted cube has none)';

/** Classifies the selected spaxels of a cube fit (fit.selected) by the paper's rule for one galaxy (see the file comment). */
export function classifyGalaxy(fit: CubeFit, options: ClassifyGalaxyOptions = {}): GalaxyClassification {
  const lines = lineMeasurementsFromCubeFit(fit);
  const base = { mask: fit.selected, minSnr: options.minSnr };
  const mode = options.diagnostic ?? 'galaxy';
  if (mode !== 'galaxy' && mode !== 'auto') return { ...classifyMaps(lines, { ...base, diagnostic: mode }), diagnosticSource: `given (diagnostic '${mode}')` };
  const available = diagramInputsAvailable(lines, fit.selected);
  if (!available.bpt && !available.whan && fit.selected.some((m) => m !== 0)) {
    if (options.n2Fallback === false) return { ...classifyMaps(lines, { ...base, diagnostic: mode === 'auto' ? 'auto' : 'whan' }), diagnosticSource: `none: ${NO_DIAGRAM}, and the N2-only fallback is off` };
    return { ...classifyMaps(lines, { ...base, diagnostic: 'n2' }), diagnosticSource: `N2 alone (fallback of '${mode}'): ${NO_DIAGRAM}` };
  }
  if (mode === 'auto') return { ...classifyMaps(lines, { ...base, diagnostic: 'auto' }), diagnosticSource: 'per spaxel: BPT where its four lines pass, else WHAN (Ju et al. §3.1)' };
  const minSpaxels = options.minSpaxels ?? MIN_STAR_FORMING_SPAXELS;
  const bpt = classifyMaps(lines, { ...base, diagnostic: 'bpt' });
  const placed = bpt.considered - bpt.counts.unclassified;
  if (placed >= minSpaxels) return { ...bpt, diagnosticSource: `BPT for the galaxy: ${placed} spaxels placed on it (≥ ${minSpaxels}; Ju et al. §3.1)` };
  return { ...classifyMaps(lines, { ...base, diagnostic: 'whan' }), diagnosticSource: `WHAN for the galaxy: ${placed} spaxels placed on the BPT diagram (< ${minSpaxels}; Ju et al. §3.1)` };
}
