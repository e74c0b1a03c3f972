import { randomBytes } from 'node:crypto';
import { sealLegacy } from '@bacheca/testing';
import { BlindIndex } from './blind-index';
import { citizenPhoneCodec } from './citizen-phone';
import { keyIdOf, readSealedHeader, SEALED_HEADER_BYTES, SealedValueError, SecretBox } from './secret-box';

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
    expect(() => new SecretBox(key(), [randomBytes(31).toString('base64')])).toThrow(/32-byte/);
  });
});

describe('SecretBox sealed format and key rotation', () => {
  const a = key();
  const b = key();
  const c = key();

  it('names the sealing key in every new value (format 2), and the id is stable per key', () => {
    const box = new SecretBox(a);
    const sealed = box.seal('+393331234567', 'citizen_phone:t1');
    expect(sealed[0]).toBe(2);
    expect(readSealedHeader(sealed)).toEqual({ format: 'keyed', keyId: box.keyId });
    expect(box.keyId).toBe(keyIdOf(Buffer.from(a, 'base64')));
    expect(box.keyId).toMatch(/^[0-9a-f]{8}$/);
    expect(new SecretBox(b).keyId).not.toBe(box.keyId);
    expect(box.currentHeader.equals(sealed.subarray(0, SEALED_HEADER_BYTES))).toBe(true);
    expect(box.isCurrent(sealed)).toBe(true);
  });

  it('still opens values sealed before key ids (format 1), under the current or a previous key', () => {
    const legacy = sealLegacy(a, 'token-è', 'number:1:token');
    expect(readSealedHeader(legacy)).toEqual({ format: 'legacy' });
    expect(new SecretBox(a).open(legacy, 'number:1:token')).toBe('token-è');
    expect(new SecretBox(b, [c, a]).open(legacy, 'number:1:token')).toBe('token-è');
    expect(new SecretBox(a).isCurrent(legacy)).toBe(false);
  });

  it('opens values of a previous key while sealing under the current one', () => {
    const old = new SecretBox(a).seal('secret', 'ctx');
    const rotating = new SecretBox(b, [a]);
    expect(rotating.open(old, 'ctx')).toBe('secret');
    expect(rotating.isCurrent(old)).toBe(false);
    const fresh = rotating.seal('secret', 'ctx');
    expect(readSealedHeader(fresh)).toEqual({ format: 'keyed', keyId: rotating.keyId });
    expect(rotating.keyIds).toEqual([keyIdOf(Buffer.from(b, 'base64')), keyIdOf(Buffer.from(a, 'base64'))]);
  });

  it('reseals old and legacy values under the current key, and leaves current ones as they are', () => {
    const rotating = new SecretBox(b, [a]);
    for (const old of [new SecretBox(a).seal('x', 'ctx'), sealLegacy(a, 'x', 'ctx')]) {
      const moved = rotating.reseal(old, 'ctx');
      expect(rotating.isCurrent(moved)).toBe(true);
      expect(new SecretBox(b).open(moved, 'ctx')).toBe('x');
      expect(() => new SecretBox(a).open(moved, 'ctx')).toThrow(SealedValueError);
    }
    const current = rotating.seal('x', 'ctx');
    expect(rotating.reseal(current, 'ctx')).toBe(current);
    expect(() => rotating.reseal(new SecretBox(a).seal('x', 'ctx'), 'other')).toThrow(/another context/);
  });

  it('says which key a value needs when no configured key is it', () => {
    const underA = new SecretBox(a).seal('x', 'ctx');
    const idA = keyIdOf(Buffer.from(a, 'base64'));
    expect(() => new SecretBox(b).open(underA, 'ctx')).toThrow(new RegExp(`key ${idA}.*ENCRYPTION_KEY_PREVIOUS`));
    expect(() => new SecretBox(b, [c]).open(sealLegacy(a, 'x', 'ctx'), 'ctx')).toThrow(/format 1.*ENCRYPTION_KEY_PREVIOUS/);
  });

  it('detects tampering with the ciphertext, the tag, the key id or the format byte', () => {
    const box = new SecretBox(b, [a]);
    const sealed = box.seal('secret', 'ctx');
    const flip = (at: number) => {
      const t = Buffer.from(sealed);
      t[at] ^= 1;
      return t;
    };
    expect(() => box.open(flip(sealed.length - 1), 'ctx')).toThrow(/altered/);
    expect(() => box.open(flip(SEALED_HEADER_BYTES + 12), 'ctx')).toThrow(/altered/);
    expect(() => box.open(flip(1), 'ctx')).toThrow(SealedValueError);
    // A format-2 value stripped of its key id, posing as format 1, does not open: the header is authenticated.
    const posing = Buffer.concat([Buffer.from([1]), sealed.subarray(SEALED_HEADER_BYTES)]);
    expect(() => box.open(posing, 'ctx')).toThrow(/format 1/);
    const legacy = sealLegacy(a, 'secret', 'ctx');
    legacy[legacy.length - 1] ^= 1;
    expect(() => box.open(legacy, 'ctx')).toThrow(/format 1/);
    expect(() => box.open(Buffer.from([2, 1, 2, 3]), 'ctx')).toThrow(/format/);
  });

  it('keeps the citizen codec opening numbers across a rotation', () => {
    const index = new BlindIndex(key());
    const before = citizenPhoneCodec(new SecretBox(a), index, 't1');
    const during = citizenPhoneCodec(new SecretBox(b, [a]), index, 't1');
    expect(during.open(before.seal('+393331234567'))).toBe('+393331234567');
    expect(during.hash('+393331234567').equals(before.hash('+393331234567'))).toBe(true);
    expect(() => citizenPhoneCodec(new SecretBox(b, [a]), index, 't2').open(before.seal('+393331234567'))).toThrow(SealedValueError);
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
