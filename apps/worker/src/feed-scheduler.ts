import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Settings } from '@bacheca/config';
import { TenantDb } from '@bacheca/database';
import { FeedsRepository } from '@bacheca/feeds';
import { JobQueue } from '@bacheca/queue';

/** A claimed feed not polled within this (Redis lost the job, the worker died) is due again. */
const LEASE_S = 180;

/**
 * Every few seconds, the feeds whose time has come (in Postgres, so schedules survive restarts)
 * are claimed and each gets a `feeds.poll` job. Claiming pushes the feed's next time ahead under
 * `FOR UPDATE SKIP LOCKED`, so several workers never poll one feed twice for the same turn.
 */
@Injectable()
export class FeedScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('feeds');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly settings: Settings,
    private readonly db: TenantDb,
    private readonly feeds: FeedsRepository,
    private readonly jobs: JobQueue,
  ) {}

  onApplicationBootstrap() {
    this.timer = setInterval(() => void this.tick().catch((e: Error) => this.logger.warn(e.message)), this.settings.FEED_POLL_TICK_S * 1000);
  }

  onApplicationShutdown() {
    clearInterval(this.timer);
  }

  async tick(): Promise<number> {
    const due = await this.db.asPlatform('schedule.feeds', (em) => this.feeds.claimDue(em, 100, LEASE_S));
    // Enqueued after the claim commits: the job reads the feed as claimed.
    for (const f of due) await this.jobs.add('feeds.poll', { tenantId: f.tenant_id, feedId: f.id }, { removeOnFail: true });
    return due.length;
  }
}
