import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line of a request or a job carries, when known. */
export interface LogFields {
  requestId?: string;
  tenantId?: string;
  jobId?: string;
  job?: string;
}

const storage = new AsyncLocalStorage<LogFields>();

/**
 * Runs `work` with its own log fields. The store is a mutable object on purpose: the comune of a
 * request is learnt midway (from the access token, or from the webhook's number), and every later
 * line of the same request must carry it.
 */
export function runWithLogContext<T>(fields: LogFields, work: () => T): T {
  return storage.run({ ...fields }, work);
}

export function currentLogFields(): LogFields | undefined {
  return storage.getStore();
}

/** Names the comune of the current request or job, if there is one and it is not named yet. */
export function noteLogTenant(tenantId: string | null | undefined): void {
  const store = storage.getStore();
  if (store && tenantId && !store.tenantId) store.tenantId = tenantId;
}
