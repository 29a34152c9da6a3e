import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A group pushed by an org's SCIM client; its displayName is matched against the SSO group mappings. */
@Entity({ name: 'scim_groups' })
export class ScimGroup {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  orgId!: string;

  @Column({ type: 'text' })
  displayName!: string;

  @Column({ type: 'text', nullable: true })
  externalId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

@Entity({ name: 'scim_group_members' })
export class ScimGroupMember {
  @PrimaryColumn({ type: 'uuid' })
  groupId!: string;

  @PrimaryColumn({ type: 'uuid' })
  scimUserId!: string;
}
