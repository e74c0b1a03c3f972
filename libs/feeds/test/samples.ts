/**
 * Feeds shaped like those of Italian comuni sites (Drupal / WordPress / "Comunweb" RSS, Atom from
 * Municipium-like platforms), with titles from the seed articles in shared/seeds.
 */
export interface SampleItem {
  guid?: string;
  link: string;
  title: string;
  html: string;
  pubDate?: string;
  categories?: string[];
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function rss(items: SampleItem[], opts: { title?: string; escapeHtml?: boolean } = {}): string {
  const body = items
    .map(
      (i) => `
    <item>
      <title>${escape(i.title)}</title>
      <link>${escape(i.link)}</link>
      ${opts.escapeHtml ? `<description>${escape(i.html)}</description>` : `<description><![CDATA[${i.html}]]></description>`}
      ${(i.categories ?? []).map((c) => `<category>${escape(c)}</category>`).join('')}
      <pubDate>${i.pubDate ?? 'Tue, 25 Feb 2020 09:30:00 +0100'}</pubDate>
      ${i.guid ? `<guid isPermaLink="false">${escape(i.guid)}</guid>` : ''}
    </item>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xml:base="https://www.comune.cormano.mi.it/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>${escape(opts.title ?? 'Comune di Cormano - Notizie')}</title>
    <link>https://www.comune.cormano.mi.it/</link>
    <description>Le notizie del Comune di Cormano</description>
    <language>it</language>${body}
  </channel>
</rss>`;
}

export function atom(items: SampleItem[]): string {
  const body = items
    .map(
      (i) => `
  <entry>
    <title type="html">${escape(i.title)}</title>
    <link rel="alternate" type="text/html" href="${escape(i.link)}"/>
    <id>${escape(i.guid ?? i.link)}</id>
    <published>${i.pubDate ?? '2023-12-01T10:00:00+01:00'}</published>
    <updated>${i.pubDate ?? '2023-12-01T10:00:00+01:00'}</updated>
    ${(i.categories ?? []).map((c) => `<category term="${escape(c.toLowerCase())}" label="${escape(c)}"/>`).join('')}
    <summary type="html">${escape(i.html)}</summary>
  </entry>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="it">
  <title>Comune di Bientina</title>
  <id>https://www.comune.bientina.pi.it/feed</id>
  <updated>2023-12-01T10:00:00+01:00</updated>
  <link rel="self" href="https://www.comune.bientina.pi.it/feed.atom"/>${body}
</feed>`;
}

export const CORMANO: SampleItem = {
  guid: '4711 at https://www.comune.cormano.mi.it',
  link: 'https://www.comune.cormano.mi.it/notizie/servizio-whatsapp?utm_source=rss&utm_medium=feed',
  title: 'Cormano, il Comune attiva un servizio WhatsApp per comunicare con i cittadini',
  html: '<p>Il Comune sempre più connesso per migliorare la comunicazione verso i cittadini. Basta salvare il numero 335&nbsp;6528217 e inviare &laquo;ATTIVA INFORMAZIONI CORMANO&raquo;.</p>',
  categories: ['Comunicazione', 'Servizi al cittadino'],
};

export const BIENTINA: SampleItem = {
  guid: 'https://www.comune.bientina.pi.it/notizie/whatsapp',
  link: 'https://www.comune.bientina.pi.it/notizie/whatsapp',
  title: 'A Bientina ora le notizie corrono via Whatsapp',
  html: '<p>Anche a Bientina arriva il Servizio Whatsapp per informare i cittadini sulle attività dell&#8217;amministrazione e sulle notizie di pubblica utilità.</p>',
  categories: ['Notizie'],
};

export const SAN_GIULIANO: SampleItem = {
  guid: 'SGM-2023-118',
  link: 'https://www.comune.sangiulianomilanese.mi.it/novita/san-giuliano-sbarca-su-whatsapp',
  title: 'SAN GIULIANO SBARCA SU WHATSAPP',
  html: '<p>Attivando il servizio, i cittadini riceveranno due volte alla settimana informazioni su servizi comunali, trasporti e viabilità, eventi, allerta meteo.</p>',
  categories: ['Viabilità', 'Eventi'],
};

/** HTML as some CMSs emit it: a script, a style, entities escaped twice, odd spacing. */
export const NASTY: SampleItem = {
  guid: 'nasty-1',
  link: 'https://www.comune.rozzano.mi.it/notizie/scadenze-tari',
  title: 'Scadenze TARI: l&#8217;avviso &egrave; online',
  html:
    '<div><script>alert("x")</script><style>p{color:red}</style><p>Caff&egrave;&amp;nbsp;e&nbsp;  cornetto:\u200b l&#8217;Ufficio&#160;Tributi &amp;egrave; aperto.</p>' +
    '<img src="x" onerror="alert(1)"><a href="javascript:alert(1)">Leggi</a><iframe src="https://evil.example"></iframe></div>',
};
