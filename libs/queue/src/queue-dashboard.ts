import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Router } from 'express';
import type { Queue } from 'bull';

/**
 * The bull-board dashboard of every queue, as an Express router to mount at `basePath` behind the
 * caller's own access check. Read-only: jobs only point at rows, Postgres decides what is due and
 * the sweeper re-queues it, so retrying or deleting jobs by hand is never the fix; pausing a
 * broadcast goes through the API, where it is audited.
 */
export function queueDashboardRouter(basePath: string, queues: Queue[]): Router {
  const serverAdapter = new ExpressAdapter().setBasePath(basePath);
  createBullBoard({
    queues: queues.map((q) => new BullAdapter(q, { readOnlyMode: true })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Bacheca: code' } },
  });
  return serverAdapter.getRouter() as Router;
}
