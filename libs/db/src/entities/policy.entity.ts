import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const POLICY_SCOPE_TYPES = ['org', 'team', 'user', 'key'] as const;
export type PolicyScopeType = (typeof POLICY_SCOPE_TYPES)[number];

/**
 * A governance policy of one kind (`rate_limit`, `budget`, `cache`, `guardrail`, `logging`) whose
 * `spec` is the parsed output of that kind's schema in `policySpecSchemas` (@sluice/contracts).
 * Name is unique per org; `version` counts the updates.
 */
@Entity({ name: 'policies' })
export class Policy {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  orgId!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  @Column({ type: 'jsonb' })
  spec!: Record<string, unknown>;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** A policy applied to an organization, team, user or key; one policy of each kind per scope. */
@Entity({ name: 'policy_attachments' })
export class PolicyAttachment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  orgId!: string;

  @Column({ type: 'uuid' })
  policyId!: string;

  /** Copied from the policy (composite foreign key) so (kind, scope) can be unique. */
  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text' })
  scopeType!: PolicyScopeType;

  @Column({ type: 'uuid' })
  scopeId!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
