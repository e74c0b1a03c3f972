/**
 * Which batches the workers take next when many comuni send at once.
 *
 * Work waits per (tenant, WhatsApp number, lane). The scheduler is a pure function of its state and of
 * the pending counts: call `nextBatches` whenever workers have free slots, fetch and send the batches it
 * names, and pass the returned state to the next call. Same state and input, same answer, so a step can
 * be replayed in a test or in an incident review.
 *
 * The policy, in order:
 * 1. Two classes. `urgent` and `reply` form the priority class, `news` the bulk class. The free slots of
 *    a step go to the priority class first, across all tenants, and only then to news. An alert in
 *    Saronno therefore overtakes news in Saronno and in every other town; news is not starved by an
 *    alert beyond what the alert can actually use, because each number also has a budget (3).
 * 2. Round robin over tenants, not over numbers or messages: within a class each tenant with work gets
 *    one batch per round, in tenant-id order continuing after the tenant served last (the cursor lives
 *    in the state, so fairness carries across steps even with fewer slots than tenants). A town with a
 *    100,000-subscriber broadcast gets the same turn as one with 300; inside a tenant its numbers take
 *    turns the same way.
 * 3. Per-number budget: a number gets at most `mps × stepS` messages in one step, all lanes together,
 *    because the Redis rate limiter would only make the extra wait. Spare slots go to other numbers.
 * 4. Replies are never stuck behind bulk: they are in the priority class, so news never delays them,
 *    and when a number has both an urgent broadcast and replies waiting the two lanes alternate batch by
 *    batch. Replies are few and small, so the alert loses almost nothing while a citizen who wrote
 *    during an emergency still gets an answer within a step or two.
 *
 * Cost per call is O(slots × pending entries); callers pass only entries with pending work (a few per
 * busy tenant), never one per idle comune.
 */

export const LANES = ['urgent', 'reply', 'news'] as const;
export type Lane = (typeof LANES)[number];

type LaneClass = 'priority' | 'news';

export interface PendingWork {
  readonly tenantId: string;
  readonly numberId: string;
  readonly lane: Lane;
  /** Deliveries waiting; entries for the same key are added up. */
  readonly pending: number;
}

export interface FairShareState {
  /** Last tenant served, per class. */
  readonly lastTenant: Readonly<Record<LaneClass, string | null>>;
  /** Last number served, per `${class}|${tenantId}`. */
  readonly lastNumber: Readonly<Record<string, string>>;
  /** Per number: whether a reply batch goes before an urgent one when both wait. */
  readonly replyNext: Readonly<Record<string, boolean>>;
}

export interface FairShareInput {
  readonly pending: readonly PendingWork[];
  /** Messages per second per number id. */
  readonly mps: Readonly<Record<string, number>>;
  /** For numbers missing from `mps`: Meta's default throughput. */
  readonly defaultMps?: number;
  /** How many batches the workers can take now. */
  readonly slots: number;
  readonly maxBatchSize: number;
  /** How much time one step stands for, in seconds; default 1. */
  readonly stepS?: number;
}

export interface Batch {
  readonly tenantId: string;
  readonly numberId: string;
  readonly lane: Lane;
  readonly size: number;
}

export const DEFAULT_MPS = 80;

export function initialFairShareState(): FairShareState {
  return { lastTenant: { priority: null, news: null }, lastNumber: {}, replyNext: {} };
}

function classOf(lane: Lane): LaneClass {
  return lane === 'news' ? 'news' : 'priority';
}

/** The first id after `last` in sorted order, wrapping round; the first one when there is no `last`. */
function nextAfter(sortedIds: string[], last: string | null | undefined): string {
  if (last == null) return sortedIds[0];
  return sortedIds.find((id) => id > last) ?? sortedIds[0];
}

function key(tenantId: string, numberId: string, lane: Lane): string {
  return `${tenantId}\u0000${numberId}\u0000${lane}`;
}

export function nextBatches(state: FairShareState, input: FairShareInput): { batches: Batch[]; state: FairShareState } {
  const stepS = input.stepS ?? 1;
  if (!Number.isInteger(input.slots) || input.slots < 0) throw new RangeError(`slots must be a non-negative integer, got ${input.slots}`);
  if (!Number.isInteger(input.maxBatchSize) || input.maxBatchSize < 1) {
    throw new RangeError(`maxBatchSize must be a positive integer, got ${input.maxBatchSize}`);
  }
  if (!(stepS > 0)) throw new RangeError(`stepS must be positive, got ${stepS}`);

  const pending = new Map<string, { tenantId: string; numberId: string; lane: Lane; pending: number }>();
  const numberTenant = new Map<string, string>();
  for (const w of input.pending) {
    if (!(LANES as readonly string[]).includes(w.lane)) throw new RangeError(`Unknown lane ${String(w.lane)}`);
    if (!(w.pending > 0)) continue;
    const owner = numberTenant.get(w.numberId);
    if (owner !== undefined && owner !== w.tenantId) {
      throw new RangeError(`Number ${w.numberId} appears under tenants ${owner} and ${w.tenantId}`);
    }
    numberTenant.set(w.numberId, w.tenantId);
    const k = key(w.tenantId, w.numberId, w.lane);
    const existing = pending.get(k);
    pending.set(k, { tenantId: w.tenantId, numberId: w.numberId, lane: w.lane, pending: (existing?.pending ?? 0) + Math.floor(w.pending) });
  }

  // A number can use at least one message a step, or a 0.5-mps sandbox number would never send.
  const budget = new Map<string, number>();
  for (const numberId of numberTenant.keys()) {
    const mps = input.mps[numberId] ?? input.defaultMps ?? DEFAULT_MPS;
    budget.set(numberId, Math.max(1, Math.floor(mps * stepS)));
  }

  const lastTenant = { ...state.lastTenant };
  const lastNumber: Record<string, string> = {};
  const replyNext: Record<string, boolean> = {};
  // Carry state only for tenants and numbers still pending, so it does not grow with every comune ever seen.
  const tenantsWithWork = new Set(numberTenant.values());
  for (const [k, v] of Object.entries(state.lastNumber)) {
    if (tenantsWithWork.has(k.slice(k.indexOf('|') + 1))) lastNumber[k] = v;
  }
  for (const [numberId, v] of Object.entries(state.replyNext)) if (numberTenant.has(numberId)) replyNext[numberId] = v;

  const batches: Batch[] = [];
  let slots = input.slots;
  for (const cls of ['priority', 'news'] as const) {
    while (slots > 0) {
      const eligible = [...pending.values()].filter(
        (w) => w.pending > 0 && classOf(w.lane) === cls && (budget.get(w.numberId) ?? 0) > 0,
      );
      if (eligible.length === 0) break;
      const tenants = [...new Set(eligible.map((w) => w.tenantId))].sort();
      const tenantId = nextAfter(tenants, lastTenant[cls]);
      const numberKey = `${cls}|${tenantId}`;
      const numbers = [...new Set(eligible.filter((w) => w.tenantId === tenantId).map((w) => w.numberId))].sort();
      const numberId = nextAfter(numbers, lastNumber[numberKey]);
      const lanes = eligible.filter((w) => w.numberId === numberId);

      let work = lanes[0];
      if (cls === 'priority') {
        const urgent = lanes.find((w) => w.lane === 'urgent');
        const reply = lanes.find((w) => w.lane === 'reply');
        // Default to the reply: it is one citizen waiting for one message.
        work = urgent && reply ? ((replyNext[numberId] ?? true) ? reply : urgent) : (urgent ?? reply)!;
        replyNext[numberId] = work.lane === 'urgent';
      }

      const size = Math.min(input.maxBatchSize, work.pending, budget.get(numberId)!);
      batches.push({ tenantId, numberId, lane: work.lane, size });
      work.pending -= size;
      budget.set(numberId, budget.get(numberId)! - size);
      lastTenant[cls] = tenantId;
      lastNumber[numberKey] = numberId;
      slots--;
    }
  }
  return { batches, state: { lastTenant, lastNumber, replyNext } };
}
