import { randomBytes } from 'node:crypto';
import { BlindIndex, citizenPhoneCodec, SecretBox } from '@bacheca/crypto';
import { parseMetrics, sampleOf } from '../../../api/test/prometheus';
import { Sweeper } from '../../src/sweeper';
import { WorkerHealth } from '../../src/worker-health';
import { Stack, waitFor } from './stack';

/**
 * The WhatsApp channel end to end, through the sandbox: what the webhook stores reaches the worker and
 * is acted on for every kind of message, a citizen's change of number moves the subscription, a comune
 * answers from each of its numbers, and a number whose credentials Meta refuses stops and says so.
 */
describe('the WhatsApp channel end to end', () => {
  let s: Stack;
  let n = 0;
  const citizen = () => `+39347${String(2000000 + ++n)}`;
  const api = () => s.api.http();

  const METRICS_TOKEN = randomBytes(24).toString('base64url');

  beforeAll(async () => {
    s = await Stack.start({ METRICS_TOKEN });
  }, 60_000);
  afterAll(() => s.stop());

  const login = async (email: string) =>
    (await api().post('/api/v1/auth/login').send({ email, password: 'demo-password-123' }).expect(200)).body.accessToken as string;
  const codecOf = (tenantId: string) => citizenPhoneCodec(s.api.app.get(SecretBox), s.api.app.get(BlindIndex), tenantId);
  const subscriberOf = async (tenantId: string, phone: string) =>
    (await s.db((em) => em.query('select * from subscribers where tenant_id = $1 and phone_hash = $2', [tenantId, codecOf(tenantId).hash(phone)])))[0];
  const messagesFrom = (tenantId: string, phone: string) =>
    s.db((em) =>
      em.query(`select * from webhook_events where tenant_id = $1 and citizen_hash = $2 and kind = 'message' order by id`, [tenantId, codecOf(tenantId).hash(phone)]),
    );

  it('keeps both the number and the BSUID of a subscriber, and moves the subscription when the citizen changes number', async () => {
    const tenantId = await s.comuneId('bientina');
    const [before, after] = [citizen(), citizen()];
    await s.say('bientina', before, 'ATTIVA', { userId: 'IT.4455667788' });
    await s.reply('bientina', before, 1);
    const subscribed = await subscriberOf(tenantId, before);
    expect(subscribed).toMatchObject({ status: 'active', user_id: 'IT.4455667788' });
    // A send planned for later (a broadcast under way, say), still addressed to the old number.
    const [number] = await s.db((em) => em.query('select id from whatsapp_numbers where tenant_id = $1', [tenantId]));
    const [waiting] = await s.db((em) =>
      em.query(
        `insert into deliveries (tenant_id, whatsapp_number_id, lane, subscriber_id, recipient_hash, recipient_enc, message, status, next_attempt_at)
         select tenant_id, $2, 'news', id, phone_hash, phone_enc, '{"type":"text","body":"x"}', 'queued', now() + interval '1 hour'
           from subscribers where id = $1 returning id`,
        [subscribed.id, number.id],
      ),
    );

    await s.say('bientina', before, '', { type: 'system', newFrom: after });
    const ledger = await waitFor(async () => {
      const rows = await s.db((em) => em.query(`select * from consent_ledger where tenant_id = $1 and action = 'number_change' and phone_hash = $2`, [tenantId, codecOf(tenantId).hash(after)]));
      return rows.length ? rows : undefined;
    });
    expect(ledger[0].details).toEqual({ previousPhoneHash: codecOf(tenantId).hash(before).toString('hex') });
    expect(await subscriberOf(tenantId, before)).toBeUndefined();
    const moved = await subscriberOf(tenantId, after);
    // Meta gives the new number a new BSUID: the old one no longer names this citizen.
    expect(moved).toMatchObject({ status: 'active', user_id: null });
    expect(codecOf(tenantId).open(moved.phone_enc)).toBe(after);
    const [planned] = await s.db((em) => em.query('select recipient_hash, recipient_enc from deliveries where id = $1', [waiting.id]));
    expect(planned.recipient_hash.equals(codecOf(tenantId).hash(after))).toBe(true);
    expect(codecOf(tenantId).open(planned.recipient_enc)).toBe(after);
    await s.db((em) => em.query(`update deliveries set status = 'cancelled' where id = $1`, [waiting.id]));
    // No answer to Meta's system notice; the citizen now leaves from the new number.
    expect(await s.messagesTo('bientina', before)).toHaveLength(1);
    await s.say('bientina', after, 'DISATTIVA');
    expect(await s.reply('bientina', after, 1)).toMatch(/cancellato/);
    expect((await subscriberOf(tenantId, after)).status).toBe('unsubscribed');
  });

  it('when the new number already has its own subscription, that one stands and the old number is dropped', async () => {
    const tenantId = await s.comuneId('rozzano');
    const [old, current] = [citizen(), citizen()];
    await s.say('rozzano', old, 'Iscrivimi');
    await s.reply('rozzano', old, 1);
    await s.say('rozzano', current, 'Iscrivimi');
    await s.reply('rozzano', current, 1);
    const kept = await subscriberOf(tenantId, current);

    await s.say('rozzano', old, '', { type: 'system', newFrom: current });
    await waitFor(async () => ((await subscriberOf(tenantId, old)) ? undefined : true));
    expect(await subscriberOf(tenantId, current)).toMatchObject({ id: kept.id, status: 'active' });
    const [entry] = await s.db((em) => em.query(`select details from consent_ledger where tenant_id = $1 and action = 'number_change' and phone_hash = $2`, [tenantId, codecOf(tenantId).hash(current)]));
    expect(entry.details).toMatchObject({ keptSubscriptionOfNewNumber: true });
  });

  it('recognises a subscriber who writes with a username, by BSUID only, and answers on their number', async () => {
    const tenantId = await s.comuneId('cormano');
    const [phone, stranger] = [citizen(), citizen()];
    await s.say('cormano', phone, 'ATTIVA INFORMAZIONI CORMANO', { userId: 'IT.9988776655' });
    await s.reply('cormano', phone, 1);

    const { metaMessageId } = await s.say('cormano', phone, 'DISATTIVA ISCRIZIONE', { userId: 'IT.9988776655', usernameOnly: true });
    expect(await s.reply('cormano', phone, 2)).toMatch(/cancellato/);
    expect((await subscriberOf(tenantId, phone)).status).toBe('unsubscribed');
    // The event is put down to the citizen's number, so erasure and retention find it.
    const [event] = await s.db((em) => em.query(`select citizen_hash, citizen_user_id from webhook_events where event_key = $1`, [`m:${metaMessageId}`]));
    expect(event).toMatchObject({ citizen_user_id: 'IT.9988776655' });
    expect(event.citizen_hash.equals(codecOf(tenantId).hash(phone))).toBe(true);

    // Someone known by nothing but a BSUID cannot be answered yet: stored, processed, left alone.
    const unknown = await s.say('cormano', stranger, 'ATTIVA INFORMAZIONI CORMANO', { userId: 'IT.1122334455', usernameOnly: true });
    const processed = await waitFor(async () => {
      const [row] = await s.db((em) => em.query(`select processed_at, citizen_hash, last_error from webhook_events where event_key = $1`, [`m:${unknown.metaMessageId}`]));
      return row?.processed_at ? row : undefined;
    });
    expect(processed).toMatchObject({ citizen_hash: null, last_error: null });
    expect(await s.messagesTo('cormano', stranger)).toEqual([]);
    expect(await subscriberOf(tenantId, stranger)).toBeUndefined();
  });

  it('acts on every kind of message without failing one: media, location, reaction, buttons, contacts, unsupported', async () => {
    const tenantId = await s.comuneId('cormano');
    const phone = citizen();
    const kinds = ['image', 'video', 'audio', 'document', 'sticker', 'location', 'reaction', 'button', 'interactive', 'contacts', 'unsupported'] as const;
    for (const type of kinds) {
      const res = await s.say('cormano', phone, type === 'reaction' ? '👍' : 'Segnalazione', { type, ...(type === 'button' && { buttonPayload: 'ALTRO' }) });
      expect(res.callbackStatus).toBe(200);
    }
    const events = await waitFor(async () => {
      const rows = await messagesFrom(tenantId, phone);
      return rows.length === kinds.length && rows.every((r: { processed_at: Date | null }) => r.processed_at) ? rows : undefined;
    }, 15_000);
    expect(events.map((e: { payload: { type: string } }) => e.payload.type)).toEqual([...kinds]);
    expect(events.every((e: { attempts: number; last_error: string | null }) => e.attempts === 0 && e.last_error === null)).toBe(true);
    // Not a subscriber and not a keyword: one polite pointer to the town's channels, then silence (no bot loops).
    const answers = await s.messagesTo('cormano', phone);
    expect(answers).toHaveLength(1);
    // And the channel still works for this citizen.
    await s.say('cormano', phone, 'ATTIVA INFORMAZIONI CORMANO');
    expect(await s.reply('cormano', phone, 2)).toMatch(/Benvenuto/);
  });

  it('a comune with a second number answers each citizen from the number they wrote to', async () => {
    const tenantId = await s.comuneId('saronno');
    const provider = await login('fornitore@bacheca.local');
    const second = { phoneNumberId: '390296000222', displayPhoneNumber: '+39 02 9600 0222', wabaId: '390296000000', accessToken: 'EAAG-saronno-secondo-numero', appSecret: 'saronno-second-app-secret' };
    const registered = await api()
      .post(`/api/v1/platform/comuni/${tenantId}/numbers`)
      .set({ Authorization: `Bearer ${provider}` })
      .send({ ...second, webhookVerifyToken: 'saronno-second-verify' })
      .expect(201);
    await s.sandboxCall('POST', '/_sandbox/numbers', { ...second, callbackUrl: `${s.apiUrl}/webhooks/whatsapp` });
    const numbers = (await api().get('/api/v1/numbers').set({ Authorization: `Bearer ${await login('admin@saronno.bacheca.local')}` }).expect(200)).body;
    expect(numbers.map((x: { phoneNumberId: string }) => x.phoneNumberId)).toEqual([s.numberOf('saronno'), second.phoneNumberId]);

    const phone = citizen();
    await s.sandboxCall('POST', '/_sandbox/inbound', { phoneNumberId: second.phoneNumberId, from: phone, text: 'Attiva Notizie' });
    const answer = await waitFor(async () => {
      const res = await s.sandboxCall('GET', `/_sandbox/messages?phoneNumberId=${second.phoneNumberId}&to=${encodeURIComponent(phone)}`);
      return res.messages[0];
    });
    expect(answer.body.text.body).toMatch(/nome.*cognome/);
    expect(await s.messagesTo('saronno', phone)).toEqual([]);
    const [event] = await messagesFrom(tenantId, phone);
    expect(event.whatsapp_number_id).toBe(registered.body.id);
  });

  it("stops a number whose token Meta refuses, and tells the provider's and the town's staff why", async () => {
    const tenantId = await s.comuneId('bientina');
    const provider = await login('fornitore@bacheca.local');
    const phone = citizen();
    await s.sandboxCall('POST', '/_sandbox/faults', { expiredToken: [s.numberOf('bientina')] });
    try {
      await s.say('bientina', phone, 'ATTIVA');
      const health = await waitFor(async () => {
        const res = await api().get(`/api/v1/platform/comuni/${tenantId}/health`).set({ Authorization: `Bearer ${provider}` }).expect(200);
        return res.body.issues.includes('number_stopped') ? res.body : undefined;
      }, 15_000);
      expect(health.level).toBe('problem');
      expect(health.numbers[0]).toMatchObject({ sendingStatus: 'stopped', sendingStoppedReason: expect.stringMatching(/Token di accesso scaduto/) });
      const town = (await api().get('/api/v1/numbers').set({ Authorization: `Bearer ${await login('admin@bientina.bacheca.local')}` }).expect(200)).body;
      expect(town[0]).toMatchObject({ sendingStatus: 'stopped', sendingStoppedReason: expect.stringMatching(/Token di accesso scaduto/) });
      const audit = await s.db((em) => em.query(`select details from audit_log where tenant_id = $1 and action = 'whatsapp_number.sending_stopped'`, [tenantId]));
      expect(audit).toHaveLength(1);
      // What the operators' alert BachecaNumberStopped (docs/operations.md) watches.
      const metrics = await fetch(`http://127.0.0.1:${s.worker.get(WorkerHealth).port()}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      const errors = sampleOf(parseMetrics(await metrics.text()), 'bacheca_send_errors_total', { comune: 'bientina', code: '190', kind: 'credentials' });
      expect(errors).toBeGreaterThanOrEqual(1);
      // The reply waits instead of failing: the sandbox accepted nothing from this number.
      expect(await s.messagesTo('bientina', phone)).toEqual([]);
    } finally {
      await s.sandboxCall('DELETE', '/_sandbox/faults');
    }
    // New credentials (the sandbox takes the same token again) lift the stop, and the held answer goes.
    const [number] = (await api().get(`/api/v1/platform/comuni/${tenantId}/numbers`).set({ Authorization: `Bearer ${provider}` }).expect(200)).body;
    const { accessToken } = (await s.sandboxCall('GET', '/_sandbox/numbers')).find((x: { phoneNumberId: string }) => x.phoneNumberId === s.numberOf('bientina'));
    await api().patch(`/api/v1/platform/numbers/${number.id}`).set({ Authorization: `Bearer ${provider}` }).send({ accessToken }).expect(200);
    // The sweep that would come within INBOUND_SWEEP_INTERVAL_S, now.
    await s.worker.get(Sweeper).sweep();
    expect(await s.reply('bientina', phone, 1)).toMatch(/Comune di Bientina/);
  });
});
