/**
 * Every queue and job Bacheca has, with its payload. Jobs carry ids, never whole records:
 * Postgres is the source of truth and Redis only moves work.
 */
/**
 * `delivery` carries news broadcasts; `priority` carries urgent alerts and answers to citizens, with its
 * own worker slots, so neither ever waits behind a long news send.
 */
export const QUEUES = { system: 'system', inbound: 'inbound', delivery: 'delivery', priority: 'priority', feeds: 'feeds' } as const;

export interface JobPayloads {
  'system.heartbeat': { at: string };
  /** Webhook events stored by the API, to be acted on by the worker. */
  'inbound.process': { tenantId: string; eventIds: string[] };
  /** Queued deliveries of one comune named by id (replies, test sends), to hand to Meta. */
  'priority.send': { tenantId: string; deliveryIds: string[] };
  /** The next batch of a news broadcast; Postgres says which deliveries are due. */
  'delivery.broadcast': { tenantId: string; broadcastId: string };
  /** The next batch of an urgent alert. */
  'priority.broadcast': { tenantId: string; broadcastId: string };
  /** Fetch one feed of a comune's website and import its new items. */
  'feeds.poll': { tenantId: string; feedId: string };
}

export type JobName = keyof JobPayloads;

/** The job that sends the next batch of a broadcast: urgent alerts in their own lane. */
export const broadcastJob = (priority: 'normal' | 'urgent'): 'delivery.broadcast' | 'priority.broadcast' =>
  priority === 'urgent' ? 'priority.broadcast' : 'delivery.broadcast';

export const queueOf = (job: JobName) => job.slice(0, job.indexOf('.')) as (typeof QUEUES)[keyof typeof QUEUES];
