import type { DataSource } from 'typeorm';
import type { ConfigSnapshot } from '@sluice/contracts';
import { createDataSource, getConfigVersion, loadConfigSnapshot, type CredentialCipher } from '@sluice/db';
import type { Logger } from '@sluice/observability';
import type { SnapshotSource } from './snapshot-source';

/** Loads the data-plane config from Postgres. Only used at start, on change and by the slow poll. */
export class PostgresSnapshotSource implements SnapshotSource {
  private readonly dataSource: DataSource;
  private ready: Promise<DataSource> | null = null;

  constructor(url: string, private readonly cipher: CredentialCipher, private readonly logger: Logger) {
    this.dataSource = createDataSource({ url, poolSize: 2, applicationName: 'sluice-gateway' });
  }

  private connection(): Promise<DataSource> {
    if (this.dataSource.isInitialized) return Promise.resolve(this.dataSource);
    this.ready ??= this.dataSource.initialize().finally(() => (this.ready = null));
    return this.ready;
  }

  async load(): Promise<ConfigSnapshot> {
    return loadConfigSnapshot(await this.connection(), {
      decryptCredential: (sealed) => this.cipher.decrypt(sealed),
      onCredentialError: (providerId, error) =>
        this.logger.error({ providerId, err: error }, 'provider credentials cannot be decrypted (is SLUICE_KEK or SLUICE_KEK_PREVIOUS missing a key?)'),
    });
  }

  async version(): Promise<number> {
    return getConfigVersion(await this.connection());
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
