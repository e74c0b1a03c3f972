import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '@bacheca/audit';
import { ALL_TOWN_ROLES, CurrentActor, tenantOf, TownRoles } from '@bacheca/auth';
import { SubscribersService } from './subscribers.service';
import {
  ExportQueryDto,
  LookupQueryDto,
  StatsQueryDto,
  SubscriberDetailDto,
  SubscriberListQueryDto,
  SubscriberPageDto,
  SubscriberStatsDto,
} from './subscriptions.dto';

@ApiTags('iscritti')
@Controller('api/v1/subscribers')
export class SubscribersController {
  constructor(private readonly subscribers: SubscribersService) {}

  @Get()
  @TownRoles(...ALL_TOWN_ROLES)
  @ApiOkResponse({ type: SubscriberPageDto })
  list(@CurrentActor() actor: Actor, @Query() q: SubscriberListQueryDto): Promise<SubscriberPageDto> {
    return this.subscribers.list(tenantOf(actor), q);
  }

  @Get('stats')
  @TownRoles(...ALL_TOWN_ROLES)
  @ApiOkResponse({ type: SubscriberStatsDto })
  stats(@CurrentActor() actor: Actor, @Query() q: StatsQueryDto): Promise<SubscriberStatsDto> {
    return this.subscribers.stats(tenantOf(actor), q.days);
  }

  @Get('lookup')
  @TownRoles(...ALL_TOWN_ROLES)
  @ApiOkResponse({ type: SubscriberDetailDto })
  @ApiNotFoundResponse()
  lookup(@CurrentActor() actor: Actor, @Query() q: LookupQueryDto): Promise<SubscriberDetailDto> {
    return this.subscribers.lookup(actor, tenantOf(actor), q.phone);
  }

  @Get(':id')
  @TownRoles(...ALL_TOWN_ROLES)
  @ApiOkResponse({ type: SubscriberDetailDto })
  @ApiNotFoundResponse()
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<SubscriberDetailDto> {
    return this.subscribers.get(tenantOf(actor), id);
  }

  @Get(':id/export')
  @TownRoles('admin')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'Tutti i dati dell’iscritto, con lo storico dei consensi' })
  async export(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Query() q: ExportQueryDto, @Res() res: Response) {
    const file = await this.subscribers.export(actor, tenantOf(actor), id, q.format ?? 'json');
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
    res.send(file.body);
  }

  @Delete(':id')
  @HttpCode(204)
  @TownRoles('admin')
  @ApiNoContentResponse({ description: 'Numero cancellato; resta solo la traccia dei consensi, per hash' })
  @ApiNotFoundResponse()
  async erase(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.subscribers.erase(actor, tenantOf(actor), id);
  }
}
