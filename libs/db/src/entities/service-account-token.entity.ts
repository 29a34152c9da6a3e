import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A bearer token (`sat-sluice-…`) of a service account for the admin API. Only its HMAC is stored. */
@Entity({ name: 'service_account_tokens' })
export class ServiceAccountToken {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  orgId!: string;

  @Column({ type: 'uuid' })
  serviceAccountId!: string;

  @Column({ type: 'text' })
  name!: string;

  /** Non-secret start of the token, for the UI. */
  @Column({ type: 'text' })
  displayPrefix!: string;

  /** HMAC-SHA-256(pepper, token), hex; unique. */
  @Column({ type: 'text' })
  hash!: string;

  @Column({ type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
