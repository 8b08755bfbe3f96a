// Rich output for the tslab kernel (HTML, Markdown, PNG, bundles of several), falling back to plain text outside a notebook.

interface TslabDisplay {
  html(s: string): void;
  markdown(s: string): void;
  png(b: Uint8Array): void;
  svg(s: string): void;
  text(s: string): void;
}

interface TslabModule {
  display: TslabDisplay;
  newDisplay(): TslabDisplay;
}

function tslabIfRunning(): TslabModule | null {
  try {
    // tslab's display throws "Not ready" unless a kernel has connected its output channel.
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const jupyter = require('tslab/dist/jupyter') as { lastWriteDisplayData: unknown };
    if (jupyter.lastWriteDisplayData == null) return null;
    return require('tslab') as TslabModule;
  } catch {
    return null;
  }
}

/** True inside a running tslab kernel. */
export function inNotebook(): boolean {
  return tslabIfRunning() !== null;
}

/** Shows HTML in the notebook; outside one, prints `fallbackText` (if given) to stdout. */
export function showHtml(html: string, fallbackText?: string): void {
  const tslab = tslabIfRunning();
  if (tslab) tslab.display.html(html);
  else if (fallbackText !== undefined) console.log(fallbackText);
}

/** Shows Markdown in the notebook, or prints it outside one. */
export function showMarkdown(markdown: string): void {
  const tslab = tslabIfRunning();
  if (tslab) tslab.display.markdown(markdown);
  else console.log(markdown);
}

/** Shows PNG bytes in the notebook; outside one, prints `fallbackText`. */
export function showPng(png: Uint8Array, fallbackText?: string): void {
  const tslab = tslabIfRunning();
  if (tslab) tslab.display.png(png);
  else if (fallbackText !== undefined) console.log(fallbackText);
}

/**
 * Shows one output with several representations (MIME type → text, or bytes sent as base64), as one Jupyter
 * display_data message; the front end picks the richest it can show. Outside a notebook, prints `fallbackText`.
 */
export function showBundle(data: Record<string, string | Uint8Array>, fallbackText?: string): void {
  const tslab = tslabIfRunning();
  if (!tslab) {
    if (fallbackText !== undefined) console.log(fallbackText);
    return;
  }
  // tslab's display sends one MIME type per message; its kernel's writer takes a bundle.
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const jupyter = require('tslab/dist/jupyter') as { lastWriteDisplayData: (message: unknown, update: boolean) => void };
  const encoded = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, typeof v === 'string' ? v : Buffer.from(v).toString('base64')]));
  jupyter.lastWriteDisplayData({ data: encoded, metadata: {}, transient: {} }, false);
}

/** An updatable display cell (a progress bar); a no-op outside a notebook. */
export function newUpdatableDisplay(): { html(s: string): void; text(s: string): void } {
  const tslab = tslabIfRunning();
  if (!tslab) return { html: () => undefined, text: () => undefined };
  return tslab.newDisplay();
}
