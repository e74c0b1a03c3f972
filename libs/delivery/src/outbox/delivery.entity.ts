import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type DeliveryLane = 'urgent' | 'reply' | 'news';
export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'read' | 'failed' | 'uncertain' | 'expired' | 'cancelled';

/** One message to one citizen through one number. */
@Entity('deliveries')
export class Delivery {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'uuid', name: 'tenant_id' })
  tenantId: string;

  @Column({ type: 'uuid', name: 'whatsapp_number_id' })
  whatsappNumberId: string;

  @Column({ type: 'text' })
  lane: DeliveryLane;

  @Column({ type: 'uuid', name: 'subscriber_id', nullable: true })
  subscriberId: string | null;

  @Column({ type: 'bytea', name: 'recipient_hash' })
  recipientHash: Buffer;

  @Column({ type: 'bytea', name: 'recipient_enc', nullable: true })
  recipientEnc: Buffer | null;

  @Column({ type: 'jsonb', nullable: true })
  message: { type: 'text'; body: string } | null;

  @Column({ type: 'text' })
  status: DeliveryStatus;

  @Column({ type: 'integer' })
  attempts: number;

  @Column({ type: 'timestamptz', name: 'next_attempt_at' })
  nextAttemptAt: Date;

  @Column({ type: 'text', name: 'meta_message_id', nullable: true })
  metaMessageId: string | null;

  @Column({ type: 'integer', name: 'error_code', nullable: true })
  errorCode: number | null;

  @Column({ type: 'text', name: 'error_reason', nullable: true })
  errorReason: string | null;

  @Column({ type: 'timestamptz', name: 'queued_at' })
  queuedAt: Date;

  @Column({ type: 'timestamptz', name: 'sent_at', nullable: true })
  sentAt: Date | null;

  @Column({ type: 'timestamptz', name: 'delivered_at', nullable: true })
  deliveredAt: Date | null;

  @Column({ type: 'timestamptz', name: 'read_at', nullable: true })
  readAt: Date | null;

  @Column({ type: 'timestamptz', name: 'failed_at', nullable: true })
  failedAt: Date | null;
}
