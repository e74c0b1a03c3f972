import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { TOWN_ROLES, TownRole } from '@bacheca/audit';

export class CreateStaffUserDto {
  @ApiProperty({ example: 'mario.rossi@comune.saronno.va.it' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Mario Rossi' })
  @IsString()
  @MinLength(2)
  @MaxLength(120)
  fullName: string;

  @ApiProperty({ enum: TOWN_ROLES })
  @IsIn(TOWN_ROLES)
  role: TownRole;

  @ApiPropertyOptional({ description: 'Almeno 12 caratteri; se omessa ne viene generata una e mostrata una sola volta' })
  @IsOptional()
  @IsString()
  @MinLength(12, { message: 'La password deve avere almeno 12 caratteri' })
  @MaxLength(200)
  password?: string;
}

/** The comune's first admin: the same account fields, the role is fixed. */
export class CreateFirstAdminDto extends OmitType(CreateStaffUserDto, ['role'] as const) {}

export class UpdateStaffUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(120)
  fullName?: string;

  @ApiPropertyOptional({ enum: TOWN_ROLES })
  @IsOptional()
  @IsIn(TOWN_ROLES)
  role?: TownRole;

  @ApiPropertyOptional({ description: 'false disattiva l’account e chiude le sue sessioni' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class StaffUserDto {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) tenantId: string | null;
  @ApiProperty() email: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ enum: ['platform_admin', ...TOWN_ROLES] }) role: string;
  @ApiProperty() active: boolean;
  @ApiProperty({ nullable: true, type: Date }) lastLoginAt: Date | null;
  @ApiProperty() createdAt: Date;
}

export class CreatedStaffUserDto extends StaffUserDto {
  @ApiPropertyOptional({ description: 'Presente solo se la password è stata generata: mostrala una volta sola' })
  temporaryPassword?: string;
}
