import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NumbersModule } from '@bacheca/numbers';
import { cloudApiProvider, rateLimiterProvider } from './cloud-api.provider';
import { Delivery } from './delivery.entity';
import { DeliveryStatusHandler } from './delivery-status.handler';
import { OutboxRepository } from './outbox.repository';
import { DeliveryContents } from './outgoing';
import { SendDeliveries } from './send-deliveries';

/** Sending through Meta and following each message's fate. Imported by the worker. */
@Module({
  imports: [TypeOrmModule.forFeature([Delivery]), NumbersModule],
  providers: [OutboxRepository, SendDeliveries, DeliveryStatusHandler, DeliveryContents, cloudApiProvider, rateLimiterProvider],
  exports: [OutboxRepository, SendDeliveries, DeliveryContents],
})
export class OutboxModule {}
