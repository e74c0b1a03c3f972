import { ApiProperty } from '@nestjs/swagger';
import { MESSAGING_LIMIT_TIERS, type MessagingLimitTier } from '@bacheca/numbers';
import type { HealthIssue, HealthLevel } from './verdict';

const LEVELS: HealthLevel[] = ['ok', 'attention', 'problem'];
const ISSUES: HealthIssue[] = ['no_number', 'number_stopped', 'no_approved_template', 'template_rejected', 'throttled', 'many_failures', 'suspended'];

export class NumberHealthDto {
  @ApiProperty() id: string;
  @ApiProperty() displayPhoneNumber: string;
  @ApiProperty({ enum: ['active', 'stopped'] }) sendingStatus: 'active' | 'stopped';
  @ApiProperty({ type: String, nullable: true, description: 'Perché gli invii sono fermi (per esempio token scaduto)' })
  sendingStoppedReason: string | null;
  @ApiProperty() mps: number;
  @ApiProperty({ enum: MESSAGING_LIMIT_TIERS }) messagingLimitTier: MessagingLimitTier;
}

export class ComuneHealthDto {
  @ApiProperty() comuneId: string;
  @ApiProperty() name: string;
  @ApiProperty() slug: string;
  @ApiProperty({ enum: ['onboarding', 'pre_launch', 'active', 'suspended'] }) status: 'onboarding' | 'pre_launch' | 'active' | 'suspended';
  @ApiProperty({ enum: LEVELS }) level: HealthLevel;
  @ApiProperty({ enum: ISSUES, isArray: true }) issues: HealthIssue[];
  @ApiProperty({ description: 'Iscritti attivi' }) subscribers: number;
  @ApiProperty({ type: [NumberHealthDto] }) numbers: NumberHealthDto[];
  @ApiProperty() templatesApproved: number;
  @ApiProperty() templatesRejected: number;
  @ApiProperty({ description: 'Messaggi accettati da Meta nelle ultime 24 ore' }) sent24h: number;
  @ApiProperty({ description: 'Messaggi non consegnati nelle ultime 24 ore' }) failed24h: number;
  @ApiProperty({ description: 'Messaggi rallentati da limiti di Meta nelle ultime 24 ore' }) throttled24h: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastSentAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastBroadcastAt: string | null;
}
