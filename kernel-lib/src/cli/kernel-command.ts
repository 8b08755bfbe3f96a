// `msa3d kernel install|show`: a Jupyter kernelspec for THIS installation that works from any folder. Its argv holds
// absolute paths (this node, bin/msa3d-kernel.js, this tslab), so it survives being copied by Jupyter, and its env
// sets NODE_PATH to the node_modules folder holding kernel-lib, so `import … from "kernel-lib"` works in a notebook
// anywhere (the launcher makes tslab's type check read NODE_PATH too; see bin/msa3d-kernel.js).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { checkFlags, stringFlag, UsageError, type ParsedArgs } from './args';

const FLAGS = ['help', 'debug', 'user', 'prefix', 'name'];
const DEFAULT_NAME = 'tslab'; // the name the project's notebooks ask for, so they open with it directly
const INSTALL_JUPYTER = 'sudo apt-get install -y jupyter-notebook   (or JupyterLab, where PyPI is reachable: pip install jupyterlab in a venv)';

/** The kernelspec JSON Jupyter reads (https://jupyter-client.readthedocs.io/en/stable/kernels.html#kernel-specs). */
export interface KernelSpec {
  argv: string[];
  display_name: string;
  language: string;
  env: Record<string, string>;
  metadata: Record<string, unknown>;
}

/** kernel-lib's own folder (this file is kernel-lib/dist/cli/kernel-command.js). */
function kernelLibDir(): string {
  return fs.realpathSync(path.resolve(__dirname, '..', '..'));
}

/** The node_modules folder that holds kernel-lib (the project's, or the one it was installed into). */
function modulesDirHolding(libDir: string): string {
  const parent = path.dirname(libDir);
  if (path.basename(parent) === 'node_modules') return parent;
  for (let dir = parent; ; dir = path.dirname(dir)) {
    const entry = path.join(dir, 'node_modules', 'kernel-lib');
    if (fs.existsSync(entry) && fs.realpathSync(entry) === libDir) return path.join(dir, 'node_modules');
    if (path.dirname(dir) === dir) break;
  }
  throw new Error(`no node_modules folder holds ${libDir}; run \`npm install\` in the project root first`);
}

/** The kernelspec of this installation: absolute node, launcher and tslab; NODE_PATH = the folder holding kernel-lib. */
export function kernelSpec(name = DEFAULT_NAME): KernelSpec {
  const libDir = kernelLibDir();
  let tslabMain: string;
  try {
    tslabMain = fs.realpathSync(require.resolve('tslab/dist/main.js', { paths: [libDir] }));
  } catch {
    throw new Error(`tslab is not installed beside ${libDir}; run \`npm install\` in the project root first`);
  }
  const launcher = path.join(libDir, 'bin', 'msa3d-kernel.js');
  return {
    argv: [process.execPath, launcher, '--tslab', tslabMain, '--config-path', '{connection_file}'],
    display_name: name === DEFAULT_NAME ? 'TypeScript (msa3d, tslab)' : `TypeScript (msa3d, ${name})`,
    language: 'typescript',
    env: { NODE_PATH: modulesDirHolding(libDir) },
    metadata: { msa3d: { kernel_lib: libDir, written_by: 'msa3d kernel install' } },
  };
}

/** Jupyter's per-user data folder, as jupyter_core computes it (JUPYTER_DATA_DIR, else the platform's default). */
export function jupyterUserDataDir(): string {
  if (process.env.JUPYTER_DATA_DIR) return path.resolve(process.env.JUPYTER_DATA_DIR);
  const home = os.homedir();
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Jupyter');
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'jupyter');
  return path.join(process.env.XDG_DATA_HOME || path.join(home, '.local', 'share'), 'jupyter');
}

/** The kernelspec folder chosen by --user (the default) or --prefix DIR, and --name. */
function target(args: ParsedArgs): { dir: string; name: string } {
  const user = args.flags.get('user');
  if (user !== undefined && user !== true) throw new UsageError(`--user takes no value (got '${user}')`);
  const prefix = stringFlag(args, 'prefix');
  if (user && prefix !== undefined) throw new UsageError('give --user or --prefix DIR, not both');
  const name = stringFlag(args, 'name', DEFAULT_NAME)!;
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new UsageError(`--name must be letters, digits, '.', '_' or '-' (got '${name}')`);
  const dataDir = prefix !== undefined ? path.join(path.resolve(prefix), 'share', 'jupyter') : jupyterUserDataDir();
  return { dir: path.join(dataDir, 'kernels', name), name };
}

function jupyterOnPath(): boolean {
  return spawnSync('jupyter', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Paths in a kernelspec that no longer exist (the installation moved or was removed). */
function missingPaths(spec: KernelSpec): string[] {
  const paths = [...spec.argv.filter((a) => path.isAbsolute(a)), ...(spec.env?.NODE_PATH ?? '').split(path.delimiter).filter(Boolean)];
  return paths.filter((p) => !fs.existsSync(p));
}

function install(args: ParsedArgs): number {
  const { dir, name } = target(args);
  const spec = kernelSpec(name);
  const file = path.join(dir, 'kernel.json');
  const replaced = fs.existsSync(file);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(spec, null, 1) + '\n');
  const out = [
    `msa3d: kernelspec '${name}' ${replaced ? 'replaced' : 'written'}: ${file}`,
    `  node     ${spec.argv[0]}`,
    `  tslab    ${spec.argv[3]}`,
    `  library  NODE_PATH=${spec.env.NODE_PATH} (import … from "kernel-lib" works in a notebook in any folder)`,
    `Pick the kernel "${spec.display_name}" in Jupyter.`,
  ];
  if (!jupyterOnPath()) out.push(`jupyter is not on PATH; install it: ${INSTALL_JUPYTER}`);
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}

function show(args: ParsedArgs): number {
  const { dir, name } = target(args);
  const file = path.join(dir, 'kernel.json');
  if (!fs.existsSync(file)) {
    process.stderr.write(`msa3d: no kernelspec '${name}' at ${dir}; run \`msa3d kernel install\`\n`);
    return 1;
  }
  const text = fs.readFileSync(file, 'utf8');
  process.stdout.write(`${file}\n${text}`);
  let spec: KernelSpec;
  try {
    spec = JSON.parse(text) as KernelSpec;
  } catch {
    process.stderr.write(`msa3d: ${file} is not JSON; run \`msa3d kernel install\` again\n`);
    return 1;
  }
  const missing = missingPaths(spec);
  if (missing.length > 0) {
    process.stderr.write(`msa3d: ${file} names a path that no longer exists (${missing[0]}); run \`msa3d kernel install\` again\n`);
    return 1;
  }
  if (!jupyterOnPath()) process.stdout.write(`jupyter is not on PATH; install it: ${INSTALL_JUPYTER}\n`);
  return 0;
}

/** The command object registered in cli/main.ts. */
export const kernelCommand = {
  summary: 'install this installation\'s Jupyter kernel (absolute paths; kernel-lib importable from any folder), or show it',
  usage: 'msa3d kernel install|show [--user | --prefix DIR] [--name tslab]',
  run(args: ParsedArgs): number {
    checkFlags(args, FLAGS);
    const [action, extra] = args.positional;
    if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}' (see msa3d kernel --help)`);
    if (action === 'install') return install(args);
    if (action === 'show') return show(args);
    if (action === undefined) throw new UsageError('msa3d kernel needs install or show (see msa3d kernel --help)');
    throw new UsageError(`unknown kernel action '${action}' (actions: install, show)`);
  },
};
