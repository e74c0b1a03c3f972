import { Module } from '@nestjs/common';
import { NumbersModule } from '@bacheca/numbers';
import { ProcessInboundEvents } from './process-inbound-events';
import { WebhookController } from './webhook.controller';
import { WebhookEventsRepository } from './webhook-events.repository';
import { WebhookIntakeService } from './webhook-intake.service';

@Module({
  imports: [NumbersModule],
  controllers: [WebhookController],
  providers: [WebhookIntakeService, WebhookEventsRepository, ProcessInboundEvents],
  exports: [WebhookEventsRepository, ProcessInboundEvents],
})
export class InboundModule {}
