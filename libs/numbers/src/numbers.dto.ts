import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { MESSAGING_LIMIT_TIERS, MessagingLimitTier } from './whatsapp-number.entity';

export class RegisterNumberDto {
  @ApiProperty({ example: '106540352242922', description: 'Phone number ID di Meta' })
  @Matches(/^[0-9]{1,32}$/, { message: 'phoneNumberId: solo cifre' })
  phoneNumberId: string;

  @ApiProperty({ example: '+39 335 652 8217' })
  @Matches(/^\+[0-9 ]{6,20}$/, { message: 'displayPhoneNumber: numero con prefisso internazionale, es. +39 335 652 8217' })
  displayPhoneNumber: string;

  @ApiProperty({ example: '102290129340398', description: 'WhatsApp Business Account ID' })
  @Matches(/^[0-9]{1,32}$/, { message: 'wabaId: solo cifre' })
  wabaId: string;

  @ApiProperty({ description: 'Token di accesso (System User). Non viene mai restituito.', writeOnly: true })
  @IsString()
  @MinLength(10)
  @MaxLength(2000)
  accessToken: string;

  @ApiProperty({ description: 'App secret per verificare le firme dei webhook. Non viene mai restituito.', writeOnly: true })
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  appSecret: string;

  @ApiProperty({ description: 'Verify token della configurazione webhook. Non viene mai restituito.', writeOnly: true })
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  webhookVerifyToken: string;

  @ApiPropertyOptional({ default: 80, minimum: 1, maximum: 1000, description: 'Messaggi al secondo consentiti da Meta' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  mps?: number;

  @ApiPropertyOptional({ enum: MESSAGING_LIMIT_TIERS, default: 'TIER_250' })
  @IsOptional()
  @IsIn(MESSAGING_LIMIT_TIERS)
  messagingLimitTier?: MessagingLimitTier;
}

/** Rotation of credentials and change of limits; identifiers of a number never change. */
export class UpdateNumberDto {
  @ApiPropertyOptional({ writeOnly: true })
  @IsOptional()
  @IsString()
  @MinLength(10)
  @MaxLength(2000)
  accessToken?: string;

  @ApiPropertyOptional({ writeOnly: true })
  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  appSecret?: string;

  @ApiPropertyOptional({ writeOnly: true })
  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  webhookVerifyToken?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  mps?: number;

  @ApiPropertyOptional({ enum: MESSAGING_LIMIT_TIERS })
  @IsOptional()
  @IsIn(MESSAGING_LIMIT_TIERS)
  messagingLimitTier?: MessagingLimitTier;

  @ApiPropertyOptional({ example: '+39 335 652 8217' })
  @IsOptional()
  @Matches(/^\+[0-9 ]{6,20}$/)
  displayPhoneNumber?: string;
}

export class WhatsappNumberDto {
  @ApiProperty() id: string;
  @ApiProperty() tenantId: string;
  @ApiProperty() phoneNumberId: string;
  @ApiProperty() displayPhoneNumber: string;
  @ApiProperty() wabaId: string;
  @ApiProperty() mps: number;
  @ApiProperty({ enum: MESSAGING_LIMIT_TIERS }) messagingLimitTier: string;
  @ApiProperty({ enum: ['active', 'stopped'] }) sendingStatus: string;
  @ApiProperty({ nullable: true, type: String }) sendingStoppedReason: string | null;
  @ApiProperty() credentialsRotatedAt: Date;
  @ApiProperty() createdAt: Date;
}
