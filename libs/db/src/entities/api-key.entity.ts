import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A virtual key. Only the HMAC of the secret is stored (see `hashApiKey` in @sluice/governance). */
@Entity({ name: 'api_keys' })
export class ApiKey {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  orgId!: string;

  @Column({ type: 'uuid', nullable: true })
  teamId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  userId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  serviceAccountId!: string | null;

  @Column({ type: 'text' })
  name!: string;

  /** Non-secret start of the key, e.g. `sk-sluice-AbCd1234`, for the UI and logs. */
  @Column({ type: 'text' })
  displayPrefix!: string;

  /** HMAC-SHA-256(pepper, secret), hex; unique. */
  @Column({ type: 'text' })
  hash!: string;

  /** Empty means every model the team may use. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  allowedModels!: string[];

  /** Hash of the secret replaced by the last rotation, still accepted until `previousHashExpiresAt` (grace period). */
  @Column({ type: 'text', nullable: true })
  previousHash!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  previousHashExpiresAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  metadata!: Record<string, string>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
