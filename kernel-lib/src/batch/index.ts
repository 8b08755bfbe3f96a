// Public API of the batch module: the manifest, shards, resumable runs of `msa3d analyze` per cube, summary.csv, Slurm.
export { REQUIRED_COLUMNS, RESERVED_NAMES, cubeName, parseCsv, parseManifest, readManifest, type Manifest, type ManifestRow, type ManifestOptions } from './manifest';
export { parseShard, shardRows, type Shard } from './shard';
export {
  cubeProducts,
  checkOutputFolder,
  PRODUCT_FILES,
  readCubeStatus,
  isCubeComplete,
  summaryRows,
  summaryCsv,
  writeSummary,
  SUMMARY_COLUMNS,
  type CubeStatusJson,
  type CubeState,
  type SummaryRow,
} from './summary';
export { runBatch, lastLine, type BatchOptions, type BatchResult, type AnalyzeCommandLine } from './run-batch';
export { slurmArrayScript, shellQuote, type SlurmScriptOptions } from './slurm';
