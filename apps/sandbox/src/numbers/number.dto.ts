import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, IsUrl, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

export class RegisterNumberDto {
  // A leading "_" is reserved for the control routes under /_sandbox.
  @ApiProperty({ example: '106540352242922' })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/)
  phoneNumberId: string;

  @ApiProperty({ example: '+39 06 1234 5678' })
  @IsString()
  @Matches(/^\+?[1-9][\d\s\-()]{5,20}$/)
  displayPhoneNumber: string;

  @ApiProperty({ example: '102290129340398' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/)
  wabaId: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  accessToken: string;

  @ApiPropertyOptional({ description: 'Key of X-Hub-Signature-256; defaults to SANDBOX_DEFAULT_APP_SECRET' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  appSecret?: string;

  @ApiProperty({ example: 'http://127.0.0.1:3000/webhooks/whatsapp' })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  callbackUrl: string;

  @ApiPropertyOptional({ default: 80 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  mps?: number;

  @ApiPropertyOptional({ example: 'Comune di Bientina', description: 'Shown on the phone page' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  label?: string;
}

/** What the test console asks for: Meta's dashboard makes up the rest (ids, token, secret). */
export class CreateTestNumberDto {
  @ApiProperty({ example: 'Comune di Vignate', description: 'Shown on the phone page' })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  label: string;

  @ApiPropertyOptional({ example: '+39 02 9508 0001', description: 'When omitted, a free +39 number is made up' })
  @IsOptional()
  @IsString()
  @Matches(/^\+?[1-9][\d\s\-()]{5,20}$/)
  displayPhoneNumber?: string;

  @ApiPropertyOptional({ example: 'http://127.0.0.1:3000/webhooks/whatsapp', description: 'Defaults to SANDBOX_CALLBACK_URL' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  callbackUrl?: string;

  @ApiPropertyOptional({ default: 80 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  mps?: number;
}
