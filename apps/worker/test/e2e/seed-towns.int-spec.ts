import { randomBytes } from 'node:crypto';
import { BlindIndex, citizenPhoneCodec, SecretBox } from '@bacheca/crypto';
import { signPayload, toMetaJson } from '@bacheca/whatsapp';
import { messagesWebhook } from '../../../sandbox/src/inbound/inbound-payloads';
import { Stack, waitFor } from './stack';

/** The five seed comuni, each exactly as its article describes it, end to end through the sandbox. */
describe('citizens subscribe and leave by keyword (five seed towns, end to end)', () => {
  let s: Stack;
  let n = 0;
  const citizen = () => `+39333${String(1000000 + ++n).padStart(7, '0')}`;

  beforeAll(async () => {
    s = await Stack.start();
  }, 60_000);
  afterAll(() => s.stop());

  const subscriber = async (slug: string, phone: string) => {
    const tenantId = await s.comuneId(slug);
    const hash = citizenPhoneCodec(s.api.app.get(SecretBox), s.api.app.get(BlindIndex), tenantId).hash(phone);
    const [sub] = await s.db((em) => em.query('select * from subscribers where tenant_id = $1 and phone_hash = $2', [tenantId, hash]));
    const ledger = await s.db((em) => em.query('select * from consent_ledger where tenant_id = $1 and phone_hash = $2 order by id', [tenantId, hash]));
    return { sub, ledger, hash, tenantId };
  };

  it('Cormano: ATTIVA INFORMAZIONI CORMANO accepts the privacy notice and gets a welcome; DISATTIVA ISCRIZIONE leaves', async () => {
    const phone = citizen();
    await s.say('cormano', phone, 'ATTIVA INFORMAZIONI CORMANO');
    const welcome = await s.reply('cormano', phone, 1);
    expect(welcome).toMatch(/Benvenuto nel servizio WhatsApp del Comune di Cormano/);
    expect(welcome).toContain('/privacy/cormano');
    expect(welcome).toContain('«DISATTIVA ISCRIZIONE»');
    const { sub, ledger } = await subscriber('cormano', phone);
    expect(sub).toMatchObject({ status: 'active', notice_version: 1 });
    expect(ledger.map((l: any) => [l.action, l.words_received, l.notice_version])).toEqual([['opt_in', 'ATTIVA INFORMAZIONI CORMANO', 1]]);

    await s.say('cormano', phone, 'DISATTIVA ISCRIZIONE');
    expect(await s.reply('cormano', phone, 2)).toMatch(/cancellato/);
    const after = await subscriber('cormano', phone);
    expect(after.sub.status).toBe('unsubscribed');
    expect(after.ledger.map((l: any) => l.action)).toEqual(['opt_in', 'opt_out']);
  });

  it('Bientina: ATTIVA, anything else gets one polite pointer to e-mail and 0587 758456, DISATTIVA leaves', async () => {
    const phone = citizen();
    await s.say('bientina', phone, 'ATTIVA');
    expect(await s.reply('bientina', phone, 1)).toMatch(/Comune di Bientina/);
    await s.say('bientina', phone, 'Buongiorno, c’è un guasto alla rete idrica in via Roma');
    const auto = await s.reply('bientina', phone, 2);
    expect(auto).toMatch(/non legge i messaggi/);
    expect(auto).toContain('0587 758456');
    expect(auto).toContain('urp@comune.bientina.pi.it');
    // A second question within the interval gets no second automatic answer (no bot loops).
    await s.say('bientina', phone, 'Mi rispondete?');
    await s.say('bientina', phone, 'DISATTIVA');
    expect(await s.reply('bientina', phone, 3)).toMatch(/cancellato/);
    expect((await s.messagesTo('bientina', phone)).length).toBe(3);
  });

  it('Rozzano: Iscrivimi and Cancellami', async () => {
    const phone = citizen();
    await s.say('rozzano', phone, 'Iscrivimi');
    expect(await s.reply('rozzano', phone, 1)).toMatch(/Comune di Rozzano/);
    expect((await subscriber('rozzano', phone)).sub.status).toBe('active');
    await s.say('rozzano', phone, 'Cancellami');
    expect(await s.reply('rozzano', phone, 2)).toMatch(/cancellato/);
    expect((await subscriber('rozzano', phone)).sub.status).toBe('unsubscribed');
  });

  it('Saronno (pre-launch): asks for what is missing, confirms the registration, and erases the number on Disattiva Notizie', async () => {
    const phone = citizen();
    await s.say('saronno', phone, 'Attiva Notizie');
    expect(await s.reply('saronno', phone, 1)).toMatch(/nome.*cognome.*comune di residenza/);
    expect((await subscriber('saronno', phone)).sub).toBeUndefined();

    await s.say('saronno', phone, 'Attiva Notizie Mario Rossi Saronno');
    expect(await s.reply('saronno', phone, 2)).toMatch(/Registrazione avvenuta.*partirà a breve/);
    const joined = await subscriber('saronno', phone);
    expect(joined.sub).toMatchObject({ status: 'active', fields: { first_name: 'Mario', last_name: 'Rossi', residence_comune: 'Saronno' } });
    // The evidence keeps the words of consent, not the name.
    expect(joined.ledger[0].words_received).toBe('Attiva Notizie ⟨first_name⟩ ⟨last_name⟩ ⟨residence_comune⟩');

    await s.say('saronno', phone, 'Disattiva Notizie');
    expect(await s.reply('saronno', phone, 3)).toMatch(/eliminato dall’archivio/);
    const gone = await subscriber('saronno', phone);
    expect(gone.sub).toBeUndefined();
    expect(gone.ledger.map((l: any) => l.action)).toEqual(['opt_in', 'opt_out', 'erase']);
    const kept = await s.db((em) =>
      em.query('select count(*)::int as n from webhook_events where citizen_hash = $1 and citizen_phone_enc is not null', [gone.hash]),
    );
    expect(kept[0].n).toBe(0);
    // The goodbye was sent, then its sealed number dropped too.
    await waitFor(async () => {
      const rows = await s.db((em) => em.query('select count(*)::int as n from deliveries where recipient_hash = $1 and recipient_enc is not null', [gone.hash]));
      return rows[0].n === 0;
    });
  });

  it('San Giuliano: ATTIVA subscribes to every topic; DISATTIVA METEO and ATTIVA METEO change one', async () => {
    const phone = citizen();
    await s.say('san-giuliano-milanese', phone, 'ATTIVA');
    expect(await s.reply('san-giuliano-milanese', phone, 1)).toMatch(/San Giuliano Milanese/);
    expect((await subscriber('san-giuliano-milanese', phone)).sub.topics.sort()).toEqual(['allerta_meteo', 'eventi', 'servizi_comunali', 'trasporti_viabilita']);
    await s.say('san-giuliano-milanese', phone, 'DISATTIVA METEO');
    expect(await s.reply('san-giuliano-milanese', phone, 2)).toMatch(/non riceverai più.*meteo/i);
    expect((await subscriber('san-giuliano-milanese', phone)).sub.topics).not.toContain('allerta_meteo');
  });

  it('a tap on a bulletin\'s "Disattiva" button unsubscribes like the keyword', async () => {
    const phone = citizen();
    await s.say('bientina', phone, 'ATTIVA');
    await s.reply('bientina', phone, 1);
    await s.say('bientina', phone, 'Disattiva', { type: 'button', buttonPayload: 'UNSUBSCRIBE' });
    expect(await s.reply('bientina', phone, 2)).toMatch(/cancellato/);
    expect((await subscriber('bientina', phone)).ledger.map((l: any) => [l.action, l.rule_matched])).toEqual([
      ['opt_in', 'attiva'],
      ['opt_out', 'pulsante-disattiva'],
    ].map(([a, r], i) => (i === 0 ? [a, expect.any(String)] : [a, r])));
  });

  it("Meta's notice that a citizen stopped marketing messages is recorded and kept on the record", async () => {
    const phone = citizen();
    await s.say('rozzano', phone, 'Iscrivimi');
    await s.reply('rozzano', phone, 1);
    await s.sandboxCall('POST', '/_sandbox/user-preferences', { phoneNumberId: s.numberOf('rozzano'), from: phone, value: 'stop' });
    await waitFor(async () => (await subscriber('rozzano', phone)).sub.marketing_opt_out === true);
    expect((await subscriber('rozzano', phone)).ledger.map((l: any) => l.action)).toEqual(['opt_in', 'marketing_stop']);
  });

  it("a citizen's change of number moves the subscription to the new number", async () => {
    const phone = citizen();
    const newPhone = citizen();
    await s.say('bientina', phone, 'ATTIVA');
    await s.reply('bientina', phone, 1);
    await s.sandboxCall('POST', '/_sandbox/inbound', { phoneNumberId: s.numberOf('bientina'), from: phone, type: 'system', newFrom: newPhone });
    await waitFor(async () => (await subscriber('bientina', newPhone)).sub?.status === 'active');
    expect((await subscriber('bientina', phone)).sub).toBeUndefined();
  });

  it('the same webhook delivered twice makes one subscription', async () => {
    const phone = citizen();
    await s.say('rozzano', phone, 'Iscrivimi');
    await s.reply('rozzano', phone, 1);
    const hooks = await s.sandboxCall('GET', '/_sandbox/webhooks?kind=messages&limit=1000');
    const original = [...hooks.webhooks ?? hooks.items ?? hooks].reverse().find((w: any) => w.body.includes(phone.slice(1)));
    const again = await fetch(`${s.apiUrl}/webhooks/whatsapp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': original.signature },
      body: original.body,
    });
    expect(await again.json()).toMatchObject({ stored: 0 });
    await new Promise((r) => setTimeout(r, 300));
    expect((await subscriber('rozzano', phone)).ledger.map((l: any) => l.action)).toEqual(['opt_in']);
    expect((await s.messagesTo('rozzano', phone)).length).toBe(1);
  });

  it("subscribe and unsubscribe arriving out of order resolve by Meta's timestamps", async () => {
    const phone = citizen();
    const tenantNumber = s.numberOf('bientina');
    const [{ app_secret }] = [{ app_secret: (await s.sandboxCall('GET', '/_sandbox/numbers')).find((x: any) => x.phoneNumberId === tenantNumber).appSecret }];
    const post = async (text: string, at: Date) => {
      const raw = toMetaJson(
        messagesWebhook(
          { wabaId: '1', phoneNumberId: tenantNumber, displayPhoneNumber: '393665775490' },
          { type: 'text', fromDigits: phone.slice(1), userId: 'IT.9', profileName: 'X', wamid: `wamid.${randomBytes(6).toString('hex')}`, timestamp: at, text, businessDigits: '39' },
        ),
      );
      const res = await fetch(`${s.apiUrl}/webhooks/whatsapp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signPayload(Buffer.from(raw), app_secret) },
        body: raw,
      });
      expect(res.status).toBe(200);
    };
    const t = Date.now() - 60_000;
    // DISATTIVA was written after ATTIVA, but its webhook arrives first.
    await post('DISATTIVA', new Date(t + 10_000));
    await s.reply('bientina', phone, 1);
    await post('ATTIVA', new Date(t));
    await new Promise((r) => setTimeout(r, 500));
    const { sub } = await subscriber('bientina', phone);
    expect(sub?.status ?? 'none').not.toBe('active');
  });

  it('two comuni sharing a citizen keep fully separate records', async () => {
    const phone = citizen();
    await s.say('bientina', phone, 'ATTIVA');
    await s.say('rozzano', phone, 'Iscrivimi');
    await s.reply('bientina', phone, 1);
    await s.reply('rozzano', phone, 1);
    await s.say('rozzano', phone, 'Cancellami');
    await s.reply('rozzano', phone, 2);
    const b = await subscriber('bientina', phone);
    const r = await subscriber('rozzano', phone);
    expect(b.sub.status).toBe('active');
    expect(r.sub.status).toBe('unsubscribed');
    expect(b.hash.equals(r.hash)).toBe(false);
    expect(b.sub.id).not.toBe(r.sub.id);
  });
});
