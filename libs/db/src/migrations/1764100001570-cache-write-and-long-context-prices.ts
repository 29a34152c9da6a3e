import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['models', 'deployments'] as const;

/**
 * Prices providers bill that the catalog could not express, on catalog models and as deployment
 * overrides (null everywhere = today's billing):
 * - `cache_write_price_per_1m`: prompt-cache writes (Anthropic and Bedrock Claude: 1.25× input);
 *   null means the input price.
 * - `long_context_*`: a tier for the whole request when its prompt exceeds `long_context_above_tokens`
 *   (Claude Sonnet 4/4.5 with the 1M beta, Gemini 2.5 Pro above 200k). Threshold, input, output and
 *   cached-input prices are set together or not at all; the tier's cache-write price is optional
 *   (null = the tier's input price).
 */
export class CacheWriteAndLongContextPrices1764100001570 implements MigrationInterface {
  name = 'CacheWriteAndLongContextPrices1764100001570';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) {
      await queryRunner.query(`
        ALTER TABLE ${table}
          ADD COLUMN cache_write_price_per_1m numeric(12, 6) CHECK (cache_write_price_per_1m >= 0),
          ADD COLUMN long_context_above_tokens integer CHECK (long_context_above_tokens > 0),
          ADD COLUMN long_context_input_price_per_1m numeric(12, 6) CHECK (long_context_input_price_per_1m >= 0),
          ADD COLUMN long_context_output_price_per_1m numeric(12, 6) CHECK (long_context_output_price_per_1m >= 0),
          ADD COLUMN long_context_cached_input_price_per_1m numeric(12, 6) CHECK (long_context_cached_input_price_per_1m >= 0),
          ADD COLUMN long_context_cache_write_price_per_1m numeric(12, 6) CHECK (long_context_cache_write_price_per_1m >= 0),
          ADD CONSTRAINT ${table}_long_context_complete CHECK (
            num_nulls(long_context_above_tokens, long_context_input_price_per_1m, long_context_output_price_per_1m, long_context_cached_input_price_per_1m) IN (0, 4)
            AND (long_context_cache_write_price_per_1m IS NULL OR long_context_above_tokens IS NOT NULL))`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) {
      await queryRunner.query(`
        ALTER TABLE ${table}
          DROP CONSTRAINT ${table}_long_context_complete,
          DROP COLUMN cache_write_price_per_1m,
          DROP COLUMN long_context_above_tokens,
          DROP COLUMN long_context_input_price_per_1m,
          DROP COLUMN long_context_output_price_per_1m,
          DROP COLUMN long_context_cached_input_price_per_1m,
          DROP COLUMN long_context_cache_write_price_per_1m`);
    }
  }
}
