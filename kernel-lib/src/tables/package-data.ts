// Where the published tables shipped with the library live: kernel-lib/data/, found from this file (src/tables or
// dist/tables), so the library reads them from any working directory and any install location, not via the repository.
import * as path from 'node:path';

/** Path of a file in kernel-lib/data/ (e.g. packageDataPath('msa3d_table1.csv')). */
export function packageDataPath(file: string): string {
  return path.join(__dirname, '..', '..', 'data', file);
}
