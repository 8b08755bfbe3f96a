// Python peers (astropy, scipy, emcee) used as independent oracles in tests.
// They are Debian packages (python3-astropy, python3-scipy, python3-emcee), never runtime dependencies:
// a test that needs one calls `findPython([...])` and skips cleanly when it returns null.
import { execFileSync } from 'node:child_process';

const CANDIDATES = ['/usr/bin/python3', 'python3', 'python'];
const cache = new Map<string, string | null>();

/** The first Python interpreter that can import every module named, or null when none can. */
export function findPython(modules: string[]): string | null {
  const key = modules.join(',');
  if (cache.has(key)) return cache.get(key)!;
  let found: string | null = null;
  for (const exe of CANDIDATES) {
    try {
      execFileSync(exe, ['-c', modules.map((m) => `import ${m}`).join('; ') || 'pass'], { stdio: 'ignore' });
      found = exe;
      break;
    } catch {
      /* try the next interpreter */
    }
  }
  cache.set(key, found);
  return found;
}

/** Runs `code` with `python`, passing `input` as JSON on stdin; returns the JSON the script prints on stdout. */
export function runPython<T = unknown>(python: string, code: string, input: unknown = null): T {
  const out = execFileSync(python, ['-c', code], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 64 << 20 });
  return JSON.parse(out) as T;
}

/** The reason string for `test(name, { skip })` when a peer is missing. */
export function skipWithout(modules: string[], debianPackages: string): string | false {
  return findPython(modules) ? false : `needs ${modules.join(' + ')} (apt-get install ${debianPackages})`;
}
