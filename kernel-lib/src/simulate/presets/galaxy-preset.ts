// The shape of a simulator preset (parameters plus the provenance of each), the options of presetFor, and what a
// special galaxy — one whose published structure or kinematics replace the generic prescription — declares.
import type { Table1Row } from '../../tables/table1';
import type { SeededRandom } from '../../stats/random';
import type { AgnCore, Clump, HalphaNormalisation, SimulationParams } from '../params';
import type { MetallicityProfile } from '../metallicity-profile';
import type { Sourced } from './provenance';

/** A galaxy preset: simulation parameters plus the provenance of each. */
export interface GalaxyPreset {
  /** 'ID8365'. */
  id: string;
  /** Table 1 id, '8365'. */
  tableId: string;
  params: SimulationParams;
  /** The Table 1 row the preset was built from (published values). */
  table1: Table1Row;
  /** Parameter → where the published value comes from. */
  published: Record<string, string>;
  /** Parameter → the prescription that set it. */
  prescribed: Record<string, string>;
  notes: string[];
}

/** Options of presetFor. */
export interface PresetOptions {
  /** ID4391's tail of clumps (id4391.ts, ID4391_TAIL); false gives the clump-free build. Default true. */
  id4391Tail?: boolean;
}

/** Every option filled in with its default. */
export type ResolvedPresetOptions = Required<PresetOptions>;

/** A step after the prescription: takes a preset (edits it in place) and returns it. */
export type PresetStep = (preset: GalaxyPreset, options: ResolvedPresetOptions) => GalaxyPreset;

/**
 * A special galaxy: the values the paper publishes for it (each replacing the generic prescription of the same
 * parameter, with its source), and the steps it needs beyond the generic ones.
 */
export interface SpecialGalaxy {
  /** Table 1 id, '9960'. */
  tableId: string;
  /** Field height in spaxels. */
  ny?: Sourced<number>;
  reContinuumKpc?: Sourced<number>;
  axisRatio?: Sourced<number>;
  vcKms?: Sourced<number>;
  sigma0Kms?: Sourced<number>;
  /** A raised σ along the major axis (recorded as 'dispersionExcess'). */
  dispersionExcess?: Sourced<{ majorAxisExcessKms: number; majorAxisWidthKpc: number }>;
  agn?: Sourced<AgnCore>;
  metallicity?: (row: Table1Row) => Sourced<MetallicityProfile>;
  /** Clumps; `rng` is the galaxy's geometry generator after its orientation draws. */
  clumps?: (params: SimulationParams, rng: SeededRandom) => Sourced<Clump[]>;
  halpha?: Sourced<HalphaNormalisation>;
  continuum?: Sourced<NonNullable<SimulationParams['continuum']>>;
  /** Source of a published noise σ (the value is the noise calibration's). */
  noiseSigmaErgPublished?: string;
  /** Steps after the brightness calibration and before the σ0 calibration. */
  steps?: PresetStep[];
  /** A note on the finished preset (null: none). */
  closingNote?: (preset: GalaxyPreset, options: ResolvedPresetOptions) => string | null;
}
