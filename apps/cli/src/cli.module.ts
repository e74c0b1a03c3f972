import { Module } from '@nestjs/common';
import { AuditModule } from '@bacheca/audit';
import { BroadcastsModule } from '@bacheca/broadcasts';
import { CryptoModule } from '@bacheca/crypto';
import { DatabaseModule } from '@bacheca/database';
import { InboundModule } from '@bacheca/inbound';
import { MetricsModule } from '@bacheca/metrics';
import { NumbersModule } from '@bacheca/numbers';
import { QueueModule } from '@bacheca/queue';
import { StaffModule } from '@bacheca/staff';
import { SubscriptionsModule } from '@bacheca/subscriptions';
import { TenancyModule } from '@bacheca/tenancy';

/** The application minus HTTP and processors: what onboarding and seeding need. */
@Module({
  imports: [
    DatabaseModule,
    CryptoModule,
    QueueModule.register(),
    // The services it shares with api and worker record metrics; the CLI just never serves them.
    MetricsModule.register({ deploymentGauges: false }),
    AuditModule,
    TenancyModule,
    StaffModule,
    NumbersModule,
    InboundModule,
    SubscriptionsModule,
    BroadcastsModule,
  ],
})
export class CliModule {}
