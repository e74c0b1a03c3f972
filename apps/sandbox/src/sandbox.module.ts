import { DynamicModule, Module } from '@nestjs/common';
import { AdminController } from './admin.controller';
import { PublicUrl } from './common/public-url';
import { FaultsController } from './faults/faults.controller';
import { FaultsStore } from './faults/faults.store';
import { GraphController } from './graph/graph.controller';
import { SendService } from './graph/send.service';
import { ThroughputLimiter } from './graph/throughput-limiter';
import { InboundController } from './inbound/inbound.controller';
import { MessageLog } from './messages/message-log';
import { MessagesController } from './messages/messages.controller';
import { NumbersController } from './numbers/numbers.controller';
import { NumbersStore } from './numbers/numbers.store';
import { PhoneController } from './phone/phone.controller';
import { ConsoleController } from './console/console.controller';
import { TemplateStatusController } from './templates/template-status.controller';
import { SANDBOX_SETTINGS, SandboxSettings } from './sandbox-settings';
import { StatusScheduler } from './statuses/status-scheduler';
import { WebhookLog } from './webhooks/webhook-log';
import { WebhookSender } from './webhooks/webhook-sender';
import { WebhooksController } from './webhooks/webhooks.controller';

@Module({})
export class SandboxModule {
  /** Every call builds fresh stores, so tests can run several sandboxes side by side. */
  static forRoot(settings: SandboxSettings): DynamicModule {
    return {
      module: SandboxModule,
      // Control routes first: they are more specific than the Graph wildcards.
      controllers: [
        NumbersController,
        FaultsController,
        MessagesController,
        WebhooksController,
        TemplateStatusController,
        InboundController,
        AdminController,
        PhoneController,
        ConsoleController,
        GraphController,
      ],
      providers: [
        { provide: SANDBOX_SETTINGS, useValue: settings },
        NumbersStore,
        FaultsStore,
        MessageLog,
        WebhookLog,
        WebhookSender,
        StatusScheduler,
        ThroughputLimiter,
        SendService,
        PublicUrl,
      ],
    };
  }
}
