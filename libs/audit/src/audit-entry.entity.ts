import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('audit_log')
export class AuditEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'uuid', name: 'tenant_id', nullable: true })
  tenantId: string | null;

  @Column({ type: 'timestamptz', insert: false })
  at: Date;

  @Column({ type: 'uuid', name: 'actor_user_id', nullable: true })
  actorUserId: string | null;

  @Column({ type: 'text', name: 'actor_role', nullable: true })
  actorRole: string | null;

  @Column({ type: 'text' })
  scope: 'tenant' | 'platform' | 'system';

  @Column({ type: 'text' })
  action: string;

  @Column({ type: 'text', name: 'target_type' })
  targetType: string;

  @Column({ type: 'text', name: 'target_id', nullable: true })
  targetId: string | null;

  @Column({ type: 'jsonb' })
  details: Record<string, unknown>;

  @Column({ type: 'inet', nullable: true })
  ip: string | null;

  @Column({ type: 'text', name: 'request_id', nullable: true })
  requestId: string | null;

  /** The named platform scope the entry was written in (TenantDb.asPlatform); filled by the database. */
  @Column({ type: 'text', nullable: true, insert: false })
  purpose: string | null;
}
