import { Injectable, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { Settings } from '@bacheca/config';
import { withTimeout } from './scrape-gauges';

export interface ReadinessReport {
  ok: boolean;
  checks: { postgres: string; redis: string };
}

/**
 * Readiness: this process can serve because Postgres answers `select 1` and Redis answers PING,
 * each within two seconds. Its own Redis connection, so a Bull connection stuck reconnecting cannot
 * make the answer look better or worse than Redis is.
 */
@Injectable()
export class HealthProbe implements OnModuleDestroy {
  private readonly redis: Redis;

  constructor(
    settings: Settings,
    private readonly dataSource: DataSource,
  ) {
    this.redis = new Redis(settings.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: true });
    // Failures are reported by check(); without a listener ioredis would print each reconnect attempt.
    this.redis.on('error', () => undefined);
  }

  async check(): Promise<ReadinessReport> {
    const [postgres, redis] = await Promise.all([
      withTimeout(this.dataSource.query('select 1'), 2000).then(() => 'ok', (e: Error) => `error: ${e.message}`),
      withTimeout(this.redis.ping(), 2000).then(() => 'ok', (e: Error) => `error: ${e.message}`),
    ]);
    return { ok: postgres === 'ok' && redis === 'ok', checks: { postgres, redis } };
  }

  onModuleDestroy() {
    this.redis.disconnect();
  }
}
