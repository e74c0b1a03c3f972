import { Module } from '@nestjs/common';
import { AuditModule } from '@bacheca/audit';
import { CryptoModule } from '@bacheca/crypto';
import { DatabaseModule } from '@bacheca/database';
import { InboundModule } from '@bacheca/inbound';
import { QueueModule } from '@bacheca/queue';
import { HeartbeatProcessor } from './heartbeat.processor';
import { InboundProcessor } from './inbound.processor';
import { InboundSweeper } from './inbound-sweeper';
import { WorkerHealth } from './worker-health';

@Module({
  imports: [DatabaseModule, CryptoModule, QueueModule.register(), AuditModule, InboundModule],
  providers: [HeartbeatProcessor, WorkerHealth, InboundProcessor, InboundSweeper],
})
export class WorkerModule {}
