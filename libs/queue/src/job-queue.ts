import { getQueueToken } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Job, JobOptions, Queue } from 'bull';
import { JobName, JobPayloads, QUEUES, queueOf } from './queues';

/** Typed enqueueing: the rest of the code names a job and its payload, never a Bull queue. */
@Injectable()
export class JobQueue {
  constructor(private readonly moduleRef: ModuleRef) {}

  add<N extends JobName>(name: N, payload: JobPayloads[N], options?: JobOptions) {
    const queue = this.moduleRef.get<Queue>(getQueueToken(queueOf(name)), { strict: false });
    return queue.add(name, payload, { removeOnComplete: true, removeOnFail: 1000, ...options });
  }

  /**
   * Broadcasts with a batch job waiting or running: their chains are alive. Each batch queues its
   * successor before it ends, so a live chain always has a job here. Left out: a chain sleeping until
   * its next row is due (a delayed job), which would sleep through rows that became due sooner (new
   * credentials, a resume); and a job still listed active whose worker died, which Bull notices only
   * when its lock has expired and its next stall check runs, up to a minute later. A running job's
   * worker renews its lock every few seconds.
   */
  async broadcastsWithChains(): Promise<Set<string>> {
    const ids = new Set<string>();
    const broadcastOf = (job: Job | null) => {
      const id = (job?.data as { broadcastId?: unknown } | undefined)?.broadcastId;
      return typeof id === 'string' ? id : undefined;
    };
    for (const name of [QUEUES.delivery, QUEUES.priority]) {
      const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      for (const job of await queue.getJobs(['waiting', 'paused'])) {
        const id = broadcastOf(job);
        if (id) ids.add(id);
      }
      const active = (await queue.getJobs(['active'])).filter((job) => broadcastOf(job));
      if (!active.length) continue;
      const locked = await queue.client.pipeline(active.map((job) => ['exists', lockKeyOf(job)])).exec();
      active.forEach((job, i) => {
        if (locked?.[i]?.[1] === 1) ids.add(broadcastOf(job)!);
      });
    }
    return ids;
  }
}

/** Bull's key for the lock a worker holds on a running job. */
function lockKeyOf(job: Job): string {
  return (job as unknown as { lockKey(): string }).lockKey();
}
