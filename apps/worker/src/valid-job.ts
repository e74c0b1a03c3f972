import { Logger } from '@nestjs/common';
import type { Job } from 'bull';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { runWithLogContext } from '@bacheca/logging';

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Validates a job and runs its work in a log context naming the job and its comune, so every line
 * logged while it runs (in the services it calls too) can be traced back to it.
 */
export function runJob<T extends object, R>(job: Job, shape: ClassConstructor<T>, work: (data: T) => Promise<R>): Promise<R> {
  const tenantId = (job.data as { tenantId?: unknown } | undefined)?.tenantId;
  const fields = {
    jobId: `${job.queue?.name ?? 'job'}:${job.id}`,
    job: job.name,
    tenantId: typeof tenantId === 'string' && UUID.test(tenantId) ? tenantId : undefined,
  };
  return runWithLogContext(fields, async () => {
    const started = Date.now();
    const result = await work(await validJob(job, shape));
    logger.debug(`${job.name} done in ${Date.now() - started} ms`);
    return result;
  });
}
