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

  const tokens: Record<string, string> = {};
  const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

  beforeAll(async () => {
    s = await Stack.start();
    const login = async (email: string) =>
      (await s.api.http().post('/api/v1/auth/login').send({ email, password: 'demo-password-123' }).expect(200)).body.accessToken as string;
    tokens.provider = await login('fornitore@bacheca.local');
    for (const slug of ['saronno', 'rozzano']) tokens[slug] = await login(`admin@${slug}.bacheca.local`);
  }, 60_000);
  afterAll(() => s.stop());

  /** The consent ledger's evidence, as [action, words received, rule matched, notice version]. */
  const evidence = (ledger: any[]) => ledger.map((l) => [l.action, l.words_received, l.rule_matched, l.notice_version]);

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
    // "Sending the keyword accepts the privacy notice and the policy" (article): the welcome says so, with the link.
    expect(welcome).toMatch(/hai accettato l’informativa privacy: http\S+\/privacy\/cormano/);
    expect(welcome).toContain('«DISATTIVA ISCRIZIONE»');
    const { sub, ledger } = await subscriber('cormano', phone);
    expect(sub).toMatchObject({ status: 'active', notice_version: 1 });
    expect(evidence(ledger)).toEqual([['opt_in', 'ATTIVA INFORMAZIONI CORMANO', 'iscrizione', 1]]);
    expect(ledger[0].meta_message_id).toMatch(/^wamid\./);

    await s.say('cormano', phone, 'DISATTIVA ISCRIZIONE');
    expect(await s.reply('cormano', phone, 2)).toMatch(/cancellato/);
    const after = await subscriber('cormano', phone);
    expect(after.sub.status).toBe('unsubscribed');
    expect(evidence(after.ledger)[1]).toEqual(['opt_out', 'DISATTIVA ISCRIZIONE', 'cancellazione', null]);
  });

  it('someone not subscribed who asks a question is told where to ask, and how to subscribe', async () => {
    const phone = citizen();
    await s.say('cormano', phone, 'Buonasera, quando passa la raccolta del vetro?');
    const auto = await s.reply('cormano', phone, 1);
    expect(auto).toMatch(/non legge i messaggi/);
    expect(auto).toContain('https://www.comune.cormano.mi.it');
    expect(auto).toMatch(/Per iscriverti scrivi «ATTIVA INFORMAZIONI CORMANO»\.$/);
    expect((await subscriber('cormano', phone)).sub).toBeUndefined();
  });

  it('Bientina: ATTIVA, anything else gets one polite pointer to e-mail and 0587 758456, DISATTIVA leaves', async () => {
    const phone = citizen();
    await s.say('bientina', phone, 'ATTIVA');
    const welcome = await s.reply('bientina', phone, 1);
    expect(welcome).toMatch(/Comune di Bientina/);
    expect(welcome).toContain('https://www.comune.bientina.pi.it/privacy');
    const joined = await subscriber('bientina', phone);
    expect(joined.sub).toMatchObject({ status: 'active', notice_version: 1 });
    expect(evidence(joined.ledger)).toEqual([['opt_in', 'ATTIVA', 'iscrizione', 1]]);
    await s.say('bientina', phone, 'Buongiorno, c’è un guasto alla rete idrica in via Roma');
    const auto = await s.reply('bientina', phone, 2);
    expect(auto).toMatch(/non legge i messaggi/);
    expect(auto).toContain('0587 758456');
    expect(auto).toContain('urp@comune.bientina.pi.it');
    expect(auto).toMatch(/Per cancellarti scrivi «DISATTIVA»\.$/);
    // A second question within the interval gets no second automatic answer (no bot loops).
    await s.say('bientina', phone, 'Mi rispondete?');
    await s.say('bientina', phone, 'DISATTIVA');
    expect(await s.reply('bientina', phone, 3)).toMatch(/cancellato/);
    expect((await s.messagesTo('bientina', phone)).length).toBe(3);
    // Kept as unsubscribed: Bientina's policy does not erase. Questions leave no consent evidence.
    const left = await subscriber('bientina', phone);
    expect(left.sub.status).toBe('unsubscribed');
    expect(evidence(left.ledger).map(([action, words]) => [action, words])).toEqual([
      ['opt_in', 'ATTIVA'],
      ['opt_out', 'DISATTIVA'],
    ]);
  });

  it('Rozzano: Iscrivimi, with the agreement not to call or write; Cancellami', async () => {
    const phone = citizen();
    await s.say('rozzano', phone, 'Iscrivimi');
    const welcome = await s.reply('rozzano', phone, 1);
    expect(welcome).toMatch(/WhatsApp Rozzano/);
    expect(welcome).toMatch(/hai accettato di non chiamare né inviare messaggi/);
    expect(welcome).toContain('https://www.comune.rozzano.mi.it/privacy');
    expect(welcome).toContain('«Cancellami»');
    const joined = await subscriber('rozzano', phone);
    expect(joined.sub.status).toBe('active');
    expect(evidence(joined.ledger)).toEqual([['opt_in', 'Iscrivimi', 'iscrizione', 1]]);
    await s.say('rozzano', phone, 'Cancellami');
    expect(await s.reply('rozzano', phone, 2)).toMatch(/cancellato.*Iscrivimi/);
    const left = await subscriber('rozzano', phone);
    expect(left.sub.status).toBe('unsubscribed');
    expect(evidence(left.ledger)[1]).toEqual(['opt_out', 'Cancellami', 'cancellazione', null]);
  });

  describe('Saronno (pre-launch): a citizen answers the request for details without the phrase', () => {
    /** Waits until the worker has acted on the citizen's first `count` messages. */
    const handled = (hash: Buffer, count: number) =>
      waitFor(async () => {
        const [row] = await s.db((em) =>
          em.query(`select count(*)::int as n from webhook_events where citizen_hash = $1 and kind = 'message' and processed_at is not null`, [hash]),
        );
        return row.n >= count;
      });
    const memory = async (tenantId: string, hash: Buffer) =>
      (await s.db((em) => em.query('select * from auto_replies where tenant_id = $1 and phone_hash = $2', [tenantId, hash])))[0];

    it('«Attiva notizie», then «Maria Bianchi» (told at once what is still missing), then «Saronno»: registered with all three', async () => {
      const phone = citizen();
      await s.say('saronno', phone, 'Attiva notizie');
      expect(await s.reply('saronno', phone, 1)).toMatch(/^Per completare l'iscrizione scrivi: “Attiva Notizie” seguito da nome, cognome e comune di residenza/);
      const { tenantId, hash } = await subscriber('saronno', phone);
      // Only the rule and the keys of what is missing are remembered, never a name.
      expect(await memory(tenantId, hash)).toMatchObject({ details_rule_id: 'iscrizione', details_missing: ['first_name', 'last_name', 'residence_comune'] });

      // Seconds later, within the one-a-minute limit: the request makes progress, so it is answered.
      await s.say('saronno', phone, 'Maria Bianchi');
      expect(await s.reply('saronno', phone, 2)).toMatch(/^Manca: comune di residenza\. Per completare l'iscrizione/);
      expect((await subscriber('saronno', phone)).sub).toBeUndefined();
      const asked = await memory(tenantId, hash);
      expect(asked.details_missing).toEqual(['residence_comune']);
      expect(JSON.stringify(asked)).not.toMatch(/Maria|Bianchi/);

      await s.say('saronno', phone, 'Saronno');
      expect(await s.reply('saronno', phone, 3)).toMatch(/Registrazione avvenuta.*partirà a breve/);
      const joined = await subscriber('saronno', phone);
      expect(joined.sub).toMatchObject({ status: 'active', fields: { first_name: 'Maria', last_name: 'Bianchi', residence_comune: 'Saronno' } });
      expect(evidence(joined.ledger)).toEqual([['opt_in', '⟨residence_comune⟩', 'iscrizione', 1]]);
      // Answered: a later message is no longer read as details.
      expect(await memory(tenantId, hash)).toMatchObject({ details_rule_id: null, details_missing: null, details_requested_at: null });
    });

    it('the same incomplete request again within the minute stays unanswered (a flood or a bot gets one a minute)', async () => {
      const phone = citizen();
      await s.say('saronno', phone, 'Attiva Notizie Maria Bianchi');
      expect(await s.reply('saronno', phone, 1)).toMatch(/^Manca: comune di residenza/);
      await s.say('saronno', phone, 'Attiva Notizie Maria Bianchi');
      await handled((await subscriber('saronno', phone)).hash, 2);
      expect(await s.messagesTo('saronno', phone)).toHaveLength(1);
    });

    it('after the window, or when it is another keyword, a message is what it was before', async () => {
      const late = citizen();
      await s.say('saronno', late, 'Attiva notizie');
      await s.reply('saronno', late, 1);
      const before = await subscriber('saronno', late);
      // The request went out 31 minutes ago: the window is 30.
      await s.db((em) =>
        em.query(
          `update auto_replies set details_requested_at = details_requested_at - interval '31 minutes', last_sent_at = last_sent_at - interval '31 minutes'
            where tenant_id = $1 and phone_hash = $2`,
          [before.tenantId, before.hash],
        ),
      );
      await s.say('saronno', late, 'Maria Bianchi, Saronno');
      await handled(before.hash, 2);
      const after = await subscriber('saronno', late);
      expect(after.sub).toBeUndefined();
      expect(after.ledger).toEqual([]);
      // As before: within the comune's interval the automatic answer is not sent again.
      expect(await s.messagesTo('saronno', late)).toHaveLength(1);

      const other = citizen();
      await s.say('saronno', other, 'Attiva notizie');
      await s.reply('saronno', other, 1);
      await s.say('saronno', other, 'Disattiva Notizie');
      const { hash } = await subscriber('saronno', other);
      await handled(hash, 2);
      const left = await subscriber('saronno', other);
      expect(left.sub).toBeUndefined();
      expect(left.ledger.map((l: any) => [l.action, l.rule_matched])).toEqual([['opt_out', 'cancellazione']]);
    });
  });

  it('Saronno (pre-launch): asks for what is missing, confirms the registration, sends only once live, and erases the number on Disattiva Notizie', async () => {
    const phone = citizen();
    await s.say('saronno', phone, 'Attiva Notizie');
    expect(await s.reply('saronno', phone, 1)).toMatch(/nome.*cognome.*comune di residenza/);
    expect((await subscriber('saronno', phone)).sub).toBeUndefined();

    await s.say('saronno', phone, 'Attiva Notizie Mario Rossi Saronno');
    expect(await s.reply('saronno', phone, 2)).toMatch(/Registrazione avvenuta.*partirà a breve/);
    const joined = await subscriber('saronno', phone);
    expect(joined.sub).toMatchObject({ status: 'active', fields: { first_name: 'Mario', last_name: 'Rossi', residence_comune: 'Saronno' } });
    // The evidence keeps the words of consent, not the name.
    expect(evidence(joined.ledger)).toEqual([['opt_in', 'Attiva Notizie ⟨first_name⟩ ⟨last_name⟩ ⟨residence_comune⟩', 'iscrizione', 1]]);

    // Nothing is sent before the launch; once live, the sign-ups collected receive the news.
    const news = { title: 'Saronno su WhatsApp', body: 'Il servizio @infoSaronno7 è attivo.', priority: 'urgent' };
    const early = (await s.api.http().post('/api/v1/broadcasts').set(as('saronno')).send(news).expect(201)).body;
    expect((await s.api.http().post(`/api/v1/broadcasts/${early.id}/submit`).set(as('saronno')).expect(422)).body.code).toBe('COMUNE_NOT_LIVE');
    expect(await s.messagesTo('saronno', phone)).toHaveLength(2);
    await s.api.http().patch(`/api/v1/platform/comuni/${joined.tenantId}`).set(as('provider')).send({ status: 'active' }).expect(200);
    await s.api.http().post(`/api/v1/broadcasts/${early.id}/submit`).set(as('saronno')).expect(200);
    expect(await s.reply('saronno', phone, 3)).toContain('Il servizio @infoSaronno7 è attivo.');

    await s.say('saronno', phone, 'Disattiva Notizie');
    expect(await s.reply('saronno', phone, 4)).toMatch(/eliminato dall’archivio/);
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
    const welcome = await s.reply('san-giuliano-milanese', phone, 1);
    expect(welcome).toMatch(/Benvenuto in San Giuliano WhatsApp! Due volte alla settimana/);
    expect(welcome).toMatch(/«DISATTIVA EVENTI»/);
    // "The privacy notice is on the town's site" (article).
    expect(welcome).toContain('https://www.comune.sangiulianomilanese.mi.it/privacy-whatsapp');
    const sg = () => subscriber('san-giuliano-milanese', phone);
    expect((await sg()).sub.topics.sort()).toEqual(['allerta_meteo', 'eventi', 'servizi_comunali', 'trasporti_viabilita']);
    await s.say('san-giuliano-milanese', phone, 'DISATTIVA METEO');
    expect(await s.reply('san-giuliano-milanese', phone, 2)).toMatch(/non riceverai più.*Allerta meteo/);
    expect((await sg()).sub.topics.sort()).toEqual(['eventi', 'servizi_comunali', 'trasporti_viabilita']);
    await s.say('san-giuliano-milanese', phone, 'Attiva meteo');
    expect(await s.reply('san-giuliano-milanese', phone, 3)).toMatch(/riceverai anche.*Allerta meteo/);
    expect((await sg()).sub.topics).toContain('allerta_meteo');
    // Asking for help lists the topics and the words that choose them, and the town's real channels.
    await s.say('san-giuliano-milanese', phone, 'Info');
    const help = await s.reply('san-giuliano-milanese', phone, 4);
    expect(help).toContain('Argomenti: Servizi comunali, Trasporti e viabilità, Eventi e Allerta meteo.');
    expect(help).toMatch(/scrivi ad esempio «DISATTIVA SERVIZI COMUNALI», per riaverlo «ATTIVA SERVIZI COMUNALI»/);
    expect(help).toContain('urp@comune.sangiulianomilanese.mi.it');
    expect(help).toContain('App Municipium');
    await s.say('san-giuliano-milanese', phone, 'DISATTIVA');
    expect(await s.reply('san-giuliano-milanese', phone, 5)).toMatch(/cancellato/);
    const left = await sg();
    expect(left.sub.status).toBe('unsubscribed');
    expect(evidence(left.ledger).map(([action, words, rule]) => [action, words, rule])).toEqual([
      ['opt_in', 'ATTIVA', 'iscrizione'],
      ['topics', 'DISATTIVA METEO', 'argomento_allerta_meteo_disattiva'],
      ['topics', 'Attiva meteo', 'argomento_allerta_meteo_attiva'],
      ['opt_out', 'DISATTIVA', 'cancellazione'],
    ]);
  });

  it('a comune that asks for confirmation subscribes only after «SÌ»', async () => {
    await s.api.http().patch('/api/v1/settings/service').set(as('rozzano')).send({ confirmationRequired: true }).expect(200);
    try {
      const phone = citizen();
      await s.say('rozzano', phone, 'Iscrivimi');
      const ask = await s.reply('rozzano', phone, 1);
      expect(ask).toMatch(/rispondi SÌ/);
      expect(ask).toContain('https://www.comune.rozzano.mi.it/privacy');
      expect((await subscriber('rozzano', phone)).sub.status).toBe('pending_confirmation');
      await s.say('rozzano', phone, 'Sì');
      expect(await s.reply('rozzano', phone, 2)).toMatch(/hai accettato di non chiamare/);
      const done = await subscriber('rozzano', phone);
      expect(done.sub.status).toBe('active');
      expect(evidence(done.ledger)).toEqual([
        ['opt_in_requested', 'Iscrivimi', 'iscrizione', 1],
        ['confirm', 'Sì', 'confirm', 1],
      ]);
    } finally {
      await s.api.http().patch('/api/v1/settings/service').set(as('rozzano')).send({ confirmationRequired: false }).expect(200);
    }
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

  it('a marketing stop sent before subscribing still holds once the citizen subscribes, until Meta says they resumed', async () => {
    const phone = citizen();
    const preference = (value: string) =>
      s.sandboxCall('POST', '/_sandbox/user-preferences', { phoneNumberId: s.numberOf('bientina'), from: phone, value });
    await preference('stop');
    await waitFor(async () => (await subscriber('bientina', phone)).ledger.length === 1);
    expect((await subscriber('bientina', phone)).sub).toBeUndefined();
    await s.say('bientina', phone, 'ATTIVA');
    await s.reply('bientina', phone, 1);
    expect((await subscriber('bientina', phone)).sub).toMatchObject({ status: 'active', marketing_opt_out: true });
    await preference('resume');
    await waitFor(async () => (await subscriber('bientina', phone)).sub.marketing_opt_out === false);
    expect((await subscriber('bientina', phone)).ledger.map((l: any) => l.action)).toEqual(['marketing_stop', 'opt_in', 'marketing_resume']);
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

  describe("subscribe and unsubscribe arriving out of order resolve by Meta's timestamps", () => {
    /** Posts a text webhook for Bientina as Meta would, written at `at`, and waits until it is processed. */
    const post = async (phone: string, text: string, at: Date) => {
      const tenantNumber = s.numberOf('bientina');
      const appSecret = (await s.sandboxCall('GET', '/_sandbox/numbers')).find((x: any) => x.phoneNumberId === tenantNumber).appSecret;
      const wamid = `wamid.${randomBytes(6).toString('hex')}`;
      const raw = toMetaJson(
        messagesWebhook(
          { wabaId: '1', phoneNumberId: tenantNumber, displayPhoneNumber: '393665775490' },
          { type: 'text', fromDigits: phone.slice(1), userId: 'IT.9', profileName: 'X', wamid, timestamp: at, text, businessDigits: '39' },
        ),
      );
      const res = await fetch(`${s.apiUrl}/webhooks/whatsapp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signPayload(Buffer.from(raw), appSecret) },
        body: raw,
      });
      expect(res.status).toBe(200);
      await waitFor(async () => {
        const [row] = await s.db((em) => em.query('select processed_at from webhook_events where event_key = $1', [`m:${wamid}`]));
        return row?.processed_at;
      });
    };
    const t = Date.now() - 60_000;

    it('DISATTIVA written after ATTIVA but delivered first: the citizen ends unsubscribed, and is not welcomed', async () => {
      const phone = citizen();
      await post(phone, 'DISATTIVA', new Date(t + 10_000));
      expect(await s.reply('bientina', phone, 1)).toMatch(/Non risulti iscritto/);
      await post(phone, 'ATTIVA', new Date(t));
      const { sub, ledger } = await subscriber('bientina', phone);
      expect(sub).toBeUndefined();
      expect(ledger.map((l: any) => l.action)).toEqual(['opt_out']);
      expect(await s.messagesTo('bientina', phone)).toHaveLength(1);
    });

    it('a subscriber who left and came back, delivered in reverse: the later ATTIVA wins over the older DISATTIVA', async () => {
      const phone = citizen();
      await post(phone, 'ATTIVA', new Date(t));
      await s.reply('bientina', phone, 1);
      await post(phone, 'ATTIVA', new Date(t + 20_000));
      await post(phone, 'DISATTIVA', new Date(t + 10_000));
      const { sub, ledger } = await subscriber('bientina', phone);
      expect(sub.status).toBe('active');
      expect(ledger.map((l: any) => l.action)).toEqual(['opt_in']);
    });

    it('a message delivered after its 24-hour window counts, but gets no free-text answer Meta would refuse', async () => {
      const phone = citizen();
      await post(phone, 'ATTIVA', new Date(Date.now() - 25 * 3_600_000));
      const { sub, ledger } = await subscriber('bientina', phone);
      expect(sub.status).toBe('active');
      expect(ledger.map((l: any) => l.action)).toEqual(['opt_in']);
      await new Promise((r) => setTimeout(r, 300));
      expect(await s.messagesTo('bientina', phone)).toHaveLength(0);
      // Writing again opens a new window: answered at once.
      await post(phone, 'ATTIVA', new Date());
      expect(await s.reply('bientina', phone, 1)).toMatch(/Sei già iscritto/);
    });

    it('DISATTIVA written last but delivered first, then the older ATTIVA: unsubscribed, with both facts in order', async () => {
      const phone = citizen();
      await post(phone, 'ATTIVA', new Date(t));
      await s.reply('bientina', phone, 1);
      await post(phone, 'DISATTIVA', new Date(t + 20_000));
      await post(phone, 'ATTIVA', new Date(t + 10_000));
      const { sub, ledger } = await subscriber('bientina', phone);
      expect(sub.status).toBe('unsubscribed');
      expect(ledger.map((l: any) => [l.action, new Date(l.occurred_at).getTime()])).toEqual([
        ['opt_in', Math.floor(t / 1000) * 1000],
        ['opt_out', Math.floor((t + 20_000) / 1000) * 1000],
      ]);
    });
  });

  it('two comuni sharing a citizen keep fully separate records', async () => {
    const phone = citizen();
    await s.say('bientina', phone, 'ATTIVA');
    await s.say('rozzano', phone, 'Iscrivimi');
    await s.say('saronno', phone, 'Attiva Notizie Anna Verdi Saronno');
    await s.reply('bientina', phone, 1);
    await s.reply('rozzano', phone, 1);
    await s.reply('saronno', phone, 1);
    await s.say('rozzano', phone, 'Cancellami');
    await s.reply('rozzano', phone, 2);
    // Leaving Saronno erases the number there, and only there.
    await s.say('saronno', phone, 'Disattiva Notizie');
    await s.reply('saronno', phone, 2);
    const b = await subscriber('bientina', phone);
    const r = await subscriber('rozzano', phone);
    const sa = await subscriber('saronno', phone);
    expect(b.sub.status).toBe('active');
    expect(r.sub.status).toBe('unsubscribed');
    expect(sa.sub).toBeUndefined();
    expect(b.ledger.map((l: any) => l.action)).toEqual(['opt_in']);
    expect(r.ledger.map((l: any) => l.action)).toEqual(['opt_in', 'opt_out']);
    expect(sa.ledger.map((l: any) => l.action)).toEqual(['opt_in', 'opt_out', 'erase']);
    // Not linkable through the database: each comune hashes the number with its own purpose.
    expect(new Set([b.hash, r.hash, sa.hash].map((h) => h.toString('hex'))).size).toBe(3);
    expect(b.sub.id).not.toBe(r.sub.id);
    const kept = await s.db((em) =>
      em.query('select count(*)::int as n from webhook_events where tenant_id = $1 and citizen_hash = $2 and citizen_phone_enc is not null', [b.tenantId, b.hash]),
    );
    expect(kept[0].n).toBe(1);
  });
});
