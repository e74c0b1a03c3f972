import { Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import type { Job } from 'bull';
import { plainToInstance } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsUUID, Matches, validateSync } from 'class-validator';
import { ProcessInboundEvents } from '@bacheca/inbound';
import { JobPayloads, QUEUES } from '@bacheca/queue';

/** Jobs come from Redis: checked like any other input before they touch the database. */
export class InboundJob {
  @IsUUID()
  tenantId: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5000)
  @Matches(/^[0-9]{1,19}$/, { each: true })
  eventIds: string[];
}

@Processor(QUEUES.inbound)
export class InboundProcessor {
  private readonly logger = new Logger('inbound');

  constructor(private readonly processEvents: ProcessInboundEvents) {}

  @Process({ name: 'inbound.process', concurrency: 4 })
  async process(job: Job<JobPayloads['inbound.process']>) {
    const data = plainToInstance(InboundJob, job.data);
    const errors = validateSync(data, { forbidUnknownValues: true });
    if (errors.length) {
      // A malformed job can never succeed: drop it loudly instead of retrying.
      this.logger.error(`discarded malformed job ${job.id}: ${errors.map((e) => e.property).join(', ')}`);
      await job.discard();
      throw new Error('malformed inbound job');
    }
    return this.processEvents.run(data.tenantId, data.eventIds);
  }
}
