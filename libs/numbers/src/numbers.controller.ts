import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@bacheca/audit';
import { ALL_TOWN_ROLES, CurrentActor, PlatformOnly, tenantOf, TownRoles } from '@bacheca/auth';
import { RegisterNumberDto, UpdateNumberDto, WhatsappNumberDto } from './numbers.dto';
import { NumbersService } from './numbers.service';

@ApiTags('platform: numeri WhatsApp')
@Controller('api/v1/platform')
@PlatformOnly()
export class PlatformNumbersController {
  constructor(private readonly numbers: NumbersService) {}

  @Get('comuni/:comuneId/numbers')
  @ApiOkResponse({ type: [WhatsappNumberDto] })
  list(@Param('comuneId', ParseUUIDPipe) comuneId: string): Promise<WhatsappNumberDto[]> {
    return this.numbers.listForPlatform(comuneId);
  }

  @Post('comuni/:comuneId/numbers')
  @ApiCreatedResponse({ type: WhatsappNumberDto })
  @ApiConflictResponse({ description: 'NUMBER_TAKEN' })
  @ApiNotFoundResponse()
  register(
    @CurrentActor() actor: Actor,
    @Param('comuneId', ParseUUIDPipe) comuneId: string,
    @Body() dto: RegisterNumberDto,
  ): Promise<WhatsappNumberDto> {
    return this.numbers.register(actor, comuneId, dto);
  }

  @Patch('numbers/:id')
  @ApiOkResponse({ type: WhatsappNumberDto })
  @ApiNotFoundResponse()
  update(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateNumberDto): Promise<WhatsappNumberDto> {
    return this.numbers.update(actor, id, dto);
  }
}

/** Town staff see their numbers and whether they can send; credentials are the provider's job. */
@ApiTags('numeri WhatsApp')
@Controller('api/v1/numbers')
export class NumbersController {
  constructor(private readonly numbers: NumbersService) {}

  @Get()
  @TownRoles(...ALL_TOWN_ROLES)
  @ApiOkResponse({ type: [WhatsappNumberDto] })
  list(@CurrentActor() actor: Actor): Promise<WhatsappNumberDto[]> {
    return this.numbers.list(tenantOf(actor));
  }
}
