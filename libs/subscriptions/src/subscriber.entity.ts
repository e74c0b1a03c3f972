import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { SubscriberStatus } from './flow/decide';

@Entity('subscribers')
export class Subscriber {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'tenant_id' })
  tenantId: string;

  @Column({ type: 'bytea', name: 'phone_hash' })
  phoneHash: Buffer;

  @Column({ type: 'bytea', name: 'phone_enc' })
  phoneEnc: Buffer;

  @Column({ type: 'text', name: 'user_id', nullable: true })
  userId: string | null;

  @Column({ type: 'text' })
  status: SubscriberStatus;

  @Column({ type: 'text', array: true })
  topics: string[];

  @Column({ type: 'jsonb' })
  fields: Record<string, string>;

  @Column({ type: 'boolean', name: 'marketing_opt_out' })
  marketingOptOut: boolean;

  @Column({ type: 'integer', name: 'notice_version', nullable: true })
  noticeVersion: number | null;

  @Column({ type: 'timestamptz', name: 'subscribed_at', nullable: true })
  subscribedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'unsubscribed_at', nullable: true })
  unsubscribedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'state_changed_at' })
  stateChangedAt: Date;

  @Column({ type: 'timestamptz', name: 'last_inbound_at', nullable: true })
  lastInboundAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}
