// Runs every benchmark in bench/ in turn; each prints its own timings and its ratio against a peer.
import { run as bootstrapLine } from './bootstrap-line';
import { run as fitCube } from './fit-cube';

(async () => {
  for (const bench of [bootstrapLine, fitCube]) await bench();
})();
