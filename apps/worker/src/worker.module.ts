import { Module } from '@nestjs/common';
import { AuditModule } from '@bacheca/audit';
import { CryptoModule } from '@bacheca/crypto';
import { DatabaseModule } from '@bacheca/database';
import { BroadcastsModule } from '@bacheca/broadcasts';
import { FeedsModule } from '@bacheca/feeds';
import { OutboxModule } from '@bacheca/delivery';
import { InboundModule } from '@bacheca/inbound';
import { MetricsModule } from '@bacheca/metrics';
import { SubscriptionsModule } from '@bacheca/subscriptions';
import { QueueModule } from '@bacheca/queue';
import { RetentionModule } from '@bacheca/retention';
import { HeartbeatProcessor } from './heartbeat.processor';
import { BroadcastBatch, BroadcastProcessor } from './broadcast.processor';
import { PriorityProcessor } from './priority.processor';
import { FeedScheduler } from './feed-scheduler';
import { FeedsProcessor } from './feeds.processor';
import { InboundProcessor } from './inbound.processor';
import { RetentionScheduler } from './retention-scheduler';
import { Sweeper } from './sweeper';
import { WorkerHealth } from './worker-health';

@Module({
  imports: [
    DatabaseModule,
    CryptoModule,
    QueueModule.register(),
    MetricsModule.register({ deploymentGauges: false }),
    AuditModule,
    InboundModule,
    OutboxModule,
    SubscriptionsModule,
    BroadcastsModule,
    FeedsModule,
    RetentionModule,
  ],
  providers: [HeartbeatProcessor, WorkerHealth, InboundProcessor, Sweeper, BroadcastBatch, BroadcastProcessor, PriorityProcessor, FeedsProcessor, FeedScheduler, RetentionScheduler],
})
export class WorkerModule {}
