import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { KeywordSet } from '@bacheca/keywords';

@Entity('service_settings')
export class ServiceSettings {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId: string;

  @Column({ type: 'jsonb', name: 'keyword_set' })
  keywordSet: KeywordSet;

  @Column({ type: 'boolean', name: 'confirmation_required' })
  confirmationRequired: boolean;

  @Column({ type: 'boolean', name: 'erase_on_unsubscribe' })
  eraseOnUnsubscribe: boolean;

  @Column({ type: 'integer', name: 'auto_reply_interval_minutes' })
  autoReplyIntervalMinutes: number;

  @Column({ type: 'integer', name: 'inbound_retention_days' })
  inboundRetentionDays: number;

  @Column({ type: 'jsonb' })
  messages: Record<string, string>;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}
