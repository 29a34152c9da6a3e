import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'organizations' })
export class Organization {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  /** URL-safe natural key, unique across the installation. */
  @Column({ type: 'text' })
  slug!: string;

  /** Whether the local break-glass password login is allowed for members of this org. */
  @Column({ type: 'boolean', default: true })
  breakGlassLoginEnabled!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
