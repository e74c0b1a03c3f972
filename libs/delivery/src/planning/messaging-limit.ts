import type { SendPriority } from './priority';

/**
 * Meta's messaging limit: how many unique users a business portfolio may reach outside a customer
 * service window in a moving 24 hours (WHATSAPP.md §4.6). Replies inside a window do not count. Read with
 * `whatsapp_business_manager_messaging_limit`; the 1K tier of the old per-number ladder no longer exists.
 */
export const MESSAGING_TIER_LIMITS = {
  TIER_250: 250,
  TIER_2K: 2_000,
  TIER_10K: 10_000,
  TIER_100K: 100_000,
  TIER_UNLIMITED: Infinity,
} as const;

export type MessagingTier = keyof typeof MESSAGING_TIER_LIMITS;

export const MESSAGING_LIMIT_WINDOW_MS = 24 * 60 * 60 * 1000;

export function isMessagingTier(tier: unknown): tier is MessagingTier {
  return typeof tier === 'string' && Object.prototype.hasOwnProperty.call(MESSAGING_TIER_LIMITS, tier);
}

/**
 * The limit of a tier as Meta names it. An unknown or missing tier counts as the smallest one: going
 * over the limit has no documented error code to catch (§4.6), so guessing high would only show up as
 * citizens silently not receiving news.
 */
export function messagingLimitOf(tier: string | null | undefined): number {
  return isMessagingTier(tier) ? MESSAGING_TIER_LIMITS[tier] : MESSAGING_TIER_LIMITS.TIER_250;
}

/** Unique users reached outside a window, counted per time bucket (e.g. per minute) by the caller. */
export interface ReachBucket {
  readonly at: Date;
  readonly count: number;
}

/** `count` more unique users may be reached from `at` on. */
export interface ReachSlot {
  readonly at: Date;
  readonly count: number;
}

export interface PlanReachInput {
  /** Unique users per moving window; Infinity for TIER_UNLIMITED. */
  readonly limit: number;
  /** What the portfolio (all its numbers, all senders) already reached outside a window. */
  readonly reachedInWindow: readonly ReachBucket[];
  /**
   * Recipients to reach outside a window who are not already counted in `reachedInWindow` (a user
   * reached twice in 24 h counts once); a caller that cannot tell passes them all and plans safely.
   */
  readonly recipientsOutsideWindow: number;
  readonly now: Date;
  /** The moving window; Meta's is 24 h. A parameter so tests and the sandbox can shorten it. */
  readonly windowMs?: number;
}

export interface ReachPlan {
  readonly limit: number;
  readonly total: number;
  /** Unique users the window already holds at `now`. */
  readonly alreadyReached: number;
  /** How many can go at `now`. */
  readonly sendNow: number;
  /** When the rest can go, as the window frees up; ascending, each `count` > 0. */
  readonly later: readonly ReachSlot[];
  /** When the last of them may go: `now` when nothing waits. */
  readonly finishAt: Date;
}

function checkCount(name: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${name} must be a non-negative integer, got ${n}`);
}

/**
 * Splits `recipientsOutsideWindow` into what may go now and slots at the moments older reach leaves the
 * moving window. What this plan sends also enters the window and leaves it `windowMs` later, so with a
 * small limit and a big audience the slots repeat daily.
 */
export function planReach(input: PlanReachInput): ReachPlan {
  const { limit, now } = input;
  const windowMs = input.windowMs ?? MESSAGING_LIMIT_WINDOW_MS;
  const total = input.recipientsOutsideWindow;
  checkCount('recipientsOutsideWindow', total);
  if (!(limit >= 1)) throw new RangeError(`limit must be at least 1, got ${limit}`);
  if (!(windowMs > 0)) throw new RangeError(`windowMs must be positive, got ${windowMs}`);
  const t0 = now.getTime();
  if (!Number.isFinite(t0)) throw new RangeError('Invalid Date');

  // A bucket stamped in the future comes from a clock ahead of ours: count it as reached now. One exactly
  // windowMs old has just left the window.
  const active = input.reachedInWindow
    .map((b) => {
      checkCount('reachedInWindow.count', b.count);
      return { at: Math.min(b.at.getTime(), t0), count: b.count };
    })
    .filter((b) => b.count > 0 && b.at > t0 - windowMs)
    .sort((a, b) => a.at - b.at);
  const alreadyReached = active.reduce((sum, b) => sum + b.count, 0);

  if (limit === Infinity) {
    return { limit, total, alreadyReached, sendNow: total, later: [], finishAt: now };
  }

  let inUse = alreadyReached;
  const sendNow = Math.min(total, Math.max(0, limit - inUse));
  inUse += sendNow;
  let remaining = total - sendNow;

  // Two queues of expiries, each already in time order: the existing buckets (all before t0 + windowMs)
  // and our own slots (at or after t0 + windowMs, pushed in increasing order). Merging them is a heap.
  const old = active.map((b) => ({ at: b.at + windowMs, count: b.count }));
  const own: { at: number; count: number }[] = sendNow > 0 ? [{ at: t0 + windowMs, count: sendNow }] : [];
  let i = 0;
  let j = 0;
  const later: ReachSlot[] = [];
  while (remaining > 0) {
    const next = i < old.length && (j >= own.length || old[i].at <= own[j].at) ? old[i++] : own[j++];
    inUse -= next.count;
    // Release everything expiring at the same moment before handing out capacity.
    while (i < old.length && old[i].at === next.at) inUse -= old[i++].count;
    while (j < own.length && own[j].at === next.at) inUse -= own[j++].count;
    const free = limit - inUse;
    if (free <= 0) continue;
    const count = Math.min(free, remaining);
    later.push({ at: new Date(next.at), count });
    own.push({ at: next.at + windowMs, count });
    inUse += count;
    remaining -= count;
  }
  return {
    limit,
    total,
    alreadyReached,
    sendNow,
    later,
    finishAt: later.length ? later[later.length - 1].at : now,
  };
}

/** One broadcast's share of the reach, for {@link planReachForDemands}. */
export interface ReachDemand {
  readonly id: string;
  readonly priority: SendPriority;
  /** Its recipients outside a window, not already reached in the window. */
  readonly recipients: number;
}

export interface DemandPlan {
  readonly id: string;
  readonly priority: SendPriority;
  readonly sendNow: number;
  readonly later: readonly ReachSlot[];
  readonly finishAt: Date;
}

export interface PlanReachForDemandsInput extends Omit<PlanReachInput, 'recipientsOutsideWindow'> {
  /** Normal demands in the order they should be served (oldest first); urgent ones go first anyway. */
  readonly demands: readonly ReachDemand[];
}

/**
 * Plans several broadcasts against one portfolio limit: urgent demands take the earliest capacity, then
 * normal ones in the given order. Capacity frees up at the same moments whoever used it, so planning the
 * sum and handing the slots out in priority order is exact.
 */
export function planReachForDemands(input: PlanReachForDemandsInput): { plan: ReachPlan; demands: DemandPlan[] } {
  const ordered = [
    ...input.demands.filter((d) => d.priority === 'urgent'),
    ...input.demands.filter((d) => d.priority !== 'urgent'),
  ];
  for (const d of ordered) checkCount(`demand ${d.id} recipients`, d.recipients);
  const total = ordered.reduce((sum, d) => sum + d.recipients, 0);
  const plan = planReach({ ...input, recipientsOutsideWindow: total });
  const stream = [{ at: input.now, count: plan.sendNow }, ...plan.later].map((s) => ({ ...s }));
  let k = 0;
  const demands = ordered.map((d): DemandPlan => {
    let need = d.recipients;
    let sendNow = 0;
    const later: ReachSlot[] = [];
    while (need > 0) {
      while (stream[k].count === 0) k++;
      const take = Math.min(need, stream[k].count);
      if (k === 0) sendNow += take;
      else later.push({ at: stream[k].at, count: take });
      stream[k].count -= take;
      need -= take;
    }
    return { id: d.id, priority: d.priority, sendNow, later, finishAt: later.length ? later[later.length - 1].at : input.now };
  });
  return { plan, demands };
}
