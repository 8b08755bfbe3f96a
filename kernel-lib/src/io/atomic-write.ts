// Atomic file writes: the bytes go to a temporary file in the same directory, which one rename puts in place, so a
// reader (or a rerun after a kill) finds the old file or the whole new one, never half of one (POSIX rename(2)).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as crypto from 'node:crypto';

/** A temporary name beside `target`: `.<name>.tmp-<pid>-<8 hex>` (hidden, and recognised by {@link isAtomicTempName}). */
export function atomicTempPath(target: string): string {
  const suffix = `${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  return path.join(path.dirname(target), `.${path.basename(target)}.tmp-${suffix}`);
}

/** True for a file name made by {@link atomicTempPath}: what a killed writer leaves behind. */
export function isAtomicTempName(name: string): boolean {
  return /^\..+\.tmp-\d+-[0-9a-f]{8}$/.test(name);
}

/**
 * Writes `data` to `target` atomically: a temporary file in the same directory (same file system, so the rename is
 * atomic), flushed to disk, then renamed over `target`. On any error the temporary file is removed and the error rethrown;
 * a process killed before the rename leaves `target` untouched and only the temporary file.
 */
export function writeFileAtomic(target: string, data: string | Uint8Array): void {
  const temp = atomicTempPath(target);
  try {
    const fd = fs.openSync(temp, 'wx');
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, target);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

/** Removes the temporary files a killed {@link writeFileAtomic} left in `dir`; returns their names. */
export function removeAtomicTempFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const stale = fs.readdirSync(dir).filter(isAtomicTempName);
  for (const name of stale) fs.rmSync(path.join(dir, name), { force: true });
  return stale;
}
