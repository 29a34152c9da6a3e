import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { numericTransformer } from './numeric.transformer';

/** One way to serve a catalog model: a provider and the upstream model name there, with routing weights and capacity. */
@Entity({ name: 'deployments' })
export class Deployment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  modelId!: string;

  @Column({ type: 'uuid' })
  providerId!: string;

  @Column({ type: 'text' })
  upstreamModel!: string;

  @Column({ type: 'integer', default: 1 })
  weight!: number;

  /** Lower is tried first; equal priorities share traffic by weight. */
  @Column({ type: 'integer', default: 0 })
  priority!: number;

  @Column({ type: 'integer', default: 60_000 })
  timeoutMs!: number;

  /** Upstream capacity (requests / tokens per minute); null means unknown. */
  @Column({ type: 'integer', nullable: true })
  rpm!: number | null;

  @Column({ type: 'integer', nullable: true })
  tpm!: number | null;

  /** Price overrides in USD per 1M tokens (a negotiated rate); null means the catalog model's price. */
  @Column({ type: 'numeric', precision: 12, scale: 6, name: 'input_price_per_1m', nullable: true, transformer: numericTransformer })
  inputPricePer1M!: number | null;

  @Column({ type: 'numeric', precision: 12, scale: 6, name: 'output_price_per_1m', nullable: true, transformer: numericTransformer })
  outputPricePer1M!: number | null;

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
   * null (the model's tier); the tier's cache-write price null means the tier's input price.
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

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
