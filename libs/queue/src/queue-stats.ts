import { getQueueToken } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Job, Queue } from 'bull';
import { QUEUES } from './queues';

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface QueueSnapshot {
  queue: QueueName;
  counts: { waiting: number; active: number; delayed: number; failed: number; paused: number };
  /** Seconds the job next in line has waited since it was queued (0 when none waits). */
  headAgeS: number;
  /** Seconds the longest-running active job has been running (0 when none runs). */
  oldestActiveS: number;
}

/** How far active jobs are scanned for the longest-running one: concurrency × workers stays far below. */
const ACTIVE_SCAN = 200;

/**
 * What is in each Bull queue, for the metrics scrape and the operators. Counts are O(1) reads in
 * Redis; ages read the head of the wait list and the active list, never the whole backlog.
 */
@Injectable()
export class QueueStats {
  constructor(private readonly moduleRef: ModuleRef) {}

  queues(): { name: QueueName; queue: Queue }[] {
    return Object.values(QUEUES).map((name) => ({ name, queue: this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }) }));
  }

  async snapshot(now = Date.now()): Promise<QueueSnapshot[]> {
    return Promise.all(
      this.queues().map(async ({ name, queue }) => {
        const [c, head, active] = await Promise.all([queue.getJobCounts(), queue.getWaiting(0, 0), queue.getActive(0, ACTIVE_SCAN - 1)]);
        const counts = c as unknown as Record<string, number>;
        return {
          queue: name,
          counts: {
            waiting: counts.waiting ?? 0,
            active: counts.active ?? 0,
            delayed: counts.delayed ?? 0,
            failed: counts.failed ?? 0,
            paused: counts.paused ?? 0,
          },
          headAgeS: ageS(now, head.filter(Boolean).map((j: Job) => j.timestamp)),
          oldestActiveS: ageS(now, active.filter(Boolean).map((j: Job) => j.processedOn ?? j.timestamp)),
        };
      }),
    );
  }
}

const ageS = (now: number, times: number[]) => (times.length ? Math.max(0, (now - Math.min(...times)) / 1000) : 0);
