import { atom, BIENTINA, CORMANO, NASTY, rss, SAN_GIULIANO } from '../test/samples';
import { MAX_ENTRIES, parseFeed } from './feed-parser';

describe('parseFeed', () => {
  it('reads an RSS 2.0 feed of a comune: guid, link, title, HTML, categories, date', () => {
    const parsed = parseFeed(rss([CORMANO, SAN_GIULIANO]));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.format).toBe('rss');
    expect(parsed.title).toBe('Comune di Cormano - Notizie');
    expect(parsed.entries).toHaveLength(2);
    expect(parsed.entries[0]).toEqual({
      guid: CORMANO.guid,
      link: CORMANO.link,
      title: CORMANO.title,
      contentHtml: CORMANO.html,
      categories: ['Comunicazione', 'Servizi al cittadino'],
      publishedAt: new Date('2020-02-25T08:30:00Z'),
    });
    expect(parsed.entries[1].categories).toEqual(['Viabilità', 'Eventi']);
  });

  it('reads entity-escaped HTML descriptions the same as CDATA ones', () => {
    const parsed = parseFeed(rss([CORMANO], { escapeHtml: true }));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.entries[0].contentHtml).toContain('<p>Il Comune');
  });

  it('reads an Atom feed: alternate link, id, summary, category labels', () => {
    const parsed = parseFeed(atom([BIENTINA]));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.format).toBe('atom');
    expect(parsed.entries[0]).toMatchObject({
      guid: BIENTINA.guid,
      link: BIENTINA.link,
      title: BIENTINA.title,
      categories: ['Notizie'],
      publishedAt: new Date('2023-12-01T09:00:00Z'),
    });
    expect(parsed.entries[0].contentHtml).toContain('dell&#8217;amministrazione');
  });

  it('keeps numeric GUIDs as text (no lost leading zeros) and leaves HTML entities in XML text to the HTML step', () => {
    const xml = `<rss version="2.0"><channel><title>T</title><item><title>Caff&egrave; in piazza</title><guid>000123</guid><link>https://x.it/a</link><pubDate>non una data</pubDate></item></channel></rss>`;
    const parsed = parseFeed(xml);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.entries[0]).toMatchObject({ guid: '000123', title: 'Caff&egrave; in piazza', publishedAt: null, categories: [] });
  });

  it('reads Atom xhtml content as its text', () => {
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><id>a</id><title>Avviso</title><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Strada <b>chiusa</b></p></div></content></entry></feed>`;
    const parsed = parseFeed(xml);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.entries[0].contentHtml).toMatch(/Strada.*chiusa/);
  });

  it('refuses malformed XML with the line and column', () => {
    const parsed = parseFeed('<rss version="2.0"><channel>\n<item><title>Rotto</channel></rss>');
    expect(parsed).toEqual({ ok: false, error: expect.stringMatching(/^Il feed non è XML valido \(riga 2, colonna \d+\)\.$/) });
  });

  it('refuses entity declarations (billion laughs) before parsing', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><rss><channel><item><title>&lol2;</title></item></channel></rss>`;
    expect(parseFeed(bomb)).toEqual({ ok: false, error: expect.stringContaining('entità XML') });
  });

  it('refuses HTML pages, empty bodies and other XML', () => {
    expect(parseFeed('')).toEqual({ ok: false, error: 'Il feed è vuoto.' });
    expect(parseFeed('<html><body><p>Benvenuti</p></body></html>')).toEqual({ ok: false, error: 'Il documento non è un feed RSS 2.0 o Atom.' });
    expect(parseFeed('<!DOCTYPE html><html><body><br></body></html>').ok).toBe(false);
  });

  it('reads at most MAX_ENTRIES entries of a long feed', () => {
    const items = Array.from({ length: MAX_ENTRIES + 50 }, (_, i) => ({ ...NASTY, guid: `n${i}` }));
    const parsed = parseFeed(rss(items));
    expect(parsed.ok && parsed.entries.length).toBe(MAX_ENTRIES);
  });

  it('an empty channel is a valid feed with no entries', () => {
    expect(parseFeed(rss([]))).toMatchObject({ ok: true, entries: [] });
  });
});
