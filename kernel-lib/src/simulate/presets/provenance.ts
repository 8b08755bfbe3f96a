// Provenance of a preset value: published (the paper's number, with the section that gives it) or prescribed (our
// prescription, with how it was made). One helper records it beside the value, so no value is set without its source.

/** A value with its source: `published` quotes the paper, `prescribed` says which prescription made it (a value may have both). */
export interface Sourced<T> {
  value: T;
  /** Where the published value comes from ('§4.2.1: v_c = 250 (+6/−5) km/s'). */
  published?: string;
  /** The prescription that set the value. */
  prescribed?: string;
  /** Further published statements that come with this value, key → source (ID9960's RMSE with its v_c). */
  alsoPublished?: Record<string, string>;
  /** Notes the choice leaves on the preset (a clipped central abundance). */
  notes?: string[];
}

/** Parameter → source, for every parameter of a preset; and the preset's notes. */
export interface Provenance {
  published: Record<string, string>;
  prescribed: Record<string, string>;
  notes: string[];
}

/** A published value: `source` names the paper's section and quotes it. */
export function published<T>(value: T, source: string, more: Omit<Sourced<T>, 'value' | 'published'> = {}): Sourced<T> {
  return { value, published: source, ...more };
}

/** A prescribed value: `how` names the prescription (relation and paper, or 'our choice'). */
export function prescribed<T>(value: T, how: string, more: Omit<Sourced<T>, 'value' | 'prescribed'> = {}): Sourced<T> {
  return { value, prescribed: how, ...more };
}

/** Records where `key`'s value comes from (published, then prescribed, then notes) and returns the value. */
export function record<T>(provenance: Provenance, key: string, sourced: Sourced<T>): T {
  if (sourced.published !== undefined) provenance.published[key] = sourced.published;
  for (const [k, source] of Object.entries(sourced.alsoPublished ?? {})) provenance.published[k] = source;
  if (sourced.prescribed !== undefined) provenance.prescribed[key] = sourced.prescribed;
  if (sourced.notes) provenance.notes.push(...sourced.notes);
  return sourced.value;
}
