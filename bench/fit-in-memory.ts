// The in-memory path of `msa3d fit` as it was before streaming (readCube, fitCube on the Cube, the maps, the JSON
// built as one string), for bench/muse-size.ts's before/after peak RSS. Usage: CUBE Z LSF_FWHM OUT_DIR.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readCube } from '../kernel-lib/src/io/cube';
import { fitCube } from '../kernel-lib/src/linemaps/fit-cube';
import { cubeFitJson } from '../kernel-lib/src/linemaps/cube-fit-table';
import { writeCubeFitMaps } from '../kernel-lib/src/linemaps/cube-fit-maps';
import { closeWorkerPool } from '../kernel-lib/src/linemaps/worker-pool';

(async () => {
  const [cube, z, lsf, dir] = process.argv.slice(2);
  const fit = await fitCube(readCube(cube!), { redshift: Number(z), instrument: { fwhmAngstrom: Number(lsf) }, medium: 'air', workers: 2, progress: 'none' });
  writeCubeFitMaps(path.join(dir!, 'maps-in-memory.fits'), fit, { overwrite: true });
  fs.writeFileSync(path.join(dir!, 'fit-in-memory.json'), JSON.stringify(cubeFitJson(fit)) + '\n');
  await closeWorkerPool();
})();
