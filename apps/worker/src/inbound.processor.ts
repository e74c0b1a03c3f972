import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsUUID, Matches } from 'class-validator';
import { ProcessInboundEvents } from '@bacheca/inbound';
import { JobPayloads, QUEUES } from '@bacheca/queue';
import { runJob } from './valid-job';

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
  constructor(private readonly processEvents: ProcessInboundEvents) {}

  @Process({ name: 'inbound.process', concurrency: 4 })
  async process(job: Job<JobPayloads['inbound.process']>) {
    return runJob(job, InboundJob, (data) => this.processEvents.run(data.tenantId, data.eventIds));
  }
}
