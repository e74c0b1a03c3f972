import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  Validate,
  ValidateNested,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { KEYWORD_ACTIONS, PRESET_SLUGS } from '@bacheca/keywords';
import { MESSAGE_KEYS } from './flow/messages';

export class CaptureFieldDto {
  @ApiProperty({ example: 'first_name' }) @Matches(/^[a-z_]{1,40}$/) name: string;
  @ApiProperty({ example: 'nome' }) @IsString() @MinLength(1) @MaxLength(60) label: string;
  @ApiProperty() @IsBoolean() required: boolean;
}

export class KeywordRuleDto {
  @ApiProperty({ example: 'iscrizione' }) @IsString() @MinLength(1) @MaxLength(60) id: string;
  @ApiProperty({ enum: KEYWORD_ACTIONS }) @IsIn(KEYWORD_ACTIONS) action: (typeof KEYWORD_ACTIONS)[number];
  @ApiProperty({ type: [String], example: ['ATTIVA'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MaxLength(80, { each: true })
  phrases: string[];
  @ApiPropertyOptional({ example: 'allerta_meteo' }) @IsOptional() @Matches(/^[a-z_]{1,40}$/) topic?: string;
  @ApiPropertyOptional({ type: [CaptureFieldDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(6)
  @ValidateNested({ each: true })
  @Type(() => CaptureFieldDto)
  capture?: CaptureFieldDto[];
}

export class KeywordSetDto {
  @ApiProperty({ type: [KeywordRuleDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => KeywordRuleDto)
  rules: KeywordRuleDto[];

  @ApiProperty({ type: [String], example: ['STOP'] })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  stopWords: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  confirmWords?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  fillerWords?: string[];
}

export class ApplyPresetDto {
  @ApiProperty({ enum: [...PRESET_SLUGS, 'generico'] }) @IsIn([...PRESET_SLUGS, 'generico']) preset: string;
}

export class TryMessageDto {
  @ApiProperty({ example: 'Attiva Notizie Mario Rossi Saronno' }) @IsString() @MaxLength(4096) text: string;
}

export class TypoCorrectionDto {
  @ApiProperty({ example: 'ATIVA' }) written: string;
  @ApiProperty({ example: 'ATTIVA' }) expected: string;
}

export class MatchResultDto {
  @ApiProperty({ enum: [...KEYWORD_ACTIONS, 'stop', 'none'] }) action: string;
  @ApiPropertyOptional() ruleId?: string;
  @ApiPropertyOptional() phrase?: string;
  @ApiPropertyOptional() topic?: string;
  @ApiPropertyOptional({ type: Object }) fields?: Record<string, string>;
  @ApiPropertyOptional({ type: [String] }) missingFields?: string[];
  @ApiPropertyOptional() prompt?: string;
  @ApiPropertyOptional({ enum: ['separators', 'positional', 'heuristic', 'empty'], description: 'Come sono stati divisi i dati' })
  captureMethod?: string;
  @ApiPropertyOptional({ type: [TypoCorrectionDto], description: 'Errori di battitura corretti' }) typos?: TypoCorrectionDto[];
  @ApiProperty({ description: 'Perché, in italiano' }) explanation: string;
}

/** Message overrides: only known keys, each a text up to 1,000 characters, or null to restore the default. */
@ValidatorConstraint({ name: 'messageOverrides' })
class MessageOverrides implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
    return Object.entries(value).every(
      ([k, v]) => MESSAGE_KEYS.includes(k as (typeof MESSAGE_KEYS)[number]) && (v === null || (typeof v === 'string' && v.length <= 1000)),
    );
  }

  defaultMessage(): string {
    return `messages: chiavi ammesse ${MESSAGE_KEYS.join(', ')}; testi fino a 1000 caratteri, oppure null`;
  }
}

export class UpdateServiceSettingsDto {
  @ApiPropertyOptional({ description: 'Chiedere «SÌ» prima di completare l’iscrizione' }) @IsOptional() @IsBoolean() confirmationRequired?: boolean;
  @ApiPropertyOptional({ description: 'Eliminare il numero dall’archivio alla cancellazione' }) @IsOptional() @IsBoolean() eraseOnUnsubscribe?: boolean;
  @ApiPropertyOptional({ minimum: 1, maximum: 43200 }) @IsOptional() @IsInt() @Min(1) @Max(43200) autoReplyIntervalMinutes?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 365 }) @IsOptional() @IsInt() @Min(1) @Max(365) inboundRetentionDays?: number;

  @ApiPropertyOptional({
    description:
      `Testi personalizzati (null o "" ripristina il predefinito). Chiavi: ${MESSAGE_KEYS.join(', ')}. ` +
      'Segnaposto: {comune}, {privacy} (link all’informativa in vigore), {subscribe} e {unsubscribe} (le frasi del comune), ' +
      '{contacts} (i canali di contatto), {subscription} (come cancellarsi per chi è iscritto, come iscriversi per gli altri), {topics} (gli argomenti e come sceglierli), {topic} (l’argomento appena scelto), ' +
      '{prompt} (la richiesta dei dati mancanti).',
    type: Object,
  })
  @IsOptional()
  @Validate(MessageOverrides)
  messages?: Record<string, string | null>;
}

export class ServiceSettingsDto {
  @ApiProperty({ type: KeywordSetDto }) keywordSet: KeywordSetDto;
  @ApiProperty() confirmationRequired: boolean;
  @ApiProperty() eraseOnUnsubscribe: boolean;
  @ApiProperty() autoReplyIntervalMinutes: number;
  @ApiProperty() inboundRetentionDays: number;
  @ApiProperty({ type: Object, description: 'Ogni testo in vigore (personalizzato o predefinito)' }) messages: Record<string, string>;
  @ApiProperty({ type: Object }) customMessages: Record<string, string>;
}

export class PublishNoticeDto {
  @ApiProperty({ example: 'Informativa privacy del servizio WhatsApp' }) @IsString() @MinLength(3) @MaxLength(200) title: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20000) body?: string;
  @ApiPropertyOptional({ example: 'https://www.comune.sangiulianomilanese.mi.it/privacy-whatsapp' })
  @IsOptional()
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true })
  @MaxLength(500)
  url?: string;
  @ApiPropertyOptional() @IsOptional() @IsDateString() effectiveFrom?: string;
}

export class PrivacyNoticeDto {
  @ApiProperty() id: string;
  @ApiProperty() version: number;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) body: string | null;
  @ApiProperty({ nullable: true, type: String }) url: string | null;
  @ApiProperty() effectiveFrom: Date;
  @ApiProperty() createdAt: Date;
}

export class SubscriberListQueryDto {
  @ApiPropertyOptional({ enum: ['pending_confirmation', 'active', 'unsubscribed'] })
  @IsOptional()
  @IsIn(['pending_confirmation', 'active', 'unsubscribed'])
  status?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^[a-z_]{1,40}$/) topic?: string;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(10_000_000) offset?: number;
}

export class LookupQueryDto {
  @ApiProperty({ example: '333 123 4567' }) @IsString() @MinLength(3) @MaxLength(40) phone: string;
}

export class StatsQueryDto {
  @ApiPropertyOptional({ default: 30, minimum: 1, maximum: 366, description: 'Giorni di iscrizioni e cancellazioni, fino a oggi compreso' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(366)
  days?: number;
}

export class ExportQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' }) @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
}

export class SubscriberDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: '+39333••••567' }) phoneMasked: string;
  @ApiProperty({ enum: ['pending_confirmation', 'active', 'unsubscribed'] }) status: string;
  @ApiProperty({ type: [String] }) topics: string[];
  @ApiProperty({ type: Object }) fields: Record<string, string>;
  @ApiProperty() marketingOptOut: boolean;
  @ApiProperty({ nullable: true, type: Number }) noticeVersion: number | null;
  @ApiProperty({ nullable: true, type: Date }) subscribedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) unsubscribedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) lastInboundAt: Date | null;
}

export class ConsentEntryDto {
  @ApiProperty() action: string;
  @ApiProperty() occurredAt: Date;
  @ApiProperty({ nullable: true, type: String }) metaMessageId: string | null;
  @ApiProperty({ nullable: true, type: String }) wordsReceived: string | null;
  @ApiProperty({ nullable: true, type: String }) ruleMatched: string | null;
  @ApiProperty({ nullable: true, type: Number }) noticeVersion: number | null;
  @ApiProperty() channel: string;
}

export class SubscriberDetailDto extends SubscriberDto {
  @ApiProperty({ type: [ConsentEntryDto] }) consentHistory: ConsentEntryDto[];
}

export class SubscriberPageDto {
  @ApiProperty() total: number;
  @ApiProperty({ type: [SubscriberDto] }) items: SubscriberDto[];
}

export class DayCountDto {
  @ApiProperty({ example: '2026-11-23' }) day: string;
  @ApiProperty() joins: number;
  @ApiProperty() leaves: number;
}

export class SubscriberStatsDto {
  @ApiProperty({ type: Object, example: { active: 980, pending_confirmation: 3, unsubscribed: 41 } }) byStatus: Record<string, number>;
  @ApiProperty({ type: Object, example: { allerta_meteo: 640 } }) byTopic: Record<string, number>;
  @ApiProperty({ type: [DayCountDto] }) perDay: DayCountDto[];
}
