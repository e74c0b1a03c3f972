import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { TenantDb } from '@bacheca/database';
import { QUEUES } from '@bacheca/queue';
import { signPayload, toMetaJson } from '@bacheca/whatsapp';
import { messagesWebhook } from '../../sandbox/src/inbound/inbound-payloads';
import { ApiHarness, makeComune, makeStaff, startApi } from './harness';
import { makeNumber, TestNumber } from './numbers-helper';

/**
 * Abuse at the edges that the other suites do not already cover (see docs/reliability.md for the
 * inventory): floods of forged webhooks, absurdly nested bodies, and injection strings in every text
 * field staff can write.
 */
describe('abuse at the HTTP edge', () => {
  let h: ApiHarness;
  let tenantId: string;
  let number: TestNumber;
  let other: TestNumber;
  let admin: string;

  beforeAll(async () => {
    h = await startApi();
    tenantId = (await makeComune(h)).id;
    number = await makeNumber(h, tenantId);
    other = await makeNumber(h, (await makeComune(h)).id);
    admin = (await makeStaff(h, tenantId, 'admin')).token;
  });
  afterAll(() => h.close());

  const stored = () => h.app.get(TenantDb).asPlatform('test', async (em) => Number((await em.query('select count(*) as n from webhook_events'))[0].n));
  const queued = async () => {
    const counts = await h.app.get<Queue>(getQueueToken(QUEUES.inbound), { strict: false }).getJobCounts();
    return counts.waiting + counts.active + counts.delayed + counts.completed + counts.failed;
  };
  let wamids = 0;
  const webhook = () =>
    toMetaJson(
      messagesWebhook(
        { wabaId: number.wabaId, phoneNumberId: number.phoneNumberId, displayPhoneNumber: number.displayPhoneNumber },
        { type: 'text', fromDigits: '393331112222', userId: 'IT.1', profileName: 'A', wamid: `wamid.abuse${wamids++}`, timestamp: new Date(), text: 'ATTIVA', businessDigits: '39' },
      ),
    );
  const post = (raw: string, signature?: string) => {
    const req = h.http().post('/webhooks/whatsapp').set('Content-Type', 'application/json');
    if (signature !== undefined) req.set('X-Hub-Signature-256', signature);
    return req.send(raw);
  };

  it('a flood of webhooks with bad signatures: every one refused 401, nothing stored, nothing queued', async () => {
    const before = { stored: await stored(), queued: await queued() };
    const forgeries: ((raw: string) => string | undefined)[] = [
      () => undefined,
      () => '',
      () => 'sha256=',
      (raw) => signPayload(raw, 'a guessed secret'),
      (raw) => signPayload(raw, other.appSecret), // another comune's secret
      (raw) => signPayload(`${raw} `, number.appSecret), // signed, then altered
      (raw) => signPayload(raw, number.appSecret).replace('sha256=', 'sha1='),
      (raw) => signPayload(raw, number.appSecret).slice(0, -2),
      (raw) => `${signPayload(raw, number.appSecret)}zz`,
      (raw) => signPayload(raw, number.appSecret).toUpperCase().replace('SHA256=', 'sha256=').replace(/[0-9A-F]$/, 'G'),
    ];
    const statuses: number[] = [];
    const codes = new Set<string>();
    for (let round = 0; round < 30; round++) {
      const results = await Promise.all(
        forgeries.map(async (forge) => {
          const raw = webhook();
          const res = await post(raw, forge(raw));
          return res;
        }),
      );
      for (const r of results) {
        statuses.push(r.status);
        codes.add(r.body.code);
      }
    }
    expect(statuses).toHaveLength(300);
    expect(new Set(statuses)).toEqual(new Set([401]));
    expect(codes).toEqual(new Set(['INVALID_SIGNATURE']));
    expect(await stored()).toBe(before.stored);
    expect(await queued()).toBe(before.queued);
    // The real one still goes through.
    const raw = webhook();
    await post(raw, signPayload(raw, number.appSecret)).expect(200);
    expect(await stored()).toBe(before.stored + 1);
  });

  it('a deeply nested webhook body, validly signed, is a 400 that stores nothing (no crash, no 5xx)', async () => {
    const before = await stored();
    for (const depth of [100, 100_000, 500_000]) {
      const raw = `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"${number.phoneNumberId}"},"x":${'['.repeat(depth)}${']'.repeat(depth)}}}]}]}`;
      const res = await post(raw, signPayload(raw, number.appSecret));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('MALFORMED_PAYLOAD');
      const objects = `{"object":"whatsapp_business_account","entry":${'[{"a":'.repeat(depth / 10)}1${'}]'.repeat(depth / 10)}}`;
      const res2 = await post(objects, signPayload(objects, number.appSecret));
      expect(res2.status).toBeGreaterThanOrEqual(400);
      expect(res2.status).toBeLessThan(500);
    }
    expect(await stored()).toBe(before);
    await h.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${admin}`).expect(200);
  });

  it('a deeply nested JSON body to the staff API is a 4xx in the error shape, and changes nothing', async () => {
    const count = () => h.app.get(TenantDb).asPlatform('test', async (em) => Number((await em.query('select count(*) as n from broadcasts'))[0].n));
    const before = await count();
    for (const depth of [100, 10_000, 45_000]) {
      const raw = `{"title":"Annidato","body":"x","extra":${'['.repeat(depth)}${']'.repeat(depth)}}`;
      const res = await h.http().post('/api/v1/broadcasts').set('Authorization', `Bearer ${admin}`).set('Content-Type', 'application/json').send(raw);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'JSON_TOO_DEEP', message: expect.any(String), requestId: expect.any(String) });
      const nestedTitle = `{"title":${'{"a":'.repeat(depth / 10)}1${'}'.repeat(depth / 10)},"body":"x"}`;
      const res2 = await h.http().post('/api/v1/broadcasts').set('Authorization', `Bearer ${admin}`).set('Content-Type', 'application/json').send(nestedTitle);
      expect(res2.status).toBe(400);
    }
    expect(await count()).toBe(before);
  });

  const INJECTIONS = [
    `'; DROP TABLE broadcasts; --`,
    `" OR 1=1 --`,
    `Robert'); DELETE FROM subscribers WHERE ('1'='1`,
    `<script>alert("x")</script>`,
    `<img src=x onerror=alert(1)>`,
    `javascript:alert(1)`,
    `{{7*7}} \${7*7} <%= 7*7 %>`,
    `=HYPERLINK("http://evil.example","clic")`,
    `+39 333 0000000`,
    `@SUM(1+1)`,
    `-2+3`,
    `\u202Egnp.exe`,
    `café ☕ 𝕏 \\ \\\\ %00 %s %n`,
  ];

  it('SQL and script in every text field staff write: stored and returned verbatim, as JSON', async () => {
    for (const text of INJECTIONS) {
      const created = await h.http().post('/api/v1/broadcasts').set('Authorization', `Bearer ${admin}`).send({ title: text.slice(0, 120), body: `${text}\n${text}` }).expect(201);
      expect(created.headers['content-type']).toContain('application/json');
      const back = await h.http().get(`/api/v1/broadcasts/${created.body.id}`).set('Authorization', `Bearer ${admin}`).expect(200);
      expect(back.body.title).toBe(text.slice(0, 120));
      expect(back.body.body).toBe(`${text}\n${text}`);
      const patched = await h.http().patch(`/api/v1/broadcasts/${created.body.id}`).set('Authorization', `Bearer ${admin}`).send({ body: `${text}!` });
      if (patched.status === 200) expect(patched.body.body).toBe(`${text}!`);
    }
    for (const [i, text] of INJECTIONS.entries()) {
      const user = await h.http().post('/api/v1/users').set('Authorization', `Bearer ${admin}`).send({ email: `inj${i}@example.org`, fullName: text, role: 'viewer', password: 'una-password-lunga' });
      expect(user.status).toBe(201);
      expect(user.body.fullName).toBe(text);
    }
    const users = await h.http().get('/api/v1/users').set('Authorization', `Bearer ${admin}`).expect(200);
    expect(users.body.map((u: { fullName: string }) => u.fullName)).toEqual(expect.arrayContaining(INJECTIONS));
    // The tables the strings aimed at are all there.
    const tables = await h.app.get(TenantDb).asPlatform('test', (em) => em.query(`select count(*)::int as n from broadcasts where tenant_id = $1`, [tenantId]));
    expect(tables[0].n).toBeGreaterThanOrEqual(INJECTIONS.length);
  });
});
