import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const COMUNE_STATUSES = ['onboarding', 'pre_launch', 'active', 'suspended'] as const;
export type ComuneStatus = (typeof COMUNE_STATUSES)[number];

/** A comune is a tenant: every tenant-owned row carries its id. */
@Entity('comuni')
export class Comune {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  slug: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'char', length: 6, name: 'istat_code' })
  istatCode: string;

  @Column({ type: 'char', length: 2 })
  province: string;

  @Column({ type: 'text' })
  timezone: string;

  @Column({ type: 'text' })
  status: ComuneStatus;

  @Column({ type: 'text', name: 'status_before_suspension', nullable: true })
  statusBeforeSuspension: Exclude<ComuneStatus, 'suspended'> | null;

  @Column({ type: 'text', name: 'contact_email', nullable: true })
  contactEmail: string | null;

  @Column({ type: 'text', name: 'contact_phone', nullable: true })
  contactPhone: string | null;

  @Column({ type: 'text', name: 'contact_url', nullable: true })
  contactUrl: string | null;

  @Column({ type: 'text', name: 'contact_app', nullable: true })
  contactApp: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}
