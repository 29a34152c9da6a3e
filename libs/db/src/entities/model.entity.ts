import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ProviderType } from '@sluice/contracts';
import { numericTransformer } from './numeric.transformer';

export const MODEL_STATUSES = ['preview', 'ga', 'deprecated'] as const;
export type ModelStatus = (typeof MODEL_STATUSES)[number];
/** Input modalities a model accepts. */
export const MODEL_MODALITIES = ['text', 'image', 'audio', 'video'] as const;
/** What a model can do; catalog filters and the seed use these names (`json_mode` = JSON output mode, `fim` = fill-in-the-middle). */
export const MODEL_CAPABILITIES = ['chat', 'tools', 'json_mode', 'vision', 'reasoning', 'streaming', 'embeddings', 'code', 'fim'] as const;

/** A catalog entry: what apps ask for by name. Name is unique per org. Prices are USD per 1M tokens. */
@Entity({ name: 'models' })
export class Model {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  orgId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  family!: string;

  @Column({ type: 'text' })
  providerType!: ProviderType;

  @Column({ type: 'integer' })
  contextWindow!: number;

  @Column({ type: 'integer', nullable: true })
  maxOutputTokens!: number | null;

  @Column({ type: 'numeric', precision: 12, scale: 6, name: 'input_price_per_1m', transformer: numericTransformer })
  inputPricePer1M!: number;

  @Column({ type: 'numeric', precision: 12, scale: 6, name: 'output_price_per_1m', transformer: numericTransformer })
  outputPricePer1M!: number;

  @Column({ type: 'numeric', precision: 12, scale: 6, name: 'cached_input_price_per_1m', nullable: true, transformer: numericTransformer })
  cachedInputPricePer1M!: number | null;

  /** Prompt-cache writes in USD per 1M tokens; null means the input price. */
  @Column({ type: 'numeric', precision: 12, scale: 6, name: 'cache_write_price_per_1m', nullable: true, transformer: numericTransformer })
  cacheWritePricePer1M!: number | null;

  /** 1-hour-TTL prompt-cache writes (Anthropic: 2× input) in USD per 1M tokens; null means the cache-write price. */
  @Column({ type: 'numeric', precision: 12, scale: 6, name: 'cache_write_1h_price_per_1m', nullable: true, transformer: numericTransformer })
  cacheWrite1hPricePer1M!: number | null;

  /**
   * Long-context tier: when a request's prompt exceeds this many tokens, the `longContext*` prices
   * apply to the whole request. Threshold, input, output and cached-input prices are all set or all
   * null (no tier); the tier's cache-write price null means the tier's input price.
   */
  @Column({ type: 'integer', name: 'long_context_above_tokens', nullable: true })
  longContextAboveTokens!: number | null;

  @Column({ type: 'numeric', precision: 12, scale: 6, name: 'long_context_input_price_per_1m', nullable: true, transformer: numericTransformer })
  longContextInputPricePer1M!: number | null;

  @Column({ type: 'numeric', precision: 12, scale: 6, name: 'long_context_output_price_per_1m', nullable: true, transformer: numericTransformer })
  longContextOutputPricePer1M!: number | null;

  @Column({ type: 'numeric', precision: 12, scale: 6, name: 'long_context_cached_input_price_per_1m', nullable: true, transformer: numericTransformer })
  longContextCachedInputPricePer1M!: number | null;

  @Column({ type: 'numeric', precision: 12, scale: 6, name: 'long_context_cache_write_price_per_1m', nullable: true, transformer: numericTransformer })
  longContextCacheWritePricePer1M!: number | null;

  /** The tier's 1-hour cache-write price, only with a tier; null means the tier's cache-write price. */
  @Column({ type: 'numeric', precision: 12, scale: 6, name: 'long_context_cache_write_1h_price_per_1m', nullable: true, transformer: numericTransformer })
  longContextCacheWrite1hPricePer1M!: number | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  modalities!: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  capabilities!: string[];

  @Column({ type: 'text', default: 'ga' })
  status!: ModelStatus;

  @Column({ type: 'date', nullable: true })
  deprecationDate!: string | null;

  @Column({ type: 'text', default: '' })
  description!: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags!: string[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
