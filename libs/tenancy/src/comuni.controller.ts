import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import type { Actor } from '@bacheca/audit';
import { ALL_TOWN_ROLES, CurrentActor, PlatformOnly, tenantOf, TownRoles } from '@bacheca/auth';
import { ComuneDto, CreateComuneDto, UpdateComuneDto, UpdateOwnComuneDto } from './comune.dto';
import { ComuniService } from './comuni.service';

export class SuspendComuneDto {
  @ApiProperty({ example: 'Contratto scaduto' })
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason: string;
}

/** Provider staff: onboarding and life cycle of every comune. */
@ApiTags('platform: comuni')
@Controller('api/v1/platform/comuni')
@PlatformOnly()
export class PlatformComuniController {
  constructor(private readonly comuni: ComuniService) {}

  @Get()
  @ApiOkResponse({ type: [ComuneDto] })
  list(): Promise<ComuneDto[]> {
    return this.comuni.list();
  }

  @Post()
  @ApiCreatedResponse({ type: ComuneDto })
  @ApiConflictResponse({ description: 'SLUG_TAKEN or ISTAT_CODE_TAKEN' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateComuneDto): Promise<ComuneDto> {
    return this.comuni.create(actor, dto);
  }

  @Get(':id')
  @ApiOkResponse({ type: ComuneDto })
  @ApiNotFoundResponse()
  get(@Param('id', ParseUUIDPipe) id: string): Promise<ComuneDto> {
    return this.comuni.get(id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: ComuneDto })
  update(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateComuneDto): Promise<ComuneDto> {
    return this.comuni.update(actor, id, dto);
  }

  @Post(':id/suspend')
  @HttpCode(200)
  @ApiOkResponse({ type: ComuneDto })
  suspend(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: SuspendComuneDto): Promise<ComuneDto> {
    return this.comuni.suspend(actor, id, dto.reason);
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  @ApiOkResponse({ type: ComuneDto })
  reactivate(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<ComuneDto> {
    return this.comuni.reactivate(actor, id);
  }
}

/** Town staff: their own comune. */
@ApiTags('comune')
@Controller('api/v1/comune')
export class OwnComuneController {
  constructor(private readonly comuni: ComuniService) {}

  @Get()
  @TownRoles(...ALL_TOWN_ROLES)
  @ApiOkResponse({ type: ComuneDto })
  get(@CurrentActor() actor: Actor): Promise<ComuneDto> {
    return this.comuni.own(tenantOf(actor));
  }

  @Patch()
  @TownRoles('admin')
  @ApiOkResponse({ type: ComuneDto })
  update(@CurrentActor() actor: Actor, @Body() dto: UpdateOwnComuneDto): Promise<ComuneDto> {
    return this.comuni.updateOwn(actor, tenantOf(actor), dto);
  }
}
