// The forward-modelled gradient of an analysed galaxy (gradient/fit-gradient-forward.ts): on its line fit and
// deprojected radii, over the spaxels with Hα signal that the classification did not place outside star formation
// (unclassified spaxels stay: their [N II] may be too faint to classify, which is the point of the model).
import { fitGradientForward, type ForwardGradientOptions, type ForwardGradientResult } from '../gradient/fit-gradient-forward';
import { SPAXEL_CLASS_CODES } from '../classify/class-codes';
import type { CalibrationName } from '../abundance/calibrations';
import type { GalaxyAnalysis } from './analyze-galaxy';

/** fitGradientForward on `analysis` with its calibration, excluding spaxels classified as other than star-forming. */
export function forwardGradientOfAnalysis(analysis: GalaxyAnalysis, options: ForwardGradientOptions): ForwardGradientResult {
  const sf = SPAXEL_CLASS_CODES.sf;
  const exclude = Uint8Array.from(analysis.classification.classCode, (c) => (c !== 0 && c !== sf ? 1 : 0));
  return fitGradientForward(analysis.fit, analysis.geometry, { calibration: analysis.calibration as CalibrationName, exclude, ...options });
}
