import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsUUID, Matches } from 'class-validator';
import { SendDeliveries } from '@bacheca/delivery';
import { JobPayloads, QUEUES } from '@bacheca/queue';
import { BroadcastBatch } from './broadcast.processor';
import { runJob } from './valid-job';

export class DeliveryJob {
  @IsUUID()
  tenantId: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5000)
  @Matches(/^[0-9]{1,19}$/, { each: true })
  deliveryIds: string[];
}

/**
 * The priority lane: answers to citizens, test sends and urgent alerts. Its slots are its own, so a
 * flood warning or a reply starts at once however many news batches are running.
 */
@Processor(QUEUES.priority)
export class PriorityProcessor {
  constructor(
    private readonly send: SendDeliveries,
    private readonly batch: BroadcastBatch,
  ) {}

  @Process({ name: 'priority.send', concurrency: 8 })
  sendNamed(job: Job<JobPayloads['priority.send']>) {
    return runJob(job, DeliveryJob, (data) => this.send.run(data.tenantId, data.deliveryIds));
  }

  // Bull adds up the concurrency of a queue's named processors (20 slots, shared): a nationwide alert
  // of hundreds of comuni, each at its own number's rate, needs many at once.
  @Process({ name: 'priority.broadcast', concurrency: 12 })
  broadcast(job: Job<JobPayloads['priority.broadcast']>) {
    return this.batch.run(job);
  }
}
