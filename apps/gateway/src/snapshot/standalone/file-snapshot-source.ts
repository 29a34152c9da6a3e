import type { ConfigSnapshot } from '@sluice/contracts';
import type { SnapshotSource } from '../snapshot-source';
import { readStandaloneConfig, snapshotFromStandalone, standaloneConfigVersion } from './standalone-config-file';

/** Standalone mode: the snapshot comes from a YAML file, reloaded when its modification time changes. */
export class FileSnapshotSource implements SnapshotSource {
  constructor(
    private readonly path: string,
    private readonly pepper: string,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  async load(): Promise<ConfigSnapshot> {
    const version = await standaloneConfigVersion(this.path);
    return snapshotFromStandalone(await readStandaloneConfig(this.path, this.env), this.pepper, version);
  }

  version(): Promise<number> {
    return standaloneConfigVersion(this.path);
  }

  async close(): Promise<void> {}
}
