import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { bigintTransformer } from './numeric.transformer';

/** Single row (id = 1): the data-plane config version. Gateways reload their snapshot when it moves. */
@Entity({ name: 'config_versions' })
export class ConfigVersion {
  @PrimaryColumn({ type: 'smallint' })
  id!: number;

  @Column({ type: 'bigint', transformer: bigintTransformer })
  version!: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
