/** The longest a failing feed waits between attempts. */
export const MAX_BACKOFF_S = 6 * 3600;

/**
 * When to fetch next: the feed's own interval after a success; after failures, that interval
 * doubled per consecutive failure, capped, so a broken site is not hammered and a fixed one is
 * back within hours at most.
 */
export function nextPollDelayS(intervalS: number, failures: number): number {
  if (failures <= 0) return intervalS;
  return Math.max(intervalS, Math.min(MAX_BACKOFF_S, intervalS * 2 ** Math.min(failures, 20)));
}
