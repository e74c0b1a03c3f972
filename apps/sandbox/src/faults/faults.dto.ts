import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

export class FaultsDto {
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(600_000)
  latencyMs?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 1 }) @IsOptional() @IsNumber() @Min(0) @Max(1)
  errorRate?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 1 }) @IsOptional() @IsNumber() @Min(0) @Max(1)
  timeoutRate?: number;

  @ApiPropertyOptional({ description: 'How long a timed-out request is held' }) @IsOptional() @IsInt() @Min(1) @Max(600_000)
  timeoutMs?: number;

  @ApiPropertyOptional() @IsOptional() @IsBoolean()
  throttleAll?: boolean;

  @ApiPropertyOptional({ description: 'Meta error code every send is answered with', example: 131042 })
  @IsOptional() @IsInt() @Min(0) @Max(999_999)
  errorCode?: number;

  @ApiPropertyOptional({ description: 'HTTP status of errorCode answers', default: 400 })
  @IsOptional() @IsInt() @Min(400) @Max(599)
  errorHttpStatus?: number;

  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(10_000) @IsString({ each: true })
  expiredToken?: string[];

  @ApiPropertyOptional({ type: [String], example: ['+393339999999'] })
  @IsOptional() @IsArray() @ArrayMaxSize(100_000) @IsString({ each: true })
  @Matches(/^\+?[1-9][\d\s\-()]{6,20}$/, { each: true })
  undeliverable?: string[];

  @ApiPropertyOptional() @IsOptional() @IsBoolean()
  pairRateLimit?: boolean;
}
