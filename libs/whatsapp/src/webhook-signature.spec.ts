import { createHmac } from 'node:crypto';
import { signPayload, toMetaJson, verifySignature } from './webhook-signature';

const secret = 'app-secret-of-comune-di-prova';

describe('signPayload', () => {
  it('is sha256= followed by the lowercase hex HMAC of the raw bytes', () => {
    const body = Buffer.from('{"object":"whatsapp_business_account"}');
    const expected = createHmac('sha256', secret).update(body).digest('hex');
    expect(signPayload(body, secret)).toBe(`sha256=${expected}`);
    expect(signPayload(body, secret)).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it('signs a string and its UTF-8 bytes identically', () => {
    expect(signPayload('Città più bella', secret)).toBe(signPayload(Buffer.from('Città più bella', 'utf8'), secret));
  });
});

describe('verifySignature', () => {
  const italian = Buffer.from(toMetaJson({ text: { body: 'Perché la viabilità è chiusa? Ciao 👋' } }));

  it('accepts the signature of the exact bytes, non-ASCII Italian text included', () => {
    expect(verifySignature(italian, signPayload(italian, secret), secret)).toBe(true);
  });

  it('accepts uppercase hex', () => {
    const header = signPayload(italian, secret);
    expect(verifySignature(italian, `sha256=${header.slice(7).toUpperCase()}`, secret)).toBe(true);
  });

  it('rejects the same JSON re-serialised without Meta escaping (bytes differ)', () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(italian.toString('utf8'))));
    expect(reserialised.equals(italian)).toBe(false);
    expect(verifySignature(reserialised, signPayload(italian, secret), secret)).toBe(false);
  });

  it('rejects a missing header', () => {
    expect(verifySignature(italian, undefined, secret)).toBe(false);
    expect(verifySignature(italian, '', secret)).toBe(false);
  });

  it('rejects a wrong prefix', () => {
    const hex = signPayload(italian, secret).slice(7);
    expect(verifySignature(italian, `sha1=${hex}`, secret)).toBe(false);
    expect(verifySignature(italian, hex, secret)).toBe(false);
    expect(verifySignature(italian, `SHA256=${hex}`, secret)).toBe(false);
  });

  it('rejects a wrong length or non-hex digest without throwing', () => {
    const hex = signPayload(italian, secret).slice(7);
    expect(verifySignature(italian, `sha256=${hex.slice(0, 62)}`, secret)).toBe(false);
    expect(verifySignature(italian, `sha256=${hex}00`, secret)).toBe(false);
    expect(verifySignature(italian, `sha256=${'z'.repeat(64)}`, secret)).toBe(false);
    expect(verifySignature(italian, 'sha256=', secret)).toBe(false);
  });

  it('rejects a tampered body', () => {
    const header = signPayload(italian, secret);
    const tampered = Buffer.from(italian);
    tampered[10] = tampered[10] ^ 1;
    expect(verifySignature(tampered, header, secret)).toBe(false);
  });

  it('rejects a signature made with another secret, and an empty secret', () => {
    expect(verifySignature(italian, signPayload(italian, 'other'), secret)).toBe(false);
    expect(verifySignature(italian, signPayload(italian, ''), '')).toBe(false);
  });
});

describe('toMetaJson', () => {
  it('escapes non-ASCII as lowercase \\u sequences and stays parseable to the same value', () => {
    const value = { a: 'äöå è', emoji: '👋' };
    const json = toMetaJson(value);
    expect(json).toBe('{"a":"\\u00e4\\u00f6\\u00e5 \\u00e8","emoji":"\\ud83d\\udc4b"}');
    expect(JSON.parse(json)).toEqual(value);
    expect([...json].every((ch) => ch.charCodeAt(0) < 0x7f)).toBe(true);
  });
});
