import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsDateString, IsIn, IsOptional, IsString, IsUrl, Matches, MaxLength, MinLength } from 'class-validator';
import { BROADCAST_STATUSES } from './broadcast.entity';

export class CreateBroadcastDto {
  @ApiProperty({ example: 'Chiusura di via Roma' }) @IsString() @MinLength(3) @MaxLength(120) title: string;
  @ApiProperty({ example: 'Da lunedì 25 lavori sulla rete idrica: deviazione per via Dante.' }) @IsString() @MinLength(1) @MaxLength(3500) body: string;
  @ApiPropertyOptional({ example: 'https://www.comune.bientina.pi.it/ordinanza-12.pdf' })
  @IsOptional()
  @IsUrl({ protocols: ['https'], require_protocol: true })
  @MaxLength(1000)
  mediaUrl?: string;
  @ApiPropertyOptional({ enum: ['image', 'document'] }) @IsOptional() @IsIn(['image', 'document']) mediaKind?: 'image' | 'document';
  @ApiPropertyOptional({ type: [String], description: 'Argomenti; vuoto = tutti gli iscritti' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(/^[a-z_]{1,40}$/, { each: true })
  topics?: string[];
  @ApiPropertyOptional({ enum: ['normal', 'urgent'], default: 'normal', description: 'Gli urgenti vanno a tutti, subito, anche di notte' })
  @IsOptional()
  @IsIn(['normal', 'urgent'])
  priority?: 'normal' | 'urgent';
  @ApiPropertyOptional({ description: 'Invio programmato (ISO 8601)' }) @IsOptional() @IsDateString() scheduledAt?: string;
  @ApiPropertyOptional({ description: 'Dopo questa data le notizie non consegnate non partono più' }) @IsOptional() @IsDateString() expiresAt?: string;
  @ApiPropertyOptional({ description: 'Raccogliere la notizia nel prossimo riepilogo invece di inviarla da sola' })
  @IsOptional()
  @IsBoolean()
  digest?: boolean;
}

export class UpdateBroadcastDto extends CreateBroadcastDto {}

export class TestSendDto {
  @ApiProperty({ type: [String], example: ['+39 333 123 4567'] })
  @IsArray()
  @ArrayMaxSize(5)
  @IsString({ each: true })
  @MaxLength(30, { each: true })
  phones: string[];
}

export class TestSendResultDto {
  @ApiProperty({ description: 'Copie di prova messe in coda' }) queued: number;
}

export class BroadcastListQueryDto {
  @ApiPropertyOptional({ enum: BROADCAST_STATUSES }) @IsOptional() @IsIn(BROADCAST_STATUSES) status?: string;
}

export class ProgressDto {
  @ApiProperty() total: number;
  @ApiProperty() queued: number;
  @ApiProperty() sent: number;
  @ApiProperty() delivered: number;
  @ApiProperty() read: number;
  @ApiProperty() failed: number;
  @ApiProperty() expired: number;
  @ApiProperty() cancelled: number;
  @ApiProperty() uncertain: number;
  @ApiProperty({ description: 'Percentuale conclusa (inviati, consegnati, letti, falliti, scaduti, annullati)' }) percent: number;
  @ApiProperty({ type: Object, description: 'Motivi dei fallimenti in italiano, con il codice di Meta' }) failures: Record<string, number>;
}

export class BroadcastDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty() body: string;
  @ApiProperty({ nullable: true, type: String }) mediaUrl: string | null;
  @ApiProperty({ nullable: true, type: String }) mediaKind: string | null;
  @ApiProperty({ type: [String] }) topics: string[];
  @ApiProperty({ enum: ['normal', 'urgent'] }) priority: string;
  @ApiProperty({ enum: BROADCAST_STATUSES }) status: string;
  @ApiProperty({ nullable: true, type: Date }) scheduledAt: Date | null;
  @ApiProperty({ nullable: true, type: Date, description: 'Quando può partire (fuori dalle ore di silenzio)' }) sendAfter: Date | null;
  @ApiProperty({ nullable: true, type: Date }) expiresAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) startedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) completedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) createdBy: string | null;
  @ApiProperty({ nullable: true, type: String }) approvedBy: string | null;
  @ApiProperty() digest: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'Il riepilogo che ha portato questa notizia' }) digestId: string | null;
  @ApiProperty() createdAt: Date;
}

export class BroadcastDetailDto extends BroadcastDto {
  @ApiProperty({ type: ProgressDto }) progress: ProgressDto;
}

export class EstimateDto {
  @ApiProperty() recipients: number;
  @ApiProperty({ description: 'Di cui nella finestra di 24 ore (testo libero)' }) insideWindow: number;
  @ApiProperty() reach: number;
  @ApiProperty() durationS: number;
  @ApiProperty() finishAt: Date;
  @ApiPropertyOptional() limitWarning?: string;
  @ApiPropertyOptional({ description: 'Perché non si può inviare, se non si può' }) blocker?: string;
}

export class RegisterTemplateDto {
  @ApiProperty({ description: 'Numero WhatsApp del comune' }) @Matches(/^[0-9a-f-]{36}$/) whatsappNumberId: string;
  @ApiProperty({ example: 'avviso_comune' }) @Matches(/^[a-z0-9_]{1,100}$/) name: string;
  @ApiPropertyOptional({ default: 'it' }) @IsOptional() @Matches(/^[a-z]{2}(_[A-Z]{2})?$/) language?: string;
  @ApiProperty({ enum: ['UTILITY', 'MARKETING'] }) @IsIn(['UTILITY', 'MARKETING']) category: 'UTILITY' | 'MARKETING';
  @ApiProperty({ example: 'Avviso dal Comune: {{1}}' }) @IsString() @MinLength(5) @MaxLength(1024) body: string;
  @ApiProperty({ description: 'Il pulsante di risposta rapida «Disattiva» (obbligatorio per i bollettini)' }) @IsBoolean() unsubscribeButton: boolean;
  @ApiPropertyOptional({ enum: ['PENDING', 'APPROVED', 'REJECTED', 'PAUSED', 'DISABLED'], default: 'PENDING' })
  @IsOptional()
  @IsIn(['PENDING', 'APPROVED', 'REJECTED', 'PAUSED', 'DISABLED'])
  status?: 'PENDING' | 'APPROVED' | 'REJECTED' | 'PAUSED' | 'DISABLED';
}

export class UpdateTemplateStatusDto {
  @ApiProperty({ enum: ['PENDING', 'APPROVED', 'REJECTED', 'PAUSED', 'DISABLED'] })
  @IsIn(['PENDING', 'APPROVED', 'REJECTED', 'PAUSED', 'DISABLED'])
  status: 'PENDING' | 'APPROVED' | 'REJECTED' | 'PAUSED' | 'DISABLED';
}

export class TemplateDto {
  @ApiProperty() id: string;
  @ApiProperty() whatsappNumberId: string;
  @ApiProperty() name: string;
  @ApiProperty() language: string;
  @ApiProperty() category: string;
  @ApiProperty() body: string;
  @ApiProperty() paramCount: number;
  @ApiProperty() unsubscribeButton: boolean;
  @ApiProperty() status: string;
  @ApiProperty({ type: String, nullable: true, description: 'Il motivo indicato da Meta (per esempio di un rifiuto)' }) statusReason: string | null;
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export class SendingRulesDto {
  @ApiPropertyOptional({ description: 'Quattro occhi: un editor scrive, un admin o sender approva' }) @IsOptional() @IsBoolean() requireApproval?: boolean;
  @ApiPropertyOptional({ type: [String], example: ['tue', 'fri'], description: 'Giorni del riepilogo (vuoto = nessun riepilogo)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(7)
  @IsIn(WEEKDAYS, { each: true })
  digestDays?: string[];
  @ApiPropertyOptional({ example: '18:00', nullable: true }) @IsOptional() @Matches(/^([01][0-9]|2[0-3]):[0-5][0-9]$/) digestTime?: string | null;
  @ApiPropertyOptional({ example: '21:00', nullable: true }) @IsOptional() @Matches(/^([01][0-9]|2[0-3]):[0-5][0-9]$/) quietHoursStart?: string | null;
  @ApiPropertyOptional({ example: '08:00', nullable: true }) @IsOptional() @Matches(/^([01][0-9]|2[0-3]):[0-5][0-9]$/) quietHoursEnd?: string | null;
}

export class SendingRulesViewDto {
  @ApiProperty() requireApproval: boolean;
  @ApiProperty({ type: [String] }) digestDays: string[];
  @ApiProperty({ nullable: true, type: String }) digestTime: string | null;
  @ApiProperty({ nullable: true, type: String }) quietHoursStart: string | null;
  @ApiProperty({ nullable: true, type: String }) quietHoursEnd: string | null;
}

