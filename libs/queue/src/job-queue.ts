import { getQueueToken } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { JobOptions, Queue } from 'bull';
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
   * successor before it ends, so a live chain always has a job here. A chain sleeping until its next
   * row is due (a delayed job) is left out: when rows become due sooner (new credentials, a resume),
   * it would sleep through them.
   */
  async broadcastsWithChains(): Promise<Set<string>> {
    const ids = new Set<string>();
    for (const name of [QUEUES.delivery, QUEUES.priority]) {
      const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      for (const job of await queue.getJobs(['waiting', 'active', 'paused'])) {
        const broadcastId = (job?.data as { broadcastId?: unknown } | undefined)?.broadcastId;
        if (typeof broadcastId === 'string') ids.add(broadcastId);
      }
    }
    return ids;
  }
}
