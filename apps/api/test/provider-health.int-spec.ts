import { TenantDb } from '@bacheca/database';
import { ApiHarness, makeComune, makeStaff, startApi } from './harness';
import { makeNumber } from './numbers-helper';

const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });

/** The provider's health view: what it counts, per comune, from real rows. */
describe('provider health of comuni', () => {
  let h: ApiHarness;
  let provider: string;
  let busy: string;
  let bare: string;
  let numberId: string;

  beforeAll(async () => {
    h = await startApi();
    provider = (await makeStaff(h, null, 'platform_admin')).token;
    busy = (await makeComune(h, { name: 'Aaa Busy', status: 'active' })).id;
    bare = (await makeComune(h, { name: 'Bbb Bare' })).id;
    numberId = (await makeNumber(h, busy)).id;
    await h.app.get(TenantDb).inTenant(busy, async (em) => {
      const template = `insert into whatsapp_templates (tenant_id, whatsapp_number_id, name, category, body, param_count, unsubscribe_button, status)
                        values ($1, $2, $3, 'UTILITY', 'Avviso: {{1}}', 1, true, $4)`;
      await em.query(template, [busy, numberId, 'approvato', 'APPROVED']);
      await em.query(template, [busy, numberId, 'rifiutato', 'REJECTED']);
      const delivery = `insert into deliveries (tenant_id, whatsapp_number_id, lane, recipient_hash, status, sent_at, error_code, queued_at)
                        values ($1, $2, 'news', '\\x00', $3, $4, $5, $6)`;
      // Today: 8 sent (one of them slowed by Meta's per-second limit first), 2 failed.
      for (let i = 0; i < 7; i++) await em.query(delivery, [busy, numberId, 'delivered', new Date(), null, new Date()]);
      await em.query(delivery, [busy, numberId, 'sent', new Date(), 130429, new Date()]);
      await em.query(delivery, [busy, numberId, 'failed', null, 131026, new Date()]);
      await em.query(delivery, [busy, numberId, 'failed', null, 131026, new Date()]);
      // Two days ago: outside the window, not counted.
      await em.query(delivery, [busy, numberId, 'failed', null, 130429, new Date(Date.now() - 48 * 3600_000)]);
      await em.query(`insert into subscribers (tenant_id, phone_hash, phone_enc, status, state_changed_at) values ($1, '\\x01', '\\x01', 'active', now()), ($1, '\\x02', '\\x02', 'unsubscribed', now())`, [busy]);
    });
  });
  afterAll(() => h.close());

  it('counts subscribers, templates and the last day of sends of each comune, and says what needs attention', async () => {
    const list = (await h.http().get('/api/v1/platform/health').set(bearer(provider)).expect(200)).body;
    const b = list.find((c: { comuneId: string }) => c.comuneId === busy);
    expect(b).toMatchObject({
      name: 'Aaa Busy',
      status: 'active',
      subscribers: 1,
      templatesApproved: 1,
      templatesRejected: 1,
      sent24h: 8,
      failed24h: 2,
      throttled24h: 1,
      level: 'attention',
      issues: ['template_rejected', 'throttled', 'many_failures'],
    });
    expect(b.numbers).toEqual([expect.objectContaining({ id: numberId, sendingStatus: 'active', sendingStoppedReason: null })]);
    expect(new Date(b.lastSentAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    const e = list.find((c: { comuneId: string }) => c.comuneId === bare);
    expect(e).toMatchObject({ level: 'problem', issues: ['no_number'], subscribers: 0, sent24h: 0, numbers: [], lastSentAt: null });
  });

  it('shows a number whose token expired as stopped, with the reason', async () => {
    await h.app.get(TenantDb).inTenant(busy, (em) =>
      em.query(`update whatsapp_numbers set sending_status = 'stopped', sending_stopped_reason = 'Token di accesso scaduto' where id = $1`, [numberId]),
    );
    const one = (await h.http().get(`/api/v1/platform/comuni/${busy}/health`).set(bearer(provider)).expect(200)).body;
    expect(one.level).toBe('problem');
    expect(one.issues[0]).toBe('number_stopped');
    expect(one.numbers[0]).toMatchObject({ sendingStatus: 'stopped', sendingStoppedReason: 'Token di accesso scaduto' });
  });

  it('answers 404 for an unknown comune and 400 for a malformed id', async () => {
    await h.http().get('/api/v1/platform/comuni/00000000-0000-4000-8000-000000000000/health').set(bearer(provider)).expect(404);
    const res = await h.http().get('/api/v1/platform/comuni/not-a-uuid/health').set(bearer(provider)).expect(400);
    expect(res.body).toMatchObject({ code: 'BAD_REQUEST', message: expect.any(String) });
  });

  it('lists the privacy notices of a comune for the onboarding wizard', async () => {
    const url = `/api/v1/platform/comuni/${bare}/settings/privacy-notices`;
    expect((await h.http().get(url).set(bearer(provider)).expect(200)).body).toEqual([]);
    await h.http().post(url).set(bearer(provider)).send({ title: 'Informativa', url: 'https://www.comune.example.it/privacy' }).expect(201);
    expect((await h.http().get(url).set(bearer(provider)).expect(200)).body).toEqual([expect.objectContaining({ version: 1, title: 'Informativa' })]);
  });
});
