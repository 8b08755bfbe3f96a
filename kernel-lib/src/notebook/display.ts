// Rich output for the tslab kernel (HTML, Markdown, SVG, PNG), falling back to plain text outside a notebook.

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

/** Shows SVG markup in the notebook (kept as SVG in the saved notebook: its <title> tooltips work in a browser). */
export function showSvg(svg: string, fallbackText?: string): void {
  const tslab = tslabIfRunning();
  if (tslab) tslab.display.svg(svg);
  else if (fallbackText !== undefined) console.log(fallbackText);
}

/** An updatable display cell (a progress bar); a no-op outside a notebook. */
export function newUpdatableDisplay(): { html(s: string): void; text(s: string): void } {
  const tslab = tslabIfRunning();
  if (!tslab) return { html: () => undefined, text: () => undefined };
  return tslab.newDisplay();
}
