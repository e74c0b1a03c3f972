import { dropDatabase } from '@bacheca/database';
import { ApiHarness, startApi } from './harness';

/**
 * An api whose Redis is unreachable (a closed port: the machine's shared Redis is never touched).
 * Its own file: a second app in the same file would share passport with the first.
 */
describe('readiness when Redis is unreachable', () => {
  let h: ApiHarness;

  beforeAll(async () => {
    h = await startApi({ REDIS_URL: 'redis://127.0.0.1:1' });
  });
  // Not h.close(): its cleanup would empty the suite's Redis namespace through the closed port. Nothing
  // reached Redis, so dropping the database is the whole cleanup.
  afterAll(async () => {
    await h.app.close();
    await dropDatabase(h.env.adminUrl, h.env.database);
  });

  it('/health/ready answers 503 and names Redis, while Postgres is fine', async () => {
    const res = await h.http().get('/health/ready').expect(503);
    expect(res.body.status).toBe('unavailable');
    expect(res.body.checks.postgres).toBe('ok');
    expect(res.body.checks.redis).toMatch(/^error: /);
  });

  it('/health/live still answers 200: the process is up, a restart would not bring Redis back', async () => {
    await h.http().get('/health/live').expect(200, { status: 'ok' });
  });

  it('/metrics is not served at all without METRICS_TOKEN', async () => {
    const res = await h.http().get('/metrics').expect(404);
    expect(res.body.code).toBe('NOT_FOUND');
    expect(res.text).not.toContain('bacheca_');
  });
});
