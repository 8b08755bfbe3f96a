// danfojs-node, loaded on first use: importing it costs ~1–2 s (TensorFlow.js), which command-line work that never
// builds a DataFrame should not pay.
import type * as Danfo from 'danfojs-node';

let loaded: typeof Danfo | null = null;

/** The danfojs-node module (required on the first call). */
export function danfo(): typeof Danfo {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  loaded ??= require('danfojs-node') as typeof Danfo;
  return loaded;
}
