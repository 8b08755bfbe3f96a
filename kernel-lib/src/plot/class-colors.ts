// One colour per spaxel class, shared by the diagnostic diagrams and the class maps.
import { SPAXEL_CLASS_LABELS, type SpaxelClass } from '../classify/class-codes';

export const CLASS_COLORS: Readonly<Record<SpaxelClass, string>> = Object.freeze({
  sf: '#1f77b4', composite: '#2ca02c', agn: '#d62728', sagn: '#d62728', wagn: '#ff7f0e', retired: '#8c564b', passive: '#7f7f7f',
  'not-sf': '#9467bd',
});

/** Legend labels and colours for the classes present, in a fixed order. */
export function classLegend(present: Iterable<SpaxelClass>): { domain: string[]; range: string[] } {
  const set = new Set(present);
  const order = (Object.keys(CLASS_COLORS) as SpaxelClass[]).filter((c) => set.has(c));
  return { domain: order.map((c) => SPAXEL_CLASS_LABELS[c]), range: order.map((c) => CLASS_COLORS[c]) };
}
