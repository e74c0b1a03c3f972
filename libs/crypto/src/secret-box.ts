import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/** Format 1, written before keys had ids: version | iv | tag | ciphertext, under the one key there was. */
const LEGACY = 1;
/** Format 2: version | key id (4) | iv | tag | ciphertext. */
const KEYED = 2;
const KEY_ID = 4;
const IV = 12;
const TAG = 16;
/** Version byte and key id: what the database can compare without decrypting (crypto:reseal --check). */
export const SEALED_HEADER_BYTES = 1 + KEY_ID;

export class SealedValueError extends Error {}

/**
 * A short public name of a key: the first bytes of an HMAC under the key itself, so it says which key
 * sealed a value without saying anything about the key.
 */
export function keyIdOf(key: Buffer): string {
  return createHmac('sha256', key).update('bacheca secret-box key id').digest().subarray(0, KEY_ID).toString('hex');
}

export type SealedHeader = { format: 'legacy' } | { format: 'keyed'; keyId: string } | { format: 'unknown' };

/** Which format a sealed value has and, for format 2, which key sealed it; nothing is decrypted. */
export function readSealedHeader(sealed: Buffer): SealedHeader {
  if (sealed.length >= 1 + IV + TAG && sealed[0] === LEGACY) return { format: 'legacy' };
  if (sealed.length >= SEALED_HEADER_BYTES + IV + TAG && sealed[0] === KEYED) {
    return { format: 'keyed', keyId: sealed.subarray(1, SEALED_HEADER_BYTES).toString('hex') };
  }
  return { format: 'unknown' };
}

function decodeKey(base64Key: string): Buffer {
  const key = Buffer.from(base64Key, 'base64');
  if (key.length !== 32) throw new Error('SecretBox needs a 32-byte key');
  return key;
}

function decrypt(key: Buffer, iv: Buffer, tag: Buffer, body: Buffer, aad: Buffer): string {
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
}

/**
 * AES-256-GCM for secrets and personal data at rest. `context` is bound as additional authenticated
 * data: a ciphertext copied to another row or column (another comune's token, say) fails to decrypt
 * instead of being silently accepted.
 *
 * A box holds the current key, which seals, and any previous keys, which only open: during a
 * rotation the processes read what the old key sealed while everything new is sealed under the new
 * one, and `crypto:reseal` moves the rest over. Each value names its key (format 2), so a value
 * under a key nobody configured fails with a message saying so rather than as a generic tamper.
 */
export class SecretBox {
  /** Id of the key that seals. */
  readonly keyId: string;
  private readonly current: Buffer;
  private readonly keys = new Map<string, Buffer>();
  private readonly header: Buffer;

  constructor(currentBase64Key: string, previousBase64Keys: readonly string[] = []) {
    this.current = decodeKey(currentBase64Key);
    this.keyId = keyIdOf(this.current);
    this.keys.set(this.keyId, this.current);
    for (const encoded of previousBase64Keys) {
      const key = decodeKey(encoded);
      const id = keyIdOf(key);
      const known = this.keys.get(id);
      if (known && !known.equals(key)) throw new Error(`Two encryption keys share the key id ${id}: generate another key`);
      this.keys.set(id, key);
    }
    this.header = Buffer.concat([Buffer.from([KEYED]), Buffer.from(this.keyId, 'hex')]);
  }

  /** Ids of every key that opens values, the current one first. */
  get keyIds(): string[] {
    return [...this.keys.keys()];
  }

  /** The first SEALED_HEADER_BYTES of every value this box seals: a value without them needs resealing. */
  get currentHeader(): Buffer {
    return Buffer.from(this.header);
  }

  seal(plaintext: string, context: string): Buffer {
    const iv = randomBytes(IV);
    const cipher = createCipheriv('aes-256-gcm', this.current, iv);
    // The header is authenticated too, so a value cannot be passed off as another format or key.
    cipher.setAAD(Buffer.concat([this.header, Buffer.from(context)]));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([this.header, iv, cipher.getAuthTag(), body]);
  }

  open(sealed: Buffer, context: string): string {
    const header = readSealedHeader(sealed);
    if (header.format === 'unknown') throw new SealedValueError('Unknown ciphertext format');
    if (header.format === 'legacy') return this.openLegacy(sealed, context);
    const key = this.keys.get(header.keyId);
    if (!key) {
      throw new SealedValueError(
        `Sealed under key ${header.keyId}, which is neither ENCRYPTION_KEY (${this.keyId}) nor in ENCRYPTION_KEY_PREVIOUS`,
      );
    }
    const at = SEALED_HEADER_BYTES;
    try {
      return decrypt(key, sealed.subarray(at, at + IV), sealed.subarray(at + IV, at + IV + TAG), sealed.subarray(at + IV + TAG),
        Buffer.concat([sealed.subarray(0, at), Buffer.from(context)]));
    } catch {
      throw new SealedValueError(`Sealed value under key ${header.keyId} does not open: altered, or sealed for another context`);
    }
  }

  /** True when the value is sealed under the current key in the current format: resealing would change nothing. */
  isCurrent(sealed: Buffer): boolean {
    return sealed.subarray(0, SEALED_HEADER_BYTES).equals(this.header) && readSealedHeader(sealed).format === 'keyed';
  }

  /** The same plaintext sealed under the current key; a value already current is returned as it is. */
  reseal(sealed: Buffer, context: string): Buffer {
    return this.isCurrent(sealed) ? sealed : this.seal(this.open(sealed, context), context);
  }

  /**
   * Format 1 does not say its key. It was only ever written under the first ENCRYPTION_KEY, which is
   * now either the current key or one of the previous ones: GCM's tag tells which, and a wrong key
   * cannot pass it.
   */
  private openLegacy(sealed: Buffer, context: string): string {
    const iv = sealed.subarray(1, 1 + IV);
    const tag = sealed.subarray(1 + IV, 1 + IV + TAG);
    const body = sealed.subarray(1 + IV + TAG);
    for (const key of this.keys.values()) {
      try {
        return decrypt(key, iv, tag, body, Buffer.from(context));
      } catch {
        // the next key
      }
    }
    throw new SealedValueError(
      'Sealed value in format 1 (no key id) opens with none of ENCRYPTION_KEY and ENCRYPTION_KEY_PREVIOUS: another key, altered, or another context',
    );
  }
}
