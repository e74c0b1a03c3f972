import { randomBytes } from 'node:crypto';
import { BlindIndex, citizenPhoneCodec, SecretBox } from '@bacheca/crypto';
import { TenantDb } from '@bacheca/database';
import { ApiHarness, makeComune, makeStaff, startApi } from './harness';
import { makeNumber } from './numbers-helper';
import { parseMetrics, sampleOf } from './prometheus';

const METRICS_TOKEN = randomBytes(24).toString('base64url');

describe('observability of the api: /metrics, JSON logs, the queue dashboard', () => {
  let h: ApiHarness;
  let comune: { id: string; slug: string };
  let admin: { token: string };
  let platform: { token: string };

  const addSubscribers = (tenantId: string, statuses: string[]) =>
    h.app.get(TenantDb).inTenant(tenantId, async (em) => {
      const codec = citizenPhoneCodec(h.app.get(SecretBox), h.app.get(BlindIndex), tenantId);
      for (const [i, status] of statuses.entries()) {
        const phone = `+3933310000${String(i).padStart(2, '0')}`;
        await em.query(`insert into subscribers (tenant_id, phone_hash, phone_enc, status, state_changed_at) values ($1, $2, $3, $4, now())`, [
          tenantId,
          codec.hash(phone),
          codec.seal(phone),
          status,
        ]);
      }
    });

  // The suite asks for every access line (LOG_LEVEL=log): they are kept here, not printed.
  const written: string[] = [];
  let stdout: jest.SpyInstance;

  beforeAll(async () => {
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    h = await startApi({ METRICS_TOKEN, LOG_FORMAT: 'json', LOG_LEVEL: 'log' });
    comune = await makeComune(h);
    await addSubscribers(comune.id, ['active', 'active', 'unsubscribed']);
    const number = await makeNumber(h, comune.id);
    await h.app.get(TenantDb).inTenant(comune.id, (em) =>
      em.query(
        `insert into deliveries (tenant_id, whatsapp_number_id, lane, recipient_hash, recipient_enc, message, next_attempt_at)
         values ($1, $2, 'reply', '\\x01', '\\x01', '{"type":"text","body":"x"}', now() - interval '90 seconds')`,
        [comune.id, number.id],
      ),
    );
    admin = await makeStaff(h, comune.id, 'admin');
    platform = await makeStaff(h, null, 'platform_admin');
  });
  afterAll(async () => {
    await h.close();
    stdout.mockRestore();
  });

  describe('/metrics', () => {
    it('refuses a request without the token, or with another one', async () => {
      const none = await h.http().get('/metrics').expect(401);
      expect(none.body.code).toBe('UNAUTHORIZED');
      expect(none.text).not.toContain('bacheca_');
      await h.http().get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}x`).expect(401);
      await h.http().get('/metrics').set('Authorization', `Bearer ${admin.token}`).expect(401);
    });

    it('serves queues, outbox, subscribers per comune and webhook latency to the scraper', async () => {
      // One refused webhook, so its latency is recorded under its error code.
      await h.http().post('/webhooks/whatsapp').set('Content-Type', 'application/json').send('{not json').expect(400);
      const res = await h.http().get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      const samples = parseMetrics(res.text);
      expect(sampleOf(samples, 'bacheca_subscribers', { comune: comune.slug })).toBe(2);
      for (const queue of ['system', 'inbound', 'delivery']) {
        for (const state of ['waiting', 'active', 'delayed', 'failed']) {
          expect(sampleOf(samples, 'bacheca_queue_jobs', { queue, state })).toEqual(expect.any(Number));
        }
        expect(sampleOf(samples, 'bacheca_queue_oldest_job_age_seconds', { queue, state: 'waiting' })).toBeGreaterThanOrEqual(0);
      }
      // The reply waiting since beforeAll, 90 s overdue; nothing in the other lanes.
      expect(sampleOf(samples, 'bacheca_outbox_due_deliveries', { lane: 'reply' })).toBe(1);
      expect(sampleOf(samples, 'bacheca_outbox_oldest_due_age_seconds', { lane: 'reply' })).toBeGreaterThanOrEqual(89);
      expect(sampleOf(samples, 'bacheca_outbox_due_deliveries', { lane: 'urgent' })).toBe(0);
      expect(sampleOf(samples, 'bacheca_outbox_due_deliveries', { lane: 'news' })).toBe(0);
      expect(sampleOf(samples, 'bacheca_scrape_source_up', { source: 'postgres' })).toBe(1);
      expect(sampleOf(samples, 'bacheca_scrape_source_up', { source: 'redis' })).toBe(1);
      expect(sampleOf(samples, 'bacheca_webhook_handling_seconds_count', { outcome: 'MALFORMED_PAYLOAD' })).toBe(1);
      expect(sampleOf(samples, 'bacheca_process_resident_memory_bytes')).toBeGreaterThan(0);
    });

  });

  describe('JSON logs', () => {
    it('every line of a request carries its request id and, once signed in, the comune', async () => {
      written.length = 0;
      await h.http().get('/api/v1/comune').set('Authorization', `Bearer ${admin.token}`).set('X-Request-Id', 'obs-req-1').expect(200);
      await h.http().get('/api/v1/comune').set('X-Request-Id', 'obs-req-2').expect(401);
      // The access line is written when the response finishes, just after supertest sees it.
      await new Promise((r) => setTimeout(r, 50));
      const lines = written.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l));
      const signedIn = lines.filter((l) => l.requestId === 'obs-req-1');
      expect(signedIn.length).toBeGreaterThanOrEqual(1);
      for (const l of signedIn) expect(l).toMatchObject({ tenantId: comune.id, time: expect.any(String), level: expect.any(String) });
      expect(signedIn).toContainEqual(expect.objectContaining({ context: 'http', level: 'log', msg: expect.stringMatching(/^GET \/api\/v1\/comune 200 [\d.]+ms$/) }));
      const anonymous = lines.find((l) => l.requestId === 'obs-req-2');
      expect(anonymous).toMatchObject({ msg: expect.stringMatching(/^GET \/api\/v1\/comune 401/) });
      expect(anonymous.tenantId).toBeUndefined();
    });
  });

  describe('queue dashboard (bull-board) at /ops/queues', () => {
    it('is closed to anonymous visitors and to a bearer token', async () => {
      const res = await h.http().get('/ops/queues/').expect(401);
      expect(res.body.code).toBe('UNAUTHORIZED');
      await h.http().get('/ops/queues/api/queues').set('Authorization', `Bearer ${platform.token}`).expect(401);
      await h.http().get('/ops/queues/').set('Cookie', `bacheca_ops=${platform.token}`).expect(401);
      await h.http().get('/ops/queues/').set('Cookie', 'bacheca_ops=%E0%A4%A').expect(401);
      await h.http().get('/ops/queues/').set('Cookie', 'bacheca_ops=not.a.jwt').expect(401);
    });

    it('a town admin cannot open it', async () => {
      await h.http().post('/api/v1/platform/queues/session').set('Authorization', `Bearer ${admin.token}`).expect(403);
      await h.http().post('/api/v1/platform/queues/session').expect(401);
    });

    it('provider staff get a short-lived cookie for its path only, and with it the dashboard', async () => {
      const res = await h.http().post('/api/v1/platform/queues/session').set('Authorization', `Bearer ${platform.token}`).expect(204);
      const cookie = (res.headers['set-cookie'] as unknown as string[])[0];
      expect(cookie).toMatch(/^bacheca_ops=[^;]+; Max-Age=900; Path=\/ops\/queues; Expires=[^;]+; HttpOnly; SameSite=Strict$/);
      const pair = cookie.split(';')[0];

      const page = await h.http().get('/ops/queues/').set('Cookie', pair).expect(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.text).toContain('Bacheca: code');
      const api = await h.http().get('/ops/queues/api/queues').set('Cookie', pair).expect(200);
      expect(api.body.queues.map((q: { name: string }) => q.name).sort()).toEqual(['delivery', 'feeds', 'inbound', 'priority', 'system']);
      expect(api.body.queues.every((q: { readOnlyMode: boolean }) => q.readOnlyMode)).toBe(true);
      // Read-only: a job action is refused even with the cookie.
      const pause = await h.http().put('/ops/queues/api/queues/delivery/pause').set('Cookie', pair);
      expect(pause.status).toBeGreaterThanOrEqual(400);
      // The cookie is not an access token.
      await h.http().get('/api/v1/platform/comuni').set('Authorization', `Bearer ${pair.split('=')[1]}`).expect(401);
    });

    it('names the session it was opened from: a logout closes the dashboard too', async () => {
      const provider = await makeStaff(h, null, 'platform_admin');
      const res = await h.http().post('/api/v1/platform/queues/session').set('Authorization', `Bearer ${provider.token}`).expect(204);
      const pair = (res.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
      await h.http().get('/ops/queues/api/queues').set('Cookie', pair).expect(200);
      await h.http().post('/api/v1/auth/logout').set('Authorization', `Bearer ${provider.token}`).send({ refreshToken: provider.refreshToken }).expect(204);
      expect((await h.http().get('/ops/queues/api/queues').set('Cookie', pair).expect(401)).body.code).toBe('UNAUTHORIZED');
    });
  });
});
