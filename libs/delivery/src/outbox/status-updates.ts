/** What one status webhook says about one of our messages. */
export interface StatusFact {
  metaMessageId: string;
  /** Our delivery id, echoed by Meta in biz_opaque_callback_data: finds a send whose answer was lost. */
  deliveryId?: string;
  status: string;
  at: Date;
  errorCode?: number;
  errorReason?: string;
}

/** Everything a set of status webhooks says about one message, as one row update. */
export interface StatusUpdate {
  metaMessageId: string;
  deliveryId: string | null;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  rank: number;
  sentAt: Date;
  deliveredAt: Date | null;
  readAt: Date | null;
  failedAt: Date | null;
  errorCode: number | null;
  errorReason: string | null;
}

/** A delivery's place on the way to the citizen: a status moves it forward, never back. */
export const STATUS_RANK: Readonly<Record<string, number>> = {
  queued: 0,
  sending: 1,
  uncertain: 1,
  sent: 2,
  delivered: 3,
  read: 4,
  failed: 5,
};

const earliest = (a: Date | null, b: Date) => (a === null || b < a ? b : a);

/**
 * Folds a job's status webhooks into one update per message, so that a set-based statement can
 * apply them: a row matched by several source rows in one UPDATE would take one of them at random.
 * The highest status wins (as it would, applied one by one), each timestamp keeps its earliest
 * report, and `read` implies `delivered` (Meta may send `read` alone). Unknown statuses are ignored.
 */
export function foldStatuses(facts: readonly StatusFact[]): StatusUpdate[] {
  const byMessage = new Map<string, StatusUpdate>();
  for (const f of facts) {
    const rank = STATUS_RANK[f.status];
    if (rank === undefined || rank < STATUS_RANK.sent) continue;
    const u = byMessage.get(f.metaMessageId) ?? {
      metaMessageId: f.metaMessageId,
      deliveryId: null,
      status: 'sent' as const,
      rank: 0,
      sentAt: f.at,
      deliveredAt: null,
      readAt: null,
      failedAt: null,
      errorCode: null,
      errorReason: null,
    };
    u.deliveryId ??= f.deliveryId ?? null;
    u.sentAt = earliest(u.sentAt, f.at);
    if (f.status === 'delivered' || f.status === 'read') u.deliveredAt = earliest(u.deliveredAt, f.at);
    if (f.status === 'read') u.readAt = earliest(u.readAt, f.at);
    if (f.status === 'failed') {
      u.failedAt = f.at;
      u.errorCode = f.errorCode ?? null;
      u.errorReason = f.errorReason ?? null;
    }
    if (rank > u.rank) {
      u.rank = rank;
      u.status = f.status as StatusUpdate['status'];
    }
    byMessage.set(f.metaMessageId, u);
  }
  return [...byMessage.values()];
}
