// The generic prescription: a Table 1 row (Ju et al.) → SimulationParams, every value published (Table 1, or a special
// galaxy's section) or prescribed by a named scaling relation, with its source recorded (provenance.ts).
import type { Table1Row } from '../../tables/table1';
import { seededRandom } from '../../stats/random';
import { EMISSION_LINES } from '../../lines/emission-lines';
import { defaultSimulationParams, type SimulationParams } from '../params';
import { parseObservedLines, placeDetectorGap } from '../detector-gap';
import { EXPONENTIAL_RE_PER_SCALE_LENGTH } from '../emission-model';
import { ccm89K, CCM89_RV } from '../../dust/ccm89';
import { arctanRotationSpeedKms } from '../../kinematics/arctan-rotation-curve';
import {
  fluxFromLuminosity,
  garnBest2010AHalphaMag,
  halphaLuminosityFromSfr,
  nelson2016HalphaToContinuumSize,
  prescribedCentralEwAngstrom,
  tiley2016V80Kms,
  ubler2019Sigma0Kms,
  vanDerWel2014LateTypeReKpc,
} from '../scaling-relations';
import type { GalaxyPreset, SpecialGalaxy } from './galaxy-preset';
import { prescribed, record, type Provenance, type Sourced } from './provenance';
import { centralOhWithinRange, MAX_STAR_FORMING_OH } from './central-abundance';

/** The radius enclosing 80 % of an exponential disk's light, in scale lengths: 1 − (1 + x)e^{−x} = 0.8 → x = 2.9943. */
const R80_PER_SCALE_LENGTH = 2.994308347;

/** Turnover radius of the arctangent curve as a fraction of the continuum R_e: our prescription (no published value). */
export const RT_PER_RE = 0.4;

const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * The preset of a Table 1 row at noise σ `noiseSigmaErg` (erg/s/cm²/Å per channel and spaxel), before any
 * calibration step: the generic prescription, with `special`'s published values in place of it where given.
 */
export function prescribePreset(row: Table1Row, noiseSigmaErg: number, special?: SpecialGalaxy): GalaxyPreset {
  const id = `ID${row.id}`;
  const rng = seededRandom(Number(row.id)); // geometry draws depend on the galaxy only, never on the noise seed
  const positionAngleDeg = Math.round(180 * rng.uniform() * 10) / 10;
  const axisRatioDraw = Math.round((0.3 + 0.6 * rng.uniform()) * 1000) / 1000;
  const prov: Provenance = {
    published: {
      redshift: 'Table 1', raDeg: 'Table 1', decDeg: 'Table 1', logMstar: 'Table 1', sfrMsunPerYr: 'Table 1',
      gradientDexPerKpc: 'Table 1', linesObserved: 'Table 1',
    },
    prescribed: {},
    notes: [],
  };
  const s: SpecialGalaxy = special ?? { tableId: row.id };
  const p: SimulationParams = { ...defaultSimulationParams(row.z), name: id, presetName: id, raDeg: row.raDeg, decDeg: row.decDeg };

  // field: 23 spaxels (1.8", 9 slit steps) × 31 (2.5", four slitlets)
  p.ny = record(prov, 'ny', s.ny ?? prescribed(31, 'four slitlets, 1.8" × 2.5" → 23 × 31 spaxels (PAPER-STEPS: at least 23 × 31)'));
  p.nx = 23;
  p.centreXPix = 11;
  p.centreYPix = Math.floor(p.ny / 2);
  prov.prescribed.centre = 'on the central spaxel (11, ⌊ny/2⌋)';

  // sizes
  p.reContinuumKpc = record(prov, 'reContinuumKpc', s.reContinuumKpc ?? prescribed(round(vanDerWel2014LateTypeReKpc(row.z, row.logMstar), 3), 'van der Wel et al. 2014 late-type size–mass relation at z'));
  p.reHalphaKpc = record(prov, 'reHalphaKpc', prescribed(round(p.reContinuumKpc * nelson2016HalphaToContinuumSize(row.logMstar), 3), 'R_e(continuum) × 1.1 (M* / 10¹⁰)^0.054 (Nelson et al. 2016)'));

  // orientation
  p.positionAngleDeg = record(prov, 'positionAngleDeg', prescribed(positionAngleDeg, `uniform draw in [0, 180)° (seededRandom(${row.id}))`));
  p.axisRatio = record(prov, 'axisRatio', s.axisRatio ?? prescribed(axisRatioDraw, `uniform draw in [0.3, 0.9] (seededRandom(${row.id})): star-forming disks seen at random inclinations, edge-on excluded`));

  // kinematics
  const rtKpc = record(prov, 'rtKpc', prescribed(round(RT_PER_RE * p.reContinuumKpc, 3), `R_t = ${RT_PER_RE} R_e(continuum) (our choice)`));
  const vcKms = record(prov, 'vcKms', s.vcKms ?? prescribedVcKms(row, p.reHalphaKpc, rtKpc));
  p.rotation = { v0Kms: 0, vcKms, rtKpc };
  const sigma0Kms = record(prov, 'sigma0Kms', s.sigma0Kms ?? prescribed(round(ubler2019Sigma0Kms(row.z), 1), 'Übler et al. 2019: σ0 = 23.3 + 9.8 z km/s'));
  p.dispersion = { sigma0Kms, centralExcessKms: 0, centralRadiusKpc: 1, majorAxisExcessKms: 0, majorAxisWidthKpc: 1 };
  if (s.dispersionExcess) p.dispersion = { ...p.dispersion, ...record(prov, 'dispersionExcess', s.dispersionExcess) };
  if (s.agn) p.agn = { ...record(prov, 'agn', s.agn) }; // copies: a special galaxy's values are shared by every build

  // abundance profile
  p.metallicity = record(prov, 'metallicity', s.metallicity ? s.metallicity(row) : linearProfile(row, 3 * p.reContinuumKpc));
  prov.prescribed.centralOh = `8.60 + 0.15 (log M* − 10) (our PP04-N2 MZR prescription), clipped so that 0–3 R_e stays in 7.95–${MAX_STAR_FORMING_OH}`;

  // clumps
  if (s.clumps) p.clumps = record(prov, 'clumps', s.clumps(p, rng));

  // dust and brightness
  const aHalpha = garnBest2010AHalphaMag(row.logMstar);
  p.avMag = record(prov, 'avMag', prescribed(round((aHalpha * CCM89_RV) / ccm89K(EMISSION_LINES.ha.restWavelengthAngstrom), 3), `A_Hα = ${aHalpha.toFixed(3)} mag from Garn & Best 2010, A_V = A_Hα R_V / k(Hα) (CCM89), uniform screen`));
  p.halpha = { ...record(prov, 'halpha', s.halpha ?? prescribed({ kind: 'total-flux', fluxErg: sfrBasedHalphaFluxErg(row) }, 'disk Hα = SFR/4.6e-42 erg/s (Kennicutt 1998, Chabrier) / 4π d_L², attenuated by A_Hα')) };
  p.continuum = { ...record(prov, 'continuum', s.continuum ?? prescribed({ centralEwRestAngstrom: round(prescribedCentralEwAngstrom(row.logSsfr), 2), slopeBeta: 0 }, 'central EW = 44.40 Å (sSFR/10^−8.8)^0.5, floor 6 Å (our prescription); flat in F_λ')) };
  prov.prescribed.slopeBeta = 'continuum flat in F_λ (β = 0)';

  // detector gap and coverage that reproduce Table 1's "lines observed"
  const placement = placeDetectorGap(row.z, parseObservedLines(row.lines));
  p.detectorGapMicron = placement.gapMicron;
  p.coverageMicron = placement.coverageMicron;
  p.omittedLines = placement.unexplained;
  prov.prescribed.detectorGapMicron = `placed to reproduce Table 1's lines (${placement.note})`;
  if (placement.unexplained.length > 0) prov.notes.push(`Table 1 omits ${placement.unexplained.join(', ')}, which neither gap nor coverage explains: injected with zero flux`);

  p.noiseSigmaErg = record(prov, 'noiseSigmaErg', s.noiseSigmaErgPublished !== undefined
    ? { value: noiseSigmaErg, published: s.noiseSigmaErgPublished }
    : prescribed(noiseSigmaErg, 'σ per channel set so the 25 presets average 107 spaxels passing the S/N cuts (§4.1; msa3dNoiseSigmaErg)'));
  return { id, tableId: row.id, params: p, table1: row, published: prov.published, prescribed: prov.prescribed, notes: prov.notes };
}

/**
 * v_c from Tiley et al. 2016's KROSS M*–V80 relation: V80 is the rotation at R80 of the Hα disk, so
 * v_c = V80 / ((2/π) arctan(R80/R_t)) on the arctan curve (Courteau 1997), rounded to 1 km/s.
 */
function prescribedVcKms(row: Table1Row, reHalphaKpc: number, rtKpc: number): Sourced<number> {
  const r80 = (R80_PER_SCALE_LENGTH * reHalphaKpc) / EXPONENTIAL_RE_PER_SCALE_LENGTH;
  const vcKms = Math.round(tiley2016V80Kms(row.logMstar) / arctanRotationSpeedKms(r80, 1, rtKpc));
  return prescribed(vcKms, 'Tiley et al. 2016 KROSS M*–V80 relation, V80 converted to v_c through the arctan curve at R80 of the Hα disk');
}

/** The linear profile of Table 1's gradient, centred on the mass prescription kept within range over 0–rMaxKpc. */
function linearProfile(row: Table1Row, rMaxKpc: number): Sourced<SimulationParams['metallicity']> {
  const g = row.gradientDexPerKpc;
  const { oh0, clipped } = centralOhWithinRange(row.logMstar, (oh) => ({ kind: 'linear', centralOh: oh, gradientDexPerKpc: g }), rMaxKpc);
  const notes = clipped ? [`central 12+log(O/H) moved from the mass prescription to ${oh0} so that 0–3 R_e stays within 7.95–${MAX_STAR_FORMING_OH} (star-forming by WHAN with a 0.1 dex margin in N2)`] : [];
  return { value: { kind: 'linear', centralOh: oh0, gradientDexPerKpc: g }, notes };
}

/** Disk Hα flux from Table 1's SFR: L = SFR/4.6e-42 erg/s (Kennicutt 1998, Chabrier IMF), F = L/4πd_L², × 10^(−0.4 A_Hα) (Garn & Best 2010). */
export function sfrBasedHalphaFluxErg(row: Table1Row): number {
  return fluxFromLuminosity(halphaLuminosityFromSfr(row.sfrMsunPerYr), row.z) * 10 ** (-0.4 * garnBest2010AHalphaMag(row.logMstar));
}
