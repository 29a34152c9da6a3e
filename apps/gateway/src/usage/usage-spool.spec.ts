import { spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { promises as fs, mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UsageEvent, UsageEventBatch } from '@sluice/contracts';
import { createLogger } from '@sluice/observability';
import { SPOOL_LOCK_FILE, SpoolLockedError } from './usage-spool-lock';
import { decodeSpoolRecord, encodeSpoolRecord } from './usage-spool-record';
import { SPOOL_CORRUPT_DIR, UsageSpool } from './usage-spool';

const ORG = '7d9f2c1e-4b8a-4f3e-9c6d-1a2b3c4d5e6f';

function event(requestId: string): UsageEvent {
  return {
    eventId: randomUUID(), requestId, occurredAt: new Date().toISOString(), orgId: ORG, teamId: null, apiKeyId: null, userId: null,
    endpoint: 'chat.completions', model: 'gpt-4o-mini', provider: 'mock', deploymentId: 'gpt-4o-mini#0', status: 'success', httpStatus: 200,
    errorCode: null, promptTokens: 12, completionTokens: 7, cachedTokens: 0, costUsd: 0.000012, latencyMs: 42, ttftMs: null, stream: false,
    cacheStatus: 'miss', metadata: {},
  };
}

function batch(...requestIds: string[]): UsageEventBatch {
  return { batchId: randomUUID(), events: requestIds.map(event) };
}

describe('UsageSpool', () => {
  let dir: string;
  const logger = createLogger('usage-spool-test', 'silent');
  const opened: UsageSpool[] = [];
  const open = async (options: { maxBytes?: number } = {}) => {
    const spool = await UsageSpool.open(dir, { maxBytes: options.maxBytes ?? 1024 * 1024, logger });
    opened.push(spool);
    return spool;
  };
  const files = async (sub = '') => (await fs.readdir(join(dir, sub))).filter((name) => !name.startsWith('.') && name !== SPOOL_LOCK_FILE && name !== SPOOL_CORRUPT_DIR).sort();

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-spool-'));
    jest.restoreAllMocks();
  });

  afterEach(async () => {
    for (const spool of opened.splice(0)) await spool.close();
  });

  it('replays batches oldest first and deletes each file only after it was sent', async () => {
    const spool = await open();
    const batches = [batch('a'), batch('b'), batch('c')];
    for (const b of batches) expect(await spool.append(b)).toBe(true);
    expect(spool.stats.batches).toBe(3);
    const sent: string[] = [];
    const result = await spool.replay(async (b) => {
      expect(await files()).toHaveLength(3 - sent.length);
      sent.push(b.events[0].requestId);
    });
    expect(sent).toEqual(['a', 'b', 'c']);
    expect(result).toEqual({ replayed: 3, quarantined: 0 });
    expect(await files()).toEqual([]);
    expect(spool.stats).toMatchObject({ batches: 0, bytes: 0 });
  });

  it('stops at the first failed send and keeps that batch and the later ones, with the same batch id', async () => {
    const spool = await open();
    const batches = [batch('a'), batch('b'), batch('c')];
    for (const b of batches) await spool.append(b);
    const failure = new Error('Redis away');
    const result = await spool.replay(async (b) => {
      if (b.events[0].requestId === 'b') throw failure;
    });
    expect(result).toEqual({ replayed: 1, quarantined: 0, error: failure });
    const again: string[] = [];
    await spool.replay(async (b) => void again.push(b.batchId));
    expect(again).toEqual([batches[1].batchId, batches[2].batchId]);
  });

  it('is bounded: a batch that does not fit is dropped and the number of lost events is logged', async () => {
    const one = encodeSpoolRecord(batch('x', 'y')).length;
    const spool = await open({ maxBytes: Math.floor(one * 2.5) });
    const error = jest.spyOn(logger, 'error');
    expect(await spool.append(batch('a', 'b'))).toBe(true);
    expect(await spool.append(batch('c', 'd'))).toBe(true);
    expect(await spool.append(batch('e', 'f'))).toBe(false);
    expect(spool.stats).toMatchObject({ batches: 2, droppedEvents: 2 });
    expect(spool.stats.bytes).toBeLessThanOrEqual(spool.stats.maxBytes);
    expect(error).toHaveBeenCalledWith(expect.objectContaining({ droppedEvents: 2, droppedEventsTotal: 2 }), 'usage spool full: usage events dropped');
    expect(await files()).toHaveLength(2);
  });

  it('moves truncated, tampered and foreign files aside, reports them, and still replays the good ones', async () => {
    const spool = await open();
    const [good1, truncated, tampered, good2] = [batch('g1'), batch('t'), batch('m'), batch('g2')];
    for (const b of [good1, truncated, tampered, good2]) await spool.append(b);
    const names = await files();
    const bytes = await fs.readFile(join(dir, names[1]));
    await fs.writeFile(join(dir, names[1]), bytes.subarray(0, bytes.length - 20));
    await fs.writeFile(join(dir, names[2]), (await fs.readFile(join(dir, names[2]), 'utf8')).replace('"promptTokens":12', '"promptTokens":13'));
    const error = jest.spyOn(logger, 'error');
    const sent: string[] = [];
    const result = await spool.replay(async (b) => void sent.push(b.events[0].requestId));
    expect(sent).toEqual(['g1', 'g2']);
    expect(result).toEqual({ replayed: 2, quarantined: 2 });
    expect(spool.stats).toMatchObject({ batches: 0, quarantinedFiles: 2 });
    expect(await files(SPOOL_CORRUPT_DIR)).toHaveLength(2);
    const reasons = error.mock.calls.map(([fields]) => (fields as { reason: string }).reason);
    expect(reasons).toEqual([expect.stringMatching(/not valid JSON.*truncated/), 'checksum mismatch']);
  });

  it('rejects records that are valid JSON but not a usage batch', () => {
    expect(decodeSpoolRecord(Buffer.from('{"format":"other/1"}'))).toMatchObject({ ok: false, reason: expect.stringContaining('format') });
    const good = JSON.parse(encodeSpoolRecord(batch('a')).toString()) as { events: Array<Record<string, unknown>> };
    good.events[0].httpStatus = 99;
    const forged = { ...good, sha256: createHash('sha256').update(JSON.stringify(good.events)).digest('hex') };
    expect(decodeSpoolRecord(Buffer.from(JSON.stringify(forged)))).toMatchObject({ ok: false, reason: expect.stringContaining('httpStatus') });
  });

  it('finds the batches of an earlier run on open, promotes a whole unfinished write and moves a partial one aside', async () => {
    const first = await open();
    const kept = batch('kept');
    await first.append(kept);
    await first.close();
    opened.splice(0);
    const whole = batch('whole');
    await fs.writeFile(join(dir, `.000000000000001-000000-${whole.batchId}.batch.tmp`), encodeSpoolRecord(whole));
    const partial = batch('partial');
    await fs.writeFile(join(dir, `.000000000000002-000000-${partial.batchId}.batch.tmp`), encodeSpoolRecord(partial).subarray(0, 50));

    const second = await open();
    expect(second.stats).toMatchObject({ batches: 2, quarantinedFiles: 1 });
    const sent: string[] = [];
    await second.replay(async (b) => void sent.push(b.batchId));
    expect(sent).toEqual([whole.batchId, kept.batchId]);
  });

  it('refuses a directory locked by another live process, and takes over the lock of a dead one', async () => {
    await fs.writeFile(join(dir, SPOOL_LOCK_FILE), JSON.stringify({ pid: process.ppid, hostname: hostname(), acquiredAt: new Date().toISOString() }));
    await expect(open()).rejects.toThrow(SpoolLockedError);
    await expect(open()).rejects.toThrow(/locked by live process .*own USAGE_SPOOL_DIR/);

    await fs.writeFile(join(dir, SPOOL_LOCK_FILE), JSON.stringify({ pid: 1234, hostname: 'another-host', acquiredAt: new Date().toISOString() }));
    await expect(open()).rejects.toThrow(/on host another-host/);

    const dead = spawnSync(process.execPath, ['-e', '0']).pid as number;
    await fs.writeFile(join(dir, SPOOL_LOCK_FILE), JSON.stringify({ pid: dead, hostname: hostname(), acquiredAt: new Date().toISOString() }));
    const spool = await open();
    expect(JSON.parse(await fs.readFile(join(dir, SPOOL_LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    await spool.close();
    opened.splice(0);
    await expect(fs.stat(join(dir, SPOOL_LOCK_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('shares one spool between gateways of the same process and keeps the lock until the last one closes', async () => {
    const a = await open();
    const b = await open();
    expect(b).toBe(a);
    await a.close();
    await expect(fs.stat(join(dir, SPOOL_LOCK_FILE))).resolves.toBeTruthy();
    await b.close();
    opened.splice(0);
    await expect(fs.stat(join(dir, SPOOL_LOCK_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
