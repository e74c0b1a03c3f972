import type { BlindIndex } from './blind-index';
import type { SecretBox } from './secret-box';

/**
 * How a citizen's phone number is kept for one comune: sealed under a context naming the comune
 * (a ciphertext copied into another comune's rows does not open) and hashed with the comune in the
 * purpose (the same citizen in two comuni cannot be linked by reading the database).
 */
export function citizenPhoneCodec(box: SecretBox, index: BlindIndex, tenantId: string) {
  const context = `citizen_phone:${tenantId}`;
  return {
    hash: (e164: string) => index.of(`phone:${tenantId}`, e164),
    seal: (e164: string) => box.seal(e164, context),
    open: (sealed: Buffer) => box.open(sealed, context),
  };
}

export type CitizenPhoneCodec = ReturnType<typeof citizenPhoneCodec>;
