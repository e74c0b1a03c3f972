import { OnApplicationShutdown, Provider } from '@nestjs/common';
import { Settings } from '@bacheca/config';
import Redis from 'ioredis';
import { CloudApiClient } from '@bacheca/whatsapp';
import { SendRateLimiter } from '../rate-limiter';

/** One pooled keep-alive client per process, shared by every comune's numbers. */
export const cloudApiProvider: Provider = {
  provide: CloudApiClient,
  inject: [Settings],
  useFactory: (s: Settings) =>
    Object.assign(new CloudApiClient({
      baseUrl: s.GRAPH_API_BASE_URL,
      graphVersion: s.GRAPH_API_VERSION,
      timeoutMs: s.GRAPH_API_TIMEOUT_MS,
      connections: s.GRAPH_API_CONNECTIONS,
    }), {
      onApplicationShutdown(this: CloudApiClient) {
        return this.close();
      },
    } satisfies OnApplicationShutdown),
};

/** The per-number send rate, kept in Redis so every worker process draws from the same bucket. */
export const rateLimiterProvider: Provider = {
  provide: SendRateLimiter,
  inject: [Settings],
  useFactory: (s: Settings) => {
    const redis = new Redis(s.REDIS_URL, { maxRetriesPerRequest: 3 });
    return Object.assign(new SendRateLimiter(redis, s.REDIS_PREFIX), {
      onApplicationShutdown: () => redis.quit().then(() => undefined, () => undefined),
    });
  },
};
