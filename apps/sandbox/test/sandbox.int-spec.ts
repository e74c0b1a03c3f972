import {
  CloudApiClient,
  Credentials,
  InboundMessageEvent,
  parseWebhookBody,
  SIGNATURE_HEADER,
  StatusEvent,
  UserPreferenceEvent,
  verifySignature,
} from '@bacheca/whatsapp';
import { INBOUND_TYPES } from '../src/inbound/inbound-payloads';
import type { RunningSandbox } from '../src/sandbox-app';
import { api, Loose, numberSpec, NumberSpec, ReceivedWebhook, start, waitFor, WebhookReceiver } from './helpers';

const citizen = '+393330000001';

function statusesIn(hooks: ReceivedWebhook[]): StatusEvent[] {
  return hooks.flatMap((h) => parseWebhookBody(h.raw)).filter((e): e is StatusEvent => e.kind === 'status');
}

describe('sandbox', () => {
  let sandbox: RunningSandbox;
  let receiver: WebhookReceiver;
  let client: CloudApiClient;
  let number: NumberSpec;
  let creds: Credentials;

  beforeAll(async () => {
    sandbox = await start();
    receiver = await new WebhookReceiver().start();
    client = new CloudApiClient({ baseUrl: sandbox.url, timeoutMs: 2_000 });
  });

  afterAll(async () => {
    await client.close();
    await sandbox.close();
    await receiver.close();
  });

  let counter = 0;
  beforeEach(async () => {
    number = numberSpec({ phoneNumberId: `2000${++counter}`, callbackUrl: receiver.url, mps: 500 });
    await api(sandbox.url, 'POST', '/_sandbox/numbers', number);
    creds = { phoneNumberId: number.phoneNumberId, accessToken: number.accessToken };
    receiver.received.length = 0;
    receiver.respond = () => 200;
  });

  afterEach(async () => {
    await api(sandbox.url, 'DELETE', `/_sandbox/numbers/${number.phoneNumberId}`);
    await api(sandbox.url, 'POST', '/_sandbox/reset');
  });

  describe('status webhooks', () => {
    it('posts sent, delivered, read in order, signed over the exact bytes, echoing the callback data', async () => {
      const { messageId } = await client.sendText(creds, citizen, 'Perché la viabilità è chiusa?', { bizOpaqueCallbackData: 'delivery:42' });
      const statuses = await waitFor(() => {
        const found = statusesIn(receiver.received).filter((s) => s.metaMessageId === messageId);
        return found.length === 3 && found;
      });
      expect(statuses.map((s) => s.status)).toEqual(['sent', 'delivered', 'read']);
      for (const hook of receiver.received) {
        expect(hook.headers['content-type']).toBe('application/json');
        expect(verifySignature(hook.raw, hook.headers[SIGNATURE_HEADER] as string, number.appSecret)).toBe(true);
        expect(verifySignature(hook.raw, hook.headers[SIGNATURE_HEADER] as string, 'another-secret')).toBe(false);
      }
      for (const status of statuses) {
        expect(status).toMatchObject({
          phoneNumberId: number.phoneNumberId,
          wabaId: number.wabaId,
          recipient: citizen,
          bizOpaqueCallbackData: 'delivery:42',
          recipientUserId: expect.stringMatching(/^IT\.\d+$/),
        });
      }
      expect(statuses[0].pricing).toEqual({ billable: false, pricingModel: 'PMP', type: 'free_customer_service', category: 'service' });
      expect(statuses[2].pricing).toBeUndefined();
    });

    it('bills templates as regular and echoes each message its own callback data', async () => {
      const { messageId } = await client.sendTemplate(creds, citizen, { name: 'avviso', languageCode: 'it' }, { bizOpaqueCallbackData: 'tpl' });
      const sent = await waitFor(() => statusesIn(receiver.received).find((s) => s.metaMessageId === messageId && s.status === 'sent'));
      expect(sent.pricing).toMatchObject({ billable: true, type: 'regular' });
      expect(sent.bizOpaqueCallbackData).toBe('tpl');
    });

    it('batches many pending statuses into one POST', async () => {
      // A slow receiver lets statuses pile up behind the POST in flight.
      receiver.respond = () => new Promise((resolve) => setTimeout(() => resolve(200), 150));
      const sends = await Promise.all(Array.from({ length: 40 }, (_, i) => client.sendText(creds, `+39333000${1000 + i}`, `n. ${i}`)));
      await waitFor(() => statusesIn(receiver.received).length === 120, 10_000);
      const perPost = receiver.received.map((h) => statusesIn([h]).length);
      expect(Math.max(...perPost)).toBeGreaterThan(1);
      expect(receiver.received.length).toBeLessThan(120);
      const ids = new Set(statusesIn(receiver.received).map((s) => s.metaMessageId));
      expect(ids).toEqual(new Set(sends.map((s) => s.messageId)));
    });

    it('retries a callback that does not answer 200 with the same bytes and signature', async () => {
      receiver.respond = (_hook, index) => (index < 2 ? 500 : 200);
      const { messageId } = await client.sendText(creds, citizen, 'ritenta');
      await waitFor(() => receiver.received.length >= 3);
      expect(receiver.received[1].raw.equals(receiver.received[0].raw)).toBe(true);
      expect(receiver.received[2].raw.equals(receiver.received[0].raw)).toBe(true);
      expect(receiver.received[2].headers[SIGNATURE_HEADER]).toBe(receiver.received[0].headers[SIGNATURE_HEADER]);
      const { body: log } = await api(sandbox.url, 'GET', `/_sandbox/webhooks?phoneNumberId=${number.phoneNumberId}`);
      const first = log.filter((h: { deliveryId: number }) => h.deliveryId === log[0].deliveryId);
      expect(first.map((h: { attempt: number; statusCode: number }) => [h.attempt, h.statusCode])).toEqual([
        [1, 500],
        [2, 500],
        [3, 200],
      ]);
      expect(JSON.stringify(first[0].payload)).toContain(messageId);
    });

    it('treats a 201 answer as a failure, as Meta asks for 200', async () => {
      receiver.respond = (_hook, index) => (index === 0 ? 201 : 200);
      await client.sendText(creds, citizen, 'x');
      const retry = await waitFor(() => receiver.received.slice(1).find((h) => h.raw.equals(receiver.received[0].raw)));
      expect(retry.headers[SIGNATURE_HEADER]).toBe(receiver.received[0].headers[SIGNATURE_HEADER]);
    });

    it('reports an undeliverable recipient with a failed status (131026) and nothing after it', async () => {
      await api(sandbox.url, 'POST', '/_sandbox/faults', { undeliverable: ['+39 333 999 9999'] });
      const { messageId } = await client.sendText(creds, '+393339999999', 'x', { bizOpaqueCallbackData: 'u' });
      const failed = await waitFor(() => statusesIn(receiver.received).find((s) => s.metaMessageId === messageId));
      expect(failed).toMatchObject({ status: 'failed', bizOpaqueCallbackData: 'u', errors: [{ code: 131026, title: 'Message undeliverable' }] });
      expect(failed.recipientUserId).toBeUndefined();
      await new Promise((resolve) => setTimeout(resolve, 120));
      expect(statusesIn(receiver.received).filter((s) => s.metaMessageId === messageId)).toHaveLength(1);
    });

    it('records each attempt in the webhook log with the callback answer', async () => {
      await client.sendText(creds, citizen, 'x');
      const { body } = await waitFor(async () => {
        const res = await api(sandbox.url, 'GET', `/_sandbox/webhooks?phoneNumberId=${number.phoneNumberId}&kind=statuses`);
        return res.body.length >= 3 && res;
      });
      expect(body[0]).toMatchObject({ kind: 'statuses', statusCode: 200, responseBody: 'EVENT_RECEIVED', url: receiver.url, attempt: 1 });
      expect(verifySignature(Buffer.from(body[0].body, 'utf8'), body[0].signature, number.appSecret)).toBe(true);
    });
  });

  describe('citizen simulation', () => {
    it('posts a signed messages webhook that the production parser accepts', async () => {
      const res = await api(sandbox.url, 'POST', '/_sandbox/inbound', {
        phoneNumberId: number.phoneNumberId,
        from: '+39 333 000 0001',
        text: 'ATTIVA viabilità',
        profileName: 'Maria Rossi',
      });
      expect(res.status).toBe(200);
      expect(res.body.callbackStatus).toBe(200);
      const hook = receiver.received[0];
      expect(verifySignature(hook.raw, hook.headers[SIGNATURE_HEADER] as string, number.appSecret)).toBe(true);
      // Meta escapes non-ASCII before signing.
      expect(hook.raw.toString('utf8')).toContain('viabilit\\u00e0');
      const [event] = parseWebhookBody(hook.raw) as InboundMessageEvent[];
      expect(event).toMatchObject({
        kind: 'message',
        phoneNumberId: number.phoneNumberId,
        wabaId: number.wabaId,
        metaMessageId: res.body.metaMessageId,
        from: citizen,
        fromUserId: expect.stringMatching(/^IT\./),
        profileName: 'Maria Rossi',
        type: 'text',
        text: 'ATTIVA viabilità',
      });
    });

    it('gives a citizen the same BSUID in inbound messages and in statuses', async () => {
      await api(sandbox.url, 'POST', '/_sandbox/inbound', { phoneNumberId: number.phoneNumberId, from: citizen, text: 'ciao' });
      const { messageId } = await client.sendText(creds, citizen, 'risposta');
      const status = await waitFor(() => statusesIn(receiver.received).find((s) => s.metaMessageId === messageId));
      const inbound = parseWebhookBody(receiver.received[0].raw)[0] as InboundMessageEvent;
      expect(status.recipientUserId).toBe(inbound.fromUserId);
    });

    it('a quick-reply tap answers the last template sent to that citizen', async () => {
      const { messageId } = await client.sendTemplate(creds, citizen, {
        name: 'notizia',
        languageCode: 'it',
        buttons: [{ subType: 'quick_reply', index: 0, payload: 'DISATTIVA' }],
      });
      await client.sendText(creds, citizen, 'un testo dopo il modello');
      receiver.received.length = 0;
      await api(sandbox.url, 'POST', '/_sandbox/inbound', {
        phoneNumberId: number.phoneNumberId,
        from: citizen,
        type: 'button',
        text: 'Disattiva',
        buttonPayload: 'DISATTIVA',
      });
      const hook = await waitFor(() => receiver.received.find((h) => JSON.stringify(h.json).includes('"button"')));
      expect(parseWebhookBody(hook.raw)[0]).toMatchObject({ type: 'button', text: 'Disattiva', buttonPayload: 'DISATTIVA', contextMessageId: messageId });
    });

    it.each(INBOUND_TYPES.map((t) => [t]))('builds a parseable %s message', async (type) => {
      const res = await api(sandbox.url, 'POST', '/_sandbox/inbound', {
        phoneNumberId: number.phoneNumberId,
        from: citizen,
        type,
        text: type === 'reaction' ? '❤️' : 'Segnalazione',
        ...(type === 'system' && { newFrom: '+393330000009' }),
      });
      expect(res.status).toBe(200);
      const events = parseWebhookBody(receiver.received[0].raw) as InboundMessageEvent[];
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ kind: 'message', type, metaMessageId: res.body.metaMessageId });
      if (type === 'system') {
        expect(events[0].newFrom).toBe('+393330000009');
        expect(events[0].profileName).toBeUndefined();
      }
      if (type === 'image') expect(events[0].media?.url).toContain(`${sandbox.url}/_sandbox/media/`);
    });

    it('reports a callback that cannot be reached', async () => {
      await api(sandbox.url, 'POST', '/_sandbox/numbers', { ...number, callbackUrl: 'http://127.0.0.1:9/down' });
      const res = await api(sandbox.url, 'POST', '/_sandbox/inbound', { phoneNumberId: number.phoneNumberId, from: citizen, text: 'x' });
      expect(res.body.callbackStatus).toBeNull();
      expect(res.body.callbackError).toContain('ECONNREFUSED');
    });

    it('posts marketing preference changes', async () => {
      const res = await api(sandbox.url, 'POST', '/_sandbox/user-preferences', { phoneNumberId: number.phoneNumberId, from: citizen, value: 'stop' });
      expect(res.body.callbackStatus).toBe(200);
      expect(parseWebhookBody(receiver.received[0].raw)[0] as UserPreferenceEvent).toMatchObject({
        kind: 'user_preference',
        from: citizen,
        value: 'stop',
        category: 'marketing_messages',
      });
    });

    it('refuses a simulation for an unknown number or a malformed citizen', async () => {
      expect((await api(sandbox.url, 'POST', '/_sandbox/inbound', { phoneNumberId: 'nope', from: citizen, text: 'x' })).status).toBe(404);
      expect((await api(sandbox.url, 'POST', '/_sandbox/inbound', { phoneNumberId: number.phoneNumberId, from: 'mario', text: 'x' })).status).toBe(400);
      expect((await api(sandbox.url, 'POST', '/_sandbox/inbound', { phoneNumberId: number.phoneNumberId, from: citizen, type: 'fax' })).status).toBe(400);
    });
  });

  describe('control API', () => {
    it('upserts, lists and deletes numbers', async () => {
      await api(sandbox.url, 'POST', '/_sandbox/numbers', { ...number, mps: 7 });
      const { body } = await api(sandbox.url, 'GET', '/_sandbox/numbers');
      const mine = body.filter((n: { phoneNumberId: string }) => n.phoneNumberId === number.phoneNumberId);
      expect(mine).toEqual([expect.objectContaining({ mps: 7, displayPhoneNumber: '390612345678', countryCallingCode: '39' })]);
      expect((await api(sandbox.url, 'DELETE', `/_sandbox/numbers/${number.phoneNumberId}`)).status).toBe(204);
      expect((await api(sandbox.url, 'DELETE', `/_sandbox/numbers/${number.phoneNumberId}`)).status).toBe(404);
      await expect(client.sendText(creds, citizen, 'x')).rejects.toMatchObject({ code: 100 });
    });

    it('applies the default mps and refuses malformed registrations', async () => {
      const { mps: _mps, ...withoutMps } = number;
      expect((await api(sandbox.url, 'POST', '/_sandbox/numbers', withoutMps)).body.mps).toBe(80);
      expect((await api(sandbox.url, 'POST', '/_sandbox/numbers', { ...number, callbackUrl: 'not a url' })).status).toBe(400);
      expect((await api(sandbox.url, 'POST', '/_sandbox/numbers', { ...number, phoneNumberId: '_sandbox' })).status).toBe(400);
      expect((await api(sandbox.url, 'POST', '/_sandbox/numbers', { ...number, surprise: 1 })).status).toBe(400);
    });

    it("makes up a test number with its credentials, as Meta's dashboard does, and it sends and signs at once", async () => {
      const made = await api(sandbox.url, 'POST', '/_sandbox/numbers/new', { label: 'Comune di Prova', callbackUrl: receiver.url });
      expect(made.status).toBe(201);
      expect(made.body).toMatchObject({ label: 'Comune di Prova', callbackUrl: receiver.url, mps: 80, countryCallingCode: '39' });
      expect(made.body.phoneNumberId).toMatch(/^[1-9]\d{14}$/);
      expect(made.body.displayPhoneNumber).toMatch(/^393\d{9}$/);
      for (const secret of ['accessToken', 'appSecret', 'webhookVerifyToken']) expect(made.body[secret]).toEqual(expect.any(String));
      const again = await api(sandbox.url, 'POST', '/_sandbox/numbers/new', { label: 'Comune di Prova', callbackUrl: receiver.url });
      expect(again.body.phoneNumberId).not.toBe(made.body.phoneNumberId);
      expect(again.body.accessToken).not.toBe(made.body.accessToken);

      const own = { phoneNumberId: made.body.phoneNumberId, accessToken: made.body.accessToken };
      const { messageId } = await client.sendText(own, citizen, 'Benvenuto');
      const hook = await waitFor(() => receiver.received.find((h) => statusesIn([h]).some((s) => s.metaMessageId === messageId)));
      expect(verifySignature(hook.raw, hook.headers[SIGNATURE_HEADER] as string, made.body.appSecret)).toBe(true);
      await expect(client.sendText({ ...own, accessToken: 'not-the-token' }, citizen, 'x')).rejects.toMatchObject({ kind: 'credentials' });
      for (const b of [made.body, again.body]) await api(sandbox.url, 'DELETE', `/_sandbox/numbers/${b.phoneNumberId}`);
    });

    it('refuses a test number without a label, with a bad phone or callback, and without any callback to use', async () => {
      expect((await api(sandbox.url, 'POST', '/_sandbox/numbers/new', { callbackUrl: receiver.url })).status).toBe(400);
      expect((await api(sandbox.url, 'POST', '/_sandbox/numbers/new', { label: 'X', callbackUrl: receiver.url, displayPhoneNumber: 'abc' })).status).toBe(400);
      expect((await api(sandbox.url, 'POST', '/_sandbox/numbers/new', { label: 'X', callbackUrl: 'ftp://x' })).status).toBe(400);
      const none = await api(sandbox.url, 'POST', '/_sandbox/numbers/new', { label: 'X' });
      expect(none.status).toBe(400);
      expect(JSON.stringify(none.body)).toContain('callbackUrl');
      const before = (await api(sandbox.url, 'GET', '/_sandbox/numbers')).body.length;
      expect(before).toBe(1);
    });

    it('serves the console page, with the configured webhook URL escaped into the form', async () => {
      const res = await fetch(`${sandbox.url}/console`);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      const html = await res.text();
      expect(html).toContain('Console di prova');
      expect(html).not.toContain('__CALLBACK__');
    });

    it('switches faults on and off', async () => {
      const on = await api(sandbox.url, 'POST', '/_sandbox/faults', { errorRate: 1, latencyMs: 5 });
      expect(on.body).toMatchObject({ errorRate: 1, latencyMs: 5, throttleAll: false });
      // Merges with what is already on.
      expect((await api(sandbox.url, 'POST', '/_sandbox/faults', { throttleAll: true })).body).toMatchObject({ errorRate: 1, throttleAll: true });
      await expect(client.sendText(creds, citizen, 'x')).rejects.toMatchObject({ kind: 'throttled' });
      expect((await api(sandbox.url, 'DELETE', '/_sandbox/faults')).body).toMatchObject({ errorRate: 0, throttleAll: false, latencyMs: 0 });
      await expect(client.sendText(creds, citizen, 'x')).resolves.toHaveProperty('messageId');
      expect((await api(sandbox.url, 'POST', '/_sandbox/faults', { errorRate: 2 })).status).toBe(400);
      expect((await api(sandbox.url, 'POST', '/_sandbox/faults', { errorCode: 131042, errorHttpStatus: 200 })).status).toBe(400);
      expect((await api(sandbox.url, 'POST', '/_sandbox/faults', { errorCode: 'billing' })).status).toBe(400);
      expect((await api(sandbox.url, 'GET', '/_sandbox/faults')).body).toMatchObject({ errorCode: null, errorHttpStatus: 400 });
    });

    it('adds latency', async () => {
      await api(sandbox.url, 'POST', '/_sandbox/faults', { latencyMs: 200 });
      const started = Date.now();
      await client.sendText(creds, citizen, 'x');
      expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    });

    it('queries messages by recipient, time and cursor, and clears them', async () => {
      const before = new Date().toISOString();
      const a = await client.sendText(creds, '+393330000001', 'a');
      const b = await client.sendText(creds, '+393330000002', 'b');
      const c = await client.sendText(creds, '+393330000001', 'c');
      const base = `/_sandbox/messages?phoneNumberId=${number.phoneNumberId}`;
      const toFirst = (await api(sandbox.url, 'GET', `${base}&to=${encodeURIComponent('+39 333 000 0001')}`)).body;
      expect(toFirst.messages.map((m: { wamid: string }) => m.wamid)).toEqual([a.messageId, c.messageId]);
      const since = (await api(sandbox.url, 'GET', `${base}&since=${encodeURIComponent(before)}`)).body;
      expect(since.total).toBe(3);
      const after = (await api(sandbox.url, 'GET', `${base}&afterSeq=${toFirst.messages[0].seq}&limit=1`)).body;
      expect(after).toMatchObject({ total: 2, messages: [{ wamid: b.messageId }] });
      expect((await api(sandbox.url, 'GET', `${base}&since=yesterday`)).status).toBe(400);
      const compact = (await api(sandbox.url, 'GET', `/_sandbox/messages/recipients?phoneNumberId=${number.phoneNumberId}&since=${encodeURIComponent(before)}`)).body;
      expect(compact.messages.map((m: unknown[]) => m[1])).toEqual(['+393330000001', '+393330000002', '+393330000001']);
      expect(compact.messages[0][0]).toBe(toFirst.messages[0].seq);
      expect(compact.messages[0][3]).toBe(Date.parse(toFirst.messages[0].receivedAt));
      expect((await api(sandbox.url, 'DELETE', '/_sandbox/messages')).status).toBe(204);
      expect((await api(sandbox.url, 'GET', base)).body.total).toBe(0);
    });

    it('reports health', async () => {
      expect((await api(sandbox.url, 'GET', '/_sandbox/health')).body).toMatchObject({ ok: true, graphVersion: 'v25.0' });
    });
  });

  describe('Graph surface', () => {
    const send = (path: string, body: unknown, token = number.accessToken) =>
      fetch(sandbox.url + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as Loose }));

    it('answers errors in exactly Meta’s shape', async () => {
      const res = await send(`/v25.0/${number.phoneNumberId}/messages`, { messaging_product: 'whatsapp', to: citizen });
      expect(res.status).toBe(400);
      expect(Object.keys(res.body)).toEqual(['error']);
      expect(res.body.error).toEqual({
        message: "(#100) The parameter text is required.",
        type: 'OAuthException',
        code: 100,
        error_data: { messaging_product: 'whatsapp', details: "The parameter text is required." },
        fbtrace_id: expect.stringMatching(/^[A-Za-z0-9]{6,}$/),
      });
    });

    it('answers malformed JSON in Meta’s shape too', async () => {
      const res = await send(`/v25.0/${number.phoneNumberId}/messages`, '{"messaging_product":');
      expect(res).toMatchObject({ status: 400, body: { error: { code: 100, type: 'OAuthException' } } });
    });

    it('accepts any vNN.N version, refuses other path components, and defaults the version when omitted', async () => {
      const body = { messaging_product: 'whatsapp', to: citizen, type: 'text', text: { body: 'x' } };
      expect((await send(`/v19.0/${number.phoneNumberId}/messages`, body)).status).toBe(200);
      expect((await send(`/latest/${number.phoneNumberId}/messages`, body)).body.error.code).toBe(2500);
      const unversioned = await send(`/${number.phoneNumberId}/messages`, body);
      expect(unversioned.status).toBe(200);
      const { body: log } = await api(sandbox.url, 'GET', `/_sandbox/messages?phoneNumberId=${number.phoneNumberId}`);
      expect(log.messages.map((m: { graphVersion: string }) => m.graphVersion)).toEqual(['v19.0', 'v25.0']);
    });

    it('defaults the type to text and prepends the business country code to a number without +', async () => {
      const res = await send(`/v25.0/${number.phoneNumberId}/messages`, { messaging_product: 'whatsapp', to: '3330000001', text: { body: 'x' } });
      expect(res.body.contacts).toEqual([{ input: '3330000001', wa_id: '393330000001' }]);
    });

    it('needs a Bearer token', async () => {
      const res = await fetch(`${sandbox.url}/v25.0/${number.phoneNumberId}/messages`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(401);
      expect(((await res.json()) as Loose).error.code).toBe(190);
    });
  });

  describe('phone page', () => {
    it('serves an Italian, labelled page with its script and style', async () => {
      const page = await fetch(`${sandbox.url}/phone`);
      expect(page.headers.get('content-type')).toContain('text/html');
      const html = await page.text();
      expect(html).toContain('<html lang="it">');
      expect(html).toContain('<label for="town">');
      expect(html).toContain('<label for="citizen">');
      expect(html).toContain('role="log"');
      const script = await fetch(`${sandbox.url}/phone.js`);
      expect(script.headers.get('content-type')).toContain('javascript');
      const js = await script.text();
      expect(js).toContain('/_sandbox/inbound');
      expect(js).not.toContain('innerHTML');
      // The served script must at least be valid JavaScript.
      expect(() => new Function(js)).not.toThrow();
      expect((await fetch(`${sandbox.url}/phone.css`)).status).toBe(200);
      expect((await fetch(sandbox.url, { redirect: 'manual' })).headers.get('location')).toBe('/phone');
    });
  });
});

describe('sandbox settings in effect', () => {
  it('skips read receipts and signatures when configured so, and caps the message log', async () => {
    const sandbox = await start({ sendRead: false, signWebhooks: false, messageLogCap: 3 });
    const receiver = await new WebhookReceiver().start();
    const client = new CloudApiClient({ baseUrl: sandbox.url, timeoutMs: 2_000 });
    try {
      const number = numberSpec({ callbackUrl: receiver.url });
      await api(sandbox.url, 'POST', '/_sandbox/numbers', number);
      const creds = { phoneNumberId: number.phoneNumberId, accessToken: number.accessToken };
      const sends = [];
      for (let i = 0; i < 5; i++) sends.push(await client.sendText(creds, citizen, `m${i}`));
      await waitFor(() => statusesIn(receiver.received).length === 10);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(statusesIn(receiver.received).map((s) => s.status)).not.toContain('read');
      expect(receiver.received.every((h) => h.headers[SIGNATURE_HEADER] === undefined)).toBe(true);
      const { body } = await api(sandbox.url, 'GET', '/_sandbox/messages');
      expect(body.messages.map((m: { wamid: string }) => m.wamid)).toEqual(sends.slice(2).map((s) => s.messageId));
    } finally {
      await client.close();
      await sandbox.close();
      await receiver.close();
    }
  });

  it('closes promptly while a request is held by the timeout fault', async () => {
    const sandbox = await start();
    const number = numberSpec();
    await api(sandbox.url, 'POST', '/_sandbox/numbers', number);
    await api(sandbox.url, 'POST', '/_sandbox/faults', { timeoutRate: 1, timeoutMs: 60_000 });
    const client = new CloudApiClient({ baseUrl: sandbox.url, timeoutMs: 30_000 });
    const pending = client.sendText({ phoneNumberId: number.phoneNumberId, accessToken: number.accessToken }, citizen, 'x').catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await sandbox.close();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await pending).toMatchObject({ kind: 'temporary' });
    await client.close();
  });
});
