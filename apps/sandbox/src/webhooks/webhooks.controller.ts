import { BadRequestException, Controller, Delete, Get, HttpCode, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { WebhookAttempt, WebhookLog } from './webhook-log';

@ApiTags('sandbox control')
@Controller('_sandbox/webhooks')
export class WebhooksController {
  constructor(private readonly log: WebhookLog) {}

  /** Every POST attempt with the exact body, signature and the callback's answer; `payload` is the body parsed. */
  @Get()
  @ApiQuery({ name: 'phoneNumberId', required: false })
  @ApiQuery({ name: 'kind', required: false, enum: ['statuses', 'messages', 'user_preferences'] })
  @ApiQuery({ name: 'afterId', required: false })
  @ApiQuery({ name: 'limit', required: false })
  list(
    @Query('phoneNumberId') phoneNumberId?: string,
    @Query('kind') kind?: string,
    @Query('afterId') afterId?: string,
    @Query('limit') limit?: string,
  ): (WebhookAttempt & { payload: unknown })[] {
    for (const [name, value] of [['afterId', afterId], ['limit', limit]] as const) {
      if (value !== undefined && value !== '' && !/^\d+$/.test(value)) throw new BadRequestException(`${name} must be an integer`);
    }
    return this.log
      .list({
        phoneNumberId: phoneNumberId || undefined,
        kind: kind || undefined,
        afterId: afterId ? Number(afterId) : undefined,
        limit: limit ? Math.max(1, Number(limit)) : 1000,
      })
      .map((entry) => ({ ...entry, payload: JSON.parse(entry.body) as unknown }));
  }

  @Delete()
  @HttpCode(204)
  clear(): void {
    this.log.clear();
  }
}
