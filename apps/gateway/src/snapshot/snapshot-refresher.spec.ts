import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import { configChangedChannel } from '@sluice/contracts';
import type { Logger } from '@sluice/observability';
import { SnapshotRefresher } from './snapshot-refresher';
import type { SnapshotSource } from './snapshot-source';
import type { SnapshotStore } from './snapshot-store';

describe('SnapshotRefresher', () => {
  it('keeps serving when a published change cannot be loaded (Postgres unreachable): a warning, no unhandled rejection', async () => {
    const unreachable = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const source = { load: jest.fn(async () => Promise.reject(unreachable)), version: jest.fn(async () => 1), close: jest.fn(async () => undefined) } as unknown as SnapshotSource;
    const store = { current: { version: 1 }, replace: jest.fn() } as unknown as SnapshotStore;
    const subscriber = Object.assign(new EventEmitter(), { status: 'ready', subscribe: jest.fn(async () => 1) });
    const warn = jest.fn();
    const logger = { warn, info: jest.fn(), error: jest.fn(), debug: jest.fn() } as unknown as Logger;
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const refresher = new SnapshotRefresher(source, store, subscriber as unknown as Redis, 'pfx', 60_000, logger);
      await (refresher as unknown as { subscribe(s: unknown): Promise<void> }).subscribe(subscriber);
      subscriber.emit('message', configChangedChannel('pfx'), JSON.stringify({ version: 2 }));
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(source.load).toHaveBeenCalledTimes(1);
      expect(warn).toHaveBeenCalledWith(expect.objectContaining({ err: unreachable, version: 2 }), 'config reload failed; serving the current snapshot');
      expect(unhandled).not.toHaveBeenCalled();
      expect(store.replace).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('loads once more when a change is announced while a load is running (that load may predate the change)', async () => {
    const minimal = (version: number) => ({ version, providers: [], models: [], deployments: [], keys: [] });
    let databaseVersion = 1;
    let releaseFirst: () => void = () => undefined;
    const loads: number[] = [];
    const source = {
      load: jest.fn(async () => {
        const read = databaseVersion; // what the database held when the load read it
        loads.push(read);
        if (loads.length === 1) await new Promise<void>((resolve) => (releaseFirst = resolve));
        return minimal(read);
      }),
      version: jest.fn(async () => databaseVersion),
      close: jest.fn(async () => undefined),
    } as unknown as SnapshotSource;
    const installed: number[] = [];
    const store = {
      get current() {
        return { version: installed.at(-1) ?? 0 };
      },
      replace: jest.fn((snapshot: { version: number }) => (installed.push(snapshot.version), true)),
    } as unknown as SnapshotStore;
    const logger = { warn: jest.fn(), info: jest.fn(), error: jest.fn(), debug: jest.fn() } as unknown as Logger;
    const refresher = new SnapshotRefresher(source, store, null, 'pfx', 60_000, logger);

    const first = refresher.reload('start');
    // A change commits and is announced while the first load (which read version 1) is still running.
    databaseVersion = 2;
    const second = refresher.reload('published');
    releaseFirst();
    await Promise.all([first, second]);
    expect(loads).toEqual([1, 2]);
    expect(installed).toEqual([1, 2]);
  });
});

