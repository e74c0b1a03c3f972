/**
 * How long a delivery waits before its next attempt after a failure worth retrying (WHATSAPP.md §5):
 * - `throttled`: the number or the account is over a rate (130429 mps, 4 app rate, 80007 WABA rate,
 *   131048 spam rate, 429). Short base, because the limiter usually already paces the number.
 * - `temporary`: Meta or the network failed (1, 2, 131000, 131016, 133004, 131057, 5xx, timeouts).
 * - `pair_rate_limit`: 131056, too many messages to the same citizen; Meta advises retrying after 4^X
 *   seconds (X = 0, 1, 2…), which only that citizen's message waits for.
 * Permanent errors never reach this module: they do not retry.
 */

export type RetryCause = 'throttled' | 'temporary' | 'pair_rate_limit';

export interface BackoffPolicy {
  readonly baseMs: number;
  readonly factor: number;
  readonly maxMs: number;
  /**
   * Fraction of the delay drawn at random, 0 to 1. Many deliveries of a broadcast fail together on a
   * throttle; without jitter they would all come back in the same millisecond and fail together again.
   */
  readonly jitter: number;
}

export const BACKOFF_POLICIES: Readonly<Record<RetryCause, BackoffPolicy>> = {
  throttled: { baseMs: 1_000, factor: 2, maxMs: 60_000, jitter: 0.5 },
  temporary: { baseMs: 2_000, factor: 2, maxMs: 5 * 60_000, jitter: 0.5 },
  // Exactly Meta's 4^X seconds; jitter adds only on top so the advice is never undercut.
  pair_rate_limit: { baseMs: 1_000, factor: 4, maxMs: 60 * 60_000, jitter: 0.1 },
};

export interface RetryDelayInput {
  /** 0 for the first retry after the first failure. */
  readonly attempt: number;
  readonly cause: RetryCause;
  /** A floor from the error's classification or a Retry-After header. */
  readonly minDelayMs?: number;
}

/** `random` returns [0, 1); pass a fixed function in tests. */
export function retryDelayMs(
  input: RetryDelayInput,
  options: { policy?: BackoffPolicy; random?: () => number } = {},
): number {
  const policy = options.policy ?? BACKOFF_POLICIES[input.cause];
  const random = options.random ?? Math.random;
  if (!Number.isInteger(input.attempt) || input.attempt < 0) {
    throw new RangeError(`attempt must be a non-negative integer, got ${input.attempt}`);
  }
  const exponential = Math.min(policy.maxMs, policy.baseMs * Math.pow(policy.factor, input.attempt));
  const r = Math.min(Math.max(random(), 0), 1);
  let delay: number;
  if (input.cause === 'pair_rate_limit') {
    delay = exponential * (1 + policy.jitter * r);
  } else {
    // "Equal jitter": never less than half the exponential step, so retries still spread out over time.
    delay = exponential * (1 - policy.jitter) + exponential * policy.jitter * r;
  }
  // A floor given by Meta wins over the cap: retrying earlier than told only fails again.
  return Math.round(Math.max(delay, input.minDelayMs ?? 0));
}

const THROTTLED_CODES = new Set([4, 80007, 130429, 131048]);
const TEMPORARY_CODES = new Set([1, 2, 131000, 131016, 131053, 131057, 133004]);

/**
 * The retry cause of a Cloud API error code, or undefined when the error is permanent and must not be
 * retried. Mirrors Courier's rule of thumb (§5), with 131056 split out for its own schedule. 133016
 * (registration attempts) is left out: it means waiting up to 72 h, a decision for staff, not a retry.
 */
export function retryCauseOf(code: number | undefined, httpStatus?: number): RetryCause | undefined {
  if (code === 131056) return 'pair_rate_limit';
  if (code !== undefined && THROTTLED_CODES.has(code)) return 'throttled';
  if (code !== undefined && TEMPORARY_CODES.has(code)) return 'temporary';
  if (code === undefined) {
    if (httpStatus === 429) return 'throttled';
    if (httpStatus === undefined || httpStatus >= 500) return 'temporary';
  }
  return undefined;
}
