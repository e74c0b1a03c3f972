import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { TenantDb } from '@bacheca/database';
import { BlindIndex, citizenPhoneCodec, SecretBox } from '@bacheca/crypto';
import { WebhookEventsRepository } from '@bacheca/inbound';
import { signPayload, toMetaJson } from '@bacheca/whatsapp';
import { InboundSpec, messagesWebhook } from '../../sandbox/src/inbound/inbound-payloads';
import { ApiHarness, makeComune, startApi } from './harness';
import { makeNumber, TestNumber } from './numbers-helper';

const citizen = '393331234567';

function spec(overrides: Partial<InboundSpec> = {}): InboundSpec {
  return {
    type: 'text',
    fromDigits: citizen,
    userId: 'IT.1234567890',
    profileName: 'Maria',
    wamid: `wamid.${randomBytes(12).toString('base64url')}`,
    timestamp: new Date(),
    text: 'ATTIVA',
    businessDigits: '390212345',
    ...overrides,
  };
}

describe('webhook intake /webhooks/whatsapp', () => {
  let h: ApiHarness;
  let tenantId: string;
  let number: TestNumber;

  beforeAll(async () => {
    h = await startApi();
    tenantId = (await makeComune(h)).id;
    number = await makeNumber(h, tenantId);
  });
  afterAll(() => h.close());

  const ref = () => ({ wabaId: number.wabaId, phoneNumberId: number.phoneNumberId, displayPhoneNumber: number.displayPhoneNumber });
  const body = (payload: unknown) => Buffer.from(toMetaJson(payload));
  const post = (raw: Buffer, signature: string | null = signPayload(raw, number.appSecret)) => {
    const req = h.http().post('/webhooks/whatsapp').set('Content-Type', 'application/json');
    if (signature !== null) req.set('X-Hub-Signature-256', signature);
    // A string, so supertest sends these exact bytes instead of serialising a Buffer object.
    return req.send(raw.toString('utf8'));
  };
  const events = () =>
    h.app.get(TenantDb).asPlatform('test', (em) => em.query(`select * from webhook_events order by id`)) as Promise<Record<string, any>[]>;
  const count = async () => (await events()).length;

  describe('GET verification handshake', () => {
    it('echoes hub.challenge for a known verify token', async () => {
      const res = await h
        .http()
        .get('/webhooks/whatsapp')
        .query({ 'hub.mode': 'subscribe', 'hub.verify_token': number.verifyToken, 'hub.challenge': '1158201444' })
        .expect(200);
      expect(res.text).toBe('1158201444');
    });

    it.each([
      ['a wrong token', { 'hub.mode': 'subscribe', 'hub.verify_token': 'nope-nope', 'hub.challenge': '1' }],
      ['a wrong mode', { 'hub.mode': 'unsubscribe', 'hub.verify_token': 'x', 'hub.challenge': '1' }],
      ['no parameters', {}],
    ])('refuses %s with 403', async (_, query) => {
      const res = await h.http().get('/webhooks/whatsapp').query(query).expect(403);
      expect(res.body.code).toBe('VERIFICATION_FAILED');
    });
  });

  describe('POST', () => {
    it('stores a signed text message, the number sealed and hashed, never in clear', async () => {
      const s = spec({ text: 'Attiva Notizie Mario Rossi Saronno' });
      const res = await post(body(messagesWebhook(ref(), s))).expect(200);
      expect(res.body).toEqual({ events: 1, stored: 1 });
      const row = (await events()).find((e) => e.event_key === `m:${s.wamid}`)!;
      expect(row).toMatchObject({ tenant_id: tenantId, kind: 'message', citizen_user_id: 'IT.1234567890', processed_at: null });
      expect(row.payload).toMatchObject({ type: 'text', text: 'Attiva Notizie Mario Rossi Saronno', profileName: 'Maria' });
      expect(JSON.stringify(row.payload)).not.toContain(citizen);
      const codec = citizenPhoneCodec(h.app.get(SecretBox), h.app.get(BlindIndex), tenantId);
      expect(codec.open(row.citizen_phone_enc)).toBe(`+${citizen}`);
      expect(row.citizen_hash.equals(codec.hash(`+${citizen}`))).toBe(true);
    });

    it('keeps Italian accents intact through the signature (HMAC over the raw bytes)', async () => {
      const s = spec({ text: 'Sì, è così: iscrivimi perché è utilità' });
      await post(body(messagesWebhook(ref(), s))).expect(200);
      expect((await events()).find((e) => e.event_key === `m:${s.wamid}`)!.payload.text).toBe('Sì, è così: iscrivimi perché è utilità');
    });

    it('stores a replayed duplicate once', async () => {
      const raw = body(messagesWebhook(ref(), spec()));
      const before = await count();
      await post(raw).expect(200);
      const again = await post(raw).expect(200);
      expect(again.body).toEqual({ events: 1, stored: 0 });
      expect(await count()).toBe(before + 1);
    });

    it.each([
      ['a tampered body', (raw: Buffer) => ({ raw: Buffer.from(raw.toString().replace('ATTIVA', 'DISATTIVA')), sig: signPayload(raw, number.appSecret) })],
      ['a wrong secret', (raw: Buffer) => ({ raw, sig: signPayload(raw, 'not-the-secret') })],
      ['a missing header', (raw: Buffer) => ({ raw, sig: null })],
      ['a malformed header', (raw: Buffer) => ({ raw, sig: 'sha1=abc' })],
    ])('refuses %s with 401 and stores nothing', async (_, mutate) => {
      const before = await count();
      const { raw, sig } = mutate(body(messagesWebhook(ref(), spec())));
      const res = await post(raw, sig).expect(401);
      expect(res.body.code).toBe('INVALID_SIGNATURE');
      expect(await count()).toBe(before);
    });

    it('routes each update of one POST to the comune of its phone number id; every number must vouch for the body', async () => {
      // One Meta app serves every comune, so their numbers share its app secret.
      const shared = `shared-app-secret-${randomBytes(4).toString('hex')}`;
      const [a, b] = [(await makeComune(h)).id, (await makeComune(h)).id];
      const [na, nb] = [await makeNumber(h, a, { appSecret: shared }), await makeNumber(h, b, { appSecret: shared })];
      const refOf = (x: TestNumber) => ({ wabaId: x.wabaId, phoneNumberId: x.phoneNumberId, displayPhoneNumber: x.displayPhoneNumber });
      const [sa, sb] = [spec(), spec()];
      const both = (first: TestNumber, second: TestNumber) => {
        const payload = messagesWebhook(refOf(first), sa) as { entry: unknown[] };
        payload.entry.push(...(messagesWebhook(refOf(second), sb) as { entry: unknown[] }).entry);
        return body(payload);
      };
      expect((await post(both(na, nb), signPayload(both(na, nb), shared)).expect(200)).body).toEqual({ events: 2, stored: 2 });
      const rows = (await events()).filter((e) => [`m:${sa.wamid}`, `m:${sb.wamid}`].includes(e.event_key));
      expect(rows.map((r) => [r.event_key, r.tenant_id, r.whatsapp_number_id])).toEqual([
        [`m:${sa.wamid}`, a, na.id],
        [`m:${sb.wamid}`, b, nb.id],
      ]);
      // A comune with a secret of its own cannot sign for the other's number, nor the other for it.
      const before = await count();
      [sa.wamid, sb.wamid] = [`wamid.${randomBytes(8).toString('hex')}`, `wamid.${randomBytes(8).toString('hex')}`];
      const mixed = both(number, na);
      await post(mixed, signPayload(mixed, number.appSecret)).expect(401);
      await post(mixed, signPayload(mixed, shared)).expect(401);
      expect(await count()).toBe(before);
    });

    it('refuses an unknown phone number id with 404 and stores nothing', async () => {
      const before = await count();
      const raw = body(messagesWebhook({ ...ref(), phoneNumberId: '999999999999' }, spec()));
      const res = await post(raw).expect(404);
      expect(res.body.code).toBe('UNKNOWN_NUMBER');
      expect(await count()).toBe(before);
    });

    it.each([
      ['not JSON', Buffer.from('{"object":')],
      ['no phone number id', Buffer.from(JSON.stringify({ object: 'whatsapp_business_account', entry: [] }))],
      ['an empty body', Buffer.alloc(0)],
    ])('refuses %s with 400 and stores nothing', async (_, raw) => {
      const before = await count();
      const res = await post(raw).expect(400);
      expect(res.body.code).toBe('MALFORMED_PAYLOAD');
      expect(await count()).toBe(before);
    });

    it('refuses a structurally broken payload (message without id) with 400, storing no part of it', async () => {
      const payload = messagesWebhook(ref(), spec()) as any;
      const messages = payload.entry[0].changes[0].value.messages;
      messages.push({ ...messages[0], id: undefined });
      const before = await count();
      await post(body(payload)).expect(400);
      expect(await count()).toBe(before);
    });

    type Payload = { entry: { id?: string; changes: { value: Record<string, any> }[] }[] };
    it.each<[string, (p: Payload) => void]>([
      ['no WABA id', (p) => delete p.entry[0].id],
      ['no metadata', (p) => delete p.entry[0].changes[0].value.metadata],
      ['a message without type', (p) => delete p.entry[0].changes[0].value.messages[0].type],
      ['a message without timestamp', (p) => delete p.entry[0].changes[0].value.messages[0].timestamp],
      ['a message whose sender is not a number', (p) => (p.entry[0].changes[0].value.messages[0].from = 'mario')],
      ['messages that are not a list', (p) => (p.entry[0].changes[0].value.messages = { id: 'x' })],
      ['a status without its status', (p) => (p.entry[0].changes[0].value.statuses = [{ id: 'wamid.X', timestamp: '1', recipient_id: citizen }])],
    ])('refuses a payload with %s with 400, storing none of its other updates', async (_, damage) => {
      const payload = messagesWebhook(ref(), spec()) as unknown as Payload;
      const value = payload.entry[0].changes[0].value;
      // A sound message beside the broken part: it must not be stored on its own either.
      value.messages.push({ ...value.messages[0], id: `wamid.${randomBytes(8).toString('hex')}` });
      damage(payload);
      const before = await count();
      const res = await post(body(payload)).expect(400);
      expect(res.body).toMatchObject({ code: 'MALFORMED_PAYLOAD', message: expect.stringContaining('Payload del webhook non valido') });
      expect(await count()).toBe(before);
    });

    it('accepts what Meta may leave out: a sender known only by BSUID, a message without contacts', async () => {
      const payload = messagesWebhook(ref(), spec()) as unknown as Payload;
      const value = payload.entry[0].changes[0].value;
      delete value.contacts;
      delete value.messages[0].from;
      const wamid = value.messages[0].id;
      expect((await post(body(payload)).expect(200)).body).toEqual({ events: 1, stored: 1 });
      const row = (await events()).find((e) => e.event_key === `m:${wamid}`)!;
      expect(row).toMatchObject({ citizen_user_id: 'IT.1234567890', citizen_hash: null, citizen_phone_enc: null });
      expect(row.payload.profileName).toBeUndefined();
    });

    it('accepts extra unknown fields', async () => {
      const payload = messagesWebhook(ref(), spec()) as any;
      payload.entry[0].changes[0].value.something_new = { a: 1 };
      payload.entry[0].changes[0].value.messages[0].future_field = true;
      expect((await post(body(payload)).expect(200)).body.stored).toBe(1);
    });

    it.each(['image', 'location', 'reaction', 'button', 'interactive', 'document', 'sticker', 'unsupported', 'request_welcome'] as const)(
      'stores a %s message with its type',
      async (type) => {
        const s = spec({ type, text: type === 'button' ? 'Disattiva' : undefined, buttonPayload: type === 'button' ? 'UNSUBSCRIBE' : undefined });
        await post(body(messagesWebhook(ref(), s))).expect(200);
        const row = (await events()).find((e) => e.event_key === `m:${s.wamid}`)!;
        expect(row.payload.type).toBe(type);
        if (type === 'button') expect(row.payload.buttonPayload).toBe('UNSUBSCRIBE');
      },
    );

    it("stores a citizen's change of number with the new number sealed", async () => {
      const s = spec({ type: 'system', newDigits: '393339999999' });
      await post(body(messagesWebhook(ref(), s))).expect(200);
      const row = (await events()).find((e) => e.event_key === `m:${s.wamid}`)!;
      expect(JSON.stringify(row.payload)).not.toContain('393339999999');
      const codec = citizenPhoneCodec(h.app.get(SecretBox), h.app.get(BlindIndex), tenantId);
      expect(codec.open(Buffer.from(row.payload.newFromSealed, 'base64'))).toBe('+393339999999');
    });

    it('stores status updates: each status of a message once', async () => {
      const wamid = `wamid.${randomBytes(8).toString('hex')}`;
      const status = (s: string) => ({
        id: wamid,
        status: s,
        timestamp: String(Math.floor(Date.now() / 1000)),
        recipient_id: citizen,
        biz_opaque_callback_data: 'delivery:42',
      });
      const payload = {
        object: 'whatsapp_business_account',
        entry: [{ id: number.wabaId, changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '39', phone_number_id: number.phoneNumberId }, statuses: [status('sent'), status('delivered'), status('delivered')] } }] }],
      };
      const res = await post(body(payload)).expect(200);
      expect(res.body.stored).toBe(2);
      const rows = (await events()).filter((e) => e.event_key.startsWith(`s:${wamid}`));
      expect(rows.map((r) => r.payload.status).sort()).toEqual(['delivered', 'sent']);
      expect(rows[0].payload.bizOpaqueCallbackData).toBe('delivery:42');
    });

    // How fast such a POST is answered is measured by `npm run bench:webhooks`, not asserted here.
    it('stores 1,000 events of one POST in one statement', async () => {
      const payload = messagesWebhook(ref(), spec()) as any;
      const value = payload.entry[0].changes[0].value;
      value.messages = Array.from({ length: 1000 }, (_, i) => ({ ...value.messages[0], id: `wamid.bulk${i}-${Date.now()}` }));
      const insert = jest.spyOn(h.app.get(WebhookEventsRepository), 'insertMany');
      try {
        const res = await post(body(payload)).expect(200);
        expect(res.body).toEqual({ events: 1000, stored: 1000 });
        expect(insert).toHaveBeenCalledTimes(1);
        expect(insert.mock.calls[0][1]).toHaveLength(1000);
      } finally {
        insert.mockRestore();
      }
    });

    it('refuses a body over 3 MB with 413', async () => {
      const raw = Buffer.alloc(3 * 1024 * 1024 + 10, 'a');
      const res = await post(raw).expect(413);
      expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('answers 5xx while Postgres refuses the application, storing nothing, and works again after', async () => {
      const admin = new Client({ connectionString: h.env.adminUrl });
      await admin.connect();
      // Many updates in one POST, the number already known to the directory's cache: the insert is
      // what meets the outage, and none of its 300 rows may land.
      const payload = messagesWebhook(ref(), spec()) as any;
      const value = payload.entry[0].changes[0].value;
      value.messages = Array.from({ length: 300 }, (_, i) => ({ ...value.messages[0], id: `wamid.outage${i}-${Date.now()}` }));
      const raw = body(payload);
      await post(body(messagesWebhook(ref(), spec()))).expect(200);
      const before = await count();
      try {
        await admin.query(`alter role bacheca_app nologin`);
        await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and usename = 'bacheca_app'`, [h.env.database]);
        const res = await post(raw);
        expect(res.status).toBeGreaterThanOrEqual(500);
        expect(res.body.code).toBe('INTERNAL_ERROR');
      } finally {
        await admin.query(`alter role bacheca_app login`);
        await admin.end();
      }
      // Meta retries: the same delivery now lands, exactly once.
      let res = await post(raw);
      for (let i = 0; i < 5 && res.status !== 200; i++) res = await post(raw);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ events: 300, stored: 300 });
      expect(await count()).toBe(before + 300);
    });
  });
});
