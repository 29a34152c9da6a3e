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

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
