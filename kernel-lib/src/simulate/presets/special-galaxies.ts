// The galaxies whose published structure or kinematics replace the generic prescription (one file each), by Table 1 id.
// To add one: write idNNNN.ts exporting a SpecialGalaxy, and list it here.
import type { SpecialGalaxy } from './galaxy-preset';
import { ID8365 } from './id8365';
import { ID9424 } from './id9424';
import { ID9960 } from './id9960';
import { ID4391 } from './id4391';

const SPECIAL_GALAXIES: ReadonlyMap<string, SpecialGalaxy> = new Map([ID8365, ID9424, ID9960, ID4391].map((g) => [g.tableId, g]));

/** The special galaxy of a Table 1 id ('9960'), or undefined for a galaxy built by the generic prescription alone. */
export function specialGalaxy(tableId: string): SpecialGalaxy | undefined {
  return SPECIAL_GALAXIES.get(tableId);
}
