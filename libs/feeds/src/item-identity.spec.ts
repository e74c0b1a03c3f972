import { absoluteLink, entryKeys, normalizeGuid, normalizeLink } from './item-identity';

describe('item identity', () => {
  it.each([
    ['https://www.comune.cormano.mi.it/notizie/a/', 'comune.cormano.mi.it/notizie/a'],
    ['HTTP://Comune.Cormano.MI.it/Notizie/A?utm_source=rss&utm_medium=x#commenti', 'comune.cormano.mi.it/notizie/a'],
    ['https://comune.it/n?id=4&fbclid=abc&page=2', 'comune.it/n?id=4&page=2'],
    ['https://comune.it/n?page=2&id=4', 'comune.it/n?id=4&page=2'],
    ['https://comune.it:8443/n', 'comune.it:8443/n'],
  ])('normalizeLink(%s) = %s', (raw, expected) => expect(normalizeLink(raw)).toBe(expected));

  it('is null for what is not an http(s) link', () => {
    expect(normalizeLink('javascript:alert(1)')).toBeNull();
    expect(normalizeLink('non un link')).toBeNull();
    expect(normalizeLink(null)).toBeNull();
  });

  it('GUIDs: case, spaces and URL cosmetics do not matter', () => {
    expect(normalizeGuid('  4711 AT https://www.comune.it ')).toBe('4711 at https://www.comune.it');
    expect(normalizeGuid('https://WWW.comune.it/a/')).toBe(normalizeGuid('http://comune.it/a'));
    expect(normalizeGuid('  ')).toBeNull();
  });

  it('the same entry with a rewritten date, a GUID in other case and a tracked link keeps its keys', () => {
    const a = entryKeys({ guid: 'SGM-2023-118', link: 'https://comune.it/a', title: 'Uno' });
    const b = entryKeys({ guid: 'sgm-2023-118 ', link: 'https://www.comune.it/a/?utm_campaign=x', title: 'Uno (aggiornato)' });
    expect(b).toEqual(a);
    expect(a.itemKey).toMatch(/^[0-9a-f]{64}$/);
  });

  it('different GUIDs are different entries; without a GUID the link decides, without a link the title', () => {
    expect(entryKeys({ guid: 'a', link: null, title: 'x' }).itemKey).not.toBe(entryKeys({ guid: 'b', link: null, title: 'x' }).itemKey);
    expect(entryKeys({ guid: null, link: 'https://c.it/a', title: 'x' }).itemKey).toBe(entryKeys({ guid: null, link: 'https://c.it/a/', title: 'y' }).itemKey);
    expect(entryKeys({ guid: null, link: null, title: 'Avviso  Neve' }).itemKey).toBe(entryKeys({ guid: null, link: null, title: 'avviso neve' }).itemKey);
    expect(entryKeys({ guid: null, link: null, title: 'Avviso', contentHtml: 'Neve' }).itemKey).not.toBe(
      entryKeys({ guid: null, link: null, title: 'Avviso', contentHtml: 'Ghiaccio' }).itemKey,
    );
    expect(entryKeys({ guid: null, link: null, title: 'x' }).linkKey).toBeNull();
  });
});

describe('absoluteLink', () => {
  it('resolves relative links against the feed and keeps only http(s)', () => {
    expect(absoluteLink('/notizie/a', 'https://www.comune.it/rss.xml')).toBe('https://www.comune.it/notizie/a');
    expect(absoluteLink(' https://altro.it/x ', 'https://www.comune.it/rss.xml')).toBe('https://altro.it/x');
    expect(absoluteLink('javascript:alert(1)', 'https://www.comune.it/rss.xml')).toBeNull();
    expect(absoluteLink('mailto:urp@comune.it', 'https://www.comune.it/rss.xml')).toBeNull();
    expect(absoluteLink(null, 'https://www.comune.it/rss.xml')).toBeNull();
  });
});
