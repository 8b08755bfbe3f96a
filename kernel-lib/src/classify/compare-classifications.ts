// How often two classifications of the same spaxels agree on "star-forming": the check of Ju et al. §3.1, "the majority
// of spaxels classified as star-forming by the WHAN diagram were also classified as star-forming in the BPT diagram".
import { SPAXEL_CLASS_CODES } from './class-codes';

/** Of the spaxels `reference` calls star-forming and `other` classifies at all, how many `other` also calls star-forming. */
export interface ClassificationAgreement {
  /** Spaxels star-forming in `reference` and classified (any class) in `other`. */
  referenceSf: number;
  /** Of those, the spaxels `other` also calls star-forming. */
  bothSf: number;
  /** bothSf / referenceSf (NaN when referenceSf is 0). */
  fraction: number;
}

/**
 * Compares two class-code maps of the same spaxels (e.g. `classifyMaps(…, { diagnostic: 'whan' }).classCode` as
 * `reference` and the BPT one as `other`); spaxels that `other` leaves unclassified (code 0) are not counted.
 */
export function compareClassifications(reference: ArrayLike<number>, other: ArrayLike<number>): ClassificationAgreement {
  if (reference.length !== other.length) {
    throw new Error(`compareClassifications: the maps differ in length (${reference.length} vs ${other.length})`);
  }
  const sf = SPAXEL_CLASS_CODES.sf;
  let referenceSf = 0;
  let bothSf = 0;
  for (let s = 0; s < reference.length; s++) {
    if (reference[s] !== sf || other[s] === 0) continue;
    referenceSf++;
    if (other[s] === sf) bothSf++;
  }
  return { referenceSf, bothSf, fraction: referenceSf ? bothSf / referenceSf : NaN };
}
