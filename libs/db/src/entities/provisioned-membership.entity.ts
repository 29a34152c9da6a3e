import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export const PROVISIONING_SOURCES = ['sso', 'scim'] as const;
export type ProvisioningSource = (typeof PROVISIONING_SOURCES)[number];

/** Marks a membership granted by a group mapping (SSO login or SCIM); only these are removed when the groups change. */
@Entity({ name: 'provisioned_memberships' })
export class ProvisionedMembership {
  @PrimaryColumn({ type: 'uuid' })
  membershipId!: string;

  @Column({ type: 'text' })
  source!: ProvisioningSource;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
