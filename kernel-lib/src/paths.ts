// Where the project's files are: the root (holding data/, notebooks/, out/) found from this file or the working directory.
import * as fs from 'node:fs';
import * as path from 'node:path';

function looksLikeRoot(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'kernel-lib', 'package.json')) && fs.existsSync(path.join(dir, 'notebooks'));
}

/** The project root: MSA3D_ROOT if set, else the folder above kernel-lib/ (this library's own checkout). */
export function projectRoot(): string {
  if (process.env.MSA3D_ROOT) return path.resolve(process.env.MSA3D_ROOT);
  // kernel-lib/{src,dist}/paths.{ts,js} → two levels up is the project root.
  const fromHere = path.resolve(__dirname, '..', '..');
  if (looksLikeRoot(fromHere)) return fromHere;
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    if (looksLikeRoot(dir)) return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

/** A path inside the project root, e.g. projectPath('data', 'msa3d_table1.csv'). */
export function projectPath(...parts: string[]): string {
  return path.join(projectRoot(), ...parts);
}

/** The folder for generated output (executed notebooks, figures, report): MSA3D_OUT_DIR or <root>/out. */
export function outputDir(): string {
  return process.env.MSA3D_OUT_DIR ? path.resolve(process.env.MSA3D_OUT_DIR) : projectPath('out');
}
