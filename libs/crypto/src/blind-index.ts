import { createHmac } from 'node:crypto';

/**
 * A keyed hash that finds a value (a phone number) without decrypting anything. Keyed, so the
 * hashes of Italy's few hundred million possible numbers cannot be precomputed by whoever reads the
 * database alone. The consent ledger keeps it, so proof of consent survives erasure of the number.
 */
export class BlindIndex {
  private readonly key: Buffer;

  constructor(base64Key: string) {
    this.key = Buffer.from(base64Key, 'base64');
    if (this.key.length !== 32) throw new Error('BlindIndex needs a 32-byte key');
  }

  of(purpose: string, value: string): Buffer {
    return createHmac('sha256', this.key).update(purpose).update('\0').update(value).digest();
  }
}
