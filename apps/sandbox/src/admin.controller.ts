import { Controller, Get, Header, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { FaultsStore } from './faults/faults.store';
import { ThroughputLimiter } from './graph/throughput-limiter';
import { MessageLog } from './messages/message-log';
import { NumbersStore } from './numbers/numbers.store';
import { SANDBOX_SETTINGS } from './sandbox-settings';
import type { SandboxSettings } from './sandbox-settings';
import { StatusScheduler } from './statuses/status-scheduler';
import { WebhookLog } from './webhooks/webhook-log';
import { WebhookSender } from './webhooks/webhook-sender';

// 1×1 PNG: what a simulated citizen's photo downloads as.
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

@ApiTags('sandbox control')
@Controller('_sandbox')
export class AdminController {
  constructor(
    @Inject(SANDBOX_SETTINGS) private readonly settings: SandboxSettings,
    private readonly numbers: NumbersStore,
    private readonly faults: FaultsStore,
    private readonly limiter: ThroughputLimiter,
    private readonly messages: MessageLog,
    private readonly webhooks: WebhookLog,
    private readonly statuses: StatusScheduler,
    private readonly sender: WebhookSender,
  ) {}

  @Get('health')
  health() {
    return {
      ok: true,
      graphVersion: this.settings.graphVersion,
      numbers: this.numbers.list().length,
      messages: this.messages.size,
      pendingStatuses: this.statuses.pending + this.sender.pendingStatuses,
    };
  }

  /** Between test suites: forget messages, webhooks, faults and rate state; numbers stay registered. */
  @Post('reset')
  @HttpCode(204)
  reset(): void {
    this.messages.clear();
    this.webhooks.clear();
    this.faults.reset();
    this.limiter.reset();
  }

  @Get('media/:id')
  @Header('content-type', 'image/png')
  media(@Param('id') _id: string): Buffer {
    return PIXEL;
  }
}
