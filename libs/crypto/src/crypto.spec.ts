import { randomBytes } from 'node:crypto';
import { BlindIndex } from './blind-index';
import { SecretBox } from './secret-box';

const key = () => randomBytes(32).toString('base64');

describe('SecretBox', () => {
  const box = new SecretBox(key());

  it('round-trips text, accents included, with a fresh iv each time', () => {
    const a = box.seal('token-è-così', 'number:1:token');
    const b = box.seal('token-è-così', 'number:1:token');
    expect(a.equals(b)).toBe(false);
    expect(box.open(a, 'number:1:token')).toBe('token-è-così');
    expect(a.includes(Buffer.from('token'))).toBe(false);
  });

  it('refuses a ciphertext moved to another context', () => {
    const sealed = box.seal('secret', 'number:1:token');
    expect(() => box.open(sealed, 'number:2:token')).toThrow();
  });

  it('refuses a tampered ciphertext and another key', () => {
    const sealed = box.seal('secret', 'c');
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] ^= 1;
    expect(() => box.open(tampered, 'c')).toThrow();
    expect(() => new SecretBox(key()).open(sealed, 'c')).toThrow();
    expect(() => box.open(Buffer.from([9, 1, 2]), 'c')).toThrow(/format/);
  });

  it('refuses a key of the wrong size', () => {
    expect(() => new SecretBox(randomBytes(16).toString('base64'))).toThrow(/32-byte/);
  });
});

describe('BlindIndex', () => {
  it('is stable for a value, differs by key and by purpose', () => {
    const k = key();
    const a = new BlindIndex(k);
    expect(a.of('phone', '+393331234567').equals(new BlindIndex(k).of('phone', '+393331234567'))).toBe(true);
    expect(a.of('phone', '+393331234567').equals(a.of('phone', '+393331234568'))).toBe(false);
    expect(a.of('phone', '+393331234567').equals(new BlindIndex(key()).of('phone', '+393331234567'))).toBe(false);
    expect(a.of('phone', 'x').equals(a.of('email', 'x'))).toBe(false);
  });
});
