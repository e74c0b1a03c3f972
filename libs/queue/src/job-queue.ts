import { getQueueToken } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { JobOptions, Queue } from 'bull';
import { JobName, JobPayloads, queueOf } from './queues';

/** Typed enqueueing: the rest of the code names a job and its payload, never a Bull queue. */
@Injectable()
export class JobQueue {
  constructor(private readonly moduleRef: ModuleRef) {}

  add<N extends JobName>(name: N, payload: JobPayloads[N], options?: JobOptions) {
    const queue = this.moduleRef.get<Queue>(getQueueToken(queueOf(name)), { strict: false });
    return queue.add(name, payload, { removeOnComplete: true, removeOnFail: 1000, ...options });
  }
}
