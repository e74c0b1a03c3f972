import { Injectable } from '@nestjs/common';
import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { IsUUID } from 'class-validator';
import { BroadcastsService } from '@bacheca/broadcasts';
import { SendDeliveries } from '@bacheca/delivery';
import { JobPayloads, QUEUES } from '@bacheca/queue';
import { runJob } from './valid-job';

export class BroadcastJob {
  @IsUUID() tenantId: string;
  @IsUUID() broadcastId: string;
}

/**
 * One batch of one broadcast per job, then the job queues its successor. Jobs of many comuni
 * interleave in the queue, so a big town's send cannot hold a small town's behind it.
 */
@Injectable()
export class BroadcastBatch {
  constructor(
    private readonly send: SendDeliveries,
    private readonly broadcasts: BroadcastsService,
  ) {}

  run(job: Job<JobPayloads['delivery.broadcast' | 'priority.broadcast']>) {
    return runJob(job, BroadcastJob, async (data) => {
      const tally = await this.send.runBroadcastBatch(data.tenantId, data.broadcastId);
      const next = await this.broadcasts.afterBatch(data.tenantId, data.broadcastId);
      return { ...tally, next };
    });
  }
}

/**
 * News: the long sends, in the `delivery` queue's own slots. A slot spends most of its time waiting on
 * its number's rate and on Meta's answers, not on CPU: 16 let as many comuni at Meta's default rate
 * (one chain each) send at once from one worker process.
 */
@Processor(QUEUES.delivery)
export class BroadcastProcessor {
  constructor(private readonly batch: BroadcastBatch) {}

  @Process({ name: 'delivery.broadcast', concurrency: 16 })
  process(job: Job<JobPayloads['delivery.broadcast']>) {
    return this.batch.run(job);
  }
}
