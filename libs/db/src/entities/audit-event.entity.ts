import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintTransformer } from './numeric.transformer';

/**
 * One entry of an org's hash-chained audit trail. The database rejects UPDATE, DELETE and TRUNCATE
 * (trigger installed by a migration); `seq` is gap-free per org and `hash` covers `prevHash`.
 */
@Entity({ name: 'audit_events' })
export class AuditEvent {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  orgId!: string;

  @Column({ type: 'bigint', transformer: bigintTransformer })
  seq!: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  occurredAt!: Date;

  /** user, service_account, system, scim, anonymous (validated by `@sluice/audit`). */
  @Column({ type: 'text' })
  actorType!: string;

  @Column({ type: 'text', nullable: true })
  actorId!: string | null;

  /** How the actor authenticated: password, oidc, saml, api_key, scim_token, system, none … */
  @Column({ type: 'text', nullable: true })
  actorAuthMethod!: string | null;

  /** Dotted verb, e.g. `api_key.create`, `auth.login`. */
  @Column({ type: 'text' })
  action!: string;

  @Column({ type: 'text', nullable: true })
  targetType!: string | null;

  @Column({ type: 'text', nullable: true })
  targetId!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  before!: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  after!: Record<string, unknown> | null;

  @Column({ type: 'text', nullable: true })
  ip!: string | null;

  @Column({ type: 'text', nullable: true })
  userAgent!: string | null;

  /** success, failure, denied. */
  @Column({ type: 'text' })
  result!: string;

  @Column({ type: 'text', nullable: true })
  requestId!: string | null;

  /** Hex hash of the previous event of the org; null for the first. */
  @Column({ type: 'text', nullable: true })
  prevHash!: string | null;

  @Column({ type: 'text' })
  hash!: string;
}
