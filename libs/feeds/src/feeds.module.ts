import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BroadcastsModule } from '@bacheca/broadcasts';
import { Feed } from './feed.entity';
import { FeedsController } from './feeds.controller';
import { FeedsRepository } from './feeds.repository';
import { FeedsService } from './feeds.service';
import { PollFeed } from './poll-feed';

@Module({
  imports: [TypeOrmModule.forFeature([Feed]), BroadcastsModule],
  controllers: [FeedsController],
  providers: [FeedsService, FeedsRepository, PollFeed],
  exports: [FeedsService, FeedsRepository, PollFeed],
})
export class FeedsModule {}
