// spaxelExplorer: the embedded data (which spaxels, their spectra and models as spectrumModel draws them, the bound,
// the size) in Node; then the HTML in headless Chromium (test/helpers/chromium.ts): a spaxel clicked through the
// DevTools protocol draws its spectrum and fit, two explorers on one page do not clash, and without script the map
// stays a static image with a note. The browser part skips with a reason where Chromium is absent.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { presetFor, simulateCube, simulatedCubeToCube } from '../kernel-lib/src/simulate/index';
import { fitCube, fitSpaxel, type CubeFit } from '../kernel-lib/src/linemaps/index';
import { spectrumModel } from '../kernel-lib/src/spectra/index';
import { spaxelExplorer, SPAXEL_EXPLORER_MAX_SPAXELS, type SpaxelExplorer } from '../kernel-lib/src/plot/index';
import type { Cube } from '../kernel-lib/src/io/index';
import { findChromium, launchChromium, type Browser } from './helpers/chromium';

// A small simulated cube: ID8365 (23 × 38 spaxels, 3617 channels), fitted in this thread.
let cube: Cube;
let fit: CubeFit;
let explorer: SpaxelExplorer;
before(async () => {
  cube = simulatedCubeToCube(simulateCube(presetFor('ID8365').params, { seed: 3 }));
  fit = await fitCube(cube, { workers: 0, progress: 'none' });
  explorer = spaxelExplorer(fit, cube, { title: 'test explorer' });
});

test('the explorer embeds one spectrum per selected spaxel, each with a clickable map cell', () => {
  assert.ok(fit.selection.count > 5, `the test cube has ${fit.selection.count} selected spaxels`);
  assert.equal(explorer.mapSpaxels, fit.selection.count);
  assert.equal(explorer.clickableSpaxels, fit.selection.count);
  assert.deepEqual(explorer.data.spaxels.map((p) => p.s), [...fit.selected.keys()].filter((s) => fit.selected[s]));
  const cells = [...explorer.html.matchAll(/<rect data-spaxel="(\d+)"/g)].map((m) => Number(m[1]));
  assert.deepEqual(cells.sort((a, b) => a - b), explorer.data.spaxels.map((p) => p.s));
  assert.deepEqual(explorer.data.windows.map((w) => w.name), ['hb-oiii', 'ha-nii-sii']);
  const ref = explorer.data.spaxels.reduce((a, b) => (fit.maps.ha_snr[b.s] > fit.maps.ha_snr[a.s] ? b : a));
  assert.equal(explorer.data.initial, ref.s, 'the spaxel shown first is the highest S/N(Hα)');
  assert.match(explorer.html, /Static view \(the script of this output did not run\)/);
  assert.match(explorer.html, /<img src="data:image\/png;base64,[A-Za-z0-9+/=]{1000,}"/);
  assert.ok(explorer.bytes < 10_000 * explorer.clickableSpaxels + 50_000, `${explorer.bytes} bytes for ${explorer.clickableSpaxels} spaxels`);
});

test("embedded flux and model equal the spaxel's spectrum and spectrumModel of its fit (to the quantization)", () => {
  for (const p of [explorer.data.spaxels[0], explorer.data.spaxels.find((q) => q.s === explorer.data.initial)!]) {
    const { spectrum, fit: one } = fitSpaxel(cube, p.x, p.y);
    const model = spectrumModel(spectrum.wavelengthAngstrom, one);
    let compared = 0;
    explorer.data.windows.forEach((w, win) => {
      const start = spectrum.wavelengthAngstrom.findIndex((lam) => Math.abs(lam / 1e4 - w.um[0]) < 1e-6);
      assert.ok(start > 0, `window ${w.name} found on the grid`);
      for (const i of [0, 37, Math.floor(w.um.length / 2), w.um.length - 1]) {
        assert.ok(Math.abs(p.m[win]![i]! * p.k - model[start + i]) <= 0.5 * p.k * (1 + 1e-9), `model at ${w.name}[${i}]`);
        assert.ok(Math.abs(p.f[win]![i]! * p.k - spectrum.flux[start + i]) <= 0.5 * p.k * (1 + 1e-9), `flux at ${w.name}[${i}]`);
        assert.ok(Math.abs(p.e[win]![i]! * p.k - spectrum.error![start + i]) <= 0.5 * p.k * (1 + 1e-9), `error at ${w.name}[${i}]`);
        compared++;
      }
    });
    assert.equal(compared, 8);
    assert.match(p.t[0], new RegExp(`^spaxel \\(${p.x}, ${p.y}\\) · `));
    assert.ok(p.t.some((line) => /^Hα: [\d.]+ ± [\d.]+ \(S\/N [\d.]+\)$/.test(line)), p.t.join(' | '));
  }
});

test('the bound: the highest-S/N spaxels carry spectra; more than the cap, or other fit options, are refused', () => {
  const few = spaxelExplorer(fit, cube, { maxSpaxels: 5 });
  assert.equal(few.clickableSpaxels, 5);
  assert.equal(few.mapSpaxels, fit.selection.count);
  const snr = fit.maps.ha_snr;
  const fifth = few.data.spaxels.map((p) => snr[p.s]).sort((a, b) => b - a)[4];
  assert.equal([...fit.selected.keys()].filter((s) => fit.selected[s] && snr[s] > fifth).length, 4);
  assert.notEqual(few.id, explorer.id, 'each explorer gets its own element ids');
  assert.throws(() => spaxelExplorer(fit, cube, { maxSpaxels: SPAXEL_EXPLORER_MAX_SPAXELS + 1 }), /options\.maxSpaxels/);
  assert.throws(() => spaxelExplorer(fit, cube, { maxSpaxels: 3, fit: { redshift: cube.redshift! + 0.002 } }), /pass the options given to fitCube/);
});

// ---- in Chromium ----

const chromium = findChromium();
let browser: Browser | null = null;
let browserError = '';
after(async () => { await browser?.close(); });

async function browserOrReason(): Promise<Browser | string> {
  if (!chromium) return 'no Chromium (apt-get install chromium)';
  if (!browser && !browserError) {
    try {
      browser = await launchChromium(chromium);
    } catch (e) {
      browserError = (e as Error).message.split('\n')[0];
    }
  }
  return browser ?? `Chromium cannot start: ${browserError}`;
}

function writePage(html: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msa3d-explorer-'));
  const file = path.join(dir, 'page.html');
  fs.writeFileSync(file, `<!doctype html><html><head><meta charset="utf-8"></head><body>${html}</body></html>`);
  return file;
}

test('in Chromium: clicking a spaxel draws its spectrum and model; two explorers on a page do not clash', { timeout: 120_000 }, async (t) => {
  const b = await browserOrReason();
  if (typeof b === 'string') return t.skip(b);
  const first = spaxelExplorer(fit, cube, { maxSpaxels: 8 });
  const second = spaxelExplorer(fit, cube, { maxSpaxels: 8 });
  const target = second.data.spaxels.find((p) => p.s !== second.data.initial)!;
  const file = writePage(first.html + second.html);
  const page = await b.newPage(1000, 3000);
  try {
    await page.goto('file://' + file);
    const live = await page.evaluate<boolean>(`new Promise((done) => { let n = 0; const poll = () => {
      if (document.querySelectorAll('.msa3d-explorer[data-live]').length === 2) done(true);
      else if (n++ > 100) done(false); else setTimeout(poll, 50); }; poll(); })`);
    assert.ok(live, 'both explorers started');
    const maps = await page.evaluate<number[]>(`[...document.querySelectorAll('.msa3d-explorer .msa3d-figure')]
      .map((f) => f.querySelectorAll('img').length * 100 + f.querySelectorAll('rect title').length)`);
    assert.deepEqual(maps, [fit.selection.count, fit.selection.count], 'the script put the SVG map (hover titles) in place of the PNG');
    const infoOf = (id: string) => page.evaluate<string>(`document.querySelector('#${id} .msa3d-explorer-info').textContent`);
    const initial = second.data.spaxels.find((p) => p.s === second.data.initial)!;
    assert.match(await infoOf(second.id), new RegExp(`^spaxel \\(${initial.x}, ${initial.y}\\)`), 'the highest-S/N spaxel is drawn first');
    const firstInfo = await infoOf(first.id);

    // a real mouse click at the centre of the target's map cell
    const box = await page.evaluate<{ x: number; y: number; w: number }>(`(() => {
      const r = document.querySelector('#${second.id} rect[data-spaxel="${target.s}"]');
      r.scrollIntoView({ block: 'center' });
      const b = r.getBoundingClientRect();
      return { x: b.left + b.width / 2, y: b.top + b.height / 2, w: b.width };
    })()`);
    assert.ok(box.w > 3, `the map cell is ${box.w} px wide`);
    for (const type of ['mouseMoved', 'mousePressed', 'mouseReleased']) {
      await page.send('Input.dispatchMouseEvent', { type, x: box.x, y: box.y, button: 'left', clickCount: 1 });
    }
    const panel = await page.evaluate<{ info: string; obs: number[]; model: number[]; err: number; width: number }>(`(() => {
      const root = document.getElementById('${second.id}');
      const points = (cls) => [...root.querySelectorAll('.msa3d-explorer-panel path.' + cls)]
        .map((p) => (p.getAttribute('d').match(/[ML]/g) || []).length);
      return { info: root.querySelector('.msa3d-explorer-info').textContent, obs: points('msa3d-explorer-obs'),
        model: points('msa3d-explorer-model'), err: root.querySelectorAll('.msa3d-explorer-err').length,
        width: root.querySelector('.msa3d-explorer-panel svg').getBoundingClientRect().width };
    })()`);
    assert.match(panel.info, new RegExp(`^spaxel \\(${target.x}, ${target.y}\\) · `), panel.info.split('\n')[0]);
    assert.match(panel.info, /Hα: /);
    assert.deepEqual(panel.obs, second.data.windows.map((w) => w.um.length), 'one observed point per channel of each window');
    assert.equal(panel.model.length, 2);
    assert.ok(panel.model.every((n) => n > 100), `model paths: ${panel.model}`);
    assert.equal(panel.err, 2, 'an error band per window');
    assert.ok(panel.width > 300, `panel ${panel.width} px wide`);
    assert.equal(await infoOf(first.id), firstInfo, 'the other explorer did not change');
  } finally {
    await page.close();
  }
});

test('in Chromium without script: the map as an image and the note that says so', { timeout: 60_000 }, async (t) => {
  const b = await browserOrReason();
  if (typeof b === 'string') return t.skip(b);
  const file = writePage(spaxelExplorer(fit, cube, { maxSpaxels: 4 }).html);
  const page = await b.newPage(1000, 1500);
  try {
    await page.send('Emulation.setScriptExecutionDisabled', { value: true });
    await page.goto('file://' + file);
    const view = await page.evaluate<{ note: string; svgs: number; width: number; natural: number }>(`(() => {
      const img = document.querySelector('.msa3d-figure img');
      return { note: document.querySelector('.msa3d-explorer-note').textContent,
        svgs: document.querySelectorAll('svg').length,
        width: img ? img.getBoundingClientRect().width : 0, natural: img ? img.naturalWidth : 0 };
    })()`);
    assert.match(view.note, /^Static view \(the script of this output did not run\)/);
    assert.equal(view.svgs, 0, 'no SVG without the script');
    assert.ok(view.width > 100 && view.natural > 100, `the map image: ${view.width} px shown, ${view.natural} px decoded`);
  } finally {
    await page.close();
  }
});
