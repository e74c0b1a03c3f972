import { OnQueueFailed, Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import type { Job } from 'bull';
import { DataSource } from 'typeorm';
import { JobPayloads, QUEUES } from '@bacheca/queue';

/** Proves, end to end, that this worker takes jobs from Redis and reaches Postgres. */
@Processor(QUEUES.system)
export class HeartbeatProcessor {
  private readonly logger = new Logger('heartbeat');
  lastBeat: Date | undefined;

  constructor(private readonly dataSource: DataSource) {}

  @Process('system.heartbeat')
  async beat(job: Job<JobPayloads['system.heartbeat']>): Promise<void> {
    await this.dataSource.query('select 1');
    this.lastBeat = new Date();
    this.logger.debug(`heartbeat ${job.data.at}`);
  }

  @OnQueueFailed()
  failed(job: Job, err: Error) {
    this.logger.warn(`job ${job.name} failed: ${err.message}`);
  }
}
