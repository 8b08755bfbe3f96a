// Figures rendered in Node: legends flattened into the SVG, text actually drawn in the PNG (fonts found), rasters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as Plot from '@observablehq/plot';
import { Resvg } from '@resvg/resvg-js';
import { plotFigure, figureToPng, figureToInlineSvg, figureToInlineHtml, combineFigures, DEFAULT_MAX_FIGURE_WIDTH_PX } from '../kernel-lib/src/plot/render';
import { mapPlot } from '../kernel-lib/src/plot/map-plot';
import { gradientPlot } from '../kernel-lib/src/plot/gradient-plot';
import { bptDiagramPlot, whanDiagramPlot } from '../kernel-lib/src/plot/diagnostic-diagram-plot';
import { voronoiBinMapPlot } from '../kernel-lib/src/plot/voronoi-bin-map-plot';
import { publishedRatioPlot } from '../kernel-lib/src/plot/published-ratio-plot';
import { massRelationPlot } from '../kernel-lib/src/plot/mass-relation-plot';
import { gradientHistogramPlot } from '../kernel-lib/src/plot/gradient-histogram-plot';
import { nullDistributionPlot } from '../kernel-lib/src/plot/null-distribution-plot';

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

// --- issue 14: velocity colours, axis titles from the data, wrapped panels, labelled diagrams, hover titles ---

/** The fill colour of the map cell whose hover title starts with `x X, y Y` (as rgb 0–255). */
function cellFill(svg: string, x: number, y: number): [number, number, number] {
  const m = new RegExp(`<rect[^>]*fill="([^"]+)"[^>]*><title>x ${x}, y ${y}\\n`).exec(svg);
  assert.ok(m, `no cell with title x ${x}, y ${y}`);
  const rgb = /rgb\((\d+), ?(\d+), ?(\d+)\)/.exec(m[1]);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(m[1]);
  assert.ok(hex, `unreadable colour ${m[1]}`);
  return [parseInt(hex[1], 16), parseInt(hex[2], 16), parseInt(hex[3], 16)];
}

test('velocity maps: receding (v > 0) is red, approaching (v < 0) is blue', () => {
  const fig = mapPlot({ values: [-200, 0, 200], nx: 3, ny: 1, label: 'v (km/s)', scheme: 'velocity' });
  const [r1, , b1] = cellFill(fig.svg, 2, 0);
  assert.ok(r1 > 2 * b1 + 20, `v = +200 should be reddish, got r ${r1} b ${b1}`);
  const [r0, , b0] = cellFill(fig.svg, 0, 0);
  assert.ok(b0 > 2 * r0 + 20, `v = −200 should be bluish, got r ${r0} b ${b0}`);
});

test('gradientPlot takes its axis titles from the calibration and the radius unit', () => {
  const base = { radiusKpc: [0.5, 1, 2], oh: [8.5, 8.45, 8.4] };
  const m13 = gradientPlot({ ...base, calibration: 'm13-o3n2', radiusUnit: 'R_e' });
  assert.match(m13.svg, /12 \+ log\(O\/H\), O3N2 \(M13\)/);
  assert.match(m13.svg, /deprojected radius \(R\/R_e\)/);
  assert.doesNotMatch(m13.svg, /PP04|\(kpc\)/);
  const pp04 = gradientPlot({ ...base, calibration: 'pp04-n2-cubic' });
  assert.match(pp04.svg, /12 \+ log\(O\/H\), N2 \(PP04 cubic\)/);
  assert.match(pp04.svg, /deprojected radius \(kpc\)/);
  assert.doesNotMatch(gradientPlot(base).svg, /PP04/, 'no calibration given: none named');
});

test('a broken injected profile is drawn with its break, not as a straight line', () => {
  const profile = { kind: 'broken' as const, centralOh: 8.5, innerGradientDexPerKpc: -0.074, breakRadiusKpc: 3.5, outerStartKpc: 5, outerGradientDexPerKpc: 0.03 };
  const fig = gradientPlot({ radiusKpc: [0.5, 5, 10], oh: [8.45, 8.25, 8.4], references: [{ label: 'injected', profile }] });
  const paths = [...fig.svg.matchAll(/<g stroke-dasharray="6,3"[^>]*><path[^>]*d="M([^"]+)"/g)].map((m) => m[1]);
  assert.equal(paths.length, 1);
  const vertices = paths[0].split(/[ML]/).filter(Boolean).map((p) => p.split(',').map(Number));
  assert.ok(vertices.length > 10, `a broken profile needs many vertices, got ${vertices.length}`);
  const ys = vertices.map((v) => v[1]);
  // SVG y grows downward: O/H falls then rises, so y has an interior maximum.
  const iMax = ys.indexOf(Math.max(...ys));
  assert.ok(iMax > 0 && iMax < ys.length - 1, 'the line does not turn at the break');
});

test('combineFigures wraps panels into rows no wider than maxWidthPx', () => {
  const panel = (n: number) => gradientPlot({ radiusKpc: [1, 2], oh: [8.5, 8.4], title: `p${n}` });
  const six = combineFigures([1, 2, 3, 4, 5, 6].map(panel));
  assert.ok(six.widthPx <= DEFAULT_MAX_FIGURE_WIDTH_PX, `width ${six.widthPx}`);
  assert.ok(six.heightPx > 2 * panel(0).heightPx, 'six 460-px panels take several rows');
  const narrow = combineFigures([1, 2, 3].map(panel), { maxWidthPx: 500 });
  assert.equal(narrow.widthPx, panel(0).widthPx);
  const wide = combineFigures([1, 2].map(panel), { maxWidthPx: 5000 });
  assert.equal(wide.widthPx, 2 * panel(0).widthPx + 10);
});

test('BPT and WHAN diagrams name their lines and regions', () => {
  const bpt = bptDiagramPlot({ n2: [-0.8], y: [0.1], classCode: [1] });
  for (const text of ['Kewley 2001', 'Kauffmann 2003', 'AGN', 'comp.', 'SF']) assert.match(bpt.svg, new RegExp(`>${text.replace(/[.()]/g, '\\$&')}[^<]*</text>`));
  const whan = whanDiagramPlot({ n2: [-0.8], y: [20], classCode: [1] });
  for (const text of ['SF', 'sAGN', 'wAGN', 'retired', 'passive']) assert.match(whan.svg, new RegExp(`>${text}</text>`));
});

test('a colour bar keeps its end tick labels whole (margins), and the histogram label stays inside the frame', () => {
  const fig = mapPlot({ values: [8.2, 8.8], nx: 2, ny: 1, label: '12+log(O/H)', domain: [8.2, 8.8] });
  const ramp = /<svg[^>]*class="[^"]*ramp"[^>]*>/.exec(fig.svg);
  assert.ok(ramp, 'no colour bar');
  assert.match(fig.svg, /<g[^>]*transform="translate\(14(\.5)?,0\)"[^>]*class="tick"/, 'the first tick sits 14 px in from the bar\'s left edge');
  const hist = gradientHistogramPlot({ gradientDexPerKpc: [-0.1, -0.02, 0, 0.005, 0.01], gradientErrDexPerKpc: [0.01, 0.01, 0.01, 0.01, 0.01] });
  assert.match(hist.svg, /<g[^>]*text-anchor="end"[^>]*>(?:(?!<\/g>)[\s\S])*median 1σ/, 'a label right of centre is anchored at its end');
});

test('hover titles: maps, diagrams and gradients carry <title> elements that survive the inline SVG', () => {
  const fig = mapPlot({ values: [1, 2, 3, 4], nx: 2, ny: 2, label: 'Hα flux', spaxelInfo: (s) => `class: SF (spaxel ${s})` });
  const inline = figureToInlineSvg(fig);
  assert.match(inline, /^<svg [^>]*max-width:100%/);
  const titles = [...inline.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1]);
  assert.equal(titles.length, 4);
  assert.ok(titles.includes('x 1, y 1\nHα flux = 4\nclass: SF (spaxel 3)'), titles.join(' | '));
  const combined = figureToInlineSvg(combineFigures([fig, bptDiagramPlot({ n2: [NaN, -0.5, -0.8, NaN], y: [0, 0.2, 0.1, 0], classCode: [0, 1, 1, 0], nx: 2 })]));
  assert.match(combined, /<title>spaxel x 1, y 0\nStar-forming\nlog \[N II\]\/Hα = -0\.500/);
  const html = figureToInlineHtml({ ...fig, title: 'a <map>' });
  assert.match(html, /^<div class="msa3d-figure" role="img" aria-label="a &lt;map&gt;"><svg /);
  assert.equal((html.match(/<title>/g) ?? []).length, 4, 'the HTML output keeps every title');
  // With the PNG: an <img> that survives Notebook 6's sanitizer of untrusted HTML (it drops <svg> and <script>), and
  // the SVG with its titles in a script that swaps it in where scripts run.
  const withPng = figureToInlineHtml({ ...fig, title: 'a <map>' }, figureToPng(fig));
  const sanitized = withPng.replace(/<svg[\s\S]*?<\/svg>/g, '').replace(/<script[\s\S]*?<\/script>/g, '');
  assert.match(sanitized, /<img src="data:image\/png;base64,iVBORw0KGgo/);
  assert.equal((withPng.match(/<title>/g) ?? []).length, 4, 'the SVG with every title rides along for the swap');
  assert.match(withPng, /<script type="image\/svg\+xml" id="(msa3d-figure-[0-9-]+)-svg"><svg /);
  const g = gradientPlot({ radiusKpc: [1, 2], oh: [8.5, 8.4], nx: 2 });
  assert.match(g.svg, /<title>spaxel x 1, y 0\nR = 2\.00 kpc\n12\+log\(O\/H\) = 8\.400<\/title>/);
});

test('Voronoi bin maps give each spaxel its bin (and the bin value) on hover', () => {
  const fig = voronoiBinMapPlot({ binIndex: [0, 1, -1, 1], nx: 2, ny: 2, binValues: [8.4, 8.6], label: '12+log(O/H)' });
  const titles = [...fig.svg.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1]);
  assert.deepEqual(titles.sort(), ['x 0, y 0\nbin 0\n12+log(O/H) = 8.4', 'x 1, y 0\nbin 1\n12+log(O/H) = 8.6', 'x 1, y 1\nbin 1\n12+log(O/H) = 8.6']);
});

test('in a notebook, figure() sends one bundle: HTML holding the SVG with its titles, and the PNG', async () => {
  const { createRequire } = await import('node:module');
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const { startReproduction } = await import('../kernel-lib/src/report/recorder');
  // What tslab's kernel sets once a cell runs; the display functions send through it.
  const jupyter = createRequire(__filename)('tslab/dist/jupyter') as { lastWriteDisplayData: unknown };
  const sent: Array<{ data: Record<string, string> }> = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msa3d-plot-'));
  const before = process.env.MSA3D_OUT_DIR;
  process.env.MSA3D_OUT_DIR = dir;
  jupyter.lastWriteDisplayData = (message: { data: Record<string, string> }) => { sent.push(message); };
  try {
    startReproduction('95-hover').figure(mapPlot({ values: [1, 2], nx: 2, ny: 1, label: 'Hα flux', title: 'hover' }), 'hover');
  } finally {
    jupyter.lastWriteDisplayData = null;
    if (before === undefined) delete process.env.MSA3D_OUT_DIR;
    else process.env.MSA3D_OUT_DIR = before;
  }
  assert.equal(sent.length, 1);
  const { data } = sent[0];
  assert.deepEqual(Object.keys(data).sort(), ['text/html', 'text/plain']);
  assert.match(data['text/html'], /<svg [\s\S]*<title>x 1, y 0\nHα flux = 2<\/title>/);
  const png = /<img src="data:image\/png;base64,([^"]+)"/.exec(data['text/html']);
  assert.ok(png, 'the HTML carries the PNG for where its script cannot run');
  assert.equal(Buffer.from(png[1], 'base64').subarray(1, 4).toString(), 'PNG');
  assert.ok(fs.existsSync(path.join(dir, 'figures', '95-hover', 'hover.png')), 'the PNG file for the report is still written');
});

test('publishedRatioPlot: one panel per line, every finite point with its hover title, selected or not', () => {
  const rows = [
    { id: 1, line: 'Hα', ratio: 0.9, publishedSnr: 50, selected: true },
    { id: 2, line: 'Hα', ratio: 1.1, publishedSnr: 5, selected: false },
    { id: 1, line: 'Hβ', ratio: 0.8, publishedSnr: 20, selected: true },
    { id: 2, line: 'Hβ', ratio: NaN, publishedSnr: 3, selected: false },
  ];
  const fig = publishedRatioPlot({ rows, targets: { 'Hα': 0.05, 'Hβ': 0.1 }, title: 'test' });
  assert.equal((fig.svg.match(/<title>bin /g) ?? []).length, 3);
  assert.match(fig.svg, /bin 2, Hα: ratio 1\.100, published S\/N 5\.0 \(not selected\)/);
  assert.match(fig.svg, />Hβ</);
});

test('null distribution plot: one dot per finite simulation, the observed value as a labelled rule', () => {
  const fig = nullDistributionPlot({
    nulls: [{ label: 'independent', values: [1, 2, NaN] }, { label: 'correlated', values: [5, 9] }],
    observed: 7.5, label: 'χ²_az', title: 'nulls',
  });
  assert.equal((fig.svg.match(/<circle/g) ?? []).length, 4);
  assert.match(fig.svg, />observed 7\.50</);
  assert.match(fig.svg, />correlated</);
});
