import { randomBytes } from 'node:crypto';
import type { Actor } from '@bacheca/audit';
import { NumbersService } from '@bacheca/numbers';
import { ApiHarness, makeComune, makeStaff, startApi } from './harness';

const SYSTEM: Actor = { userId: null, role: 'system', tenantId: null };

/**
 * A nationwide alert: many comuni submit at the same moment. Each submit runs in its comune's
 * transaction; a second transaction opened inside it (to read the comune's number) held one pooled
 * connection while waiting for another, so a burst larger than the pool failed every submit with 503
 * once the connect timeout expired. Here the pool has 2 connections and 8 comuni submit at once.
 */
describe('submits of many comuni at once', () => {
  let h: ApiHarness;
  const comuni: { tenantId: string; token: string }[] = [];

  beforeAll(async () => {
    h = await startApi({ DATABASE_POOL_SIZE: '2' });
    for (let i = 0; i < 8; i++) {
      const c = await makeComune(h);
      await h.app.get(NumbersService).register(SYSTEM, c.id, {
        phoneNumberId: String(970_000_000_000 + i + Math.floor(Math.random() * 1e9) * 10),
        displayPhoneNumber: `+39 02 ${String(8_000_000 + i)}`,
        wabaId: '970000000000001',
        accessToken: randomBytes(24).toString('base64url'),
        appSecret: randomBytes(24).toString('base64url'),
        webhookVerifyToken: randomBytes(16).toString('base64url'),
      });
      comuni.push({ tenantId: c.id, token: (await makeStaff(h, c.id, 'sender')).token });
    }
  }, 120_000);
  afterAll(() => h.close());

  it('every comune submits its urgent alert with a pool smaller than the burst; each one starts sending', async () => {
    const drafts = await Promise.all(
      comuni.map(async (c) => {
        const res = await h
          .http()
          .post('/api/v1/broadcasts')
          .set({ Authorization: `Bearer ${c.token}` })
          .send({ title: 'Allerta meteo rossa', body: 'Scuole chiuse domani in tutto il territorio comunale.', priority: 'urgent' })
          .expect(201);
        return res.body.id as string;
      }),
    );
    const started = Date.now();
    const submits = await Promise.all(
      comuni.map((c, i) => h.http().post(`/api/v1/broadcasts/${drafts[i]}/submit`).set({ Authorization: `Bearer ${c.token}` })),
    );
    expect(submits.map((r) => r.status)).toEqual(comuni.map(() => 200));
    // Well under the 5 s connect timeout a starved pool would have waited for.
    expect(Date.now() - started).toBeLessThan(4000);
    // Started, not merely accepted: the fan-out ran in the same burst.
    const after = await Promise.all(comuni.map((c, i) => h.http().get(`/api/v1/broadcasts/${drafts[i]}`).set({ Authorization: `Bearer ${c.token}` }).expect(200)));
    expect(after.map((r) => r.body.status)).toEqual(comuni.map(() => expect.stringMatching(/^(sending|completed)$/)));
  }, 60_000);
});
