import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { MembershipRole } from './membership.entity';

/** Roles a service account may hold: every role but owner. */
export const SERVICE_ACCOUNT_ROLES = ['admin', 'team_admin', 'developer', 'auditor', 'viewer'] as const satisfies readonly MembershipRole[];
export type ServiceAccountRole = (typeof SERVICE_ACCOUNT_ROLES)[number];

/** A non-human owner of API keys (a CI pipeline, a backend service). Name is unique per org. */
@Entity({ name: 'service_accounts' })
export class ServiceAccount {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  orgId!: string;

  @Column({ type: 'uuid', nullable: true })
  teamId!: string | null;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  /** Its role in the org (in `teamId` only, for team_admin/developer, when a team is set). */
  @Column({ type: 'text', default: 'developer' })
  role!: ServiceAccountRole;

  @Column({ type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
