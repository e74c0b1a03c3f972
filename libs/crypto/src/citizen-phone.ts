import type { BlindIndex } from './blind-index';
import type { SecretBox } from './secret-box';

/** The sealing context of a comune's citizens' numbers, wherever they are kept (subscribers, deliveries, events). */
export const citizenPhoneContext = (tenantId: string) => `citizen_phone:${tenantId}`;

/**
 * How a citizen's phone number is kept for one comune: sealed under a context naming the comune
 * (a ciphertext copied into another comune's rows does not open) and hashed with the comune in the
 * purpose (the same citizen in two comuni cannot be linked by reading the database).
 */
export function citizenPhoneCodec(box: SecretBox, index: BlindIndex, tenantId: string) {
  const context = citizenPhoneContext(tenantId);
  return {
    hash: (e164: string) => index.of(`phone:${tenantId}`, e164),
    seal: (e164: string) => box.seal(e164, context),
    open: (sealed: Buffer) => box.open(sealed, context),
  };
}

export type CitizenPhoneCodec = ReturnType<typeof citizenPhoneCodec>;
