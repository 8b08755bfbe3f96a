// The sky model of a simulated galaxy, sampled on a subpixel grid and seen through the resolution element: Hα disk
// (exponential, plus clumps and an AGN core), line fluxes from the abundance profile, velocity (circular rotation plus
// optional non-circular motions) and dispersion fields, stellar continuum; and the per-spaxel maps after the PSF that define the truth table.
import { kpcPerArcsec } from '../cosmology/flat-lcdm';
import { EMISSION_LINES, type LineName } from '../lines/emission-lines';
import { applyAxisOperators, axisOperator, type AxisOperator } from '../instrument/psf-operator';
import { psfSigmaPixels } from '../instrument/psf';
import { deprojectOffset } from '../geometry/deproject';
import { inclinationFromAxisRatioDeg } from '../geometry/inclination';
import { intrinsicDispersionKms } from './dispersion-field';
import { lineOfSightVelocityKms } from '../kinematics/arctan-rotation-curve';
import { nonCircularVelocityField, type NonCircularField } from './non-circular-motions';
import { ohAtRadius } from './metallicity-profile';
import { agnLineRatios, starFormingLineRatios } from './line-ratios';
import { dustTransmission } from '../dust/ccm89';
import { SIMULATED_LINES } from './line-ratios';
import type { SimulationParams } from './params';

/** Sérsic n = 1: R_e = 1.678 h for an exponential disk of scale length h (e.g. Graham & Driver 2005, PASA 22, 118, b_n). */
export const EXPONENTIAL_RE_PER_SCALE_LENGTH = 1.678346990016661;

/** The sampled model: fine (subpixel) arrays that fill the cube, and coarse (spaxel) maps after the PSF. */
export interface EmissionModel {
  params: SimulationParams;
  kpcPerArcsec: number;
  inclinationDeg: number;
  /** Index of the central spaxel (round(centreY)·nx + round(centreX)). */
  centralSpaxel: number;
  // --- fine grid: (nx + 2 pad)·s × (ny + 2 pad)·s subpixels, index iy·nxFine + ix
  opX: AxisOperator;
  opY: AxisOperator;
  /** Line-of-sight velocity of the star-forming gas, km/s (circular rotation plus any non-circular motions). */
  fineVelocityKms: Float64Array;
  /** The non-circular part of fineVelocityKms, km/s (null without params.nonCircular). */
  fineNonCircularKms: Float64Array | null;
  /** Intrinsic σ of the star-forming gas, km/s. */
  fineSigmaKms: Float64Array;
  /** Observed (dust-attenuated) star-forming line flux per subpixel, erg/s/cm². */
  fineLineFlux: Record<LineName, Float64Array>;
  /** Observed AGN Hα per subpixel, erg/s/cm² (null without an AGN). */
  fineAgnHalpha: Float64Array | null;
  /** Observed AGN line flux / AGN Hα, per line (dust included). */
  agnRelativeToHalpha: Record<LineName, number>;
  /** Continuum F_λ at λ_Hα(1+z) per subpixel, erg/s/cm²/Å (null without continuum). */
  fineContinuum: Float64Array | null;
  // --- coarse maps after the PSF, index y·nx + x
  /** Line flux per spaxel (star-forming + AGN), erg/s/cm². */
  lineFlux: Record<LineName, Float64Array>;
  /** Hα of the AGN alone per spaxel, erg/s/cm². */
  agnHalpha: Float64Array;
  /** Hα-weighted mean line-of-sight velocity per spaxel, km/s. */
  velocityKms: Float64Array;
  /**
   * The non-circular part of velocityKms, km/s: Hα-weighted and beam-smeared like it (AGN light counts in the weight
   * at zero), so velocityKms − nonCircularKms is the cube without the motions. null without params.nonCircular.
   */
  nonCircularKms: Float64Array | null;
  /** √(Hα-weighted ⟨σ² + v²⟩ − ⟨v⟩²): intrinsic dispersion plus beam-smeared velocity spread, km/s. */
  sigmaKms: Float64Array;
  /** Continuum F_λ at λ_Hα(1+z) per spaxel, erg/s/cm²/Å. */
  continuumErg: Float64Array;
  // --- intrinsic values at spaxel centres
  radiusKpc: Float64Array;
  oh12: Float64Array;
  /** Line-of-sight velocity at the spaxel centre: circular rotation plus the non-circular field there, km/s. */
  velocityModelKms: Float64Array;
  /** The non-circular field at the spaxel centre, km/s (null without params.nonCircular). */
  nonCircularModelKms: Float64Array | null;
  sigmaModelKms: Float64Array;
  /** Observed Hα of the whole model (disk + clumps + AGN, unbounded plane), erg/s/cm². */
  totalHalphaErg: number;
}

interface SkyPoint {
  radiusKpc: number;
  xDiskKpc: number;
  yDiskKpc: number;
  cosAzimuth: number;
  skyRadiusKpc: number;
}

function pointAt(p: SimulationParams, xPix: number, yPix: number, kpcPerPixel: number): SkyPoint {
  // +x is west (CDELT1 < 0), so east = −Δx; +y is north
  const eastKpc = -(xPix - p.centreXPix) * kpcPerPixel;
  const northKpc = (yPix - p.centreYPix) * kpcPerPixel;
  const d = deprojectOffset(eastKpc, northKpc, p.positionAngleDeg, p.axisRatio);
  // the simulator's disk y axis points toward PA − 90°, the mirror of geometry/deproject.ts' minor axis (toward PA + 90°):
  // y = −minor, bit for bit what it always computed; it places clumps and the non-circular field, never the velocities
  const yDiskKpc = -d.minor;
  return { radiusKpc: d.radius, xDiskKpc: d.major, yDiskKpc, cosAzimuth: d.radius > 0 ? d.major / d.radius : 0, skyRadiusKpc: Math.hypot(eastKpc, northKpc) };
}

/** Hα surface density of each clump at a disk point, per kpc² of disk, for a disk of unit total Hα. */
function clumpDensities(p: SimulationParams, pt: SkyPoint, out: Float64Array): void {
  p.clumps.forEach((c, i) => {
    const d2 = (pt.xDiskKpc - c.xDiskKpc) ** 2 + (pt.yDiskKpc - c.yDiskKpc) ** 2;
    // circular Gaussian normalised over the disk plane: f/(2πσ²) exp(−d²/2σ²)
    out[i] = (c.halphaFraction / (2 * Math.PI * c.sigmaKpc * c.sigmaKpc)) * Math.exp(-d2 / (2 * c.sigmaKpc * c.sigmaKpc));
  });
}

/** Samples the model and applies the resolution element. Deterministic; no random numbers. */
export function buildEmissionModel(p: SimulationParams): EmissionModel {
  const s = p.oversampling;
  const scaleKpc = kpcPerArcsec(p.redshift);
  const kpcPerPixel = p.pixelScaleArcsec * scaleKpc;
  const sigmaXPix = psfSigmaPixels(p.psf.fwhmXArcsec, p.pixelScaleArcsec);
  const sigmaYPix = psfSigmaPixels(p.psf.fwhmYArcsec, p.pixelScaleArcsec);
  const pad = Math.ceil(4 * Math.max(sigmaXPix, sigmaYPix)) + 1;
  const opX = axisOperator(p.nx, pad, s, sigmaXPix);
  const opY = axisOperator(p.ny, pad, s, sigmaYPix);
  const nxFine = opX.nFine;
  const nyFine = opY.nFine;
  const nFine = nxFine * nyFine;
  const nPlane = p.nx * p.ny;
  const cosI = p.axisRatio;
  const sinI = Math.sqrt(1 - cosI * cosI);
  const hHalpha = p.reHalphaKpc / EXPONENTIAL_RE_PER_SCALE_LENGTH;
  const hContinuum = p.reContinuumKpc / EXPONENTIAL_RE_PER_SCALE_LENGTH;
  const subAreaKpc2 = (kpcPerPixel / s) ** 2;

  // dust: observed/intrinsic of each line relative to Hα (uniform screen, CCM89)
  const transmission = {} as Record<LineName, number>;
  for (const line of SIMULATED_LINES) transmission[line] = dustTransmission(EMISSION_LINES[line].restWavelengthAngstrom, p.avMag);
  const omitted = new Set(p.omittedLines);
  const dustRelative = {} as Record<LineName, number>;
  for (const line of SIMULATED_LINES) dustRelative[line] = omitted.has(line) ? 0 : transmission[line] / transmission.ha;
  const relativeDust = (line: LineName) => dustRelative[line];

  // --- pass 1: unnormalised fields on the subpixel grid
  const sfHalpha = new Float64Array(nFine); // disk + clumps, disk total = 1 before scaling
  const fineVelocityKms = new Float64Array(nFine);
  const fineSigmaKms = new Float64Array(nFine);
  const fineLineFlux = {} as Record<LineName, Float64Array>;
  for (const line of SIMULATED_LINES) fineLineFlux[line] = new Float64Array(nFine);
  const agnShape = p.agn ? new Float64Array(nFine) : null;
  const continuumShape = p.continuum ? new Float64Array(nFine) : null;
  // clumps with their own stellar continuum (Clump.continuumEwRestAngstrom): Hα/(EW (1 + z)), disk-total-1 units
  const clumpContinuumShape = p.clumps.some((c) => c.continuumEwRestAngstrom !== undefined) ? new Float64Array(nFine) : null;
  const clumpDensity = new Float64Array(p.clumps.length);
  // disk-plane coordinates of every subpixel, for the non-circular field (only when there is one)
  const fineXDiskKpc = p.nonCircular ? new Float64Array(nFine) : null;
  const fineYDiskKpc = p.nonCircular ? new Float64Array(nFine) : null;
  const diskNorm = 1 / (2 * Math.PI * hHalpha * hHalpha); // ∫ e^{−R/h} dA_disk = 2πh² (exponential disk)
  for (let iy = 0; iy < nyFine; iy++) {
    const yPix = -pad - 0.5 + (iy + 0.5) / s;
    for (let ix = 0; ix < nxFine; ix++) {
      const xPix = -pad - 0.5 + (ix + 0.5) / s;
      const m = iy * nxFine + ix;
      const pt = pointAt(p, xPix, yPix, kpcPerPixel);
      // thin disk seen at inclination i: sky surface brightness = disk surface brightness / cos i
      const skyPerDisk = subAreaKpc2 / cosI;
      const disk = diskNorm * Math.exp(-pt.radiusKpc / hHalpha) * skyPerDisk;
      clumpDensities(p, pt, clumpDensity);
      let clumps = 0;
      for (let c = 0; c < clumpDensity.length; c++) clumps += clumpDensity[c] * skyPerDisk;
      if (clumpContinuumShape) {
        let cont = 0;
        for (let c = 0; c < clumpDensity.length; c++) {
          const ew = p.clumps[c].continuumEwRestAngstrom;
          if (ew !== undefined) cont += (clumpDensity[c] * skyPerDisk) / (ew * (1 + p.redshift));
        }
        clumpContinuumShape[m] = cont;
      }
      const halpha = disk + clumps;
      sfHalpha[m] = halpha;
      fineVelocityKms[m] = lineOfSightVelocityKms(p.rotation, pt.radiusKpc, pt.cosAzimuth, sinI);
      if (fineXDiskKpc && fineYDiskKpc) { fineXDiskKpc[m] = pt.xDiskKpc; fineYDiskKpc[m] = pt.yDiskKpc; }
      fineSigmaKms[m] = intrinsicDispersionKms(p.dispersion, pt.xDiskKpc, pt.yDiskKpc);
      // line fluxes of the disk gas and of each clump's gas, summed (same velocity and σ)
      const ohDisk = ohAtRadius(p.metallicity, pt.radiusKpc);
      const diskRatios = starFormingLineRatios(ohDisk).relativeToHalpha;
      for (const line of SIMULATED_LINES) fineLineFlux[line][m] = disk * diskRatios[line] * relativeDust(line);
      for (let c = 0; c < clumpDensity.length; c++) {
        const f = clumpDensity[c] * skyPerDisk;
        if (f === 0) continue;
        const r = starFormingLineRatios(ohDisk + p.clumps[c].ohOffsetDex).relativeToHalpha;
        for (const line of SIMULATED_LINES) fineLineFlux[line][m] += f * r[line] * relativeDust(line);
      }
      if (agnShape && p.agn) agnShape[m] = Math.exp(-(pt.skyRadiusKpc ** 2) / (2 * p.agn.radiusKpc ** 2)) * subAreaKpc2;
      if (continuumShape) continuumShape[m] = Math.exp(-pt.radiusKpc / hContinuum) * skyPerDisk;
    }
  }
  // non-circular motions: a Gaussian random field in the disk plane added to v_los (non-circular-motions.ts)
  let nonCircular: NonCircularField | null = null;
  if (p.nonCircular && fineXDiskKpc && fineYDiskKpc) {
    nonCircular = nonCircularVelocityField(p.nonCircular, fineXDiskKpc, fineYDiskKpc);
    for (let m = 0; m < nFine; m++) fineVelocityKms[m] += nonCircular.valuesKms[m];
  }

  // --- PSF of the unnormalised Hα, AGN and continuum maps, to set the normalisations at the central spaxel
  const scratch = new Float64Array(p.ny * nxFine);
  const blurred = (fine: Float64Array) => {
    const out = new Float64Array(nPlane);
    applyAxisOperators(fine, 0, opX, opY, out, 0, scratch);
    return out;
  };
  const centralSpaxel = Math.round(p.centreYPix) * p.nx + Math.round(p.centreXPix);
  if (Math.round(p.centreXPix) < 0 || Math.round(p.centreXPix) >= p.nx || Math.round(p.centreYPix) < 0 || Math.round(p.centreYPix) >= p.ny) {
    throw new Error(`simulateCube: the galaxy centre (${p.centreXPix}, ${p.centreYPix}) is outside the ${p.nx} × ${p.ny} field`);
  }
  const sfCentral = blurred(sfHalpha)[centralSpaxel];
  const agnFraction = p.agn ? p.agn.centralHalphaFraction : 0;
  // SF scale: disk total = F (total-flux), or the central spaxel's Hα = (1 − f_AGN) × F (central-spaxel)
  const sfScale = p.halpha.kind === 'total-flux' ? p.halpha.fluxErg : ((1 - agnFraction) * p.halpha.fluxErg) / sfCentral;
  for (let m = 0; m < nFine; m++) {
    sfHalpha[m] *= sfScale;
    for (const line of SIMULATED_LINES) fineLineFlux[line][m] *= sfScale;
  }
  let fineAgnHalpha: Float64Array | null = null;
  if (agnShape && p.agn && agnFraction > 0) {
    const agnCentral = blurred(agnShape)[centralSpaxel];
    const agnScale = (agnFraction / (1 - agnFraction)) * ((sfScale * sfCentral) / agnCentral); // f = A/(A + S) at the centre
    fineAgnHalpha = agnShape.map((v) => v * agnScale);
  }
  const agnRatios = p.agn ? agnLineRatios(p.agn.ratios).relativeToHalpha : null;
  const agnRelativeToHalpha = {} as Record<LineName, number>;
  for (const line of SIMULATED_LINES) agnRelativeToHalpha[line] = agnRatios ? agnRatios[line] * relativeDust(line) : 0;
  let fineContinuum: Float64Array | null = null;
  if (continuumShape && p.continuum) {
    const contCentral = blurred(continuumShape)[centralSpaxel];
    // EW_rest = F(Hα)/C_λ/(1 + z) for the star-forming Hα of the central spaxel
    const targetCentral = (sfScale * sfCentral) / (p.continuum.centralEwRestAngstrom * (1 + p.redshift));
    const contScale = targetCentral / contCentral;
    fineContinuum = continuumShape.map((v) => v * contScale);
  }
  if (clumpContinuumShape) {
    // the clumps' continuum scales with their Hα (sfScale), independently of the disk's central EW
    fineContinuum ??= new Float64Array(nFine);
    for (let m = 0; m < nFine; m++) fineContinuum[m] += sfScale * clumpContinuumShape[m];
  }

  // --- coarse maps after the PSF
  const lineFlux = {} as Record<LineName, Float64Array>;
  const work = new Float64Array(nFine);
  for (const line of SIMULATED_LINES) {
    for (let m = 0; m < nFine; m++) work[m] = fineLineFlux[line][m] + (fineAgnHalpha ? fineAgnHalpha[m] * agnRelativeToHalpha[line] : 0);
    lineFlux[line] = blurred(work);
  }
  const agnHalpha = fineAgnHalpha ? blurred(fineAgnHalpha) : new Float64Array(nPlane);
  // Hα-weighted moments of velocity: Σw v and Σw (σ² + v²), AGN at v0 with its own σ
  const v0 = p.rotation.v0Kms;
  const agnSigma = p.agn ? p.agn.sigmaKms : 0;
  for (let m = 0; m < nFine; m++) work[m] = fineLineFlux.ha[m] * fineVelocityKms[m] + (fineAgnHalpha ? fineAgnHalpha[m] * v0 : 0);
  const weightedVelocity = blurred(work);
  for (let m = 0; m < nFine; m++) {
    const v = fineVelocityKms[m];
    work[m] = fineLineFlux.ha[m] * (fineSigmaKms[m] ** 2 + v * v) + (fineAgnHalpha ? fineAgnHalpha[m] * (agnSigma ** 2 + v0 * v0) : 0);
  }
  const weightedSecond = blurred(work);
  const velocityKms = new Float64Array(nPlane);
  const sigmaKms = new Float64Array(nPlane);
  for (let i = 0; i < nPlane; i++) {
    const w = lineFlux.ha[i];
    velocityKms[i] = weightedVelocity[i] / w;
    sigmaKms[i] = Math.sqrt(Math.max(0, weightedSecond[i] / w - velocityKms[i] ** 2));
  }
  const continuumErg = fineContinuum ? blurred(fineContinuum) : new Float64Array(nPlane);
  // the non-circular part of the Hα-weighted velocity: Σw f / Σw with the same weights (the AGN sits at v0, f = 0)
  let nonCircularKms: Float64Array | null = null;
  if (nonCircular) {
    for (let m = 0; m < nFine; m++) work[m] = fineLineFlux.ha[m] * nonCircular.valuesKms[m];
    nonCircularKms = blurred(work);
    for (let i = 0; i < nPlane; i++) nonCircularKms[i] /= lineFlux.ha[i];
  }

  // --- intrinsic values at spaxel centres
  const radiusKpc = new Float64Array(nPlane);
  const oh12 = new Float64Array(nPlane);
  const velocityModelKms = new Float64Array(nPlane);
  const sigmaModelKms = new Float64Array(nPlane);
  const nonCircularModelKms = nonCircular ? new Float64Array(nPlane) : null;
  for (let y = 0; y < p.ny; y++) {
    for (let x = 0; x < p.nx; x++) {
      const i = y * p.nx + x;
      const pt = pointAt(p, x, y, kpcPerPixel);
      radiusKpc[i] = pt.radiusKpc;
      const ohDisk = ohAtRadius(p.metallicity, pt.radiusKpc);
      // clumps mix in by their share of the local Hα
      const disk = diskNorm * Math.exp(-pt.radiusKpc / hHalpha);
      clumpDensities(p, pt, clumpDensity);
      let weight = disk;
      let ohSum = disk * ohDisk;
      for (let c = 0; c < clumpDensity.length; c++) {
        weight += clumpDensity[c];
        ohSum += clumpDensity[c] * (ohDisk + p.clumps[c].ohOffsetDex);
      }
      oh12[i] = ohSum / weight;
      velocityModelKms[i] = lineOfSightVelocityKms(p.rotation, pt.radiusKpc, pt.cosAzimuth, sinI);
      if (nonCircular && nonCircularModelKms) {
        nonCircularModelKms[i] = nonCircular.at(pt.xDiskKpc, pt.yDiskKpc);
        velocityModelKms[i] += nonCircularModelKms[i];
      }
      sigmaModelKms[i] = intrinsicDispersionKms(p.dispersion, pt.xDiskKpc, pt.yDiskKpc);
    }
  }
  const clumpTotal = p.clumps.reduce((sum, c) => sum + c.halphaFraction, 0);
  let agnTotal = 0;
  if (fineAgnHalpha) for (let m = 0; m < nFine; m++) agnTotal += fineAgnHalpha[m];
  const totalHalphaErg = sfScale * (1 + clumpTotal) + agnTotal;

  return {
    params: p,
    kpcPerArcsec: scaleKpc,
    inclinationDeg: inclinationFromAxisRatioDeg(p.axisRatio),
    centralSpaxel,
    opX,
    opY,
    fineVelocityKms,
    fineNonCircularKms: nonCircular ? nonCircular.valuesKms : null,
    fineSigmaKms,
    fineLineFlux,
    fineAgnHalpha,
    agnRelativeToHalpha,
    fineContinuum,
    lineFlux,
    agnHalpha,
    velocityKms,
    nonCircularKms,
    sigmaKms,
    continuumErg,
    radiusKpc,
    oh12,
    velocityModelKms,
    nonCircularModelKms,
    sigmaModelKms,
    totalHalphaErg,
  };
}
