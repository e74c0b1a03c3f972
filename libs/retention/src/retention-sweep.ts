import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, AuditService } from '@bacheca/audit';
import { keepDeliveryReports } from '@bacheca/broadcasts';
import { Settings } from '@bacheca/config';
import { TenantDb } from '@bacheca/database';
import {
  deliveryDue,
  RetentionCutoffs,
  retentionCutoffs,
  RetentionPeriods,
  SweepCounts,
  sweepChangedSomething,
  SweepWindow,
  walkGoesOn,
  webhookEventDue,
} from './retention-policy';
import { RetentionRepository } from './retention.repository';

const SYSTEM: Actor = { userId: null, role: 'system', tenantId: null };

/** Broadcasts whose counts are kept per transaction. */
const REPORTS_PER_STEP = 100;

/**
 * How long one run may walk one table. A first run on a deployment with years of rows works
 * through its backlog over several runs, instead of one run that never ends.
 */
const TABLE_BUDGET_MS = 120_000;

export interface SweepResult extends SweepCounts {
  cutoffs: RetentionCutoffs;
  /** Another worker's sweep held the lock: this run stopped early and left the rest to it. */
  yielded: boolean;
}

interface Step {
  window: SweepWindow;
  lastId: string | null;
  purged: number;
}

/**
 * Deletes what is past its retention period, provider-wide, in the platform scope (each step names
 * its purpose): messages sent, processed webhook events, and audit entries. A broadcast's counts are
 * kept on the broadcast before its delivery rows go, so its report keeps its totals. Deliveries in
 * progress and unprocessed events are never deleted. Each step is its own short transaction over at
 * most RETENTION_BATCH_SIZE rows, under a lock that lets one worker sweep at a time. A run that
 * changed anything leaves one audit entry with its counts; the audit log's own purge leaves one more
 * per step, written by the database function that alone may delete from it.
 */
@Injectable()
export class RetentionSweep {
  private readonly logger = new Logger('retention');

  constructor(
    private readonly settings: Settings,
    private readonly db: TenantDb,
    private readonly repo: RetentionRepository,
    private readonly audit: AuditService,
  ) {}

  periods(): RetentionPeriods {
    return {
      deliveriesDays: this.settings.RETENTION_DELIVERIES_DAYS,
      webhookEventsDays: this.settings.RETENTION_WEBHOOK_EVENTS_DAYS,
      auditDays: this.settings.RETENTION_AUDIT_DAYS,
    };
  }

  async run(): Promise<SweepResult> {
    const now = await this.db.asPlatform('retention.clock', (em) => this.repo.now(em));
    const cutoffs = retentionCutoffs(now, this.periods());
    const counts: SweepCounts = { reportsKept: 0, deliveries: 0, webhookEvents: 0, auditLog: 0 };
    const size = this.settings.RETENTION_BATCH_SIZE;
    let yielded = false;

    const steps: [keyof SweepCounts, () => Promise<{ done: number; yielded: boolean }>][] = [
      ['reportsKept', () => this.keepReports(cutoffs.deliveries)],
      [
        'deliveries',
        () =>
          this.walk('retention.deliveries', cutoffs.deliveries, size, async (em, afterId) => {
            const w = await this.repo.deliveriesWindow(em, afterId, size);
            const due = w.items.filter((r) => deliveryDue(r, cutoffs.deliveries)).map((r) => r.id);
            return { window: w, lastId: w.lastId, purged: await this.repo.deleteDeliveries(em, due) };
          }),
      ],
      [
        'webhookEvents',
        () =>
          this.walk('retention.webhook_events', cutoffs.webhookEvents, size, async (em, afterId) => {
            const w = await this.repo.webhookEventsWindow(em, afterId, size);
            const due = w.items.filter((r) => webhookEventDue(r, cutoffs.webhookEvents, now)).map((r) => r.id);
            return { window: w, lastId: w.lastId, purged: await this.repo.deleteWebhookEvents(em, due) };
          }),
      ],
      [
        'auditLog',
        // The database function checks this purpose: it is the only door to deleting audit entries.
        () =>
          this.walk('retention.audit_log', cutoffs.audit, size, async (em, afterId) => {
            const r = await this.repo.purgeAuditWindow(em, cutoffs.audit, afterId, size);
            return { window: r, lastId: r.lastId, purged: r.purged };
          }),
      ],
    ];
    for (const [key, step] of steps) {
      const r = await step();
      counts[key] += r.done;
      if (r.yielded) {
        yielded = true;
        break;
      }
    }

    if (sweepChangedSomething(counts)) {
      await this.db.asPlatform('retention.summary', (em) =>
        this.audit.record(em, SYSTEM, {
          action: 'retention.sweep',
          targetType: 'retention',
          tenantId: null,
          details: { ...counts, before: cutoffs, periodsDays: this.periods() },
        }),
      );
      this.logger.log(`purged ${JSON.stringify(counts)}`);
    }
    return { ...counts, cutoffs, yielded };
  }

  private async keepReports(finishedBefore: Date): Promise<{ done: number; yielded: boolean }> {
    const started = Date.now();
    let done = 0;
    for (;;) {
      const kept = await this.db.asPlatform('retention.reports', async (em) =>
        (await this.repo.takeSweepLock(em)) ? keepDeliveryReports(em, finishedBefore, REPORTS_PER_STEP) : null,
      );
      if (kept === null) return { done, yielded: true };
      done += kept;
      if (kept < REPORTS_PER_STEP || Date.now() - started > TABLE_BUDGET_MS) return { done, yielded: false };
    }
  }

  /** Walks one table along its primary key, one window per transaction, from the oldest row. */
  private async walk(
    purpose: string,
    cutoff: Date,
    size: number,
    step: (em: EntityManager, afterId: string) => Promise<Step>,
  ): Promise<{ done: number; yielded: boolean }> {
    const started = Date.now();
    let afterId = '0';
    let done = 0;
    for (;;) {
      const r = await this.db.asPlatform(purpose, async (em) => ((await this.repo.takeSweepLock(em)) ? step(em, afterId) : null));
      if (r === null) return { done, yielded: true };
      done += r.purged;
      if (!walkGoesOn(r.window, size, cutoff) || r.lastId === null || Date.now() - started > TABLE_BUDGET_MS) return { done, yielded: false };
      afterId = r.lastId;
    }
  }
}
