import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Settings } from '@bacheca/config';
import { RetentionSweep, SweepResult } from '@bacheca/retention';

/** The first run comes soon after start: workers restarted by each deploy must not keep postponing it. */
const FIRST_RUN_AFTER_MS = 60_000;

/**
 * Runs the retention sweep every RETENTION_SWEEP_INTERVAL_S in each worker. What is due is decided by
 * Postgres's rows and a lock lets one worker sweep at a time, like the other schedulers here: no
 * Bull repeatable job, whose schedule a wiped Redis would lose.
 */
@Injectable()
export class RetentionScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('retention');
  private first?: NodeJS.Timeout;
  private timer?: NodeJS.Timeout;
  private running?: Promise<SweepResult | undefined>;

  constructor(
    private readonly settings: Settings,
    private readonly sweep: RetentionSweep,
  ) {}

  onApplicationBootstrap() {
    const interval = this.settings.RETENTION_SWEEP_INTERVAL_S * 1000;
    this.first = setTimeout(() => void this.tick(), Math.min(FIRST_RUN_AFTER_MS, interval));
    this.timer = setInterval(() => void this.tick(), interval);
  }

  async onApplicationShutdown() {
    clearTimeout(this.first);
    clearInterval(this.timer);
    // A step in flight finishes its transaction before the pool closes.
    await this.running;
  }

  /** One run at a time in this process; a tick that finds one running is skipped. */
  tick(): Promise<SweepResult | undefined> {
    if (this.running) return this.running;
    this.running = this.sweep
      .run()
      .catch((e: Error) => {
        this.logger.warn(`retention sweep failed: ${e.message}`);
        return undefined;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }
}
