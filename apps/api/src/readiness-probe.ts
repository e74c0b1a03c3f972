import { Injectable, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { Settings } from '@bacheca/config';

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);

@Injectable()
export class ReadinessProbe implements OnModuleDestroy {
  private readonly redis: Redis;

  constructor(settings: Settings) {
    this.redis = new Redis(settings.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  }

  async check(dataSource: DataSource): Promise<{ postgres: string; redis: string }> {
    const [postgres, redis] = await Promise.all([
      withTimeout(dataSource.query('select 1'), 2000).then(() => 'ok', (e: Error) => `error: ${e.message}`),
      withTimeout(this.redis.ping(), 2000).then(() => 'ok', (e: Error) => `error: ${e.message}`),
    ]);
    return { postgres, redis };
  }

  async onModuleDestroy() {
    this.redis.disconnect();
  }
}
