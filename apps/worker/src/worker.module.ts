import { Module } from '@nestjs/common';
import { DatabaseModule } from '@bacheca/database';
import { QueueModule } from '@bacheca/queue';
import { HeartbeatProcessor } from './heartbeat.processor';
import { WorkerHealth } from './worker-health';

@Module({
  imports: [DatabaseModule, QueueModule.register()],
  providers: [HeartbeatProcessor, WorkerHealth],
})
export class WorkerModule {}
