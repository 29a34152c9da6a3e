import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Bearer token of an org's SCIM client (Okta, Entra ID…). Only the HMAC of the secret is stored. */
@Entity({ name: 'scim_tokens' })
export class ScimToken {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  orgId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  displayPrefix!: string;

  @Column({ type: 'text' })
  hash!: string;

  /** Deactivating a user through this token also revokes the user's API keys in the org. */
  @Column({ type: 'boolean', default: true })
  revokeKeysOnDeactivate!: boolean;

  @Column({ type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
