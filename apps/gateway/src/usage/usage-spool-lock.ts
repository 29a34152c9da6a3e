import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

export const SPOOL_LOCK_FILE = 'spool.lock';

/** Thrown when another live process (or another host) holds the spool directory. */
export class SpoolLockedError extends Error {
  override name = 'SpoolLockedError';
}

const lockOwnerSchema = z.object({ pid: z.number().int().positive(), hostname: z.string().min(1), acquiredAt: z.string() });
type LockOwner = z.output<typeof lockOwnerSchema>;

export interface SpoolLock {
  /** Removes the lock file if it is still ours. */
  release(): Promise<void>;
}

/**
 * Takes the pid lock of a spool directory. The file is created atomically with its content (written
 * to a temp name, then hard-linked), so a reader never sees a half-written lock. A lock left by a
 * dead process on this host is taken over; a live holder, or a holder on another host (whose pid
 * cannot be checked), makes this throw.
 */
export async function acquireSpoolLock(dir: string): Promise<SpoolLock> {
  const path = join(dir, SPOOL_LOCK_FILE);
  const me: LockOwner = { pid: process.pid, hostname: hostname(), acquiredAt: new Date().toISOString() };
  const temp = join(dir, `.lock-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  await fs.writeFile(temp, JSON.stringify(me), { flag: 'wx' });
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await fs.link(temp, path);
        return { release: () => releaseIfOurs(path) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = await readOwner(path);
      if (holder && holder.hostname !== me.hostname) {
        throw new SpoolLockedError(`usage spool ${dir} is locked by pid ${holder.pid} on host ${holder.hostname}; every gateway instance needs its own USAGE_SPOOL_DIR`);
      }
      if (holder && holder.pid !== process.pid && isAlive(holder.pid)) {
        throw new SpoolLockedError(`usage spool ${dir} is locked by live process ${holder.pid}; every gateway instance needs its own USAGE_SPOOL_DIR`);
      }
      // Stale: its process is gone (a pid equal to ours is a previous container run that also had this pid).
      await fs.rm(path, { force: true });
    }
    throw new SpoolLockedError(`usage spool ${dir}: another process took the lock at the same time`);
  } finally {
    await fs.rm(temp, { force: true });
  }
}

async function readOwner(path: string): Promise<LockOwner | null> {
  try {
    const parsed = lockOwnerSchema.safeParse(JSON.parse(await fs.readFile(path, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function releaseIfOurs(path: string): Promise<void> {
  const holder = await readOwner(path);
  if (holder?.pid === process.pid && holder.hostname === hostname()) await fs.rm(path, { force: true });
}
