import { Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import type { Job } from 'bull';
import { plainToInstance } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsUUID, Matches, validateSync } from 'class-validator';
import { SendDeliveries } from '@bacheca/delivery';
import { JobPayloads, QUEUES } from '@bacheca/queue';

export class DeliveryJob {
  @IsUUID()
  tenantId: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5000)
  @Matches(/^[0-9]{1,19}$/, { each: true })
  deliveryIds: string[];
}

@Processor(QUEUES.delivery)
export class DeliveryProcessor {
  private readonly logger = new Logger('delivery');

  constructor(private readonly send: SendDeliveries) {}

  @Process({ name: 'delivery.send', concurrency: 8 })
  async process(job: Job<JobPayloads['delivery.send']>) {
    const data = plainToInstance(DeliveryJob, job.data);
    if (validateSync(data, { forbidUnknownValues: true }).length) {
      this.logger.error(`discarded malformed job ${job.id}`);
      await job.discard();
      throw new Error('malformed delivery job');
    }
    return this.send.run(data.tenantId, data.deliveryIds);
  }
}
