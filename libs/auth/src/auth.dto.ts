import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'ufficio.stampa@comune.cormano.mi.it' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'Il refresh token ricevuto al login o all’ultimo rinnovo' })
  @IsString()
  @MaxLength(200)
  refreshToken: string;
}

export class SessionUserDto {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ enum: ['platform_admin', 'admin', 'editor', 'sender', 'viewer'] }) role: string;
  @ApiProperty({ nullable: true, type: String }) tenantId: string | null;
}

export class SessionDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ description: 'Secondi di validità del token di accesso' }) accessTokenExpiresIn: number;
  @ApiProperty() refreshToken: string;
  @ApiProperty({ type: SessionUserDto }) user: SessionUserDto;
}

export class PrincipalDto {
  @ApiProperty() userId: string;
  @ApiProperty({ nullable: true, type: String }) tenantId: string | null;
  @ApiProperty() role: string;
}
