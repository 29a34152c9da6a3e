import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ProviderType } from '@sluice/contracts';

/** An upstream LLM account. Credentials are AES-256-GCM ciphertext (see crypto/credential-cipher). */
@Entity({ name: 'providers' })
export class Provider {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  orgId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  type!: ProviderType;

  @Column({ type: 'text' })
  baseUrl!: string;

  @Column({ type: 'bytea', nullable: true })
  credentialsCiphertext!: Buffer | null;

  /** Which key-encryption key sealed the credentials, so keys can be rotated. */
  @Column({ type: 'text', nullable: true })
  credentialsKeyId!: string | null;

  /** A masked hint of the credential (`…abcd`, never more than its last 4 characters); safe to show. */
  @Column({ type: 'text', nullable: true })
  credentialsHint!: string | null;

  /** Provider-specific settings (Azure api-version, Bedrock region …); never secrets. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  options!: Record<string, string>;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
