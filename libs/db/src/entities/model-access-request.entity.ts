import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const MODEL_ACCESS_REQUEST_STATUSES = ['pending', 'approved', 'denied'] as const;
export type ModelAccessRequestStatus = (typeof MODEL_ACCESS_REQUEST_STATUSES)[number];

/** A team asks for a catalog model; an approval adds the model to `teams.allowed_models`. One pending request per team and model. */
@Entity({ name: 'model_access_requests' })
export class ModelAccessRequest {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  orgId!: string;

  @Column({ type: 'uuid' })
  teamId!: string;

  @Column({ type: 'uuid' })
  modelId!: string;

  @Column({ type: 'uuid', nullable: true })
  requestedBy!: string | null;

  @Column({ type: 'text', default: '' })
  reason!: string;

  @Column({ type: 'text', default: 'pending' })
  status!: ModelAccessRequestStatus;

  @Column({ type: 'uuid', nullable: true })
  decidedBy!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  decisionReason!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
