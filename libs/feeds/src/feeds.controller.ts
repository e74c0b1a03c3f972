import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@bacheca/audit';
import { ALL_TOWN_ROLES, CurrentActor, tenantOf, TownRoles } from '@bacheca/auth';
import { CreateFeedDto, FeedDetailDto, FeedDto, PollResultDto, UpdateFeedDto } from './feeds.dto';
import { FeedsService } from './feeds.service';

/** The comune's website feeds: its admin manages them; every role sees their health. */
@ApiTags('notizie dal sito')
@Controller('api/v1/feeds')
export class FeedsController {
  constructor(private readonly feeds: FeedsService) {}

  @Get()
  @TownRoles(...ALL_TOWN_ROLES)
  @ApiOkResponse({ type: [FeedDto] })
  list(@CurrentActor() actor: Actor): Promise<FeedDto[]> {
    return this.feeds.list(tenantOf(actor));
  }

  @Post()
  @TownRoles('admin')
  @ApiCreatedResponse({ type: FeedDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateFeedDto): Promise<FeedDto> {
    return this.feeds.create(actor, tenantOf(actor), dto);
  }

  @Get(':id')
  @TownRoles(...ALL_TOWN_ROLES)
  @ApiOkResponse({ type: FeedDetailDto })
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<FeedDetailDto> {
    return this.feeds.get(tenantOf(actor), id);
  }

  @Patch(':id')
  @TownRoles('admin')
  @ApiOkResponse({ type: FeedDto })
  update(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateFeedDto): Promise<FeedDto> {
    return this.feeds.update(actor, tenantOf(actor), id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @TownRoles('admin')
  @ApiNoContentResponse()
  async remove(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.feeds.remove(actor, tenantOf(actor), id);
  }

  /** Fetch now, without waiting for the schedule; answers with the outcome and the feed's health. */
  @Post(':id/poll')
  @HttpCode(200)
  @TownRoles('admin')
  @ApiOkResponse({ type: PollResultDto })
  poll(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<PollResultDto> {
    return this.feeds.pollNow(actor, tenantOf(actor), id);
  }
}
