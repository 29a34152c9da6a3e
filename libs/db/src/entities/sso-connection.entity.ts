import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const SSO_CONNECTION_TYPES = ['oidc', 'saml'] as const;
export type SsoConnectionType = (typeof SSO_CONNECTION_TYPES)[number];

/** An org's OIDC or SAML identity provider. `settings` holds the non-secret configuration (validated by the admin API). */
@Entity({ name: 'sso_connections' })
export class SsoConnection {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  orgId!: string;

  @Column({ type: 'text' })
  type!: SsoConnectionType;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  settings!: Record<string, unknown>;

  /** OIDC client secret sealed with the KEK (AES-256-GCM); never returned by the API. */
  @Column({ type: 'bytea', nullable: true })
  clientSecretSealed!: Buffer | null;

  @Column({ type: 'text', nullable: true })
  clientSecretKeyId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
