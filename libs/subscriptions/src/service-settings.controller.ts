import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@bacheca/audit';
import { ALL_TOWN_ROLES, CurrentActor, PlatformOnly, tenantOf, TownRoles } from '@bacheca/auth';
import { genericPreset, isPresetSlug, KEYWORD_PRESETS, KeywordSet } from '@bacheca/keywords';
import { PrivacyNoticesService } from './privacy-notices.service';
import { ServiceSettingsService, ServiceSettingsView } from './service-settings.service';
import {
  ApplyPresetDto,
  KeywordSetDto,
  MatchResultDto,
  PrivacyNoticeDto,
  PublishNoticeDto,
  ServiceSettingsDto,
  TryMessageDto,
  UpdateServiceSettingsDto,
} from './subscriptions.dto';

const presetSet = (preset: string): KeywordSet => (isPresetSlug(preset) ? KEYWORD_PRESETS[preset]() : genericPreset());
const toNotice = (n: PrivacyNoticeDto): PrivacyNoticeDto => ({
  id: n.id,
  version: n.version,
  title: n.title,
  body: n.body,
  url: n.url,
  effectiveFrom: n.effectiveFrom,
  createdAt: n.createdAt,
});

/** A comune's own service: keyword set, switches, texts, privacy notices. */
@ApiTags('impostazioni')
@Controller('api/v1/settings')
export class ServiceSettingsController {
  constructor(
    private readonly settings: ServiceSettingsService,
    private readonly notices: PrivacyNoticesService,
  ) {}

  @Get('service')
  @TownRoles(...ALL_TOWN_ROLES)
  @ApiOkResponse({ type: ServiceSettingsDto })
  get(@CurrentActor() actor: Actor): Promise<ServiceSettingsView> {
    return this.settings.get(tenantOf(actor));
  }

  @Patch('service')
  @TownRoles('admin')
  @ApiOkResponse({ type: ServiceSettingsDto })
  update(@CurrentActor() actor: Actor, @Body() dto: UpdateServiceSettingsDto): Promise<ServiceSettingsView> {
    return this.settings.update(actor, tenantOf(actor), dto);
  }

  @Put('keyword-set')
  @TownRoles('admin')
  @ApiOkResponse({ type: ServiceSettingsDto })
  replace(@CurrentActor() actor: Actor, @Body() dto: KeywordSetDto): Promise<ServiceSettingsView> {
    return this.settings.replaceKeywordSet(actor, tenantOf(actor), dto);
  }

  @Post('keyword-set/preset')
  @HttpCode(200)
  @TownRoles('admin')
  @ApiOkResponse({ type: ServiceSettingsDto })
  preset(@CurrentActor() actor: Actor, @Body() dto: ApplyPresetDto): Promise<ServiceSettingsView> {
    return this.settings.replaceKeywordSet(actor, tenantOf(actor), presetSet(dto.preset));
  }

  @Post('keyword-set/try')
  @HttpCode(200)
  @TownRoles(...ALL_TOWN_ROLES)
  @ApiOkResponse({ type: MatchResultDto })
  try(@CurrentActor() actor: Actor, @Body() dto: TryMessageDto): Promise<MatchResultDto> {
    return this.settings.tryMessage(tenantOf(actor), dto.text);
  }

  @Get('privacy-notices')
  @TownRoles(...ALL_TOWN_ROLES)
  @ApiOkResponse({ type: [PrivacyNoticeDto] })
  async listNotices(@CurrentActor() actor: Actor): Promise<PrivacyNoticeDto[]> {
    return (await this.notices.list(tenantOf(actor))).map(toNotice);
  }

  @Post('privacy-notices')
  @TownRoles('admin')
  @ApiCreatedResponse({ type: PrivacyNoticeDto })
  async publish(@CurrentActor() actor: Actor, @Body() dto: PublishNoticeDto): Promise<PrivacyNoticeDto> {
    return toNotice(await this.notices.publish(actor, tenantOf(actor), { ...dto, effectiveFrom: dto.effectiveFrom ? new Date(dto.effectiveFrom) : undefined }));
  }
}

/** Provider staff set a comune's service up during onboarding. */
@ApiTags('platform: comuni')
@Controller('api/v1/platform/comuni/:comuneId/settings')
@PlatformOnly()
export class PlatformServiceSettingsController {
  constructor(
    private readonly settings: ServiceSettingsService,
    private readonly notices: PrivacyNoticesService,
  ) {}

  @Get('service')
  @ApiOkResponse({ type: ServiceSettingsDto })
  get(@Param('comuneId', ParseUUIDPipe) comuneId: string): Promise<ServiceSettingsView> {
    return this.settings.get(comuneId);
  }

  @Patch('service')
  @ApiOkResponse({ type: ServiceSettingsDto })
  update(@CurrentActor() actor: Actor, @Param('comuneId', ParseUUIDPipe) comuneId: string, @Body() dto: UpdateServiceSettingsDto): Promise<ServiceSettingsView> {
    return this.settings.update(actor, comuneId, dto);
  }

  @Post('keyword-set/preset')
  @HttpCode(200)
  @ApiOkResponse({ type: ServiceSettingsDto })
  preset(@CurrentActor() actor: Actor, @Param('comuneId', ParseUUIDPipe) comuneId: string, @Body() dto: ApplyPresetDto): Promise<ServiceSettingsView> {
    return this.settings.replaceKeywordSet(actor, comuneId, presetSet(dto.preset));
  }

  @Get('privacy-notices')
  @ApiOkResponse({ type: [PrivacyNoticeDto] })
  async listNotices(@Param('comuneId', ParseUUIDPipe) comuneId: string): Promise<PrivacyNoticeDto[]> {
    return (await this.notices.list(comuneId)).map(toNotice);
  }

  @Post('privacy-notices')
  @ApiCreatedResponse({ type: PrivacyNoticeDto })
  async publish(@CurrentActor() actor: Actor, @Param('comuneId', ParseUUIDPipe) comuneId: string, @Body() dto: PublishNoticeDto): Promise<PrivacyNoticeDto> {
    return toNotice(await this.notices.publish(actor, comuneId, { ...dto, effectiveFrom: dto.effectiveFrom ? new Date(dto.effectiveFrom) : undefined }));
  }
}
