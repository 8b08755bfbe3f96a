// The forward-modelled gradient against the paper's method on the 69-galaxy injection–recovery set of
// test/recovery.test.ts (23 linear, clump-free Table 1 galaxies × noise seeds 1–3), with and without the PSF term:
// pull (fitted − injected)/error, mean and width, and the errors of both methods. Prints one line per galaxy and a
// summary; writes the rows as JSON to the path given by --json. Usage:
//   node --import tsx scripts/forward-gradient-recovery.ts [--ids ID1,ID2] [--seeds 1,2,3] [--json out.json]
import { writeFileSync } from 'node:fs';
import { recoverPresetGradient, forwardRecovery, type ForwardRecoveryRow } from '../kernel-lib/src/recovery';
import { presetIds } from '../kernel-lib/src/simulate/presets';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const ids = arg('--ids')?.split(',') ?? presetIds().filter((id) => id !== 'ID4391' && id !== 'ID9424');
const seeds = (arg('--seeds') ?? '1,2,3').split(',').map(Number);
const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
const sd = (x: number[]) => Math.sqrt(mean(x.map((v) => (v - mean(x)) ** 2)));

(async () => {
  const rows: ForwardRecoveryRow[] = [];
  for (const seed of seeds) {
    for (const id of ids) {
      const r = await recoverPresetGradient(id, { seed, meta: { fit: { workers: 1 } } });
      for (const withPsf of [false, true]) {
        const { row } = forwardRecovery(r, { seed, withPsf });
        rows.push(row);
        console.log([row.id, seed, withPsf ? 'psf' : 'no-psf', row.injectedDexPerKpc, row.paperDexPerKpc.toFixed(4), row.paperErrDexPerKpc.toFixed(4),
          row.paperPull.toFixed(2), row.forwardDexPerKpc.toFixed(4), row.forwardErrDexPerKpc.toFixed(4), row.forwardPull.toFixed(2),
          row.nSpaxels, row.nNiiDetected].join('\t'));
      }
    }
  }
  for (const withPsf of [false, true]) {
    const sel = rows.filter((r) => r.withPsf === withPsf && Number.isFinite(r.forwardPull) && Number.isFinite(r.paperPull));
    const fp = sel.map((r) => r.forwardPull);
    const pp = sel.map((r) => r.paperPull);
    const ratio = sel.map((r) => r.forwardErrDexPerKpc / r.paperErrDexPerKpc).sort((a, b) => a - b);
    console.log(`# ${withPsf ? 'with' : 'without'} PSF, ${sel.length} galaxies: forward pull mean ${mean(fp).toFixed(3)} width ${sd(fp).toFixed(3)}; `
      + `paper pull mean ${mean(pp).toFixed(3)} width ${sd(pp).toFixed(3)}; error forward/paper median ${ratio[ratio.length >> 1].toFixed(2)}`);
  }
  const out = arg('--json');
  if (out) writeFileSync(out, JSON.stringify(rows, null, 1));
})();
