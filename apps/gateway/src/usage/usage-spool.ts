import { promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import type { UsageEventBatch } from '@sluice/contracts';
import type { Logger } from '@sluice/observability';
import { acquireSpoolLock, type SpoolLock } from './usage-spool-lock';
import { decodeSpoolRecord, encodeSpoolRecord } from './usage-spool-record';

/** `<ms since epoch, 15 digits>-<sequence, 6 digits>-<batch id>.batch`: names sort oldest first. */
const BATCH_FILE = /^\d{15}-\d{6}-[0-9a-f-]{36}\.batch$/;
const TEMP_FILE = /^\.(\d{15}-\d{6}-[0-9a-f-]{36}\.batch)\.tmp$/;
export const SPOOL_CORRUPT_DIR = 'corrupt';

export interface UsageSpoolOptions {
  /** Total size of spooled batch files above which a new batch is dropped (and logged). */
  maxBytes: number;
  logger: Logger;
}

export interface UsageSpoolStats {
  batches: number;
  bytes: number;
  maxBytes: number;
  /** Events dropped because the spool was full, since this process opened it. */
  droppedEvents: number;
  /** Files moved to `corrupt/` since this process opened the spool. */
  quarantinedFiles: number;
}

export interface ReplayResult {
  replayed: number;
  quarantined: number;
  /** Set when `send` failed; the pass stopped there and the batch stays spooled. */
  error?: unknown;
}

interface OpenSpool {
  spool: Promise<UsageSpool>;
  refs: number;
}
/** One spool per directory and process: gateways created in the same process (tests) share it; other processes are kept out by the lock. */
const openSpools = new Map<string, OpenSpool>();

/**
 * A bounded on-disk spool of usage batches, one file per batch. A file is written under a temp name,
 * fsynced, renamed into place and the directory fsynced, so after a crash a batch file is either
 * whole or absent. Files that fail validation on read are moved to `corrupt/` and reported.
 */
export class UsageSpool {
  private readonly files = new Map<string, number>();
  private sequence = 0;
  private droppedEvents = 0;
  private quarantinedFiles = 0;
  private replaying: Promise<ReplayResult> | null = null;

  private constructor(readonly dir: string, private readonly lock: SpoolLock, private readonly options: UsageSpoolOptions) {}

  /** Opens (creating) `dir`, takes its lock, recovers files a crashed process left behind and counts what is spooled. */
  static async open(dir: string, options: UsageSpoolOptions): Promise<UsageSpool> {
    const key = resolve(dir);
    const existing = openSpools.get(key);
    if (existing) {
      existing.refs++;
      return existing.spool;
    }
    const entry: OpenSpool = { refs: 1, spool: UsageSpool.create(key, options) };
    openSpools.set(key, entry);
    entry.spool.catch(() => openSpools.delete(key));
    return entry.spool;
  }

  private static async create(dir: string, options: UsageSpoolOptions): Promise<UsageSpool> {
    await fs.mkdir(join(dir, SPOOL_CORRUPT_DIR), { recursive: true });
    const lock = await acquireSpoolLock(dir);
    const spool = new UsageSpool(dir, lock, options);
    try {
      await spool.recover();
    } catch (error) {
      await lock.release();
      throw error;
    }
    return spool;
  }

  get stats(): UsageSpoolStats {
    let bytes = 0;
    for (const size of this.files.values()) bytes += size;
    return { batches: this.files.size, bytes, maxBytes: this.options.maxBytes, droppedEvents: this.droppedEvents, quarantinedFiles: this.quarantinedFiles };
  }

  get isEmpty(): boolean {
    return this.files.size === 0;
  }

  /**
   * Stores a batch durably. Returns false when the spool is full: the batch is dropped and an error
   * naming the number of lost events is logged. Throws on I/O errors (the caller keeps the batch).
   */
  async append(batch: UsageEventBatch): Promise<boolean> {
    const bytes = encodeSpoolRecord(batch);
    if (this.stats.bytes + bytes.length > this.options.maxBytes) {
      this.droppedEvents += batch.events.length;
      this.options.logger.error(
        { batchId: batch.batchId, droppedEvents: batch.events.length, droppedEventsTotal: this.droppedEvents, spoolBytes: this.stats.bytes, maxBytes: this.options.maxBytes, dir: this.dir },
        'usage spool full: usage events dropped',
      );
      return false;
    }
    const name = `${String(Date.now()).padStart(15, '0')}-${String(this.sequence++ % 1_000_000).padStart(6, '0')}-${batch.batchId}.batch`;
    await writeDurably(this.dir, name, bytes);
    this.files.set(name, bytes.length);
    return true;
  }

  /**
   * Sends spooled batches oldest first, deleting each file only after `send` resolved. Stops at the
   * first failure of `send` or when `shouldStop` says so. Concurrent calls share one pass.
   */
  replay(send: (batch: UsageEventBatch) => Promise<void>, shouldStop: () => boolean = () => false): Promise<ReplayResult> {
    this.replaying ??= this.replayPass(send, shouldStop).finally(() => {
      this.replaying = null;
    });
    return this.replaying;
  }

  /** Drops this handle; the last one releases the directory lock. */
  async close(): Promise<void> {
    const entry = openSpools.get(this.dir);
    if (entry && --entry.refs > 0) return;
    openSpools.delete(this.dir);
    await this.replaying?.catch(() => undefined);
    await this.lock.release();
  }

  private async replayPass(send: (batch: UsageEventBatch) => Promise<void>, shouldStop: () => boolean): Promise<ReplayResult> {
    const result: ReplayResult = { replayed: 0, quarantined: 0 };
    for (const name of [...this.files.keys()].sort()) {
      if (shouldStop()) break;
      let bytes: Buffer;
      try {
        bytes = await fs.readFile(join(this.dir, name));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        this.files.delete(name);
        continue;
      }
      const decoded = decodeSpoolRecord(bytes);
      if (!decoded.ok) {
        await this.quarantine(name, decoded.reason);
        result.quarantined++;
        continue;
      }
      try {
        await send(decoded.batch);
      } catch (error) {
        result.error = error;
        break;
      }
      await fs.rm(join(this.dir, name), { force: true });
      this.files.delete(name);
      result.replayed++;
    }
    return result;
  }

  /** Promotes whole temp files a crashed writer left, and indexes the batch files present. */
  private async recover(): Promise<void> {
    for (const entry of await fs.readdir(this.dir)) {
      const temp = TEMP_FILE.exec(entry);
      if (temp) {
        const decoded = decodeSpoolRecord(await fs.readFile(join(this.dir, entry)));
        if (decoded.ok) await fs.rename(join(this.dir, entry), join(this.dir, temp[1]));
        else await this.quarantine(entry, `unfinished write: ${decoded.reason}`);
      }
    }
    for (const entry of await fs.readdir(this.dir)) {
      if (BATCH_FILE.test(entry)) this.files.set(entry, (await fs.stat(join(this.dir, entry))).size);
    }
    if (this.files.size > 0) {
      this.options.logger.info({ dir: this.dir, batches: this.files.size, bytes: this.stats.bytes }, 'usage spool holds batches from an earlier run; they will be replayed');
    }
  }

  private async quarantine(name: string, reason: string): Promise<void> {
    const target = join(this.dir, SPOOL_CORRUPT_DIR, `${name}.${Date.now()}`);
    await fs.rename(join(this.dir, name), target).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    this.files.delete(name);
    this.quarantinedFiles++;
    this.options.logger.error({ file: name, movedTo: target, reason }, 'corrupt usage spool file moved aside; its events were not replayed');
  }
}

/** temp name → write → fsync → rename → fsync the directory. */
async function writeDurably(dir: string, name: string, bytes: Buffer): Promise<void> {
  const temp = join(dir, `.${name}.tmp`);
  const handle = await fs.open(temp, 'wx');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await fs.rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  await fs.rename(temp, join(dir, name));
  const directory = await fs.open(dir, 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}
