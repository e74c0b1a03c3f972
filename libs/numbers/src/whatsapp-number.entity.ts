import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const MESSAGING_LIMIT_TIERS = ['TIER_250', 'TIER_2K', 'TIER_10K', 'TIER_100K', 'TIER_UNLIMITED'] as const;
export type MessagingLimitTier = (typeof MESSAGING_LIMIT_TIERS)[number];

/** A comune's WhatsApp business number on the Cloud API. Credentials are sealed (SecretBox). */
@Entity('whatsapp_numbers')
export class WhatsappNumber {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'tenant_id' })
  tenantId: string;

  @Column({ type: 'text', name: 'phone_number_id' })
  phoneNumberId: string;

  @Column({ type: 'text', name: 'display_phone_number' })
  displayPhoneNumber: string;

  @Column({ type: 'text', name: 'waba_id' })
  wabaId: string;

  @Column({ type: 'bytea', name: 'access_token_enc', select: false })
  accessTokenEnc: Buffer;

  @Column({ type: 'bytea', name: 'app_secret_enc', select: false })
  appSecretEnc: Buffer;

  @Column({ type: 'bytea', name: 'verify_token_hash', select: false })
  verifyTokenHash: Buffer;

  @Column({ type: 'integer' })
  mps: number;

  @Column({ type: 'text', name: 'messaging_limit_tier' })
  messagingLimitTier: MessagingLimitTier;

  @Column({ type: 'text', name: 'sending_status' })
  sendingStatus: 'active' | 'stopped';

  @Column({ type: 'text', name: 'sending_stopped_reason', nullable: true })
  sendingStoppedReason: string | null;

  @Column({ type: 'timestamptz', name: 'credentials_rotated_at' })
  credentialsRotatedAt: Date;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}
