import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OutboxModule } from '@bacheca/delivery';
import { NumbersModule } from '@bacheca/numbers';
import { SubscriptionsModule } from '@bacheca/subscriptions';
import { Broadcast } from './broadcast.entity';
import { BroadcastContent } from './broadcast-content';
import { TemplateStatusHandler } from './template-status.handler';
import { BroadcastsController, SendingRulesController, TemplatesController } from './broadcasts.controller';
import { BroadcastsRepository } from './broadcasts.repository';
import { BroadcastsService } from './broadcasts.service';
import { SendingRulesService } from './sending-rules.service';
import { TemplatesService } from './templates.service';
import { WhatsappTemplate } from './whatsapp-template.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Broadcast, WhatsappTemplate]), OutboxModule, NumbersModule, SubscriptionsModule],
  controllers: [BroadcastsController, TemplatesController, SendingRulesController],
  providers: [BroadcastsService, BroadcastsRepository, TemplatesService, SendingRulesService, BroadcastContent, TemplateStatusHandler],
  exports: [BroadcastsService, TemplatesService, SendingRulesService],
})
export class BroadcastsModule {}
