// Finds (or, as root on Debian, installs) the Jupyter pieces that execute notebooks headless with tslab.
import { execFileSync, spawnSync } from 'node:child_process';

/** Debian packages that provide headless notebook execution and fonts for figure text. */
export const JUPYTER_DEBIAN_PACKAGES = [
  'jupyter-nbconvert', 'python3-nbclient', 'python3-ipykernel', 'python3-jupyter-client', 'fonts-dejavu-core',
];

const PYTHON_CANDIDATES = ['/usr/bin/python3', 'python3'];
const REQUIRED_MODULES = ['nbclient', 'nbformat', 'jupyter_client'];

/** The exact command a user runs to get what is missing. */
export function installCommand(): string {
  return `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${JUPYTER_DEBIAN_PACKAGES.join(' ')}` +
    '   (elsewhere: pip install nbclient nbformat jupyter_client ipykernel)';
}

/** A Python interpreter that can import nbclient, nbformat and jupyter_client, or null. */
export function findJupyterPython(): string | null {
  for (const exe of PYTHON_CANDIDATES) {
    const r = spawnSync(exe, ['-c', REQUIRED_MODULES.map((m) => `import ${m}`).join('; ')], { stdio: 'ignore' });
    if (r.status === 0) return exe;
  }
  return null;
}

function hasFonts(): boolean {
  const r = spawnSync('fc-list', [':family=DejaVu Sans'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim().length > 0 : true; // without fc-list we cannot tell; do not block
}

/**
 * Returns a Python that can run notebooks. When one is missing and we are root on a system with apt-get,
 * installs Debian's packages (printing what it does on stderr); otherwise throws with the exact command to run.
 */
export function ensureJupyter(log: (line: string) => void = (l) => process.stderr.write(l + '\n')): string {
  let python = findJupyterPython();
  if (python && hasFonts()) return python;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) {
    throw new Error(`Jupyter (nbclient + ipykernel) ${python ? 'is here but the DejaVu fonts are' : 'is'} missing; install with: ${installCommand()}`);
  }
  log(`msa3d: installing Debian packages for headless notebooks: ${JUPYTER_DEBIAN_PACKAGES.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...JUPYTER_DEBIAN_PACKAGES],
    { stdio: ['ignore', 'ignore', 'inherit'], env });
  python = findJupyterPython();
  if (!python) throw new Error(`Jupyter is still missing after apt-get install; try: ${installCommand()}`);
  return python;
}
