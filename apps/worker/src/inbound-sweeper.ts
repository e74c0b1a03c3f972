import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Settings } from '@bacheca/config';
import { TenantDb } from '@bacheca/database';
import { WebhookEventsRepository } from '@bacheca/inbound';
import { JobQueue } from '@bacheca/queue';

/**
 * Postgres is the source of truth: events stored but never queued (Redis wiped, a crash between
 * the insert and the enqueue) are found here and queued again. Processing is idempotent, so an
 * event queued twice is still acted on once.
 */
@Injectable()
export class InboundSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('inbound-sweeper');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly settings: Settings,
    private readonly db: TenantDb,
    private readonly events: WebhookEventsRepository,
    private readonly jobs: JobQueue,
  ) {}

  onApplicationBootstrap() {
    this.timer = setInterval(() => void this.sweep().catch((e: Error) => this.logger.warn(e.message)), this.settings.INBOUND_SWEEP_INTERVAL_S * 1000);
  }

  onApplicationShutdown() {
    clearInterval(this.timer);
  }

  async sweep(): Promise<number> {
    const pending = await this.db.asPlatform('inbound.sweep', (em) =>
      this.events.pendingByTenant(em, this.settings.INBOUND_SWEEP_AFTER_S, 5000),
    );
    for (const { tenantId, ids } of pending) await this.jobs.add('inbound.process', { tenantId, eventIds: ids });
    const n = pending.reduce((sum, p) => sum + p.ids.length, 0);
    if (n) this.logger.log(`re-queued ${n} pending webhook events`);
    return n;
  }
}
