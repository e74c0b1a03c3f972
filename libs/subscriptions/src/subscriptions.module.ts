import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OutboxModule } from '@bacheca/delivery';
import { CitizenMessageHandler } from './citizen-message.handler';
import { ConsentEntry } from './consent-entry.entity';
import { PrivacyNotice } from './privacy-notice.entity';
import { PrivacyNoticesService } from './privacy-notices.service';
import { PrivacyPageController } from './privacy-page.controller';
import { PlatformServiceSettingsController, ServiceSettingsController } from './service-settings.controller';
import { ServiceSettings } from './service-settings.entity';
import { ServiceSettingsService } from './service-settings.service';
import { Subscriber } from './subscriber.entity';
import { SubscribersController } from './subscribers.controller';
import { SubscribersRepository } from './subscribers.repository';
import { SubscribersService } from './subscribers.service';

@Module({
  imports: [TypeOrmModule.forFeature([Subscriber, ConsentEntry, ServiceSettings, PrivacyNotice]), OutboxModule],
  controllers: [SubscribersController, ServiceSettingsController, PlatformServiceSettingsController, PrivacyPageController],
  providers: [SubscribersRepository, SubscribersService, ServiceSettingsService, PrivacyNoticesService, CitizenMessageHandler],
  exports: [SubscribersService, ServiceSettingsService, PrivacyNoticesService, SubscribersRepository],
})
export class SubscriptionsModule {}
