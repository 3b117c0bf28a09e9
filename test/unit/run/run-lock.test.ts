import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { EnvironmentError } from '../../../src/errors.js';
import { acquireRunLock, lockPathFor, readLockHolder } from '../../../src/run/run-lock.js';

const dir = mkdtempSync(path.join(tmpdir(), 'spanlens-lock-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const options = { waitSeconds: 0, now: () => new Date('2026-11-25T02:15:00Z'), log: () => {} };

describe('run lock', () => {
  it('writes the holder, refuses a second taker naming it, and releases', async () => {
    const db = path.join(dir, 'sub', 'a.duckdb');
    const lock = await acquireRunLock(db, options);
    assert.deepEqual(readLockHolder(lockPathFor(db)), { pid: process.pid, host: hostname(), started_at: '2026-11-25T02:15:00.000Z' });
    await assert.rejects(acquireRunLock(db, options), (e: Error) => e instanceof EnvironmentError && e.message.includes(`pid ${process.pid} on ${hostname()} since 2026-11-25T02:15:00.000Z`));
    lock.release();
    assert.ok(!existsSync(lockPathFor(db)));
  });
  it('takes over a lock whose process is gone, and never one from another host', async () => {
    const db = path.join(dir, 'b.duckdb');
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(lockPathFor(db), JSON.stringify({ pid: dead, host: hostname(), started_at: 'x' }));
    const logs: string[] = [];
    const lock = await acquireRunLock(db, { ...options, log: (l) => logs.push(l) });
    assert.match(logs[0]!, /stale lock/);
    assert.equal(JSON.parse(readFileSync(lockPathFor(db), 'utf8')).pid, process.pid);
    lock.release();
    writeFileSync(lockPathFor(db), JSON.stringify({ pid: dead, host: 'elsewhere', started_at: 'x' }));
    await assert.rejects(acquireRunLock(db, options), /pid \d+ on elsewhere/);
  });
  it('with a wait, polls until the holder lets go', async () => {
    const db = path.join(dir, 'c.duckdb');
    writeFileSync(lockPathFor(db), JSON.stringify({ pid: process.pid, host: hostname(), started_at: 'x' }));
    let polls = 0;
    const lock = await acquireRunLock(db, {
      ...options,
      waitSeconds: 3600,
      sleep: async () => {
        if (++polls === 3) rmSync(lockPathFor(db));
      },
    });
    assert.equal(polls, 3);
    lock.release();
  });
});
