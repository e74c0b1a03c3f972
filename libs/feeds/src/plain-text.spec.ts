import { renderTemplateParams } from '@bacheca/delivery';
import { CORMANO, NASTY } from '../test/samples';
import { clipWords, entryBulletin, htmlToPlainText, SUMMARY_MAX, TITLE_MAX } from './plain-text';

describe('htmlToPlainText', () => {
  it('drops scripts, styles, iframes, images and link targets; decodes entities, also escaped twice', () => {
    const text = htmlToPlainText(NASTY.html);
    expect(text).toBe('Caffè e cornetto: l’Ufficio Tributi è aperto. Leggi');
    expect(text).not.toMatch(/alert|color|evil|javascript|</);
  });

  it('decodes named and numeric entities in titles and removes invisible characters', () => {
    expect(htmlToPlainText(NASTY.title)).toBe('Scadenze TARI: l’avviso è online');
    expect(htmlToPlainText('Zona\u200b30\u0007 in via Dante')).toBe('Zona 30 in via Dante');
  });

  it('drops broken characters (a lone surrogate from a bad entity) but keeps whole emoji', () => {
    expect(htmlToPlainText('Neve&#xD800; in arrivo ❄️ &#x1F328;')).toBe('Neve in arrivo ❄️ 🌨');
  });

  it('composes accents (NFC) and collapses whitespace and line breaks', () => {
    expect(htmlToPlainText('<p>Viabilita\u0300</p>\n\n<p>  e   sosta </p>')).toBe('Viabilità e sosta');
  });
});

describe('clipWords', () => {
  it('cuts at a word boundary with an ellipsis, within the limit', () => {
    const c = clipWords('Chiusura della strada provinciale per lavori urgenti', 30);
    expect(c.length).toBeLessThanOrEqual(30);
    expect(c).toBe('Chiusura della strada…');
  });
  it('never leaves half an emoji', () => {
    const c = clipWords(`${'a'.repeat(9)}😀😀`, 11);
    expect(c).toBe(`${'a'.repeat(9)}…`);
  });
});

describe('entryBulletin', () => {
  it('title, short plain summary and the link', () => {
    const b = entryBulletin({ title: CORMANO.title, contentHtml: CORMANO.html, link: CORMANO.link });
    expect(b.title).toBe(CORMANO.title);
    expect(b.body).toBe(
      'Il Comune sempre più connesso per migliorare la comunicazione verso i cittadini. Basta salvare il numero 335 6528217 e inviare «ATTIVA INFORMAZIONI CORMANO».\n\n' +
        CORMANO.link,
    );
  });

  it('keeps the link whole and fits the template: a long article shrinks to a summary', () => {
    const link = `https://www.comune.cormano.mi.it/notizie/${'lungo-'.repeat(40)}`;
    const template = { fixedTextLength: 'Comune di San Giuliano Milanese informa: '.length, paramCount: 1 };
    const b = entryBulletin({ title: 'T'.repeat(300), contentHtml: `<p>${'parola '.repeat(2000)}</p>`, link }, template);
    expect(b.title.length).toBeLessThanOrEqual(TITLE_MAX);
    expect(b.body.endsWith(link)).toBe(true);
    const summary = b.body.slice(0, b.body.length - link.length - 2);
    expect(summary.length).toBeLessThanOrEqual(SUMMARY_MAX);
    expect(summary.endsWith('…')).toBe(true);
    const rendered = renderTemplateParams(`*${b.title}*\n\n${b.body}`, { paramCount: 1, fixedTextLength: template.fixedTextLength, maxParamLength: 1024 });
    expect(rendered.truncated).toBe(false);
    expect(rendered.bodyLength).toBeLessThanOrEqual(1024);
  });

  it('with a three-parameter template the whole still fits', () => {
    const b = entryBulletin({ title: 'Avviso', contentHtml: 'x '.repeat(3000), link: 'https://x.it/a' }, { fixedTextLength: 300, paramCount: 3 });
    const rendered = renderTemplateParams(`*${b.title}*\n\n${b.body}`, { paramCount: 3, fixedTextLength: 300, maxParamLength: 1024 });
    expect(rendered.truncated).toBe(false);
    expect(b.body.endsWith('https://x.it/a')).toBe(true);
  });

  it('an entry with no text and no title still makes a valid bulletin; an absurd link is dropped', () => {
    const b = entryBulletin({ title: '  ', contentHtml: '<script>x</script>', link: `https://x.it/${'a'.repeat(2000)}` });
    expect(b).toEqual({ title: 'Notizia dal sito del Comune', body: 'Notizia dal sito del Comune' });
  });
});
