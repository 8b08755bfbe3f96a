// Figures rendered in Node: legends flattened into the SVG, text actually drawn in the PNG (fonts found), rasters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as Plot from '@observablehq/plot';
import { Resvg } from '@resvg/resvg-js';
import { plotFigure, figureToPng } from '../kernel-lib/src/plot/render';
import { massRelationPlot } from '../kernel-lib/src/plot/mass-relation-plot';
import { gradientHistogramPlot } from '../kernel-lib/src/plot/gradient-histogram-plot';

/** Number of pixels darker than mid-grey in the rendered SVG. */
function darkPixels(svg: string): number {
  const image = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' }, background: 'white' }).render();
  let dark = 0;
  for (let i = 0; i < image.pixels.length; i += 4) if (image.pixels[i] < 128 && image.pixels[i + 1] < 128 && image.pixels[i + 2] < 128) dark++;
  return dark;
}

test('text is rendered into the PNG (a system font such as DejaVu Sans is found)', () => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="5" y="30" font-size="24" font-family="DejaVu Sans">Hα flux</text></svg>';
  assert.ok(darkPixels(svg) > 100, 'no text pixels: install fonts-dejavu-core');
});

test('an ordinal legend keeps its labels as SVG text', () => {
  const fig = plotFigure({ color: { legend: true, domain: ['alpha', 'beta'], range: ['red', 'blue'] }, marks: [Plot.dot([{ x: 1, c: 'alpha' }], { x: 'x', fill: 'c' })] });
  assert.match(fig.svg, /<text[^>]*>alpha<\/text>/);
  assert.match(fig.svg, /fill="red"/);
});

test('a continuous colour legend and a raster render through the canvas', () => {
  const fig = plotFigure({
    color: { legend: true, type: 'linear' },
    marks: [Plot.raster({ width: 4, height: 4, x1: 0, x2: 4, y1: 0, y2: 4, fill: (x: number, y: number) => x + y })],
  });
  assert.match(fig.svg, /<image[^>]*href="data:image\/png;base64,/);
  assert.ok(figureToPng(fig).length > 1000);
});

test('the figure builders draw every point and the relation labels', () => {
  const logMstar = [9.5, 10, 10.5];
  const fig = massRelationPlot({
    logMstar, gradientDexPerKpc: [0, -0.01, -0.02], gradientErrDexPerKpc: [0.01, 0.01, 0.01],
    fit: { label: 'fit', slope: -0.02, intercept: -0.01, pivotLogMstar: 10 },
    bootstrap: { interceptSamples: [-0.01, -0.011, -0.009], slopeSamples: [-0.02, -0.018, -0.022] },
    others: [{ label: 'Wang et al. 2020', slope: -0.014, intercept: -0.02, pivotLogMstar: 9.4, scatter: 0.06 }],
  });
  assert.equal((fig.svg.match(/<circle/g) ?? []).length, 3);
  assert.match(fig.svg, />Wang et al\. 2020</);
  const hist = gradientHistogramPlot({ gradientDexPerKpc: [-0.01, 0, 0.001, 0.02], gradientErrDexPerKpc: [0.01, 0.02, 0.01, 0.01] });
  assert.match(hist.svg, /median 1σ = 0\.0100/);
});
