// Escapes text for HTML and SVG/XML markup (the five characters that can break an element or attribute).

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `s` with &, <, >, " and ' replaced by entities, safe inside element text and quoted attributes. */
export function escapeMarkup(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}
