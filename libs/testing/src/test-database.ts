import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { loadSettings, Settings } from '@bacheca/config';
import { dropDatabase, provisionDatabase, runMigrations } from '@bacheca/database';

const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const HOST = process.env.TEST_DATABASE_HOST ?? '127.0.0.1:5432';
export const TEST_APP_ROLE = 'bacheca_app';
export const TEST_OWNER_ROLE = 'bacheca_owner';

export interface TestEnvironment {
  settings: Settings;
  database: string;
  adminUrl: string;
  /** Drops the database and every Redis key of the suite. */
  cleanup(): Promise<void>;
}

/**
 * A fresh database (migrated by the owner role, used by the application role) and a fresh Redis
 * namespace for one test suite, so suites never see each other's data.
 */
export async function createTestEnvironment(overrides: Record<string, string> = {}): Promise<TestEnvironment> {
  const id = randomBytes(5).toString('hex');
  const database = `bacheca_t_${id}`;
  const appUrl = `postgres://${TEST_APP_ROLE}@${HOST}/${database}`;
  const ownerUrl = `postgres://${TEST_OWNER_ROLE}@${HOST}/${database}`;
  await provisionDatabase(ADMIN_URL, { database, appRole: TEST_APP_ROLE, ownerRole: TEST_OWNER_ROLE });
  await runMigrations(ownerUrl);
  const settings = loadSettings({
    NODE_ENV: 'test',
    DATABASE_URL: appUrl,
    DATABASE_OWNER_URL: ownerUrl,
    DATABASE_POOL_SIZE: '5',
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: `bacheca-test:${id}`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
    API_PORT: '0',
    WORKER_HEALTH_PORT: '0',
    // Suites stay quiet; a suite that looks at log lines asks for more.
    LOG_LEVEL: 'warn',
    ...overrides,
  });
  return {
    settings,
    database,
    adminUrl: ADMIN_URL,
    async cleanup() {
      await dropDatabase(ADMIN_URL, database);
      await deleteRedisNamespace(settings.REDIS_URL, settings.REDIS_PREFIX);
    },
  };
}

async function deleteRedisNamespace(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** A connection string for the same database as another role (e.g. the superuser, to arrange faults). */
export function urlAs(env: TestEnvironment, role: string): string {
  const url = new URL(env.settings.DATABASE_URL);
  url.username = role;
  return url.toString();
}
