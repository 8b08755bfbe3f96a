// Runs every benchmark in bench/ in turn; each prints its own timings and its ratio against a peer.
import { run as bootstrapLine } from './bootstrap-line';
import { run as fitCube } from './fit-cube';
import { run as forwardGradient } from './forward-gradient';
import { run as mcmcMetallicity } from './mcmc-metallicity';
import { run as linmixBench } from './linmix';
import { run as rotation } from './rotation';

(async () => {
  for (const bench of [bootstrapLine, fitCube, forwardGradient, linmixBench, mcmcMetallicity, rotation]) await bench();
})();
