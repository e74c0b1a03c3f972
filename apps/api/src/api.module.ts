import { Module } from '@nestjs/common';
import { AuditModule } from '@bacheca/audit';
import { AuthModule } from '@bacheca/auth';
import { BroadcastsModule } from '@bacheca/broadcasts';
import { CryptoModule } from '@bacheca/crypto';
import { DatabaseModule } from '@bacheca/database';
import { FeedsModule } from '@bacheca/feeds';
import { InboundModule } from '@bacheca/inbound';
import { MetricsModule } from '@bacheca/metrics';
import { NumbersModule } from '@bacheca/numbers';
import { QueueModule } from '@bacheca/queue';
import { StaffModule } from '@bacheca/staff';
import { SubscriptionsModule } from '@bacheca/subscriptions';
import { TenancyModule } from '@bacheca/tenancy';
import { AuditController, PlatformAuditController } from './audit.controller';
import { HealthController } from './health.controller';
import { DashboardSessions, QueueDashboardController } from './queue-dashboard';

@Module({
  imports: [
    DatabaseModule,
    CryptoModule,
    QueueModule.register(),
    MetricsModule.register({ deploymentGauges: true }),
    AuditModule,
    AuthModule,
    TenancyModule,
    StaffModule,
    NumbersModule,
    InboundModule,
    SubscriptionsModule,
    BroadcastsModule,
    FeedsModule,
  ],
  controllers: [HealthController, AuditController, PlatformAuditController, QueueDashboardController],
  providers: [DashboardSessions],
})
export class ApiModule {}
