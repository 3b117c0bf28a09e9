/**
 * One run at a time: a lock file next to the database (`<db>.run.lock`) holding the holder's pid,
 * host and start time. It is created atomically (written to a private temp file, then hard-linked
 * into place, which fails if a lock exists), so a reader never sees a half-written lock.
 * A lock whose holder is on this host and whose pid no longer exists is stale and is taken over.
 */
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { hostname } from 'node:os';
import { EnvironmentError } from '../errors.js';

export interface LockHolder {
  pid: number;
  host: string;
  started_at: string;
}

export interface RunLock {
  path: string;
  release(): void;
}

/** Returns the lock file's path for a database file. */
export function lockPathFor(dbPath: string): string {
  return `${dbPath}.run.lock`;
}

/** Returns the holder written in a lock file, or null when there is none or it cannot be read. */
export function readLockHolder(lockPath: string): LockHolder | null {
  try {
    const h = JSON.parse(readFileSync(lockPath, 'utf8')) as LockHolder;
    return typeof h.pid === 'number' && typeof h.host === 'string' ? h : null;
  } catch {
    return null;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/** Returns a description of the holder, e.g. "pid 4242 on db-1 since 2026-11-25T02:00:00.000Z". */
export function describeHolder(h: LockHolder): string {
  return `pid ${h.pid} on ${h.host} since ${h.started_at}`;
}

/** Takes the lock, waiting up to `waitSeconds` for another run; throws EnvironmentError (exit 4) naming the holder. */
export async function acquireRunLock(
  dbPath: string,
  options: { waitSeconds: number; now: () => Date; log: (line: string) => void; sleep?: (ms: number) => Promise<void> },
): Promise<RunLock> {
  const lockPath = lockPathFor(dbPath);
  const me: LockHolder = { pid: process.pid, host: hostname(), started_at: options.now().toISOString() };
  const tmp = `${lockPath}.${process.pid}.tmp`;
  mkdirSync(path.dirname(path.resolve(lockPath)), { recursive: true });
  writeFileSync(tmp, JSON.stringify(me) + '\n');
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const deadline = Date.now() + options.waitSeconds * 1000;
  let announced = false;
  try {
    for (;;) {
      try {
        linkSync(tmp, lockPath);
        return {
          path: lockPath,
          release: () => {
            const h = readLockHolder(lockPath);
            if (h && h.pid === me.pid && h.host === me.host) unlinkSync(lockPath);
          },
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new EnvironmentError(`cannot create lock file ${lockPath}: ${(error as Error).message}`);
      }
      const holder = readLockHolder(lockPath);
      if (holder && holder.host === me.host && !pidAlive(holder.pid)) {
        options.log(`stale lock ${lockPath} (${describeHolder(holder)}, process gone): taking it over`);
        try {
          unlinkSync(lockPath);
        } catch {
          // another run removed it first
        }
        continue;
      }
      const who = holder ? describeHolder(holder) : 'an unreadable lock file';
      if (Date.now() >= deadline) {
        throw new EnvironmentError(
          `another spanlens run holds ${lockPath} (${who}); wait for it, pass --wait [seconds], or remove the file if that process is gone`,
        );
      }
      if (!announced) options.log(`waiting for the run holding ${lockPath} (${who})`);
      announced = true;
      await sleep(Math.min(250, Math.max(1, deadline - Date.now())));
    }
  } finally {
    unlinkSync(tmp);
  }
}
