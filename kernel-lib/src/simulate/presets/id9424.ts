// ID9424 (Ju et al. §4.1): "several strong Hα clumps … far from the galactic center … significantly lower
// metallicity", described without numbers: three clumps of our prescription.
import type { Clump, SimulationParams } from '../params';
import type { SeededRandom } from '../../stats/random';
import type { SpecialGalaxy } from './galaxy-preset';
import { prescribed, type Sourced } from './provenance';

/** Three clumps at 1.8 R_e(Hα), 120° apart from a random phase (the galaxy's own generator), σ = 0.6 kpc, 6 % of the disk Hα each, −0.2 dex. */
function id9424Clumps(p: SimulationParams, rng: SeededRandom): Sourced<Clump[]> {
  const clumps: Clump[] = [];
  const phase = 2 * Math.PI * rng.uniform();
  for (let j = 0; j < 3; j++) {
    const azimuth = phase + (2 * Math.PI * j) / 3;
    const r = 1.8 * p.reHalphaKpc;
    clumps.push({ xDiskKpc: Math.round(r * Math.cos(azimuth) * 1000) / 1000, yDiskKpc: Math.round(r * Math.sin(azimuth) * 1000) / 1000, sigmaKpc: 0.6, halphaFraction: 0.06, ohOffsetDex: -0.2 });
  }
  return prescribed(clumps, 'three clumps at 1.8 R_e(Hα), σ = 0.6 kpc, 6 % of the disk Hα each, −0.2 dex (§4.1 describes them without numbers)');
}

export const ID9424: SpecialGalaxy = { tableId: '9424', clumps: id9424Clumps };
