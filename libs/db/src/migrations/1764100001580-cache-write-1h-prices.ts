import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['models', 'deployments'] as const;

/**
 * Anthropic's (and Bedrock Claude's) 1-hour prompt-cache writes (`cache_control.ttl: "1h"`, 2× input),
 * on catalog models and as deployment overrides (null everywhere = today's billing):
 * - `cache_write_1h_price_per_1m`: null means the cache-write price (itself null = the input price).
 * - `long_context_cache_write_1h_price_per_1m`: the long-context tier's, only with a tier; null means
 *   the tier's cache-write price.
 */
export class CacheWrite1hPrices1764100001580 implements MigrationInterface {
  name = 'CacheWrite1hPrices1764100001580';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) {
      await queryRunner.query(`
        ALTER TABLE ${table}
          ADD COLUMN cache_write_1h_price_per_1m numeric(12, 6) CHECK (cache_write_1h_price_per_1m >= 0),
          ADD COLUMN long_context_cache_write_1h_price_per_1m numeric(12, 6) CHECK (long_context_cache_write_1h_price_per_1m >= 0),
          ADD CONSTRAINT ${table}_long_context_cache_write_1h_needs_tier CHECK (
            long_context_cache_write_1h_price_per_1m IS NULL OR long_context_above_tokens IS NOT NULL)`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) {
      await queryRunner.query(`
        ALTER TABLE ${table}
          DROP CONSTRAINT ${table}_long_context_cache_write_1h_needs_tier,
          DROP COLUMN cache_write_1h_price_per_1m,
          DROP COLUMN long_context_cache_write_1h_price_per_1m`);
    }
  }
}
