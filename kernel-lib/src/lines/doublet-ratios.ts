// Fixed flux ratios of the forbidden doublets whose two lines share an upper level, from atomic transition probabilities
// (Storey & Zeippen 2000, MNRAS 312, 813): the spectrum fitter ties the weak line to the strong one.

/** A fixed flux ratio between the two lines of a doublet: flux(strong) = ratio × flux(weak). */
export interface DoubletRatio {
  /** The line whose flux is fitted. */
  readonly strong: string;
  /** The line tied to it: flux(weak) = flux(strong) / ratio. */
  readonly weak: string;
  /** flux(strong) / flux(weak), energy units. */
  readonly ratio: number;
}

/**
 * [O III] 5007/4959 = 2.98, the flux ratio from the transition probabilities of Storey & Zeippen 2000 (MNRAS 312, 813).
 */
export const OIII_DOUBLET_RATIO: DoubletRatio = Object.freeze({ strong: 'oiii5007', weak: 'oiii4959', ratio: 2.98 });

/**
 * [N II] 6584/6548 = 2.96, the flux ratio from the transition probabilities of Storey & Zeippen 2000 (MNRAS 312, 813)
 * as commonly quoted. Values in use span 2.94 (MaNGA DAP ties 6548 = 0.34 × 6584) to 3.05 (Osterbrock & Ferland 2006):
 * pass your own {@link DoubletRatio} to change it; the 2–3 % spread is below the errors of a spaxel's [N II] 6548.
 */
export const NII_DOUBLET_RATIO: DoubletRatio = Object.freeze({ strong: 'nii6584', weak: 'nii6548', ratio: 2.96 });
