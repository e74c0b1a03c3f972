import { Body, Controller, Get, HttpCode, MessageEvent, Param, ParseUUIDPipe, Patch, Post, Put, Query, Sse } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { from, interval, map, Observable, startWith, switchMap, takeWhile } from 'rxjs';
import type { Actor } from '@bacheca/audit';
import { ALL_TOWN_ROLES, CurrentActor, tenantOf, TownRoles } from '@bacheca/auth';
import {
  BroadcastDetailDto,
  BroadcastDto,
  BroadcastListQueryDto,
  CreateBroadcastDto,
  EstimateDto,
  RegisterTemplateDto,
  SendingRulesDto,
  SendingRulesViewDto,
  TemplateDto,
  TestSendDto,
  TestSendResultDto,
  UpdateBroadcastDto,
  UpdateTemplateStatusDto,
} from './broadcasts.dto';
import { BroadcastsService } from './broadcasts.service';
import { SendingRulesService } from './sending-rules.service';
import { TemplatesService } from './templates.service';

const WRITERS = ['admin', 'editor', 'sender'] as const;
const SENDERS = ['admin', 'sender'] as const;

@ApiTags('messaggi')
@Controller('api/v1/broadcasts')
export class BroadcastsController {
  constructor(private readonly broadcasts: BroadcastsService) {}

  @Get()
  @TownRoles(...ALL_TOWN_ROLES)
  @ApiOkResponse({ type: [BroadcastDto] })
  list(@CurrentActor() actor: Actor, @Query() q: BroadcastListQueryDto): Promise<BroadcastDto[]> {
    return this.broadcasts.list(tenantOf(actor), q.status);
  }

  @Post()
  @TownRoles(...WRITERS)
  @ApiCreatedResponse({ type: BroadcastDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateBroadcastDto): Promise<BroadcastDto> {
    return this.broadcasts.create(actor, tenantOf(actor), dto);
  }

  @Get(':id')
  @TownRoles(...ALL_TOWN_ROLES)
  @ApiOkResponse({ type: BroadcastDetailDto })
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<BroadcastDetailDto> {
    return this.broadcasts.get(tenantOf(actor), id);
  }

  @Put(':id')
  @TownRoles(...WRITERS)
  @ApiOkResponse({ type: BroadcastDto })
  update(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateBroadcastDto): Promise<BroadcastDto> {
    return this.broadcasts.update(actor, tenantOf(actor), id, dto);
  }

  @Get(':id/estimate')
  @TownRoles(...ALL_TOWN_ROLES)
  @ApiOkResponse({ type: EstimateDto })
  estimate(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<EstimateDto> {
    return this.broadcasts.estimate(tenantOf(actor), id);
  }

  /** Live progress for the admin app: one event a second until the broadcast is over. */
  @Sse(':id/events')
  @TownRoles(...ALL_TOWN_ROLES)
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'Server-Sent Events: lo stato dell\'invio, uno al secondo finché non è concluso' })
  async events(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<Observable<MessageEvent>> {
    const tenantId = tenantOf(actor);
    // Checked before the stream opens, so another comune's id is a plain 404, not an open stream.
    await this.broadcasts.progress(tenantId, id);
    return interval(1000).pipe(
      startWith(0),
      switchMap(() => from(this.broadcasts.progress(tenantId, id))),
      takeWhile((p) => !['completed', 'cancelled'].includes(p.status), true),
      map((p) => ({ type: 'progress', data: p })),
    );
  }

  @Post(':id/submit')
  @HttpCode(200)
  @TownRoles(...WRITERS)
  @ApiOkResponse({ type: BroadcastDto })
  submit(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<BroadcastDto> {
    return this.broadcasts.submit(actor, tenantOf(actor), id);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @TownRoles(...SENDERS)
  @ApiOkResponse({ type: BroadcastDto })
  approve(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<BroadcastDto> {
    return this.broadcasts.approve(actor, tenantOf(actor), id);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @TownRoles(...SENDERS)
  @ApiOkResponse({ type: BroadcastDto })
  reject(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<BroadcastDto> {
    return this.broadcasts.reject(actor, tenantOf(actor), id);
  }

  @Post(':id/pause')
  @HttpCode(200)
  @TownRoles(...SENDERS)
  @ApiOkResponse({ type: BroadcastDto })
  pause(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<BroadcastDto> {
    return this.broadcasts.pause(actor, tenantOf(actor), id);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @TownRoles(...SENDERS)
  @ApiOkResponse({ type: BroadcastDto })
  resume(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<BroadcastDto> {
    return this.broadcasts.resume(actor, tenantOf(actor), id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @TownRoles(...SENDERS)
  @ApiOkResponse({ type: BroadcastDto })
  cancel(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<BroadcastDto> {
    return this.broadcasts.cancel(actor, tenantOf(actor), id);
  }

  @Post(':id/test')
  @HttpCode(200)
  @TownRoles(...WRITERS)
  @ApiOkResponse({ type: TestSendResultDto })
  test(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: TestSendDto): Promise<TestSendResultDto> {
    return this.broadcasts.testSend(actor, tenantOf(actor), id, dto.phones);
  }
}

@ApiTags('modelli WhatsApp')
@Controller('api/v1/templates')
export class TemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  @Get()
  @TownRoles(...ALL_TOWN_ROLES)
  @ApiOkResponse({ type: [TemplateDto] })
  list(@CurrentActor() actor: Actor): Promise<TemplateDto[]> {
    return this.templates.list(tenantOf(actor));
  }

  @Post()
  @TownRoles('admin')
  @ApiCreatedResponse({ type: TemplateDto })
  register(@CurrentActor() actor: Actor, @Body() dto: RegisterTemplateDto): Promise<TemplateDto> {
    return this.templates.register(actor, tenantOf(actor), dto);
  }

  /** Meta's review outcome (approved, rejected, paused…), recorded by the comune's admin. */
  @Patch(':id')
  @TownRoles('admin')
  @ApiOkResponse({ type: TemplateDto })
  setStatus(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateTemplateStatusDto): Promise<TemplateDto> {
    return this.templates.setStatus(actor, tenantOf(actor), id, dto.status);
  }
}

@ApiTags('impostazioni')
@Controller('api/v1/settings/sending')
export class SendingRulesController {
  constructor(private readonly rules: SendingRulesService) {}

  @Get()
  @TownRoles(...ALL_TOWN_ROLES)
  @ApiOkResponse({ type: SendingRulesViewDto })
  get(@CurrentActor() actor: Actor): Promise<SendingRulesViewDto> {
    return this.rules.get(tenantOf(actor));
  }

  @Patch()
  @TownRoles('admin')
  @ApiOkResponse({ type: SendingRulesViewDto })
  update(@CurrentActor() actor: Actor, @Body() dto: SendingRulesDto): Promise<SendingRulesViewDto> {
    return this.rules.update(actor, tenantOf(actor), dto);
  }
}
