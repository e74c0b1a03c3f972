/**
 * What the retention sweep may delete, as plain functions: the SQL around them only reads windows of
 * rows and deletes the ids these functions choose.
 */

const DAY_MS = 86_400_000;

export interface RetentionPeriods {
  deliveriesDays: number;
  webhookEventsDays: number;
  auditDays: number;
}

export interface RetentionCutoffs {
  deliveries: Date;
  webhookEvents: Date;
  audit: Date;
}

/** Rows older than these instants are past their retention period. */
export function retentionCutoffs(now: Date, p: RetentionPeriods): RetentionCutoffs {
  const before = (days: number) => new Date(now.getTime() - days * DAY_MS);
  return { deliveries: before(p.deliveriesDays), webhookEvents: before(p.webhookEventsDays), audit: before(p.auditDays) };
}

/**
 * A delivery in one of these may still be sent, or settled by Meta's status: it is never purged,
 * however old (an `uncertain` send without status stays until something settles it).
 */
export const IN_PROGRESS_DELIVERY_STATUSES: readonly string[] = ['queued', 'sending', 'uncertain'];

export interface DeliveryRow {
  id: string;
  status: string;
  queuedAt: Date;
  broadcastId: string | null;
  /** The broadcast's counts are kept on the broadcast, so its report no longer needs this row. */
  reportKept: boolean;
}

/**
 * A message sent is due when it was queued before the cutoff and is done. A broadcast's row also
 * waits until the broadcast's counts are kept: the report of an old alert must keep its totals.
 */
export function deliveryDue(row: DeliveryRow, cutoff: Date): boolean {
  if (IN_PROGRESS_DELIVERY_STATUSES.includes(row.status)) return false;
  if (row.queuedAt.getTime() >= cutoff.getTime()) return false;
  return row.broadcastId === null || row.reportKept;
}

export interface WebhookEventRow {
  id: string;
  kind: string;
  receivedAt: Date;
  processed: boolean;
  /** The comune's own retention of citizens' words (service_settings.inbound_retention_days). */
  wordsDays: number;
}

/**
 * A webhook event is due when it was processed and arrived before the cutoff. A citizen's message
 * also waits for its comune's own retention of words, when the comune chose a longer one: the
 * provider's period never cuts short what the comune (the controller) decided to keep.
 * An unprocessed event is work still to do, and is never purged.
 */
export function webhookEventDue(row: WebhookEventRow, cutoff: Date, now: Date): boolean {
  if (!row.processed) return false;
  if (row.receivedAt.getTime() >= cutoff.getTime()) return false;
  if (row.kind === 'message') return row.receivedAt.getTime() < now.getTime() - row.wordsDays * DAY_MS;
  return true;
}

/** One window of the walk along a table's primary key, oldest rows first. */
export interface SweepWindow {
  /** Rows read in the window. */
  rows: number;
  /** The latest timestamp among them (null when the window was empty). */
  newest: Date | null;
}

/**
 * Whether the walk goes on past this window. Ids grow with time, so once a window holds a row
 * younger than the cutoff, nothing further along is due; a window shorter than asked is the table's end.
 */
export function walkGoesOn(window: SweepWindow, size: number, cutoff: Date): boolean {
  return window.rows >= size && window.newest !== null && window.newest.getTime() < cutoff.getTime();
}

export interface SweepCounts {
  reportsKept: number;
  deliveries: number;
  webhookEvents: number;
  auditLog: number;
}

/** Whether a run changed anything, and so owes the audit log an entry. */
export function sweepChangedSomething(c: SweepCounts): boolean {
  return c.reportsKept + c.deliveries + c.webhookEvents + c.auditLog > 0;
}
