// Renders Observable Plot figures in Node: one self-contained SVG (legends stacked above the plot) and PNG.
import * as Plot from '@observablehq/plot';
import { Resvg } from '@resvg/resvg-js';
import { nodeDocument } from './node-document';
import { escapeMarkup } from '../escape-markup';

/** A rendered figure: an SVG string (legends included) and its size in CSS pixels. */
export interface Figure {
  svg: string;
  widthPx: number;
  heightPx: number;
  /** A short title used in file names and alt text. */
  title?: string;
}

const FONT_FAMILY = 'DejaVu Sans';
const SVG_NS = 'http://www.w3.org/2000/svg';

/** Plot.plot(options) rendered server-side into a Figure. */
export function plotFigure(options: Plot.PlotOptions, title?: string): Figure {
  // A colour bar's end tick labels (e.g. "8.2" under its left end) are centred on its ends: margins keep them whole.
  const color = options.color?.legend ? { marginLeft: 14, marginRight: 14, ...options.color } : options.color;
  const element = Plot.plot({ ...options, color, document: nodeDocument() } as Plot.PlotOptions) as unknown as Element;
  return elementToFigure(element, title);
}

/** Plot.legend(options) rendered server-side into a Figure. */
export function legendFigure(options: Plot.LegendOptions, title?: string): Figure {
  const element = Plot.legend({ ...options, document: nodeDocument() } as Plot.LegendOptions) as unknown as Element;
  return elementToFigure(element, title);
}

/** A Plot result (an <svg>, or a <figure> holding a title, legends, the plot and a caption) flattened into one SVG. */
export function elementToFigure(element: Element, title?: string): Figure {
  const isSvg = element.tagName.toLowerCase() === 'svg';
  const children = isSvg ? [element] : Array.from(element.children);
  let y = 0;
  let width = 0;
  const parts: string[] = [];
  const textLine = (text: string, size: number, bold: boolean) => {
    y += size + 6;
    parts.push(`<text x="2" y="${y - 4}" font-size="${size}"${bold ? ' font-weight="bold"' : ''}>${escapeMarkup(text)}</text>`);
    width = Math.max(width, estimateTextWidthPx(text, size) + 4);
  };
  for (const child of children) {
    const tag = child.tagName.toLowerCase();
    if (tag === 'h2' || tag === 'h3') textLine(child.textContent ?? '', tag === 'h2' ? 15 : 13, true);
    else if (tag === 'figcaption') textLine(child.textContent ?? '', 11, false);
    else if (tag === 'div' && /swatches/.test(child.getAttribute('class') ?? '')) {
      // Ordinal legends are HTML (a swatch <svg> and a text node per entry): redraw them as SVG.
      let x = 2;
      for (const swatch of Array.from(child.querySelectorAll('span'))) {
        const fill = swatch.querySelector('svg')?.getAttribute('fill') ?? 'currentColor';
        const label = swatch.textContent ?? '';
        parts.push(`<rect x="${x}" y="${y + 4}" width="14" height="14" fill="${escapeMarkup(fill)}"/>`);
        parts.push(`<text x="${x + 19}" y="${y + 15}" font-size="11">${escapeMarkup(label)}</text>`);
        x += 19 + estimateTextWidthPx(label, 11) + 16;
      }
      y += 24;
      width = Math.max(width, x);
    } else if (tag === 'svg') {
      const w = Number(child.getAttribute('width')) || 640;
      const h = Number(child.getAttribute('height')) || 400;
      child.setAttribute('x', '0');
      child.setAttribute('y', String(y));
      if (!child.getAttribute('xmlns')) child.setAttribute('xmlns', SVG_NS);
      parts.push(child.outerHTML);
      y += h + 4;
      width = Math.max(width, w);
    }
  }
  const heightPx = Math.ceil(y);
  width = Math.ceil(width);
  const svg =
    `<svg xmlns="${SVG_NS}" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${heightPx}" ` +
    `viewBox="0 0 ${width} ${heightPx}" font-family="${FONT_FAMILY}, sans-serif" style="background:white">` +
    `<rect width="100%" height="100%" fill="white"/>${parts.join('')}</svg>`;
  return { svg, widthPx: width, heightPx, title };
}

/** A generous estimate of the rendered width of `text` in DejaVu Sans (average advance ≈ 0.62 em). */
function estimateTextWidthPx(text: string, fontSizePx: number): number {
  return text.length * fontSizePx * 0.62;
}

/** The figure as PNG bytes (resvg; text needs a system font such as Debian's fonts-dejavu-core). */
export function figureToPng(figure: Figure, scale = 2): Buffer {
  const resvg = new Resvg(figure.svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: FONT_FAMILY },
  });
  return resvg.render().asPng();
}


/** Widest a combined figure gets by default (CSS px): about a notebook's cell width, so text stays readable inline. */
export const DEFAULT_MAX_FIGURE_WIDTH_PX = 1200;

export interface CombineOptions {
  /** Panels per row at most (default: as many as fit in maxWidthPx). */
  columns?: number;
  /** Widest a row may get, CSS px (default DEFAULT_MAX_FIGURE_WIDTH_PX): panels wrap onto the next row beyond it. */
  maxWidthPx?: number;
  title?: string;
  gapPx?: number;
}

/**
 * Several figures laid out row by row as one figure, e.g. the seven panels of a Fig. A1 galaxy: a row takes panels
 * until the next would pass `maxWidthPx` (or `columns` panels), then the next row starts.
 */
export function combineFigures(figures: Figure[], options: CombineOptions = {}): Figure {
  const columns = Math.max(1, options.columns ?? figures.length);
  const maxWidth = options.maxWidthPx ?? DEFAULT_MAX_FIGURE_WIDTH_PX;
  const gap = options.gapPx ?? 10;
  const rows: Figure[][] = [];
  let rowWidth = 0;
  for (const f of figures) {
    const row = rows[rows.length - 1];
    if (row && row.length < columns && rowWidth + gap + f.widthPx <= maxWidth) {
      row.push(f);
      rowWidth += gap + f.widthPx;
    } else {
      rows.push([f]);
      rowWidth = f.widthPx;
    }
  }
  const parts: string[] = [];
  let y = 0;
  let width = 0;
  if (options.title) {
    parts.push(`<text x="2" y="18" font-size="16" font-weight="bold">${escapeMarkup(options.title)}</text>`);
    y = 28;
    width = estimateTextWidthPx(options.title, 16);
  }
  for (const cells of rows) {
    let x = 0;
    for (const f of cells) {
      // Nested <svg> elements keep each panel's own coordinate system.
      parts.push(f.svg.replace(/^<svg /, `<svg x="${x}" y="${y}" `));
      x += f.widthPx + gap;
    }
    width = Math.max(width, x - gap);
    y += Math.max(...cells.map((f) => f.heightPx)) + gap;
  }
  const heightPx = Math.ceil(y - gap);
  width = Math.ceil(width);
  const svg =
    `<svg xmlns="${SVG_NS}" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${heightPx}" ` +
    `viewBox="0 0 ${width} ${heightPx}" font-family="${FONT_FAMILY}, sans-serif" style="background:white">` +
    `<rect width="100%" height="100%" fill="white"/>${parts.join('')}</svg>`;
  return { svg, widthPx: width, heightPx, title: options.title };
}

/**
 * The figure as SVG markup for inline display in a notebook: scaled down to the cell's width (never up), its
 * `<title>` elements kept, so hovering a spaxel or point in the browser shows its values (also in the saved notebook).
 */
export function figureToInlineSvg(figure: Figure): string {
  return figure.svg.replace(/^<svg ([^>]*?)style="background:white"/, '<svg $1style="background:white;max-width:100%;height:auto"');
}

let inlineFigureCount = 0;

/**
 * The figure for a text/html output. Without `png`: the inline SVG in a <div> (nbconvert keeps an HTML output's SVG
 * whole). With `png`: the PNG as a data: image in the <div>, and a short script that puts the SVG (hover titles) in its
 * place — because Jupyter Notebook 6 sanitizes an untrusted notebook's HTML by dropping every <svg> element and
 * keeping its text, so an SVG-only figure arrives there as a heap of labels, while an <img> survives. A live session
 * and nbconvert's HTML run the script (it retries until Jupyter has attached the output); where it cannot run, the
 * PNG stays.
 */
export function figureToInlineHtml(
  figure: Figure,
  png?: Uint8Array,
  options: {
    /** The inline SVG to swap in, when the caller decorated figureToInlineSvg(figure) (e.g. clickable cells). */
    svg?: string;
    /** The <div>'s element id (default: unique per call in this process). */
    id?: string;
  } = {},
): string {
  const label = figure.title ? ` aria-label="${escapeMarkup(figure.title)}"` : '';
  const inlineSvg = options.svg ?? figureToInlineSvg(figure);
  if (!png) return `<div class="msa3d-figure" role="img"${label}>${inlineSvg}</div>`;
  const id = options.id ?? `msa3d-figure-${process.pid}-${++inlineFigureCount}`;
  const alt = escapeMarkup(figure.title ?? 'figure');
  const svg = inlineSvg.replace(/<\/script/gi, '&lt;/script');
  return (
    `<div id="${id}" class="msa3d-figure" role="img"${label}>` +
    `<img src="data:image/png;base64,${Buffer.from(png).toString('base64')}" width="${figure.widthPx}" alt="${alt}" ` +
    `style="max-width:100%;height:auto"></div>` +
    `<script type="image/svg+xml" id="${id}-svg">${svg}</script>` +
    `<script>(function(){var n=0;function swap(){var d=document.getElementById('${id}'),` +
    `t=document.getElementById('${id}-svg');if(d&&t){d.innerHTML=t.textContent;}else if(n++<50){setTimeout(swap,100);}}` +
    `swap();})();</script>`
  );
}
