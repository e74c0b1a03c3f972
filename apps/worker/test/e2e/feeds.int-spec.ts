import { BIENTINA, CORMANO, rss, SAN_GIULIANO } from '../../../../libs/feeds/test/samples';
import { FeedServer } from '../../../../libs/feeds/test/feed-server';
import { Stack, waitFor } from './stack';

/** News published on the town's website reach subscribers' phones through the worker's polling. */
describe('town website news to WhatsApp', () => {
  let s: Stack;
  let site: FeedServer;
  let token: string;
  const api = () => s.api.http();
  const as = () => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    s = await Stack.start({ FEED_ALLOW_PRIVATE_NETWORKS: 'true', FEED_POLL_TICK_S: '1' });
    site = await FeedServer.start();
    token = (await api().post('/api/v1/auth/login').send({ email: 'admin@cormano.bacheca.local', password: 'demo-password-123' }).expect(200)).body.accessToken;
  }, 60_000);
  afterAll(async () => {
    await s.stop();
    await site.close();
  });

  const feed = async (id: string) => (await api().get(`/api/v1/feeds/${id}`).set(as()).expect(200)).body;
  /** The worker polls on its own; a new feed is due at once and notes what the site already had. */
  const addFeed = async (path: string, mode: 'auto' | 'review') => {
    const url = site.publish(path, rss([SAN_GIULIANO]));
    const created = (await api().post('/api/v1/feeds').set(as()).send({ name: `Notizie (${mode})`, url, mode, pollIntervalMinutes: 1 }).expect(201)).body;
    await waitFor(async () => (await feed(created.id)).lastSuccessAt, 15_000);
    expect((await feed(created.id)).items).toEqual([expect.objectContaining({ outcome: 'baseline' })]);
    return created;
  };
  // Standing in for the minute of the feed's interval: the next poll is due now.
  const dueNow = (id: string) => s.db((em) => em.query(`update feeds set next_poll_at = now() where id = $1`, [id]));

  it('automatic mode: a new item on the local feed reaches the sandbox phone of a Cormano subscriber, once', async () => {
    const citizen = '+393471112233';
    await s.say('cormano', citizen, 'ATTIVA INFORMAZIONI CORMANO');
    await s.reply('cormano', citizen, 1);
    const auto = await addFeed('/cormano/notizie.xml', 'auto');

    site.publish('/cormano/notizie.xml', rss([CORMANO, SAN_GIULIANO]));
    await dueNow(auto.id);
    const news = await waitFor(async () => {
      const messages = await s.messagesTo('cormano', citizen);
      return messages.find((m) => JSON.stringify(m.body).includes('Cormano, il Comune attiva un servizio WhatsApp'));
    }, 20_000);
    expect(news.type).toBe('text');
    expect(news.body.text!.body).toBe(
      `*${CORMANO.title}*\n\nIl Comune sempre più connesso per migliorare la comunicazione verso i cittadini. Basta salvare il numero 335 6528217 e inviare «ATTIVA INFORMAZIONI CORMANO».\n\n${CORMANO.link}`,
    );
    const health = await feed(auto.id);
    expect(health).toMatchObject({ itemsImported: 1, lastError: null, failures: 0 });
    expect(health.items.find((i: { title: string }) => i.title === CORMANO.title).outcome).toBe('scheduled');

    // The next polls (the site unchanged, then republishing it with fresh dates) send nothing more.
    site.publish('/cormano/notizie.xml', rss([{ ...CORMANO, pubDate: 'Wed, 03 Dec 2026 08:00:00 +0100', guid: CORMANO.guid!.toUpperCase() }, SAN_GIULIANO]));
    const asked = new Date().toISOString();
    await dueNow(auto.id);
    await waitFor(async () => ((await feed(auto.id)).lastFetchedAt ?? '') > asked, 15_000);
    const bulletins = (await api().get('/api/v1/broadcasts').set(as()).expect(200)).body.filter((b: { title: string }) => b.title === CORMANO.title);
    expect(bulletins).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 1000));
    const copies = (await s.messagesTo('cormano', citizen)).filter((m) => JSON.stringify(m.body).includes(CORMANO.title));
    expect(copies).toHaveLength(1);
  });

  it('review mode: a new item lands as a draft for staff and reaches no phone', async () => {
    const citizen = '+393471112244';
    await s.say('cormano', citizen, 'ATTIVA INFORMAZIONI CORMANO');
    await s.reply('cormano', citizen, 1);
    const review = await addFeed('/cormano/avvisi.xml', 'review');

    site.publish('/cormano/avvisi.xml', rss([BIENTINA, SAN_GIULIANO]));
    await dueNow(review.id);
    const draft = await waitFor(async () => {
      const drafts = (await api().get('/api/v1/broadcasts?status=draft').set(as()).expect(200)).body;
      return drafts.find((b: { title: string }) => b.title === BIENTINA.title);
    }, 20_000);
    expect(draft.body).toContain(BIENTINA.link);
    expect((await feed(review.id)).items.find((i: { title: string }) => i.title === BIENTINA.title)).toMatchObject({ outcome: 'draft', broadcastId: draft.id });
    await new Promise((r) => setTimeout(r, 1500));
    const received = (await s.messagesTo('cormano', citizen)).filter((m) => JSON.stringify(m.body).includes(BIENTINA.title));
    expect(received).toHaveLength(0);
  });
});
