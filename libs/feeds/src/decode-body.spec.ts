import { decodeBody, isPrivateAddress } from './fetch-feed';

describe('decodeBody', () => {
  const latin1 = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><rss><channel><title>Citt\xe0</title></channel></rss>', 'latin1');
  it('honours the XML declaration (Latin-1 feeds of older comuni sites)', () => expect(decodeBody(latin1, 'text/xml')).toContain('Città'));
  it('the Content-Type charset wins over the declaration', () => {
    expect(decodeBody(Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><t>Città</t>', 'utf8'), 'application/rss+xml; charset=utf-8')).toContain('Città');
  });
  it('defaults to UTF-8 and refuses an unknown charset with a clear message', () => {
    expect(decodeBody(Buffer.from('<t>è</t>'), undefined)).toBe('<t>è</t>');
    expect(() => decodeBody(Buffer.from('<t/>'), 'text/xml; charset=klingon')).toThrow('codifica dei caratteri non supportata (klingon)');
  });
});

describe('isPrivateAddress', () => {
  it.each(['127.0.0.1', '10.1.2.3', '192.168.1.1', '172.20.0.1', '169.254.169.254', '::1', 'fd00::1', '::ffff:127.0.0.1'])('%s is private', (a) =>
    expect(isPrivateAddress(a)).toBe(true),
  );
  it.each(['93.184.216.34', '2a00:1450:4002::1'])('%s is public', (a) => expect(isPrivateAddress(a)).toBe(false));
});
