/**
 * I/O: writes a file so readers never see it half-written: a temporary file in the same folder,
 * then a rename over the target (atomic on one filesystem).
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Writes `text` to `file` atomically, creating the folder. */
export function writeFileAtomic(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(temp, text);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Removes temporary files a killed writer left in `dir` (`.<name>.<pid>.tmp`); returns how many. */
export function removeStaleTemps(dir: string): number {
  if (!existsSync(dir)) return 0;
  const stale = readdirSync(dir).filter((f) => /^\..+\.\d+\.tmp$/.test(f));
  for (const f of stale) rmSync(path.join(dir, f), { force: true });
  return stale.length;
}
