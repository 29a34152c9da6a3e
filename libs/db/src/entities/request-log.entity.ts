import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { UsageEvent } from '@sluice/contracts';
import { numericTransformer } from './numeric.transformer';

/**
 * One gateway request (mirrors `usageEventSchema`). Partitioned by day on occurred_at; the key
 * (occurred_at, event_id) makes `INSERT … ON CONFLICT DO NOTHING` skip redelivered events.
 */
@Entity({ name: 'request_logs' })
export class RequestLog {
  @PrimaryColumn({ type: 'timestamptz' })
  occurredAt!: Date;

  @PrimaryColumn({ type: 'uuid' })
  eventId!: string;

  @Column({ type: 'text' })
  requestId!: string;

  @Column({ type: 'uuid' })
  orgId!: string;

  @Column({ type: 'uuid', nullable: true })
  teamId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  apiKeyId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  userId!: string | null;

  @Column({ type: 'text' })
  endpoint!: UsageEvent['endpoint'];

  @Column({ type: 'text' })
  model!: string;

  @Column({ type: 'text', nullable: true })
  provider!: string | null;

  @Column({ type: 'text', nullable: true })
  deploymentId!: string | null;

  @Column({ type: 'text' })
  status!: UsageEvent['status'];

  @Column({ type: 'smallint' })
  httpStatus!: number;

  @Column({ type: 'text', nullable: true })
  errorCode!: string | null;

  @Column({ type: 'integer', default: 0 })
  promptTokens!: number;

  @Column({ type: 'integer', default: 0 })
  completionTokens!: number;

  @Column({ type: 'integer', default: 0 })
  cachedTokens!: number;

  @Column({ type: 'numeric', precision: 18, scale: 10, default: 0, transformer: numericTransformer })
  costUsd!: number;

  @Column({ type: 'double precision' })
  latencyMs!: number;

  @Column({ type: 'double precision', nullable: true })
  ttftMs!: number | null;

  @Column({ type: 'boolean', default: false })
  stream!: boolean;

  @Column({ type: 'text' })
  cacheStatus!: UsageEvent['cacheStatus'];

  @Column({ type: 'jsonb', default: () => "'{}'" })
  metadata!: Record<string, string>;

  /** Prompt/response text, only when the logging policy stores them (redacted, each cut at 64 Ki characters). */
  @Column({ type: 'jsonb', nullable: true })
  bodies!: UsageEvent['bodies'] | null;
}
