// The spaxel explorer: a cube fit's map where clicking a spaxel draws its observed spectrum, error and fitted model
// (Ju et al., MSA-3D §2.2: the fitted windows only) with its line fluxes, S/N and class — one self-contained HTML output.
//
// The map is an inline figure like every other (render.ts figureToInlineHtml): a PNG that its script swaps for the
// SVG with hover titles (position, flux, S/N, class) where scripts run — Jupyter Notebook 6 drops <svg> from an
// untrusted notebook's HTML, and the PNG survives. Here the SVG's cells also carry data-spaxel, and a second inline
// script (no library, no network) draws a clicked spaxel's spectrum from the JSON beside the map. Without script:
// the static PNG map and a note saying so.
//
// Data size: each spaxel carries its flux, error and model over the fitted windows (≈ 640 channels for NIRSpec G140H
// at the paper's two windows), as integers in units of 1/1000 of that spaxel's peak (|flux| or model): plenty for a
// panel 200 px tall, ≈ 7 kB per spaxel. At most `maxSpaxels` spaxels carry spectra (default 400, never more than
// SPAXEL_EXPLORER_MAX_SPAXELS = 2000); beyond it the ones with the highest S/N of the selection line are kept.
import type { Cube } from '../io/cube';
import type { CubeFit, FitCubeOptions } from '../linemaps/fit-cube';
import { spaxelFitter } from '../linemaps/fit-spaxel';
import { spectrumModel } from '../spectra/spectrum-model';
import { lineMeasurementsFromCubeFit } from '../classify/line-measurements';
import { classifyMaps } from '../classify/classify-spaxel';
import { SPAXEL_CLASS_LABELS, spaxelClassName } from '../classify/class-codes';
import { InputError } from '../errors/input-error';
import { checkInteger } from '../errors/check-options';
import { escapeMarkup } from '../escape-markup';
import { formatHoverValue, mapPlot } from './map-plot';
import { figureToInlineHtml, figureToInlineSvg, figureToPng, type Figure } from './render';

/** The most spaxels an explorer embeds spectra for (≈ 14 MB of HTML at NIRSpec sampling): a notebook stays usable. */
export const SPAXEL_EXPLORER_MAX_SPAXELS = 2000;

/** The static map's PNG scale (1.5 × CSS pixels): sharp enough, ≈ 35 kB for a 23 × 38 map. */
const PNG_SCALE = 1.5;

/** Quantization of the embedded spectra: integers in units of (spaxel peak) / SPECTRUM_LEVELS. */
const SPECTRUM_LEVELS = 1000;

export interface SpaxelExplorerOptions {
  /** The options given to fitCube (redshift, windows, instrument, medium…): the spaxels are refitted with them. */
  fit?: FitCubeOptions;
  /** Spaxels drawn on the map and clickable (default the fit's selection, `fit.selected`). */
  mask?: ArrayLike<number>;
  /** Map quantity (default `${selection line}_flux`, e.g. Hα flux). */
  quantity?: string;
  /** Its label on the colour bar (default the quantity and the fit's flux unit). */
  label?: string;
  /** Spaxel class codes (classifyMaps(…).classCode); default: classified here from the fit's line maps. */
  classCode?: ArrayLike<number>;
  /** Spaxels that carry spectra, at most (default 400, ≤ 2000): the highest S/N of the selection line first. */
  maxSpaxels?: number;
  title?: string;
  /** Map pixel size, CSS px (default 12). */
  cellPx?: number;
  /** Element id prefix (default a new `msa3d-explorer-N` per call, so explorers in one notebook never clash). */
  id?: string;
}

/** One spaxel's embedded data: spectra per fitted window (integers × k), the text shown beside the panel. */
export interface ExplorerSpaxel {
  /** Spaxel index y·nx + x. */
  s: number;
  x: number;
  y: number;
  /** Scale: value = integer × k (flux-density unit). */
  k: number;
  /** Observed flux, its 1σ error and the fitted model per window (null: window not fitted / masked channel). */
  f: Array<Array<number | null> | null>;
  e: Array<Array<number | null> | null>;
  m: Array<Array<number | null> | null>;
  /** Lines of text: the spaxel, its class, each line's flux ± error and S/N, the kinematics. */
  t: string[];
}

/** Everything the script reads. */
export interface ExplorerData {
  unit: string;
  /** Each fitted window: its name and its channels' observed wavelengths, µm (5 decimals). */
  windows: Array<{ name: string; um: number[] }>;
  spaxels: ExplorerSpaxel[];
  /** Spaxel drawn first (the highest S/N). */
  initial: number;
}

export interface SpaxelExplorer {
  /** The self-contained HTML (map SVG, JSON, script): for showHtml / a text/html output. */
  html: string;
  /** The map as a figure (its SVG is what the script shows; its PNG is in the HTML for when no script runs). */
  map: Figure;
  data: ExplorerData;
  /** Spaxels drawn on the map, and how many of them carry spectra. */
  mapSpaxels: number;
  clickableSpaxels: number;
  /** Size of `html` in bytes (UTF-8). */
  bytes: number;
  id: string;
}

let explorerCount = 0;

/** A number rounded to `digits` significant digits (as a number, for compact JSON). */
function sig(v: number, digits: number): number {
  return Number(v.toPrecision(digits));
}

/**
 * The spaxel explorer of a cube fit: the map (default Hα flux of the selected spaxels, hover titles with fluxes, S/N,
 * class) and a panel where clicking a spaxel draws its spectrum, ±1σ error and fitted model around the fitted windows.
 * The spaxels are refitted with `options.fit` (the fitCube options) exactly as fitCube fits them; a refit that does not
 * reproduce the cube fit's flux throws (the options differ).
 */
export function spaxelExplorer(fit: CubeFit, cube: Cube, options: SpaxelExplorerOptions = {}): SpaxelExplorer {
  const where = 'spaxelExplorer';
  if (cube.nx !== fit.nx || cube.ny !== fit.ny) {
    throw new InputError('inconsistent', where, `the cube is ${cube.nx} × ${cube.ny} spaxels, the fit ${fit.nx} × ${fit.ny}`);
  }
  const maxSpaxels = checkInteger(where, 'options.maxSpaxels', options.maxSpaxels ?? 400, { min: 1, max: SPAXEL_EXPLORER_MAX_SPAXELS });
  const nSpaxels = fit.nx * fit.ny;
  const mask = options.mask ?? fit.selected;
  if (mask.length !== nSpaxels) throw new InputError('inconsistent', where, `options.mask has ${mask.length} spaxels, the fit ${nSpaxels}`);
  const refLine = fit.selection.line;
  const quantity = options.quantity ?? `${refLine}_flux`;
  const values = fit.maps[quantity];
  if (!values) throw new InputError('not-one-of', where, `no map '${quantity}'; available: ${fit.quantities.join(', ')}`);
  const snr = fit.maps[`${refLine}_snr`] ?? new Float64Array(nSpaxels).fill(NaN);
  const classCode = options.classCode ?? classifyMaps(lineMeasurementsFromCubeFit(fit)).classCode;
  const className = (s: number) => {
    const name = Number.isFinite(classCode[s]) ? spaxelClassName(classCode[s]) : null;
    return name ? SPAXEL_CLASS_LABELS[name] : 'unclassified';
  };
  const id = options.id ?? `msa3d-explorer-${++explorerCount}`;
  if (!/^[A-Za-z][\w-]*$/.test(id)) throw new InputError('bad-type', where, `options.id '${id}' must be a plain element id`);

  // the spaxels on the map, and those that carry spectra (highest S/N first when there are too many)
  const onMap: number[] = [];
  for (let s = 0; s < nSpaxels; s++) if (mask[s] && Number.isFinite(values[s])) onMap.push(s);
  const bySnr = onMap.slice().sort((a, b) => (Number.isFinite(snr[b]) ? snr[b] : -Infinity) - (Number.isFinite(snr[a]) ? snr[a] : -Infinity) || a - b);
  const clickable = new Set(bySnr.slice(0, maxSpaxels));

  // refit them and embed their spectra over the fitted windows
  const refit = spaxelFitter(cube, options.fit ?? {});
  const lam = cube.wavelengthAngstrom;
  let windowPixels: Array<{ name: string; start: number; end: number }> | null = null;
  const spaxels: ExplorerSpaxel[] = [];
  const model = new Float64Array(cube.nWave);
  for (const s of onMap) {
    if (!clickable.has(s)) continue;
    const x = s % fit.nx;
    const y = Math.floor(s / fit.nx);
    const { spectrum, fit: one } = refit(x, y);
    const stored = fit.maps[`${refLine}_flux`]?.[s];
    const again = one.lines[refLine]?.flux;
    if (stored !== undefined && !(Object.is(stored, again) || Math.abs(again - stored) <= 1e-6 * Math.abs(stored))) {
      throw new InputError('inconsistent', where, `spaxel (${x}, ${y}): the refit ${refLine} flux ${again} is not the cube fit's ${stored}; pass the options given to fitCube as options.fit`);
    }
    windowPixels ??= one.windows.map((w) => {
      let start = 0;
      while (start < lam.length && lam[start] < w.observedRangeAngstrom[0]) start++;
      let end = start;
      while (end < lam.length && lam[end] <= w.observedRangeAngstrom[1]) end++;
      return { name: w.name, start, end };
    });
    spectrumModel(lam, one, model);
    let peak = 0;
    for (const { start, end } of windowPixels) {
      for (let k = start; k < end; k++) {
        if (Number.isFinite(spectrum.flux[k])) peak = Math.max(peak, Math.abs(spectrum.flux[k]));
        if (Number.isFinite(model[k])) peak = Math.max(peak, Math.abs(model[k]));
      }
    }
    const scale = sig(peak > 0 ? peak / SPECTRUM_LEVELS : 1, 6);
    const q = (v: number) => (Number.isFinite(v) ? Math.round(v / scale) : null);
    const slice = (arr: ArrayLike<number> | null, w: number) => {
      const { start, end } = windowPixels![w];
      if (!arr || !one.windows[w].fitted) return null;
      return Array.from({ length: end - start }, (_, i) => q(arr[start + i]));
    };
    const lines = Object.values(one.lines).filter((l) => l.fitted).map((l) =>
      `${l.label}: ${formatHoverValue(l.flux)} ± ${formatHoverValue(l.fluxErrResidual)} (S/N ${formatHoverValue(l.snr)})`);
    const k = one.kinematics;
    spaxels.push({
      s, x, y, k: scale,
      f: windowPixels.map((_, w) => slice(spectrum.flux, w)),
      e: windowPixels.map((_, w) => slice(spectrum.error, w)),
      m: windowPixels.map((_, w) => slice(model, w)),
      t: [
        `spaxel (${x}, ${y}) · ${className(s)}`,
        `fluxes (${fit.fluxUnit} per spaxel):`,
        ...lines,
        `v = ${formatHoverValue(k.velocityKms)} km/s, σ = ${formatHoverValue(k.sigmaKms)} km/s, χ²_red = ${formatHoverValue(one.reducedChiSquare)}`,
      ],
    });
  }
  const data: ExplorerData = {
    unit: `${fit.fluxUnit.replace(/ s-1 cm-2$/, '/s/cm²')}/Å`,
    windows: (windowPixels ?? []).map(({ name, start, end }) => ({ name, um: Array.from({ length: end - start }, (_, i) => sig(lam[start + i] / 1e4, 7)) })),
    spaxels,
    initial: bySnr.find((s) => clickable.has(s)) ?? -1,
  };

  // the map, its clickable cells marked with their spaxel index
  const label = options.label ?? `${quantity} (${fit.fluxUnit})`;
  const map = mapPlot({
    values, nx: fit.nx, ny: fit.ny, mask, label, title: options.title, cellPx: options.cellPx,
    spaxelInfo: (s) => `S/N(${refLine}) = ${formatHoverValue(snr[s])}\n${className(s)}${clickable.has(s) ? '\nclick: spectrum and fit' : ''}`,
  });
  const svg = figureToInlineSvg(map).replace(/<rect ([^>]*)><title>x (\d+), y (\d+)\n/g, (all, attrs: string, xs: string, ys: string) => {
    const s = Number(ys) * fit.nx + Number(xs);
    return clickable.has(s) ? `<rect data-spaxel="${s}" style="cursor:pointer" ${attrs}><title>x ${xs}, y ${ys}\n` : all;
  });
  const note =
    `Static view (the script of this output did not run): the map as an image. Run the cell, or trust the notebook ` +
    `(File ▸ Trust Notebook) and reload it, to hover a spaxel for its values and click it for its spectrum and fit.`;
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  const png = figureToPng(map, PNG_SCALE);
  const html =
    `<div id="${id}" class="msa3d-explorer" style="font-family:'DejaVu Sans',sans-serif;font-size:12px">` +
    figureToInlineHtml({ ...map, title: options.title ?? label }, png, { svg, id: `${id}-map` }) +
    `<p class="msa3d-explorer-note" style="color:#555;margin:4px 0">${escapeMarkup(note)} ` +
    `${spaxels.length} of ${onMap.length} spaxels carry spectra.</p>` +
    `<div class="msa3d-explorer-panel"></div><pre class="msa3d-explorer-info" style="margin:4px 0"></pre>` +
    `<script type="application/json" id="${id}-data">${json}</script>` +
    `<script>${EXPLORER_SCRIPT.replace('__ID__', id)}</script></div>`;
  return { html, map, data, mapSpaxels: onMap.length, clickableSpaxels: spaxels.length, bytes: Buffer.byteLength(html, 'utf8'), id };
}

/**
 * The inline script (ES5, no library). It waits for its element (Jupyter runs an output's scripts before attaching it),
 * waits for the map's own script to swap in the SVG, marks the note as live, wires a click on every `rect[data-spaxel]` and draws the spaxel's windows side by side:
 * the ±1σ band (grey), the observed flux (black) and the model (red), on one flux scale.
 */
const EXPLORER_SCRIPT = `(function () {
  var ID = '__ID__', tries = 0, NS = 'http://www.w3.org/2000/svg';
  function el(tag, attrs, parent) {
    var e = document.createElementNS(NS, tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }
  function init() {
    var root = document.getElementById(ID), dataEl = document.getElementById(ID + '-data');
    // the map's own script (figureToInlineHtml) swaps its PNG for the SVG; wait for it
    if (!root || !dataEl || !root.querySelector('.msa3d-figure svg')) { if (tries++ < 200) setTimeout(init, 50); return; }
    if (root.getAttribute('data-live')) return;
    root.setAttribute('data-live', '1');
    var D = JSON.parse(dataEl.textContent), byS = {};
    D.spaxels.forEach(function (p) { byS[p.s] = p; });
    var panel = root.querySelector('.msa3d-explorer-panel'), info = root.querySelector('.msa3d-explorer-info');
    root.querySelector('.msa3d-explorer-note').textContent = 'Click a spaxel on the map: its spectrum (black, grey band = ±1σ)'
      + ' and fitted model (red) over the fitted windows appear below. ' + D.spaxels.length + ' spaxels carry spectra.';
    var chosen = null;
    function draw(p) {
      var W = 760, H = 240, L = 62, R = 10, T = 12, B = 40, gap = 40, nw = D.windows.length;
      var pw = (W - L - R - gap * (nw - 1)) / nw, ph = H - T - B, lo = 0, hi = 0;
      for (var w = 0; w < nw; w++) {
        var f = p.f[w] || [], e = p.e[w] || [], m = p.m[w] || [];
        for (var i = 0; i < f.length; i++) {
          if (f[i] !== null) { lo = Math.min(lo, f[i] - (e[i] || 0)); hi = Math.max(hi, f[i] + (e[i] || 0)); }
          if (m[i] !== null && m[i] !== undefined) { lo = Math.min(lo, m[i]); hi = Math.max(hi, m[i]); }
        }
      }
      if (!(hi > lo)) hi = lo + 1;
      var Y = function (v) { return (T + ph * (hi - v) / (hi - lo)).toFixed(1); };
      var svg = el('svg', { width: W, height: H, viewBox: '0 0 ' + W + ' ' + H, 'font-size': 10,
        'font-family': 'DejaVu Sans, sans-serif', style: 'max-width:100%;height:auto;background:white' });
      var ylab = el('text', { x: 12, y: T + ph / 2, 'text-anchor': 'middle', transform: 'rotate(-90 12 ' + (T + ph / 2) + ')' }, svg);
      ylab.textContent = 'F_λ (' + D.unit + ')';
      [lo, 0, hi].forEach(function (v) {
        if (v !== 0 && Math.abs(v) < 0.08 * (hi - lo)) return;
        var t = el('text', { x: L - 4, y: +Y(v) + 3, 'text-anchor': 'end' }, svg);
        t.textContent = +(v * p.k).toPrecision(3);
      });
      for (w = 0; w < nw; w++) {
        var um = D.windows[w].um, x0 = L + w * (pw + gap), n = um.length;
        var X = function (i) { return (x0 + pw * (um[i] - um[0]) / (um[n - 1] - um[0])).toFixed(1); };
        el('rect', { x: x0, y: T, width: pw, height: ph, fill: 'none', stroke: '#ccc' }, svg);
        el('line', { x1: x0, x2: x0 + pw, y1: Y(0), y2: Y(0), stroke: '#ddd' }, svg);
        [0, n - 1].forEach(function (i) {
          var t = el('text', { x: X(i), y: T + ph + 13, 'text-anchor': i ? 'end' : 'start' }, svg);
          t.textContent = um[i].toFixed(3);
        });
        var cap = el('text', { x: x0 + pw / 2, y: T + ph + 28, 'text-anchor': 'middle' }, svg);
        cap.textContent = D.windows[w].name + ' window, observed λ (µm)';
        f = p.f[w]; e = p.e[w]; m = p.m[w];
        if (!f) { var nf = el('text', { x: x0 + pw / 2, y: T + ph / 2, 'text-anchor': 'middle' }, svg); nf.textContent = 'not fitted'; continue; }
        if (e) {
          var up = [], dn = [];
          for (i = 0; i < n; i++) if (f[i] !== null && e[i] !== null) { up.push(X(i) + ',' + Y(f[i] + e[i])); dn.unshift(X(i) + ',' + Y(f[i] - e[i])); }
          if (up.length) el('polygon', { 'class': 'msa3d-explorer-err', points: up.concat(dn).join(' '), fill: '#999', 'fill-opacity': 0.3 }, svg);
        }
        var line = function (a, cls, colour, width) {
          var d = '', pen = 'M';
          for (var j = 0; j < n; j++) {
            if (a[j] === null) { pen = 'M'; continue; }
            d += pen + X(j) + ',' + Y(a[j]); pen = 'L';
          }
          if (d) el('path', { 'class': cls, d: d, fill: 'none', stroke: colour, 'stroke-width': width }, svg);
        };
        line(f, 'msa3d-explorer-obs', 'black', 0.8);
        if (m) line(m, 'msa3d-explorer-model', '#d62728', 1.5);
      }
      panel.textContent = '';
      panel.appendChild(svg);
      info.textContent = p.t.join('\\n');
    }
    function select(rect) {
      var p = byS[rect.getAttribute('data-spaxel')];
      if (!p) return;
      if (chosen) { chosen.removeAttribute('stroke'); chosen.removeAttribute('stroke-width'); }
      chosen = rect;
      rect.setAttribute('stroke', '#d62728');
      rect.setAttribute('stroke-width', 2);
      draw(p);
    }
    var rects = root.querySelectorAll('rect[data-spaxel]');
    for (var r = 0; r < rects.length; r++) {
      rects[r].addEventListener('click', function (ev) { select(ev.currentTarget); });
      if (+rects[r].getAttribute('data-spaxel') === D.initial) select(rects[r]);
    }
  }
  init();
})();`;
