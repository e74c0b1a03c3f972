import { Global, Module } from '@nestjs/common';
import { NumbersModule } from '@bacheca/numbers';
import { InboundHandlers } from './inbound-handler';
import { ProcessInboundEvents } from './process-inbound-events';
import { WebhookController } from './webhook.controller';
import { WebhookEventsRepository } from './webhook-events.repository';
import { WebhookIntakeService } from './webhook-intake.service';

@Global()
@Module({
  imports: [NumbersModule],
  controllers: [WebhookController],
  providers: [WebhookIntakeService, WebhookEventsRepository, ProcessInboundEvents, InboundHandlers],
  exports: [WebhookEventsRepository, ProcessInboundEvents, InboundHandlers],
})
export class InboundModule {}
