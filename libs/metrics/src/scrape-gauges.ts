import { Injectable, Logger } from '@nestjs/common';
import { TenantDb } from '@bacheca/database';
import { QueueStats } from '@bacheca/queue';
import { BachecaMetrics } from './bacheca-metrics';
import { ComuneLabels } from './comune-labels';

/** Postgres figures are counted at most this often, whatever the scrape interval or the number of scrapers. */
const POSTGRES_EVERY_MS = 30_000;

/**
 * The gauges read at scrape time: queue depth and age (Redis), the outbox per lane and the active
 * subscribers per comune (Postgres, two grouped queries as the platform). Served by the api only:
 * they describe the deployment, not a process, and every api replica reports the same values
 * (take `max` across instances).
 */
@Injectable()
export class ScrapeGauges {
  private readonly logger = new Logger('metrics');
  private postgresAt = 0;

  constructor(
    private readonly metrics: BachecaMetrics,
    private readonly queues: QueueStats,
    private readonly db: TenantDb,
    private readonly labels: ComuneLabels,
  ) {}

  async refresh(): Promise<void> {
    await Promise.all([this.refreshQueues(), this.refreshPostgres()]);
  }

  private async refreshQueues(): Promise<void> {
    try {
      const snapshots = await withTimeout(this.queues.snapshot(), 3000);
      for (const s of snapshots) {
        for (const [state, n] of Object.entries(s.counts)) this.metrics.queueJobs.set({ queue: s.queue, state }, n);
        this.metrics.queueAge.set({ queue: s.queue, state: 'waiting' }, s.headAgeS);
        this.metrics.queueAge.set({ queue: s.queue, state: 'active' }, s.oldestActiveS);
      }
      this.metrics.sourceUp.set({ source: 'redis' }, 1);
    } catch (err) {
      this.metrics.sourceUp.set({ source: 'redis' }, 0);
      this.logger.warn(`queue gauges not read: ${(err as Error).message}`);
    }
  }

  private async refreshPostgres(): Promise<void> {
    if (Date.now() - this.postgresAt < POSTGRES_EVERY_MS) return;
    try {
      const { outbox, subscribers } = await withTimeout(
        this.db.asPlatform('metrics.scrape', async (em) => ({
          // The partial index deliveries_due holds only queued rows, so this reads the backlog, not the history.
          outbox: (await em.query(
            `select lane, count(*)::int as due, coalesce(extract(epoch from now() - min(next_attempt_at)), 0)::float8 as age_s
               from deliveries where status = 'queued' and next_attempt_at <= now() group by lane`,
          )) as { lane: string; due: number; age_s: number }[],
          // Every comune appears, with 0 when it has nobody yet, so a dashboard can tell "none" from "unknown".
          subscribers: (await em.query(
            `select c.id, c.slug, count(s.id)::int as active
               from comuni c left join subscribers s on s.tenant_id = c.id and s.status = 'active'
              group by c.id, c.slug`,
          )) as { id: string; slug: string; active: number }[],
        })),
        5000,
      );
      for (const lane of ['urgent', 'reply', 'news']) {
        const row = outbox.find((r) => r.lane === lane);
        this.metrics.outboxDue.set({ lane }, row?.due ?? 0);
        this.metrics.outboxAge.set({ lane }, row?.age_s ?? 0);
      }
      this.metrics.subscribers.reset();
      for (const r of subscribers) this.metrics.subscribers.set({ comune: r.slug }, r.active);
      this.labels.remember(subscribers);
      this.postgresAt = Date.now();
      this.metrics.sourceUp.set({ source: 'postgres' }, 1);
    } catch (err) {
      this.metrics.sourceUp.set({ source: 'postgres' }, 0);
      this.logger.warn(`database gauges not read: ${(err as Error).message}`);
    }
  }
}

export const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);
