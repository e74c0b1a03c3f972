import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type ConsentAction =
  | 'opt_in'
  | 'opt_in_requested'
  | 'confirm'
  | 'opt_out'
  | 'erase'
  | 'topics'
  | 'marketing_stop'
  | 'marketing_resume'
  | 'number_change';

@Entity('consent_ledger')
export class ConsentEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'uuid', name: 'tenant_id' })
  tenantId: string;

  @Column({ type: 'bytea', name: 'phone_hash' })
  phoneHash: Buffer;

  @Column({ type: 'text' })
  action: ConsentAction;

  @Column({ type: 'timestamptz', name: 'occurred_at' })
  occurredAt: Date;

  @Column({ type: 'timestamptz', name: 'recorded_at', insert: false })
  recordedAt: Date;

  @Column({ type: 'text', name: 'meta_message_id', nullable: true })
  metaMessageId: string | null;

  @Column({ type: 'text', name: 'words_received', nullable: true })
  wordsReceived: string | null;

  @Column({ type: 'text', name: 'rule_matched', nullable: true })
  ruleMatched: string | null;

  @Column({ type: 'integer', name: 'notice_version', nullable: true })
  noticeVersion: number | null;

  @Column({ type: 'text' })
  channel: string;

  @Column({ type: 'jsonb' })
  details: Record<string, unknown>;
}
