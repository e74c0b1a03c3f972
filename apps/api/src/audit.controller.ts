import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsNumberString, IsOptional, Max, Min } from 'class-validator';
import { Actor, AuditService } from '@bacheca/audit';
import { CurrentActor, PlatformOnly, tenantOf, TownRoles } from '@bacheca/auth';
import { TenantDb } from '@bacheca/database';

export class AuditQueryDto {
  @ApiPropertyOptional({ default: 50, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'Solo voci precedenti a questo id (paginazione)' })
  @IsOptional()
  @IsNumberString({ no_symbols: true })
  before?: string;
}

export class AuditEntryDto {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) tenantId: string | null;
  @ApiProperty() at: Date;
  @ApiProperty({ nullable: true, type: String }) actorUserId: string | null;
  @ApiProperty({ nullable: true, type: String }) actorRole: string | null;
  @ApiProperty() scope: string;
  @ApiProperty() action: string;
  @ApiProperty() targetType: string;
  @ApiProperty({ nullable: true, type: String }) targetId: string | null;
  @ApiProperty({ type: Object }) details: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String }) ip: string | null;
  @ApiProperty({ nullable: true, type: String }) requestId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Scopo dichiarato del lavoro a livello di fornitore in cui la voce è stata scritta' })
  purpose: string | null;
}

@ApiTags('audit')
@Controller('api/v1/audit')
export class AuditController {
  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @TownRoles('admin')
  @ApiOkResponse({ type: [AuditEntryDto] })
  own(@CurrentActor() actor: Actor, @Query() q: AuditQueryDto): Promise<AuditEntryDto[]> {
    return this.db.inTenant(tenantOf(actor), (em) => this.audit.list(em, q.limit ?? 50, q.before));
  }
}

@ApiTags('platform: audit')
@Controller('api/v1/platform/audit')
export class PlatformAuditController {
  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @PlatformOnly()
  @ApiOkResponse({ type: [AuditEntryDto] })
  all(@Query() q: AuditQueryDto): Promise<AuditEntryDto[]> {
    return this.db.asPlatform('audit.read', (em) => this.audit.list(em, q.limit ?? 50, q.before));
  }
}
