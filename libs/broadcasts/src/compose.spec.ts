import { bulletinText, compose, TemplateParts } from './compose';

const now = new Date('2026-11-23T10:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600_000);
const bulletin = { title: 'Chiusura via Roma', body: 'Da lunedì lavori sulla rete idrica.\nDeviazione per via Dante.', mediaUrl: null, mediaKind: null };
const template: TemplateParts = { name: 'avviso_comune', language: 'it', category: 'UTILITY', body: 'Avviso dal Comune: {{1}}', paramCount: 1, unsubscribeButton: true };

describe('compose: what one citizen receives', () => {
  it('inside the 24-hour window: free text with the title in bold', () => {
    const c = compose(bulletin, template, { lastInboundAt: hoursAgo(2), marketingOptOut: false }, now);
    expect(c).toEqual({ outgoing: { kind: 'text', body: bulletinText(bulletin), previewUrl: true } });
    expect(bulletinText(bulletin)).toBe('*Chiusura via Roma*\n\nDa lunedì lavori sulla rete idrica.\nDeviazione per via Dante.');
  });

  it('outside the window: the template, with no line break in its parameter and the Disattiva button', () => {
    const c = compose(bulletin, template, { lastInboundAt: hoursAgo(30), marketingOptOut: false }, now);
    if (!('outgoing' in c) || c.outgoing.kind !== 'template') throw new Error('expected a template');
    expect(c.outgoing.name).toBe('avviso_comune');
    expect(c.outgoing.bodyParams).toHaveLength(1);
    expect(c.outgoing.bodyParams[0]).not.toMatch(/[\n\t]| {5,}/);
    expect(c.outgoing.bodyParams[0]).toContain('Chiusura via Roma');
    expect(c.outgoing.quickReplyPayloads).toEqual(['UNSUBSCRIBE']);
  });

  it('a citizen who never wrote gets the template too', () => {
    const c = compose(bulletin, template, { lastInboundAt: null, marketingOptOut: false }, now);
    expect('outgoing' in c && c.outgoing.kind).toBe('template');
  });

  it('close to the end of the window, switches to the template to be safe', () => {
    const c = compose(bulletin, template, { lastInboundAt: hoursAgo(23.95), marketingOptOut: false }, now);
    expect('outgoing' in c && c.outgoing.kind).toBe('template');
  });

  it('without an approved template, the citizen outside the window is skipped with a reason', () => {
    expect(compose(bulletin, undefined, { lastInboundAt: null, marketingOptOut: false }, now)).toEqual({ skip: expect.stringMatching(/modello/) });
  });

  it('a marketing template is not sent to a citizen who stopped marketing messages; a utility one is', () => {
    const marketing = { ...template, category: 'MARKETING' as const };
    expect('skip' in compose(bulletin, marketing, { lastInboundAt: null, marketingOptOut: true }, now)).toBe(true);
    expect('outgoing' in compose(bulletin, template, { lastInboundAt: null, marketingOptOut: true }, now)).toBe(true);
  });

  it('fits a long bulletin into the 1,024-character template body', () => {
    const long = { ...bulletin, body: 'parola '.repeat(400) };
    const c = compose(long, template, { lastInboundAt: null, marketingOptOut: false }, now);
    if (!('outgoing' in c) || c.outgoing.kind !== 'template') throw new Error('expected a template');
    expect(c.outgoing.bodyParams[0].length + 'Avviso dal Comune: '.length).toBeLessThanOrEqual(1024);
    expect(c.outgoing.bodyParams[0].endsWith('…')).toBe(true);
  });

  it('inside the window, a document goes with its caption and file name', () => {
    const doc = { ...bulletin, mediaUrl: 'https://www.comune.it/files/Ordinanza%2012.pdf', mediaKind: 'document' as const };
    const c = compose(doc, template, { lastInboundAt: hoursAgo(1), marketingOptOut: false }, now);
    expect(c).toEqual({ outgoing: { kind: 'document', link: doc.mediaUrl, caption: expect.stringContaining('*Chiusura via Roma*'), filename: 'Ordinanza 12.pdf' } });
  });
});
