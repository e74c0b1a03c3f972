import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BroadcastsService } from '@bacheca/broadcasts';
import { Clock, Settings } from '@bacheca/config';
import { TenantDb } from '@bacheca/database';
import { OutboxRepository } from '@bacheca/delivery';
import { WebhookEventsRepository } from '@bacheca/inbound';
import { broadcastJob, JobQueue } from '@bacheca/queue';

/**
 * Postgres is the source of truth, Redis only moves work. On a timer this finds what a lost job,
 * a wiped Redis or a killed worker left behind, and sets it going again:
 * - webhook events stored but never processed;
 * - deliveries due but in no queue;
 * - deliveries a dead worker left `sending`: their fate is unknown, so they become `uncertain`
 *   (settled by Meta's status webhook), never sent blindly again;
 * - uncertain deliveries no status has settled long after every webhook of their time was read:
 *   Meta never accepted them, so they are sent again (docs/reliability.md has the bound);
 * - deliveries held for a stopped number that sends again: they go now, not when the hold ends.
 * It also purges citizens' words after each comune's retention period.
 * Processing is idempotent everywhere, so finding something twice does no harm.
 */
@Injectable()
export class Sweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('sweeper');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly settings: Settings,
    private readonly db: TenantDb,
    private readonly events: WebhookEventsRepository,
    private readonly outbox: OutboxRepository,
    private readonly jobs: JobQueue,
    private readonly broadcasts: BroadcastsService,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap() {
    this.timer = setInterval(() => void this.sweep().catch((e: Error) => this.logger.warn(e.message)), this.settings.INBOUND_SWEEP_INTERVAL_S * 1000);
    // Scheduled broadcasts live in Postgres, so they survive restarts; this starts them on time.
    this.scheduler = setInterval(() => void this.startDueBroadcasts().catch((e: Error) => this.logger.warn(e.message)), 5000);
  }

  onApplicationShutdown() {
    clearInterval(this.timer);
    clearInterval(this.scheduler);
  }

  private scheduler?: NodeJS.Timeout;

  async startDueBroadcasts(): Promise<number> {
    const due: { tenant_id: string; id: string }[] = await this.db.asPlatform('schedule.broadcasts', (em) =>
      em.query(`select tenant_id, id from broadcasts where status = 'scheduled' and send_after <= $1 order by send_after limit 100`, [this.clock.now()]),
    );
    for (const b of due) await this.broadcasts.start(b.tenant_id, b.id);
    return due.length;
  }

  /**
   * Broadcasts sending whose batch chain was lost with Redis (or died with its worker or its database
   * connection): a new chain picks up the queued rows. A broadcast with nothing left to do whose last
   * chain died before it said so gets one too: the job claims nothing and completes it.
   */
  private async resumeSendingBroadcasts(): Promise<number> {
    const rows: { tenant_id: string; id: string; priority: string }[] = await this.db.asPlatform('sweep.broadcasts', (em) =>
      em.query(
        `select b.tenant_id, b.id, b.priority from broadcasts b
          where b.status = 'sending'
            and (exists (select 1 from deliveries d where d.broadcast_id = b.id and d.status = 'queued' and d.next_attempt_at <= now())
                 or not exists (select 1 from deliveries d where d.broadcast_id = b.id
                                  and (d.status in ('queued', 'sending') or (d.status = 'uncertain' and d.meta_message_id is null))))`,
      ),
    );
    // A broadcast whose chain is waiting for a slot is not a lost one: a chain added to it would stay,
    // and a long send would gain one every sweep, taking slots from the other comuni.
    const alive = rows.length ? await this.jobs.broadcastsWithChains() : new Set<string>();
    const lost = rows.filter((r) => !alive.has(r.id));
    for (const r of lost) {
      // One recovery chain per broadcast at a time.
      // A failed job keeps its id in Redis and would block every later recovery: it is not kept.
      await this.jobs.add(
        broadcastJob(r.priority === 'urgent' ? 'urgent' : 'normal'),
        { tenantId: r.tenant_id, broadcastId: r.id },
        { jobId: `resume:${r.id}`, removeOnFail: true },
      );
    }
    return lost.length;
  }

  async sweep(): Promise<{
    events: number;
    deliveries: number;
    abandoned: number;
    resent: number;
    released: number;
    broadcasts: number;
    purged: number;
  }> {
    const events = await this.requeueEvents();
    const abandoned = await this.db.asPlatform('sweep.abandoned', (em) => this.outbox.abandonedSending(em, this.settings.SENDING_ABANDONED_AFTER_S));
    const resent = await this.db.asPlatform('sweep.unconfirmed', (em) => this.outbox.resendUnconfirmed(em, this.settings.UNCERTAIN_RESEND_AFTER_S));
    // Before the re-queueing below, so that what it releases is queued (and its chains restarted) in this sweep.
    const released = await this.db.asPlatform('sweep.released', (em) => this.outbox.releaseHeldForActiveNumbers(em));
    const deliveries = await this.requeueDeliveries();
    const broadcasts = await this.resumeSendingBroadcasts();
    const purged = await this.purgeExpiredWords();
    const result = { events, deliveries, abandoned, resent, released, broadcasts, purged };
    if (events + deliveries + abandoned + resent + released + broadcasts + purged) this.logger.log(`recovered ${JSON.stringify(result)}`);
    return result;
  }

  private async requeueEvents(): Promise<number> {
    const pending = await this.db.asPlatform('sweep.inbound', (em) => this.events.pendingByTenant(em, this.settings.INBOUND_SWEEP_AFTER_S, 5000));
    for (const { tenantId, ids } of pending) await this.jobs.add('inbound.process', { tenantId, eventIds: ids });
    return pending.reduce((sum, p) => sum + p.ids.length, 0);
  }

  private async requeueDeliveries(): Promise<number> {
    const due = await this.db.asPlatform('sweep.deliveries', (em) => this.outbox.dueByTenant(em, 5000));
    for (const { tenantId, ids } of due) await this.jobs.add('priority.send', { tenantId, deliveryIds: ids });
    return due.reduce((sum, d) => sum + d.ids.length, 0);
  }

  /** Raw message text and sealed numbers of processed events, past each comune's retention (default 30 days). */
  private purgeExpiredWords(): Promise<number> {
    return this.db.asPlatform('sweep.retention', async (em) => {
      const result = await em.query(
        `update webhook_events e
            set payload = e.payload - 'text' - 'profileName' - 'newFromSealed', citizen_phone_enc = null
           from comuni c left join service_settings s on s.tenant_id = c.id
          where e.tenant_id = c.id and e.processed_at is not null
            and (e.citizen_phone_enc is not null or e.payload ? 'text')
            and e.received_at < now() - make_interval(days => coalesce(s.inbound_retention_days, 30))
          returning e.id`,
      );
      return (Array.isArray(result[0]) ? result[0] : result).length;
    });
  }
}
