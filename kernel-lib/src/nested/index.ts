// Nested sampling (Skilling 2006) with ellipsoidal bounds (Mukherjee et al. 2006; Feroz & Hobson 2008): evidence ln Z
// with its √(H/N) error, weighted and equal-weight posterior samples, medians and 16/84 percentiles; priors as
// unit-cube transforms.
export type { NestedPrior, NestedSamplingOptions, NestedSamplingResult } from './nested-sample';
export { nestedSample } from './nested-sample';
export type { PriorSpec, UnitCubeTransform, ProductPrior } from './prior-transform';
export { productPrior, priorQuantile, priorQuantilesInto, checkPriorSpec } from './prior-transform';
export { normalizedWeights, kishEffectiveSampleSize, weightedQuantiles, summarizeParameter, resampleEqualWeights } from './posterior';
export type { EvidenceAccumulator } from './evidence';
export { newEvidenceAccumulator, addToEvidence, logEvidenceError } from './evidence';
export type { Ellipsoid } from './ellipsoid';
export { boundingEllipsoid, logUnitBallVolume, sampleEllipsoid, mahalanobisSquared } from './ellipsoid';
export type { EllipsoidUnion, BoundingEllipsoidsOptions } from './multi-ellipsoid';
export { boundingEllipsoids, sampleUnion } from './multi-ellipsoid';
export { normalQuantile } from './normal-quantile';
export { logAddExp } from './log-sum-exp';
