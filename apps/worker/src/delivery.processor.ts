import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsUUID, Matches } from 'class-validator';
import { SendDeliveries } from '@bacheca/delivery';
import { JobPayloads, QUEUES } from '@bacheca/queue';
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

/** Deliveries named by id: replies to citizens and test sends. */
@Processor(QUEUES.delivery)
export class DeliveryProcessor {
  constructor(private readonly send: SendDeliveries) {}

  @Process({ name: 'delivery.send', concurrency: 8 })
  async process(job: Job<JobPayloads['delivery.send']>) {
    return runJob(job, DeliveryJob, (data) => this.send.run(data.tenantId, data.deliveryIds));
  }
}
