import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type TemplateStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'PAUSED' | 'DISABLED';

/** A Meta-approved message template of one of the comune's numbers. */
@Entity('whatsapp_templates')
export class WhatsappTemplate {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', name: 'tenant_id' }) tenantId: string;
  @Column({ type: 'uuid', name: 'whatsapp_number_id' }) whatsappNumberId: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) language: string;
  @Column({ type: 'text' }) category: 'UTILITY' | 'MARKETING';
  @Column({ type: 'text' }) body: string;
  @Column({ type: 'integer', name: 'param_count' }) paramCount: number;
  @Column({ type: 'boolean', name: 'unsubscribe_button' }) unsubscribeButton: boolean;
  @Column({ type: 'text' }) status: TemplateStatus;
  /** Meta's reason for the last change (a rejection's INVALID_FORMAT, say). */
  @Column({ type: 'text', name: 'status_reason', nullable: true }) statusReason: string | null;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
}
