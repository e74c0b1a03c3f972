import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, IsUrl, Matches, MaxLength, MinLength } from 'class-validator';
import { COMUNE_STATUSES } from './comune.entity';

const TIMEZONES = new Set(Intl.supportedValuesOf('timeZone'));

export class ContactChannelsDto {
  @ApiPropertyOptional({ type: String, example: 'urp@comune.bientina.pi.it', nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  contactEmail?: string | null;

  @ApiPropertyOptional({ type: String, example: '0587 758456', nullable: true })
  @IsOptional()
  @Matches(/^\+?[0-9 ./-]{5,20}$/, { message: 'contactPhone deve essere un numero di telefono' })
  contactPhone?: string | null;

  @ApiPropertyOptional({ type: String, example: 'https://www.comune.bientina.pi.it', nullable: true })
  @IsOptional()
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true })
  @MaxLength(500)
  contactUrl?: string | null;

  @ApiPropertyOptional({ type: String, example: 'App Municipium', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  contactApp?: string | null;
}

export class CreateComuneDto extends ContactChannelsDto {
  @ApiProperty({ example: 'cormano', description: 'Identificativo in minuscolo, con trattini' })
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'slug: solo lettere minuscole, cifre e trattini' })
  @MaxLength(60)
  slug: string;

  @ApiProperty({ example: 'Cormano' })
  @IsString()
  @MinLength(2)
  @MaxLength(120)
  name: string;

  @ApiProperty({ example: '015093', description: 'Codice ISTAT del comune (6 cifre)' })
  @Matches(/^[0-9]{6}$/, { message: 'istatCode: 6 cifre' })
  istatCode: string;

  @ApiProperty({ example: 'MI', description: 'Sigla della provincia' })
  @Matches(/^[A-Z]{2}$/, { message: 'province: sigla di 2 lettere maiuscole' })
  province: string;

  @ApiPropertyOptional({ example: 'Europe/Rome', default: 'Europe/Rome' })
  @IsOptional()
  @IsIn([...TIMEZONES], { message: 'timezone: fuso orario IANA non valido' })
  timezone?: string;

  @ApiPropertyOptional({ enum: ['onboarding', 'pre_launch', 'active'], default: 'onboarding' })
  @IsOptional()
  @IsIn(['onboarding', 'pre_launch', 'active'])
  status?: 'onboarding' | 'pre_launch' | 'active';
}

export class UpdateComuneDto extends PartialType(CreateComuneDto) {}

export class UpdateOwnComuneDto extends PickType(ContactChannelsDto, ['contactEmail', 'contactPhone', 'contactUrl', 'contactApp']) {}

export class ComuneDto {
  @ApiProperty() id: string;
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
  @ApiProperty() istatCode: string;
  @ApiProperty() province: string;
  @ApiProperty() timezone: string;
  @ApiProperty({ enum: COMUNE_STATUSES }) status: string;
  @ApiProperty({ nullable: true, type: String }) contactEmail: string | null;
  @ApiProperty({ nullable: true, type: String }) contactPhone: string | null;
  @ApiProperty({ nullable: true, type: String }) contactUrl: string | null;
  @ApiProperty({ nullable: true, type: String }) contactApp: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}
