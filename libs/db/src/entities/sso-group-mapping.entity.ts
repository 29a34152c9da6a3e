import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { MembershipRole } from './membership.entity';

/** IdP group → an org-wide role and/or a team with a team role. Applied at every SSO login and on SCIM group changes. */
@Entity({ name: 'sso_group_mappings' })
export class SsoGroupMapping {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  orgId!: string;

  @Column({ type: 'uuid' })
  connectionId!: string;

  @Column({ type: 'text' })
  idpGroup!: string;

  @Column({ type: 'text', nullable: true })
  orgRole!: MembershipRole | null;

  @Column({ type: 'uuid', nullable: true })
  teamId!: string | null;

  @Column({ type: 'text', nullable: true })
  teamRole!: MembershipRole | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
