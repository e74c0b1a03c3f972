import { BullModule } from '@nestjs/bull';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { Settings } from '@bacheca/config';
import { JobQueue } from './job-queue';
import { QueueStats } from './queue-stats';
import { QUEUES } from './queues';

/** The only module that knows Bull. Queue names are fixed; a deployment is namespaced by REDIS_PREFIX. */
@Global()
@Module({})
export class QueueModule {
  static register(): DynamicModule {
    return {
      module: QueueModule,
      imports: [
        BullModule.forRootAsync({
          inject: [Settings],
          useFactory: (s: Settings) => ({
            redis: s.REDIS_URL,
            prefix: `${s.REDIS_PREFIX}:bull`,
            defaultJobOptions: { removeOnComplete: 1000, removeOnFail: 5000 },
          }),
        }),
        ...Object.values(QUEUES).map((name) => BullModule.registerQueue({ name })),
      ],
      providers: [JobQueue, QueueStats],
      exports: [BullModule, JobQueue, QueueStats],
    };
  }
}
