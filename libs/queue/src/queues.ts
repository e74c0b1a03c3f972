/**
 * Every queue and job Bacheca has, with its payload. Jobs carry ids, never whole records:
 * Postgres is the source of truth and Redis only moves work.
 */
export const QUEUES = { system: 'system' } as const;

export interface JobPayloads {
  'system.heartbeat': { at: string };
}

export type JobName = keyof JobPayloads;
