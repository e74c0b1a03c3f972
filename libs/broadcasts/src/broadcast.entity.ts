import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const BROADCAST_STATUSES = ['draft', 'awaiting_approval', 'scheduled', 'sending', 'paused', 'completed', 'cancelled'] as const;
export type BroadcastStatus = (typeof BROADCAST_STATUSES)[number];

@Entity('broadcasts')
export class Broadcast {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', name: 'tenant_id' }) tenantId: string;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text' }) body: string;
  @Column({ type: 'text', name: 'media_url', nullable: true }) mediaUrl: string | null;
  @Column({ type: 'text', name: 'media_kind', nullable: true }) mediaKind: 'image' | 'document' | null;
  @Column({ type: 'text', array: true }) topics: string[];
  @Column({ type: 'text' }) priority: 'normal' | 'urgent';
  @Column({ type: 'text' }) status: BroadcastStatus;
  @Column({ type: 'uuid', name: 'template_id', nullable: true }) templateId: string | null;
  @Column({ type: 'timestamptz', name: 'scheduled_at', nullable: true }) scheduledAt: Date | null;
  /** When sending may begin: the schedule, moved past the comune's quiet hours for normal news. */
  @Column({ type: 'timestamptz', name: 'send_after', nullable: true }) sendAfter: Date | null;
  @Column({ type: 'timestamptz', name: 'expires_at', nullable: true }) expiresAt: Date | null;
  @Column({ type: 'timestamptz', name: 'started_at', nullable: true }) startedAt: Date | null;
  @Column({ type: 'timestamptz', name: 'completed_at', nullable: true }) completedAt: Date | null;
  @Column({ type: 'uuid', name: 'created_by', nullable: true }) createdBy: string | null;
  @Column({ type: 'uuid', name: 'approved_by', nullable: true }) approvedBy: string | null;
  /** An item for the comune's next digest rather than a message of its own. */
  @Column({ type: 'boolean' }) digest: boolean;
  /** The digest broadcast that carried this item. */
  @Column({ type: 'uuid', name: 'digest_id', nullable: true }) digestId: string | null;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
}
