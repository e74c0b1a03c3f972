import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { INBOUND_TYPES, InboundType } from './inbound-payloads';

const E164ISH = /^\+?[1-9][\d\s\-()]{6,20}$/;

export class InboundDto {
  @ApiProperty() @IsString() @MinLength(1)
  phoneNumberId: string;

  @ApiProperty({ example: '+39 333 0000001' }) @IsString() @Matches(E164ISH)
  from: string;

  @ApiPropertyOptional({ enum: INBOUND_TYPES, default: 'text' }) @IsOptional() @IsIn(INBOUND_TYPES)
  type?: InboundType;

  @ApiPropertyOptional({ description: 'Text, button label, interactive title, caption, location name or reaction emoji' })
  @IsOptional() @IsString() @MaxLength(4096)
  text?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(256)
  buttonPayload?: string;

  @ApiPropertyOptional({ description: 'wamid answered or reacted to; defaults to the last message sent to this citizen' })
  @IsOptional() @IsString() @MaxLength(512)
  contextMessageId?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(256)
  profileName?: string;

  @ApiPropertyOptional({ description: 'BSUID; derived from the WABA and number when absent' })
  @IsOptional() @IsString() @Matches(/^[A-Z]{2}\.[A-Za-z0-9]{1,128}$/)
  userId?: string;

  @ApiPropertyOptional({ description: 'The citizen uses a username: the webhook names them by BSUID only, without from and wa_id' })
  @IsOptional() @IsBoolean()
  usernameOnly?: boolean;

  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(-90) @Max(90)
  latitude?: number;

  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(-180) @Max(180)
  longitude?: number;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(240)
  filename?: string;

  @ApiPropertyOptional({ description: "type 'system': the citizen's new number" }) @IsOptional() @IsString() @Matches(E164ISH)
  newFrom?: string;
}

export class UserPreferenceDto {
  @ApiProperty() @IsString() @MinLength(1)
  phoneNumberId: string;

  @ApiProperty() @IsString() @Matches(E164ISH)
  from: string;

  @ApiProperty({ enum: ['stop', 'resume'] }) @IsIn(['stop', 'resume'])
  value: 'stop' | 'resume';

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(256)
  profileName?: string;
}
