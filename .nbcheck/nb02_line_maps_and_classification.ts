import {
  listPresets, recoverPresetGradient, cubeFitMap, lineMeasurementsFromCubeFit, classifyMaps, compareClassifications,
  mapPlot, classMapPlot, bptDiagramPlot, whanDiagramPlot, combineFigures, startReproduction,
  showTable, showMarkdown, rowsToFrame, spaxelClassName,
} from "kernel-lib";

const repro = startReproduction("02-line-maps-and-classification");
const SEED = 1; // noise seed of every simulated cube
const a8365 = await recoverPresetGradient("ID8365", { seed: SEED });
const mapsOf = (a: typeof a8365.analysis, name: string) => combineFigures([
  mapPlot({ values: cubeFitMap(a.fit, "ha_flux"), nx: a.fit.nx, ny: a.fit.ny, mask: a.fit.selected, label: "Hα flux (1e-20 erg/s/cm²)", title: "Hα flux" }),
  mapPlot({ values: cubeFitMap(a.fit, "velocity"), nx: a.fit.nx, ny: a.fit.ny, mask: a.fit.selected, label: "velocity (km/s)", scheme: "rdbu", symmetric: true, title: "velocity" }),
  mapPlot({ values: cubeFitMap(a.fit, "sigma"), nx: a.fit.nx, ny: a.fit.ny, mask: a.fit.selected, label: "σ intrinsic (km/s)", scheme: "magma", title: "dispersion" }),
], { title: `${name} (simulated): Hα maps` });
repro.figure(mapsOf(a8365.analysis, "ID8365"), "id8365-ha-maps");
const classPanels = (a: typeof a8365.analysis, name: string) => {
  const c = a.classification;
  const diagram = a.diagnostic === "bpt"
    ? bptDiagramPlot({ n2: c.n2, y: c.o3, classCode: c.classCode, title: "BPT" })
    : whanDiagramPlot({ n2: c.n2, y: cubeFitMap(a.fit, "ha_ew"), classCode: c.classCode, title: "WHAN" });
  return combineFigures([classMapPlot({ classCode: c.classCode, nx: a.fit.nx, ny: a.fit.ny, title: "class map" }), diagram],
    { title: `${name} (simulated): ${a.diagnostic?.toUpperCase()} classification` });
};
repro.figure(classPanels(a8365.analysis, "ID8365"), "id8365-classification");
showTable(rowsToFrame([a8365.analysis.classification.counts]), { caption: "ID8365: spaxels per class" });
const a9960 = await recoverPresetGradient("ID9960", { seed: SEED });
repro.figure(mapsOf(a9960.analysis, "ID9960"), "id9960-ha-maps");
repro.figure(classPanels(a9960.analysis, "ID9960"), "id9960-classification");
const centre9960 = a9960.sim.truth.global.centralSpaxel;
const centralClass = a9960.analysis.classification.classCode[centre9960.y * a9960.analysis.fit.nx + centre9960.x];
showMarkdown(`ID9960: diagnostic **${a9960.analysis.diagnostic}**; Hβ at ${a9960.sim.truth.global.lines.hb.observedMicron.toFixed(4)} µm is ${a9960.sim.truth.global.lines.hb.coverage === "gap" ? "in the detector gap" : a9960.sim.truth.global.lines.hb.coverage}; `
  + `central spaxel class **${spaxelClassName(centralClass) ?? "unclassified"}**.`);
const withBoth = listPresets().filter((p) => /Hb/.test(p.table1.lines) && /\[OIII\]/.test(p.table1.lines));
const agreement = [];
for (const p of withBoth) {
  const { analysis } = await recoverPresetGradient(p.id, { seed: SEED });
  const lines = lineMeasurementsFromCubeFit(analysis.fit);
  const bpt = classifyMaps(lines, { mask: analysis.fit.selected, diagnostic: "bpt" });
  const whan = classifyMaps(lines, { mask: analysis.fit.selected, diagnostic: "whan" });
  const agree = compareClassifications(whan.classCode, bpt.classCode);
  agreement.push({ galaxy: p.id, whan_sf_on_bpt: agree.referenceSf, also_bpt_sf: agree.bothSf, fraction: agree.fraction });
}
showTable(rowsToFrame(agreement), { caption: "WHAN star-forming spaxels that BPT also classifies as star-forming (simulated galaxies)" });
const totalWhanSf = agreement.reduce((s, r) => s + r.whan_sf_on_bpt, 0);
const totalBoth = agreement.reduce((s, r) => s + r.also_bpt_sf, 0);
console.log(`${withBoth.length} galaxies with both diagnostics; overall ${(100 * totalBoth / totalWhanSf).toFixed(1)} % of WHAN star-forming spaxels are BPT star-forming`);
export {};
