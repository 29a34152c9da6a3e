import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The break-glass admin's TOTP secret (RFC 6238), sealed with the KEK. Enforced once `enabledAt` is set. */
@Entity({ name: 'totp_credentials' })
export class TotpCredential {
  @PrimaryColumn({ type: 'uuid' })
  userId!: string;

  @Column({ type: 'bytea' })
  secretSealed!: Buffer;

  @Column({ type: 'text' })
  secretKeyId!: string;

  @Column({ type: 'timestamptz', nullable: true })
  enabledAt!: Date | null;

  /** The last accepted time step: a code is never accepted twice. */
  @Column({ type: 'bigint', nullable: true })
  lastUsedStep!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
