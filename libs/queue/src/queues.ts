/**
 * Every queue and job Bacheca has, with its payload. Jobs carry ids, never whole records:
 * Postgres is the source of truth and Redis only moves work.
 */
export const QUEUES = { system: 'system', inbound: 'inbound', delivery: 'delivery', feeds: 'feeds' } as const;

export interface JobPayloads {
  'system.heartbeat': { at: string };
  /** Webhook events stored by the API, to be acted on by the worker. */
  'inbound.process': { tenantId: string; eventIds: string[] };
  /** Queued deliveries of one comune to hand to Meta. */
  'delivery.send': { tenantId: string; deliveryIds: string[] };
  /** The next batch of a broadcast; Postgres says which deliveries are due. */
  'delivery.broadcast': { tenantId: string; broadcastId: string };
  /** Fetch one feed of a comune's website and import its new items. */
  'feeds.poll': { tenantId: string; feedId: string };
}

export type JobName = keyof JobPayloads;

export const queueOf = (job: JobName) => job.slice(0, job.indexOf('.')) as (typeof QUEUES)[keyof typeof QUEUES];
