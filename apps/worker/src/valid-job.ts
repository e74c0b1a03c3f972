import { Logger } from '@nestjs/common';
import type { Job } from 'bull';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

const logger = new Logger('jobs');

/**
 * Jobs come from Redis: checked like any other input before they touch the database. A malformed
 * job can never succeed, so it is discarded loudly instead of retried.
 */
export async function validJob<T extends object>(job: Job, shape: ClassConstructor<T>): Promise<T> {
  const data = plainToInstance(shape, job.data);
  const errors = validateSync(data, { forbidUnknownValues: true });
  if (errors.length) {
    logger.error(`discarded malformed ${job.name} job ${job.id}: ${errors.map((e) => e.property).join(', ')}`);
    await job.discard();
    throw new Error(`malformed ${job.name} job`);
  }
  return data;
}
