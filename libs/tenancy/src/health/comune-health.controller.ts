import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PlatformOnly } from '@bacheca/auth';
import { ComuneHealthDto } from './comune-health.dto';
import { ComuneHealthService } from './comune-health.service';

/** Provider staff: how each comune's service is doing. */
@ApiTags('platform: comuni')
@Controller('api/v1/platform')
@PlatformOnly()
export class ComuneHealthController {
  constructor(private readonly health: ComuneHealthService) {}

  @Get('health')
  @ApiOkResponse({ type: [ComuneHealthDto] })
  list(): Promise<ComuneHealthDto[]> {
    return this.health.list();
  }

  @Get('comuni/:id/health')
  @ApiOkResponse({ type: ComuneHealthDto })
  @ApiNotFoundResponse()
  get(@Param('id', ParseUUIDPipe) id: string): Promise<ComuneHealthDto> {
    return this.health.get(id);
  }
}
