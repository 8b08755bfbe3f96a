// The paper's choice of diagram per galaxy (Ju et al. §3.1: "10 galaxies relied on the BPT diagram … the remaining …
// WHAN"): BPT for the whole galaxy when enough spaxels can be placed on it, else WHAN.
import type { CubeFit } from '../linemaps/fit-cube';
import { lineMeasurementsFromCubeFit } from '../classify/line-measurements';
import { classifyMaps, type ClassificationMaps, type ClassifySpaxelOptions } from '../classify/classify-spaxel';
import type { ClassificationDiagnostic } from '../classify/class-codes';
import { MIN_STAR_FORMING_SPAXELS } from '../abundance/select-spaxels';

export interface ClassifyGalaxyOptions {
  /** 'galaxy' (default): BPT when ≥ minSpaxels spaxels can be placed on it, else WHAN; 'auto' per spaxel; or one diagram. */
  diagnostic?: 'galaxy' | 'auto' | ClassificationDiagnostic;
  /** Per-line S/N for the classification (default 3 each, [N II] 0). */
  minSnr?: ClassifySpaxelOptions['minSnr'];
  /** Spaxels placed on the BPT diagram needed to use it for the galaxy (default 20, MIN_STAR_FORMING_SPAXELS). */
  minSpaxels?: number;
}

/** Classifies the selected spaxels of a cube fit (fit.selected) by the paper's rule for one galaxy. */
export function classifyGalaxy(fit: CubeFit, options: ClassifyGalaxyOptions = {}): ClassificationMaps {
  const lines = lineMeasurementsFromCubeFit(fit);
  const base = { mask: fit.selected, minSnr: options.minSnr };
  const mode = options.diagnostic ?? 'galaxy';
  if (mode !== 'galaxy') return classifyMaps(lines, { ...base, diagnostic: mode });
  const bpt = classifyMaps(lines, { ...base, diagnostic: 'bpt' });
  const placed = bpt.considered - bpt.counts.unclassified;
  return placed >= (options.minSpaxels ?? MIN_STAR_FORMING_SPAXELS) ? bpt : classifyMaps(lines, { ...base, diagnostic: 'whan' });
}
