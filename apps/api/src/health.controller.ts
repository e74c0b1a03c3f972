import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { HealthProbe } from '@bacheca/metrics';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly probe: HealthProbe) {}

  /** The process is up (a restart is the only cure when this fails). */
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /** The process can serve: Postgres and Redis answer. 503 names the one that did not. */
  @Get('ready')
  async ready(@Res() res: Response) {
    const { ok, checks } = await this.probe.check();
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({ status: ok ? 'ok' : 'unavailable', checks });
  }
}
